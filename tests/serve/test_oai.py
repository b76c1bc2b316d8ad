"""The OAI-PMH 2.0 provider, harvested with a real harvester client (sickle)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from lxml import etree
from sickle import Sickle, oaiexceptions

from tests.metadata.validation import mods_schema, oai_dc_schema, xml_errors
from tests.serve.conftest import PUBLIC_IDS, Site

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}


@pytest.fixture()
def harvester(site: Site) -> Sickle:
    return Sickle(f"{site.url}/oai", timeout=30)


def _ids(site: Site, volume_ids: list[str]) -> list[str]:
    return [f"oai:guji.example.org:{v}" for v in volume_ids]


def _metadata(record: object) -> etree._Element:
    root = etree.fromstring(record.raw.encode())  # type: ignore[attr-defined]
    return root.find("oai:metadata", OAI)[0]


def test_identify(harvester: Sickle, site: Site) -> None:
    identify = harvester.Identify()
    assert identify.protocolVersion == "2.0"
    assert identify.baseURL == f"{site.url}/oai"
    assert identify.adminEmail == "guji@example.org"
    assert "萍鄉市圖書館" in identify.repositoryName
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"


def test_metadata_formats_and_sets(harvester: Sickle) -> None:
    assert {f.metadataPrefix for f in harvester.ListMetadataFormats()} == {"oai_dc", "mods"}
    sets = {s.setSpec: s.setName for s in harvester.ListSets()}
    assert sets["sibu"].startswith("四部") and sets["sibu:jing"].startswith("經部")


def test_list_identifiers_pages_through_resumption_tokens_and_holds_public_volumes_only(
        harvester: Sickle, site: Site) -> None:
    headers = list(harvester.ListIdentifiers(metadataPrefix="oai_dc"))
    assert [h.identifier for h in headers] == _ids(site, PUBLIC_IDS)
    # Two per page (oai_page_size=2): the first answer carries a token for the rest.
    first = etree.fromstring(httpx.get(f"{site.url}/oai", params={
        "verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).content)
    token = first.find(".//oai:resumptionToken", OAI)
    assert len(first.findall(".//oai:header", OAI)) == 2
    assert token.get("completeListSize") == "5" and token.get("cursor") == "0" and token.text


def test_list_records_in_mods_are_valid_mods(harvester: Sickle, schemas_dir: Path, site: Site) -> None:
    records = list(harvester.ListRecords(metadataPrefix="mods"))
    assert [r.header.identifier for r in records] == _ids(site, PUBLIC_IDS)
    for record in records:
        mods = _metadata(record)
        assert xml_errors(mods_schema(schemas_dir), mods) == []
        # Links in the records point at the server that answered.
        urls = mods.xpath("//m:url/text()", namespaces={"m": "http://www.loc.gov/mods/v3"})
        assert urls and all(u.startswith(site.url) for u in urls)


def test_get_record_in_oai_dc(harvester: Sickle, schemas_dir: Path, site: Site) -> None:
    record = harvester.GetRecord(identifier=_ids(site, ["pub-2"])[0], metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["史記"]
    assert record.header.setSpecs == ["sibu", "sibu:shi"]
    assert xml_errors(oai_dc_schema(schemas_dir), _metadata(record)) == []


def test_selective_harvesting_by_set_and_date(harvester: Sickle, site: Site) -> None:
    jing = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc", set="sibu:jing")]
    assert jing == _ids(site, ["pub-1", "pub-5"])
    assert len(list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set="sibu"))) == 5
    assert len(list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2000-01-01"}))) == 5
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(harvester.ListIdentifiers(metadataPrefix="oai_dc", until="2000-01-01"))


@pytest.mark.parametrize("volume", ["room-1", "closed-1", "wip-1"])
def test_closed_and_unfinished_volumes_do_not_exist_for_harvesters(
        harvester: Sickle, site: Site, volume: str) -> None:
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        harvester.GetRecord(identifier=_ids(site, [volume])[0], metadataPrefix="oai_dc")
    everything = httpx.get(f"{site.url}/oai", params={"verb": "ListRecords", "metadataPrefix": "mods"})
    assert volume not in everything.text


def test_protocol_errors(harvester: Sickle, site: Site) -> None:
    # sickle hands back the raw answer to an unknown verb rather than raising.
    answer = harvester.harvest(verb="Harvest")
    assert answer.xml.find("oai:error", OAI).get("code") == "badVerb"
    assert answer.xml.find("oai:request", OAI).attrib == {}
    with pytest.raises(oaiexceptions.BadResumptionToken):
        list(harvester.ListIdentifiers(resumptionToken="not-a-token"))
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        list(harvester.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(oaiexceptions.BadArgument):
        harvester.GetRecord(identifier=_ids(site, ["pub-1"])[0])
    with pytest.raises(oaiexceptions.BadArgument):
        list(harvester.ListIdentifiers(metadataPrefix="oai_dc", **{"from": "2001-01-01"},
                                       until="2000-01-01T00:00:00Z"))


def test_post_is_answered_like_get(site: Site) -> None:
    posted = httpx.post(f"{site.url}/oai", data={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                                 "identifier": "oai:guji.example.org:pub-1"})
    root = etree.fromstring(posted.content)
    assert root.find(".//oai:identifier", OAI).text == "oai:guji.example.org:pub-1"
