"""MODS, oai_dc and METS records: valid against the official XSDs and faithful to the
catalogue (see the mapping table in docs/publishing.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from guji.metadata import ArchiveUrls, dc_bytes, mets_bytes, mods_bytes
from tests.metadata.validation import mets_schema, mods_schema, oai_dc_schema, xml_errors
from tests.metadata.volumes import BASE, manuscript_view, minimal_view, rich_view

NS = {"mods": "http://www.loc.gov/mods/v3", "mets": "http://www.loc.gov/METS/",
      "dc": "http://purl.org/dc/elements/1.1/", "xlink": "http://www.w3.org/1999/xlink",
      "premis": "http://www.loc.gov/premis/v3"}
URLS = ArchiveUrls(BASE)
VIEWS = {"rich": rich_view, "minimal": minimal_view, "manuscript": manuscript_view}


def _texts(root: etree._Element, path: str) -> list[str]:
    return [e.text or "" for e in root.xpath(path, namespaces=NS)]


@pytest.mark.parametrize("name", VIEWS)
def test_mods_is_valid_mods_3_7(schemas_dir: Path, name: str) -> None:
    assert xml_errors(mods_schema(schemas_dir), mods_bytes(VIEWS[name](), URLS)) == []


@pytest.mark.parametrize("name", VIEWS)
def test_dc_is_valid_oai_dc(schemas_dir: Path, name: str) -> None:
    assert xml_errors(oai_dc_schema(schemas_dir), dc_bytes(VIEWS[name](), URLS)) == []


@pytest.mark.parametrize("name", VIEWS)
def test_mets_with_its_mods_is_valid_mets_1_12(schemas_dir: Path, name: str) -> None:
    assert xml_errors(mets_schema(schemas_dir), mets_bytes(VIEWS[name](), URLS)) == []


def test_the_validators_catch_a_broken_record(schemas_dir: Path) -> None:
    mods = etree.fromstring(mods_bytes(rich_view(), URLS))
    etree.SubElement(mods, "{http://www.loc.gov/mods/v3}shelfMark").text = "x"
    assert xml_errors(mods_schema(schemas_dir), mods)
    mets = etree.fromstring(mets_bytes(rich_view(), URLS))
    # A MODS error inside METS is caught too: the wrapped record is validated, not skipped.
    title = mets.find(".//mods:titleInfo", NS)
    etree.SubElement(title, "{http://www.loc.gov/mods/v3}subTitle").text = "bad"
    title.insert(0, etree.Element("{http://www.loc.gov/mods/v3}nonSort"))
    title.append(etree.Element("{http://www.loc.gov/mods/v3}bogus"))
    assert xml_errors(mets_schema(schemas_dir), mets)


def test_mods_maps_an_ancient_chinese_book() -> None:
    mods = etree.fromstring(mods_bytes(rich_view(), URLS))
    assert _texts(mods, "mods:titleInfo[@usage='primary']/mods:title") == ["論語集解"]
    alts = mods.xpath("mods:titleInfo[@type='alternative']", namespaces=NS)
    assert [(a.get("displayLabel"), a.findtext("mods:title", namespaces=NS)) for a in alts] == [
        ("卷端題名", "論語集解義疏"), ("版心題名", "論語"), ("書衣題名", "論語皇疏")]
    name = mods.xpath("mods:name", namespaces=NS)[0]
    assert _texts(name, "mods:namePart[not(@type)]") == ["何晏"]
    assert _texts(name, "mods:namePart[@type='date']") == ["魏"]
    assert _texts(name, "mods:role/mods:roleTerm[@authority='marcrelator']") == ["cwt"]
    assert _texts(name, "mods:role/mods:roleTerm[@lang='zho']") == ["集解"]
    assert _texts(mods, "mods:genre[@lang='zho']") == ["刻本"]
    assert _texts(mods, "mods:originInfo/mods:edition") == ["明萬曆刻本"]
    assert _texts(mods, "mods:originInfo/mods:dateIssued[not(@encoding)]") == ["明萬曆三十年（1602）"]
    assert _texts(mods, "mods:originInfo/mods:dateIssued[@encoding='w3cdtf'][@keyDate='yes']") == ["1602"]
    assert _texts(mods, "mods:originInfo/mods:place/mods:placeTerm") == ["江西南昌"]
    assert _texts(mods, "mods:originInfo/mods:publisher") == ["豫章書坊"]
    phys = mods.find("mods:physicalDescription", NS)
    assert _texts(phys, "mods:extent[@unit='juan']") == ["10卷"]
    assert _texts(phys, "mods:extent[@unit='volumes']") == ["4冊"]
    assert _texts(phys, "mods:form[@type='binding']") == ["線裝"]
    assert {n.get("type"): n.text for n in phys.findall("mods:note", NS)} == {
        "lines": "半葉十行，行二十字，小字雙行同", "centre-strip": "白口", "border": "四周單邊",
        "fish-tail": "單黑魚尾", "frame size": "21.5×14.2 cm"}
    assert _texts(mods, "mods:note[@type='ownership']") == ["萍鄉市圖書館藏書印", "文德堂珍藏"]
    assert _texts(mods, "mods:note[@type='rarity']") == ["二級乙等"]
    assert _texts(mods, "mods:classification[@authority='sibu']") == ["經部·四書類"]
    assert _texts(mods, "mods:location/mods:shelfLocator") == ["PX/古/0001"]
    assert _texts(mods, "mods:language/mods:languageTerm") == ["lzh"]
    assert _texts(mods, "mods:language/mods:scriptTerm") == ["Hant"]
    access = mods.xpath("mods:accessCondition[@type='use and reproduction']", namespaces=NS)[0]
    assert access.get(f"{{{NS['xlink']}}}href") == "http://creativecommons.org/publicdomain/mark/1.0/"
    assert "萍鄉市圖書館" in access.text
    assert _texts(mods, "mods:location/mods:url[@access='raw object']") == [
        f"{BASE}/px-0001/manifest.json"]


def test_a_manuscript_is_created_not_issued_and_spans_a_reign() -> None:
    mods = etree.fromstring(mods_bytes(manuscript_view(), URLS))
    assert mods.find("mods:typeOfResource", NS).get("manuscript") == "yes"
    assert _texts(mods, "mods:originInfo/mods:dateIssued") == []
    points = mods.xpath("mods:originInfo/mods:dateCreated[@encoding='w3cdtf']", namespaces=NS)
    assert [(d.get("point"), d.text) for d in points] == [("start", "1736"), ("end", "1795")]
    # Not public: no link to an online copy that an anonymous reader could not open.
    assert _texts(mods, "mods:location/mods:url") == []
    assert mods.xpath("mods:accessCondition[@type='restriction on access']/@displayLabel",
                      namespaces=NS) == ["reading-room"]


def test_dc_carries_the_essentials() -> None:
    dc = etree.fromstring(dc_bytes(rich_view(), URLS))
    assert _texts(dc, "dc:title")[0] == "論語集解"
    assert _texts(dc, "dc:contributor") == ["（魏）何晏集解", "（梁）皇侃義疏"]
    assert _texts(dc, "dc:language") == ["lzh"]
    assert "10卷 4冊" in _texts(dc, "dc:format")
    assert f"{BASE}/px-0001/manifest.json" in _texts(dc, "dc:identifier")
    assert _texts(dc, "dc:publisher") == ["江西南昌：豫章書坊"]


def test_mets_structures_files_and_events() -> None:
    view = rich_view()
    mets = etree.fromstring(mets_bytes(view, URLS))
    groups = {g.get("USE"): len(g.findall("mets:file", NS)) for g in mets.iterfind(".//mets:fileGrp", NS)}
    assert groups == {"MASTER": 6, "ACCESS": 6, "THUMBNAIL": 6, "IIIF": 6, "OCR": 13}
    master = mets.find(".//mets:fileGrp[@USE='MASTER']/mets:file", NS)
    assert master.get("CHECKSUMTYPE") == "SHA-256" and master.get("CHECKSUM") == f"{1:064x}"
    assert master.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href") == "master/0001.tif"
    pages = mets.xpath("mets:structMap[@TYPE='PHYSICAL']/mets:div/mets:div", namespaces=NS)
    assert [p.get("ORDER") for p in pages] == ["1", "2", "3", "4", "5", "6"]
    assert len(pages[0].findall("mets:fptr", NS)) == 6  # master, access, thumb, tiles, 2 OCR
    juan = mets.xpath("mets:structMap[@TYPE='LOGICAL']//mets:div[@TYPE='juan']", namespaces=NS)
    assert [j.get("LABEL") for j in juan] == ["卷一", "卷二"]
    links = [(a.get(f"{{{NS['xlink']}}}from"), a.get(f"{{{NS['xlink']}}}to"))
             for a in mets.iterfind(".//mets:smLink", NS)]
    assert ("LOG_JUAN_2", "PHYS_0004") in links and ("LOG_JUAN_1", "PHYS_0004") not in links
    events = mets.xpath(".//premis:event", namespaces=NS)
    assert [e.findtext("premis:eventType", namespaces=NS) for e in events] == [
        "ingestion", "fixity check", "derivation", "OCR", "publication"]
    # The page-level fixity check hangs on its page, the rest on the volume.
    assert pages[0].get("ADMID") == "EVENT_2"
    assert mets.xpath("mets:structMap[@TYPE='PHYSICAL']/mets:div/@ADMID", namespaces=NS) == [
        "EVENT_1 EVENT_3 EVENT_4 EVENT_5"]


def test_ids_in_mets_are_unique_and_every_reference_resolves() -> None:
    mets = etree.fromstring(mets_bytes(rich_view(), URLS))
    ids = mets.xpath("//@ID")
    assert len(ids) == len(set(ids))
    refs = [r for attr in ("FILEID", "ADMID", "DMDID") for v in mets.xpath(f"//@{attr}") for r in v.split()]
    assert refs and set(refs) <= set(ids)


def test_records_are_the_same_bytes_when_nothing_changed() -> None:
    assert mets_bytes(rich_view(), URLS) == mets_bytes(rich_view(), URLS)


def test_a_pinyin_title_is_tagged_as_latin_script_everywhere(schemas_dir: Path) -> None:
    from dataclasses import replace

    from guji.iiif import manifest_dict
    from tests.metadata.volumes import RICH_RECORD

    record = replace(RICH_RECORD, title_alt="Lunyu jijie；版心:論語",
                     layout="半葉十行行二十字 白口 四周單邊 單黑魚尾")
    view = replace(rich_view(), record=record)
    mods = mods_bytes(view, URLS)
    assert xml_errors(mods_schema(schemas_dir), mods) == []
    root = etree.fromstring(mods)
    pinyin = root.xpath("//mods:titleInfo[mods:title='Lunyu jijie']", namespaces=NS)[0]
    assert (pinyin.get("lang"), pinyin.get("script"), pinyin.get("transliteration")) == (
        "lzh", "Latn", "Hanyu Pinyin")
    running = root.xpath("//mods:titleInfo[mods:title='論語']", namespaces=NS)[0]
    assert running.get("script") == "Hant"
    notes = {n.get("type"): n.text for n in root.xpath("//mods:physicalDescription/mods:note",
                                                        namespaces=NS)}
    assert notes["fish-tail"] == "單黑魚尾" and notes["border"] == "四周單邊"
    dc = etree.fromstring(dc_bytes(view, URLS))
    langs = {t.text: t.get("{http://www.w3.org/XML/1998/namespace}lang")
             for t in dc.xpath("//dc:title", namespaces=NS)}
    assert langs["Lunyu jijie"] == "zh-Latn-pinyin"
    values = [m["value"] for m in manifest_dict(view, URLS)["metadata"]]
    assert {"zh-Latn-pinyin": ["Lunyu jijie"]} in values
    assert {"zh-Hant": ["單黑魚尾"]} in values
