"""IIIF Presentation 3 manifests and the collection: valid against the official validator's
JSON Schema, and saying what a reader of a right-to-left woodblock book needs."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guji.iiif import CollectionEntry, ImageSizes, collection_dict, manifest_dict
from guji.metadata import ArchiveUrls
from tests.metadata.validation import iiif_errors
from tests.metadata.volumes import BASE, manuscript_view, minimal_view, rich_view

URLS = ArchiveUrls(BASE)
VIEWS = {"rich": rich_view, "minimal": minimal_view, "manuscript": manuscript_view}
GOLDEN = Path(__file__).parent / "golden"


def _ids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"]
        for value in node.values():
            yield from _ids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value)


@pytest.mark.parametrize("name", VIEWS)
def test_manifest_passes_the_presentation_3_validator(schemas_dir: Path, name: str) -> None:
    assert iiif_errors(schemas_dir, manifest_dict(VIEWS[name](), URLS)) == []


def test_the_validator_rejects_what_the_spec_forbids(schemas_dir: Path) -> None:
    manifest = manifest_dict(rich_view(), URLS)
    bad_rights = copy.deepcopy(manifest) | {"rights": "all rights reserved"}
    assert iiif_errors(schemas_dir, bad_rights)
    bad_canvas = copy.deepcopy(manifest)
    del bad_canvas["items"][0]["id"]
    assert iiif_errors(schemas_dir, bad_canvas)


def test_pages_run_right_to_left_as_openings() -> None:
    manifest = manifest_dict(rich_view(), URLS)
    assert manifest["viewingDirection"] == "right-to-left"
    assert manifest["behavior"] == ["paged"]
    assert [c["id"].rsplit("/", 1)[1] for c in manifest["items"]] == [
        "0001", "0002", "0003", "0004", "0005", "0006"]


def test_labels_and_metadata_are_in_chinese_and_english() -> None:
    manifest = manifest_dict(rich_view(), URLS)
    assert manifest["label"]["zh-Hant"] == ["論語集解"]
    assert set(manifest["summary"]) == {"zh-Hant", "en"}
    for entry in manifest["metadata"]:
        assert set(entry["label"]) == {"zh-Hant", "en"}, entry
    labels = {e["label"]["zh-Hant"][0]: e["value"] for e in manifest["metadata"]}
    assert labels["版本"] == {"zh-Hant": ["明萬曆刻本"], "en": ["woodblock print"]}
    assert labels["鈐印"]["zh-Hant"] == ["萍鄉市圖書館藏書印", "文德堂珍藏"]
    assert labels["卷端題名"]["zh-Hant"] == ["論語集解義疏"]
    assert manifest["items"][0]["label"] == {"zh-Hant": ["第1頁（葉1a）"], "en": ["p. 1 (f. 1a)"]}


def test_attribution_rights_provider_and_links() -> None:
    manifest = manifest_dict(rich_view(), URLS)
    statement = manifest["requiredStatement"]["value"]
    assert "萍鄉市圖書館" in statement["zh-Hant"][0] and "Pingxiang Library" in statement["en"][0]
    assert manifest["rights"].startswith("http://creativecommons.org/")
    assert manifest["provider"][0]["label"]["zh-Hant"] == ["萍鄉市圖書館"]
    assert manifest["thumbnail"][0]["id"] == f"{BASE}/px-0001/thumb/0001.jpg"
    assert manifest["thumbnail"][0]["width"] == 267 and manifest["thumbnail"][0]["height"] == 400
    assert {(s["id"], s["profile"]) for s in manifest["seeAlso"]} == {
        (f"{BASE}/px-0001/mods.xml", "http://www.loc.gov/mods/v3"),
        (f"{BASE}/px-0001/dc.xml", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
        (f"{BASE}/px-0001/mets.xml", "http://www.loc.gov/METS/")}
    assert [(r["id"], r["format"]) for r in manifest["rendering"]] == [
        (f"{BASE}/px-0001/fulltext.txt", "text/plain")]
    assert manifest["partOf"][0]["id"] == f"{BASE}/collection.json"
    assert manifest["navDate"] == "1602-01-01T00:00:00Z"


def test_a_volume_that_is_not_public_claims_no_place_in_the_collection() -> None:
    assert "partOf" not in manifest_dict(manuscript_view(), URLS)


def test_every_canvas_is_painted_from_a_level0_image_service_on_the_static_tiles() -> None:
    manifest = manifest_dict(rich_view(), URLS, ImageSizes(access_max_px=1500, thumb_max_px=300))
    for n, canvas in enumerate(manifest["items"], start=1):
        assert (canvas["width"], canvas["height"]) == (2000, 3000)
        anno = canvas["items"][0]["items"][0]
        assert anno["motivation"] == "painting" and anno["target"] == canvas["id"]
        body = anno["body"]
        assert body["id"] == f"{BASE}/px-0001/access/{n:04d}.jpg"
        assert (body["width"], body["height"]) == (1000, 1500)
        assert body["service"] == [{"id": f"{BASE}/px-0001/iiif/{n:04d}", "type": "ImageService3",
                                    "profile": "level0"}]
        assert canvas["thumbnail"][0]["height"] == 300


def test_one_range_per_juan() -> None:
    manifest = manifest_dict(rich_view(), URLS)
    ranges = manifest["structures"]
    assert [r["label"] for r in ranges] == [{"zh-Hant": ["卷一"], "en": ["Juan 1"]},
                                           {"zh-Hant": ["卷二"], "en": ["Juan 2"]}]
    canvases = [c["id"] for c in manifest["items"]]
    assert [[i["id"] for i in r["items"]] for r in ranges] == [canvases[:3], canvases[3:]]
    assert "structures" not in manifest_dict(minimal_view(), URLS)


def test_ocr_columns_are_supplementing_vertical_text_boxes() -> None:
    manifest = manifest_dict(rich_view(), URLS)
    first = manifest["items"][0]
    (page,) = first["annotations"]
    assert page["type"] == "AnnotationPage"
    texts = []
    for anno in page["items"]:
        assert anno["motivation"] == "supplementing"
        assert anno["body"]["type"] == "TextualBody" and anno["body"]["language"] == "lzh"
        assert anno["target"]["source"] == first["id"]
        x, y, w, h = map(int, anno["target"]["selector"]["value"].removeprefix("xywh=").split(","))
        assert h > w and x + w <= first["width"] and y + h <= first["height"]
        assert "vertical-rl" in anno["target"]["styleClass"]
        assert "writing-mode: vertical-rl" in anno["stylesheet"]["value"]
        texts.append(anno["body"]["value"])
    assert texts == ["學而第一", "子曰學而時習之不亦說乎", "馬曰子者男子之通稱"]
    assert "commentary" in page["items"][2]["target"]["styleClass"]
    assert "annotations" not in manifest["items"][1]


def test_every_id_is_under_the_base_url_and_unique_where_it_names_a_resource() -> None:
    manifest = manifest_dict(rich_view(), ArchiveUrls("https://cdn.example.net/guji/"))
    ids = list(_ids(manifest))
    assert all(i.startswith("https://cdn.example.net/guji/") for i in ids)
    # Canvases are referenced again from ranges and thumbnails repeat; everything else once.
    named = [i for i in ids if "/canvas/" in i or "/annotations/" in i or "/range/" in i]
    canvas_refs = sum(len(r["items"]) for r in manifest["structures"])
    assert len(named) - canvas_refs == len(set(named))


def test_collection_lists_the_volumes_given_and_validates(schemas_dir: Path) -> None:
    entries = [CollectionEntry(rich_view().record, 1, (267, 400)), CollectionEntry(minimal_view().record)]
    collection = collection_dict(entries, URLS)
    assert iiif_errors(schemas_dir, collection) == []
    assert collection["id"] == f"{BASE}/collection.json"
    assert [(m["type"], m["id"]) for m in collection["items"]] == [
        ("Manifest", f"{BASE}/px-0001/manifest.json"), ("Manifest", f"{BASE}/px-0002/manifest.json")]
    assert collection["items"][0]["thumbnail"][0]["id"] == f"{BASE}/px-0001/thumb/0001.jpg"


def test_empty_collection_is_still_valid(schemas_dir: Path) -> None:
    assert iiif_errors(schemas_dir, collection_dict([], URLS)) == []


def test_manifest_matches_the_golden_file() -> None:
    """Any change to the published JSON must be deliberate: regenerate with
    GUJI_UPDATE_GOLDEN=1 and review the diff."""
    manifest = manifest_dict(rich_view(), URLS)
    golden = GOLDEN / "px-0001.manifest.json"
    if os.environ.get("GUJI_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert manifest == json.loads(golden.read_text(encoding="utf-8"))
