"""publish_volume and publish_collection over a real store and catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from guji.pipeline.errors import CatalogueError
from guji.publish import publish_collection, publish_volume, published_volumes, volume_view
from tests.metadata.validation import (
    iiif_errors,
    mets_schema,
    mods_schema,
    oai_dc_schema,
    xml_errors,
)
from tests.publish.archive import Archive
from tests.publish.conftest import BASE

METS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}


def _json(archive: Archive, key: str) -> dict:
    return json.loads(archive.store.get_bytes(key))


def test_publish_writes_the_four_records_and_each_validates(archive: Archive, schemas_dir: Path) -> None:
    keys = archive.published["pub-1"]
    assert [k for k in keys if not k.endswith("info.json")] == [
        "pub-1/manifest.json", "pub-1/mods.xml", "pub-1/dc.xml", "pub-1/mets.xml"]
    assert iiif_errors(schemas_dir, _json(archive, "pub-1/manifest.json")) == []
    assert xml_errors(mods_schema(schemas_dir), archive.store.get_bytes("pub-1/mods.xml")) == []
    assert xml_errors(oai_dc_schema(schemas_dir), archive.store.get_bytes("pub-1/dc.xml")) == []
    assert xml_errors(mets_schema(schemas_dir), archive.store.get_bytes("pub-1/mets.xml")) == []


def test_image_services_point_where_the_manifest_says(archive: Archive) -> None:
    manifest = _json(archive, "pub-1/manifest.json")
    for canvas in manifest["items"]:
        service = canvas["items"][0]["items"][0]["body"]["service"][0]
        key = service["id"].removeprefix(f"{BASE}/")
        info = _json(archive, f"{key}/info.json")
        assert info["id"] == service["id"]
        assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])
        # The rewrite is catalogued, so a fixity check does not mistake it for damage.
        recorded = archive.catalogue.file(f"{key}/info.json")
        assert recorded is not None and recorded.sha256 == archive.store.sha256(f"{key}/info.json")
    for name in ("manifest.json", "mods.xml", "dc.xml", "mets.xml"):
        recorded = archive.catalogue.file(f"pub-1/{name}")
        assert recorded is not None and recorded.role == "record"
        assert recorded.sha256 == archive.store.sha256(f"pub-1/{name}")


def test_juan_found_in_the_centre_strip_become_ranges(archive: Archive) -> None:
    manifest = _json(archive, "pub-1/manifest.json")
    ranges = [(r["label"]["zh-Hant"][0], [i["id"][-4:] for i in r["items"]])
              for r in manifest["structures"]]
    # The fourth page's strip was not read: it stays in the juan before it.
    assert ranges == [("卷一", ["0001", "0002"]), ("卷二", ["0003", "0004"])]
    mets = etree.fromstring(archive.store.get_bytes("pub-1/mets.xml"))
    assert mets.xpath("//mets:div[@TYPE='juan']/@LABEL", namespaces=METS) == ["卷一", "卷二"]


def test_ocr_text_reaches_the_canvases(archive: Archive) -> None:
    manifest = _json(archive, "pub-1/manifest.json")
    texts = [a["body"]["value"] for a in manifest["items"][1]["annotations"][0]["items"]]
    assert texts == ["第2頁第1行", "第2頁第2行", "第2頁第3行"]


def test_mets_lists_the_stored_files_with_their_checksums(archive: Archive) -> None:
    mets = etree.fromstring(archive.store.get_bytes("pub-1/mets.xml"))
    masters = mets.xpath("//mets:fileGrp[@USE='MASTER']/mets:file", namespaces=METS)
    assert len(masters) == 4
    for file in masters:
        href = file.find("mets:FLocat", METS).get("{http://www.w3.org/1999/xlink}href")
        assert file.get("CHECKSUM") == archive.store.sha256(f"pub-1/{href}")
    # One info.json per page stands for each tile tree, not every tile.
    assert len(mets.xpath("//mets:fileGrp[@USE='IIIF']/mets:file", namespaces=METS)) == 4


def test_collection_lists_only_public_complete_volumes(archive: Archive, schemas_dir: Path) -> None:
    collection = _json(archive, "collection.json")
    assert iiif_errors(schemas_dir, collection) == []
    assert [m["id"] for m in collection["items"]] == [f"{BASE}/pub-1/manifest.json"]
    assert [r.volume_id for r in published_volumes(archive.store, archive.catalogue)] == ["pub-1"]
    both = published_volumes(archive.store, archive.catalogue, ("public", "reading-room"))
    assert [r.volume_id for r in both] == ["pub-1", "room-1"]


def test_republishing_under_a_new_base_url_moves_every_link(fresh_archive: Archive) -> None:
    moved = fresh_archive.settings.replace(base_url="https://cdn.example.net/books")
    publish_volume(fresh_archive.store, fresh_archive.catalogue, "pub-1", moved)
    publish_collection(fresh_archive.store, fresh_archive.catalogue, moved)
    manifest = _json(fresh_archive, "pub-1/manifest.json")
    assert manifest["id"] == "https://cdn.example.net/books/pub-1/manifest.json"
    assert _json(fresh_archive, "pub-1/iiif/0001/info.json")["id"] == \
        "https://cdn.example.net/books/pub-1/iiif/0001"
    assert BASE not in fresh_archive.store.get_bytes("collection.json").decode()
    assert BASE not in fresh_archive.store.get_bytes("pub-1/mods.xml").decode()


def test_an_unknown_volume_is_a_catalogue_error(archive: Archive) -> None:
    with pytest.raises(CatalogueError, match="not in the catalogue"):
        volume_view(archive.store, archive.catalogue, "nope")
