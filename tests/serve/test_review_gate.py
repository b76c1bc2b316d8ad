"""Review before publication, seen from outside: a volume held for review (a rare book, a
page that failed QA) is archived but not listed, harvested, searched or served until it
is approved; a volume withdrawn or closed after publication is reported deleted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from lxml import etree

from guji.pipeline.keys import complete_key
from guji.pipeline.model import CatalogueRecord
from guji.publish import publish_collection
from guji.publish.review import approve, hold_reason, settle_review
from guji.serve import AccessPolicy
from tests.publish.archive import Archive, VolumeSpec, build_archive
from tests.serve.conftest import site_config
from tests.serve.server import running

OAI = {"oai": "http://www.openarchives.org/OAI/2.0/"}
BASE = "https://guji.example.org"
RARE = CatalogueRecord("rare-1", "宋本論語", rarity_grade="一級乙等", access="public",
                       classification="經部·四書類")
PLAIN = CatalogueRecord("plain-1", "孟子", access="public", classification="經部·四書類")
LATER = CatalogueRecord("later-1", "莊子", access="public", classification="子部·道家類")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Archive, str]]:
    archive = build_archive(tmp_path, [VolumeSpec(RARE, pages=2), VolumeSpec(PLAIN, pages=1),
                                       VolumeSpec(LATER, pages=1)], BASE)
    with running(site_config(archive, AccessPolicy.build())) as url:
        yield archive, url


def _oai(url: str, **params: str) -> etree._Element:
    return etree.fromstring(httpx.get(f"{url}/oai", params=params).content)


def _headers(url: str) -> dict[str, str | None]:
    """identifier suffix -> header status ("deleted" or None) of every OAI item."""
    root = _oai(url, verb="ListIdentifiers", metadataPrefix="oai_dc")
    return {h.findtext("oai:identifier", namespaces=OAI).rsplit(":", 1)[1]: h.get("status")
            for h in root.iterfind(".//oai:header", OAI)}


def _visible(url: str, volume: str) -> dict[str, bool]:
    collection = httpx.get(f"{url}/collection.json").json()
    return {
        "collection": any(volume in item["id"] for item in collection.get("items", [])),
        "index": volume in httpx.get(f"{url}/").text,
        "manifest": httpx.get(f"{url}/{volume}/manifest.json").status_code == 200,
        "tiles": httpx.get(f"{url}/{volume}/iiif/0001/info.json").status_code == 200,
        "viewer": httpx.get(f"{url}/view/{volume}").status_code == 200,
    }


def test_hold_reasons() -> None:
    from guji.pipeline.catalogue import PageRow
    from guji.pipeline.settings import Settings

    page = PageRow("v", 3, 3, "single", "3.tif", "v/master/0003.tif", "tif", "0" * 64, 1, {},
                   10, 10, verdict="fail")
    assert hold_reason(RARE, [], Settings()) == "rare book (善本, 一級乙等)"
    assert hold_reason(RARE, [], Settings(review_rare=False)) is None
    assert hold_reason(PLAIN, [page], Settings()) == "1 page(s) failed QA: 3"
    assert hold_reason(PLAIN, [replace(page, verdict="warn")], Settings()) is None


def test_a_held_volume_is_archived_but_nowhere_published_until_approved(
        served: tuple[Archive, str]) -> None:
    archive, url = served
    assert archive.store.exists(complete_key("rare-1"))  # archived in full
    assert archive.catalogue.volume("rare-1").review == "awaiting-review"  # type: ignore[union-attr]
    assert _visible(url, "rare-1") == dict.fromkeys(
        ("collection", "index", "manifest", "tiles", "viewer"), False)
    assert _visible(url, "plain-1") == dict.fromkeys(
        ("collection", "index", "manifest", "tiles", "viewer"), True)
    assert _headers(url) == {"later-1": None, "plain-1": None}
    error = _oai(url, verb="GetRecord", metadataPrefix="oai_dc",
                 identifier="oai:guji.example.org:rare-1").find("oai:error", OAI)
    assert error is not None and error.get("code") == "idDoesNotExist"
    search = httpx.get(f"{url}/search", params={"q": "第1頁"})
    assert search.status_code == 200 and "rare-1" not in search.text

    approve(archive.catalogue, "rare-1", "王")
    publish_collection(archive.store, archive.catalogue, archive.settings)
    assert _visible(url, "rare-1") == dict.fromkeys(
        ("collection", "index", "manifest", "tiles", "viewer"), True)
    assert _headers(url) == {"later-1": None, "plain-1": None, "rare-1": None}


def test_withdrawn_and_closed_volumes_are_reported_deleted(served: tuple[Archive, str]) -> None:
    archive, url = served
    identify = _oai(url, verb="Identify")
    assert identify.findtext(".//oai:deletedRecord", namespaces=OAI) == "persistent"
    # plain-1 is withdrawn (its _complete marker gone); later-1 is closed to the public.
    archive.store.delete_prefix(complete_key("plain-1"))
    catalogue = archive.catalogue
    catalogue.register_volume(replace(LATER, access="restricted"))
    catalogue.set_status("later-1", "complete", page_count=1)
    settle_review(catalogue, "later-1", archive.settings)
    assert _headers(url) == {"later-1": "deleted", "plain-1": "deleted"}
    record = _oai(url, verb="GetRecord", metadataPrefix="mods",
                  identifier="oai:guji.example.org:plain-1").find(".//oai:record", OAI)
    assert record.find("oai:header", OAI).get("status") == "deleted"
    assert record.find("oai:metadata", OAI) is None
    assert _visible(url, "later-1")["manifest"] is False
