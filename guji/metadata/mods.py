"""MODS 3.7 records of ancient Chinese books; the mapping is tabled in docs/publishing.md."""

from __future__ import annotations

from functools import partial

from lxml import etree

from guji.metadata import institution
from guji.metadata.cataloguing import (
    alternative_titles,
    binding,
    contributors,
    edition_type,
    juan_text,
    layout_parts,
    rarity_en,
    role_en,
    sibu_division,
    split_list,
    volumes_text,
)
from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import VolumeView
from guji.metadata.xml import MODS, XLINK, XSI, q, schema_location, sub, to_bytes
from guji.pipeline.model import CatalogueRecord

m = partial(q, MODS)


def build_mods(view: VolumeView, urls: ArchiveUrls) -> etree._Element:
    """The MODS record of a volume, as an element (METS embeds it; mods.xml holds it)."""
    rec = view.record
    root = etree.Element(m("mods"), {"version": "3.7", **schema_location(MODS)},
                         nsmap={None: MODS, "xlink": XLINK, "xsi": XSI})
    _titles(root, rec)
    _names(root, rec)
    kind = edition_type(rec.edition)
    sub(root, m("typeOfResource"), "text", manuscript="yes" if kind and kind.manuscript else None)
    if kind:
        sub(root, m("genre"), kind.zh, authority="local", displayLabel="版本類型", lang="zho")
        sub(root, m("genre"), kind.en, authority="local", displayLabel="Edition type", lang="eng")
    _origin(root, rec, manuscript=bool(kind and kind.manuscript))
    language = sub(root, m("language"))
    sub(language, m("languageTerm"), "lzh", type="code", authority="iso639-3")
    sub(language, m("scriptTerm"), "Hant", type="code", authority="iso15924")
    _physical(root, rec, pages=len(view.pages), manuscript=bool(kind and kind.manuscript))
    for seal in split_list(rec.seals):
        sub(root, m("note"), seal, type="ownership", displayLabel="鈐印")
    if rec.rarity_grade:
        gloss = rarity_en(rec.rarity_grade)
        sub(root, m("note"), rec.rarity_grade, type="rarity",
            displayLabel="古籍定級 (WH/T 20-2006)" + (f" — {gloss}" if gloss else ""))
    if rec.classification:
        division = sibu_division(rec.classification)
        sub(root, m("classification"), rec.classification, authority="sibu",
            displayLabel=f"四部分類{' (' + division[2] + ')' if division else ''}")
    _location(root, rec, urls)
    _access(root, rec)
    sub(root, m("identifier"), rec.volume_id, type="local")
    sub(root, m("identifier"), urls.manifest(rec.volume_id), type="uri", displayLabel="IIIF manifest")
    _record_info(root, view)
    return root


def mods_bytes(view: VolumeView, urls: ArchiveUrls) -> bytes:
    return to_bytes(build_mods(view, urls))


def _titles(root: etree._Element, rec: CatalogueRecord) -> None:
    main = sub(root, m("titleInfo"), usage="primary", lang="lzh", script="Hant",
               displayLabel="正題名")
    sub(main, m("title"), rec.title)
    for alt in alternative_titles(rec.title_alt):
        # A pinyin title is the same Classical Chinese title in Latin script.
        info = sub(root, m("titleInfo"), type="alternative", lang="lzh",
                   script="Latn" if alt.romanized else "Hant",
                   transliteration="Hanyu Pinyin" if alt.romanized else None,
                   displayLabel=alt.source_zh or None, otherType=alt.source_en or None)
        sub(info, m("title"), alt.title)
    if rec.extra.get("title_en"):
        info = sub(root, m("titleInfo"), type="translated", lang="eng")
        sub(info, m("title"), rec.extra["title_en"])


def _names(root: etree._Element, rec: CatalogueRecord) -> None:
    for i, person in enumerate(contributors(rec.author, rec.author_dynasty)):
        name = sub(root, m("name"), type="personal", usage="primary" if i == 0 else None)
        sub(name, m("namePart"), person.name)
        if person.dynasty:
            # The dynasty is the period the cataloguer attaches to a name: 「（明）張三」.
            sub(name, m("namePart"), person.dynasty, type="date")
        sub(name, m("displayForm"), person.display)
        if person.role_zh:
            role = sub(name, m("role"))
            sub(role, m("roleTerm"), person.role_code, type="code", authority="marcrelator")
            sub(role, m("roleTerm"), person.role_zh, type="text", lang="zho")
            sub(role, m("roleTerm"), role_en(person.role_zh), type="text", lang="eng")


def _origin(root: etree._Element, rec: CatalogueRecord, *, manuscript: bool) -> None:
    origin = sub(root, m("originInfo"), eventType="production" if manuscript else "publication")
    if rec.place:
        place = sub(origin, m("place"))
        sub(place, m("placeTerm"), rec.place, type="text")
    if rec.publisher:
        sub(origin, m("publisher"), rec.publisher)
    date_tag = m("dateCreated") if manuscript else m("dateIssued")
    if rec.date_text:
        sub(origin, date_tag, rec.date_text)
    if "/" in rec.date_w3cdtf:
        # A span (「清乾隆間」 = 1736/1795): MODS writes its ends as two points.
        start, end = (part.strip() for part in rec.date_w3cdtf.split("/", 1))
        sub(origin, date_tag, start, encoding="w3cdtf", keyDate="yes", point="start")
        sub(origin, date_tag, end, encoding="w3cdtf", point="end")
    elif rec.date_w3cdtf:
        sub(origin, date_tag, rec.date_w3cdtf, encoding="w3cdtf", keyDate="yes")
    if rec.edition:
        sub(origin, m("edition"), rec.edition)
    sub(origin, m("issuance"), "monographic")


def _physical(root: etree._Element, rec: CatalogueRecord, *, pages: int,
              manuscript: bool) -> None:
    phys = sub(root, m("physicalDescription"))
    sub(phys, m("form"), "manuscript" if manuscript else "print", authority="marcform")
    sub(phys, m("form"), binding(rec.extra), type="binding")
    if rec.juan:
        sub(phys, m("extent"), juan_text(rec.juan), unit="juan")
    if rec.extent_volumes:
        sub(phys, m("extent"), volumes_text(rec.extent_volumes), unit="volumes")
    if pages:
        sub(phys, m("extent"), str(pages), unit="digitised pages")
    sub(phys, m("internetMediaType"), "image/jpeg")
    sub(phys, m("digitalOrigin"), "reformatted digital")
    for part in layout_parts(rec.layout):
        sub(phys, m("note"), part.text, type=part.kind, displayLabel=part.label_zh)
    if rec.frame_size_cm:
        size = rec.frame_size_cm.strip()
        sub(phys, m("note"), size if "cm" in size or "釐米" in size else f"{size} cm",
            type="frame size", displayLabel="版框")


def _location(root: etree._Element, rec: CatalogueRecord, urls: ArchiveUrls) -> None:
    loc = sub(root, m("location"))
    sub(loc, m("physicalLocation"), institution.NAME_ZH, lang="zho")
    if rec.call_number:
        sub(loc, m("shelfLocator"), rec.call_number)
    if rec.access == "public":
        sub(loc, m("url"), urls.viewer(rec.volume_id), usage="primary display",
            access="object in context")
        sub(loc, m("url"), urls.manifest(rec.volume_id), access="raw object",
            note="IIIF Presentation 3 manifest")


def _access(root: etree._Element, rec: CatalogueRecord) -> None:
    uri = institution.rights_uri(rec.rights)
    statement = institution.rights_statement(rec.rights) or (
        f"{institution.ATTRIBUTION_ZH}。{institution.ATTRIBUTION_EN}.")
    sub(root, m("accessCondition"), statement, {q(XLINK, "href"): uri},
        type="use and reproduction")
    terms = institution.ACCESS_TERMS.get(rec.access, institution.ACCESS_TERMS["restricted"])
    sub(root, m("accessCondition"), f"{terms.zh} / {terms.en}", type="restriction on access",
        displayLabel=rec.access)


def _record_info(root: etree._Element, view: VolumeView) -> None:
    info = sub(root, m("recordInfo"))
    sub(info, m("recordContentSource"), institution.NAME_ZH, lang="zho")
    if view.events:
        first = min(e.at for e in view.events)
        last = max(e.at for e in view.events)
        sub(info, m("recordCreationDate"), first.date().isoformat(), encoding="w3cdtf")
        sub(info, m("recordChangeDate"), last.date().isoformat(), encoding="w3cdtf")
    sub(info, m("recordIdentifier"), view.volume_id, source="guji")
    cataloguing = sub(info, m("languageOfCataloging"))
    sub(cataloguing, m("languageTerm"), "zho", type="code", authority="iso639-2b")
    sub(cataloguing, m("scriptTerm"), "Hant", type="code", authority="iso15924")
