"""The ingest flows end to end on generated volumes: folder + SQLite, S3 + PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from guji.flows import ingest_batch
from guji.ingest.discover import discover_volumes
from guji.ingest.records import read_catalogue
from guji.pipeline.catalogue import DERIVATION, FIXITY_CHECK, INGESTION, Catalogue
from guji.pipeline.storage import open_store
from guji.publish import publish_collection
from guji.publish.review import approve
from tests.flows.conftest import context

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

LAYOUT_FILES = ["manifest.json", "mods.xml", "dc.xml", "mets.xml", "qa.json", "qa.html",
                "_complete"]


def run(scans: Path, ctx):  # type: ignore[no-untyped-def]
    return ingest_batch(ctx, discover_volumes(scans), read_catalogue(scans / "catalogue.csv"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_archive(store, catalogue: Catalogue, scans: Path, volume: str, pages: int,
                  ocr: bool) -> None:  # type: ignore[no-untyped-def]
    sources = sorted(p for p in (scans / volume).iterdir() if p.suffix in {".tif", ".jpg"})
    keys = set(store.list(f"{volume}/"))
    for i, source in enumerate(sources, start=1):
        key = f"{volume}/master/{i:04d}{'.tif' if source.suffix == '.tif' else '.jpg'}"
        assert store.get_bytes(key) == source.read_bytes(), "masters must be byte-identical"
    for seq in range(1, pages + 1):
        for key in (f"{volume}/access/{seq:04d}.jpg", f"{volume}/thumb/{seq:04d}.jpg",
                    f"{volume}/iiif/{seq:04d}/info.json"):
            assert key in keys
        info = json.loads(store.get_bytes(f"{volume}/iiif/{seq:04d}/info.json"))
        assert info["id"].endswith(f"/{volume}/iiif/{seq:04d}") and info["width"] > 0
        if ocr:
            for suffix in ("txt", "hocr", "alto.xml", "json"):
                assert f"{volume}/ocr/{seq:04d}.{suffix}" in keys
    assert f"{volume}/master/{len(sources) + 1:04d}.tif" not in keys
    for name in LAYOUT_FILES:
        assert f"{volume}/{name}" in keys
    assert ocr == (f"{volume}/fulltext.txt" in keys)
    # The catalogue knows every stored file with the stored bytes' size and SHA-256.
    files = {f.key: f for f in catalogue.files(volume)}
    assert set(files) == keys
    for key in [k for k in keys if "/master/" in k or k.endswith("manifest.json")]:
        assert files[key].sha256 == hashlib.sha256(store.get_bytes(key)).hexdigest()
    row = catalogue.volume(volume)
    assert row is not None and row.status == "complete" and row.page_count == pages
    # Held for review only when a page failed QA (these volumes are not rare books).
    failed = any(p.verdict == "fail" for p in catalogue.pages(volume))
    assert row.review == ("awaiting-review" if failed else "not-required")
    kinds = {e.event_type for e in catalogue.events(volume)}
    assert {INGESTION, FIXITY_CHECK, DERIVATION} <= kinds


def test_ingest_into_folder_and_sqlite(scans: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    ctx = context(str(archive), "", tmp_path)
    outcomes = run(scans, ctx)
    assert [(o.volume_id, o.status) for o in outcomes] == [("vol-a", "complete"),
                                                           ("vol-b", "complete")]
    store, catalogue = open_store(str(archive)), Catalogue.open(ctx.settings.db_url)
    assert (archive / "catalogue.db").is_file()
    check_archive(store, catalogue, scans, "vol-a", 3, ocr=True)
    # Openings are split: two scans make four pages, the right page of each first.
    check_archive(store, catalogue, scans, "vol-b", 4, ocr=True)
    sides = [(p.scan_seq, p.side) for p in catalogue.pages("vol-b")]
    assert sides == [(1, "right"), (1, "left"), (2, "right"), (2, "left")]
    # Pages at 150 dpi fail QA: both volumes are archived but held for review, unlisted
    # until a conservator approves them.
    collection = json.loads(store.get_bytes("collection.json"))
    assert collection.get("items", []) == []
    for volume in ("vol-a", "vol-b"):
        approve(catalogue, volume, "conservator")
    publish_collection(store, catalogue, ctx.settings)
    collection = json.loads(store.get_bytes("collection.json"))
    assert len(collection["items"]) == 2

    # A second run finds everything archived and verified, and redoes nothing.
    derivations = len([e for e in catalogue.events() if e.event_type == DERIVATION])
    again = run(scans, ctx)
    assert [o.status for o in again] == ["complete", "complete"]
    assert len([e for e in catalogue.events() if e.event_type == DERIVATION]) == derivations


def test_a_corrupt_scan_fails_its_volume_only(scans: Path, tmp_path: Path) -> None:
    bad = scans / "vol-a" / "0002.tif"
    bad.write_bytes(bad.read_bytes()[: bad.stat().st_size // 3])
    archive = tmp_path / "archive"
    ctx = context(str(archive), "", tmp_path, ocr=False)
    outcomes = {o.volume_id: o for o in run(scans, ctx)}
    assert outcomes["vol-a"].status == "failed"
    assert "0002.tif" in (outcomes["vol-a"].error or "")
    assert outcomes["vol-b"].status == "complete"
    store = open_store(str(archive))
    assert not store.exists("vol-a/_complete") and not store.exists("vol-a/manifest.json")
    # vol-b's 150 dpi pages fail QA, so it is listed once approved.
    approve(Catalogue.open(ctx.settings.db_url), "vol-b", "conservator")
    publish_collection(store, Catalogue.open(ctx.settings.db_url), ctx.settings)
    collection = json.loads(store.get_bytes("collection.json"))
    assert [i["id"].rsplit("/", 2)[-2] for i in collection["items"]] == ["vol-b"]
    row = Catalogue.open(ctx.settings.db_url).volume("vol-a")
    assert row is not None and row.status == "failed" and "0002.tif" in (row.error or "")


def test_ingest_into_s3_and_postgres(scans: Path, tmp_path: Path, s3_env,
                                     postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    bucket = s3_env.make_bucket()
    (scans / "vol-b").rename(tmp_path / "elsewhere")  # one volume is enough here
    ctx = context(f"s3://{bucket}/archive", postgres_url, tmp_path, ocr=False)
    (outcome,) = run(scans, ctx)
    assert outcome.status == "complete", outcome.error
    store = open_store(f"s3://{bucket}/archive")
    catalogue = Catalogue.open(postgres_url)
    check_archive(store, catalogue, scans, "vol-a", 3, ocr=False)
    assert store.local_path("vol-a/_complete") is None
