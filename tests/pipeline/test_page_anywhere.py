"""A page is finished on another machine than its scan: nothing of ingest_scan's host
(its work folder, the source scans) is read by finish_page, only the S3 store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import prepare_scan
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.keys import access_key, iiif_prefix
from guji.pipeline.model import CatalogueRecord, Scan
from guji.pipeline.scratch import PREFIX
from guji.pipeline.settings import Settings
from guji.pipeline.storage import open_store
from guji.stages import (
    RunContext,
    begin_volume,
    finish_page,
    ingest_scan,
    number_pages,
)


@pytest.fixture
def opening(tmp_path: Path) -> Path:
    from guji.sample import generate_volume

    generate_volume(tmp_path / "scans", "vol-x", pages=1, seed=5, layout="opening",
                    image_format="tif", dpi=150)
    return tmp_path / "scans" / "vol-x" / "0001.tif"


@pytest.mark.s3
@pytest.mark.slow
def test_a_page_is_finished_where_its_scan_was_not(s3_env, opening: Path,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    bucket = s3_env.make_bucket()
    settings = Settings(store=f"s3://{bucket}/archive", db=f"sqlite:///{tmp_path / 'cat.db'}",
                        ocr=False)
    scan_host = RunContext(settings=settings, workdir=str(tmp_path / "scan-host"))
    begin_volume(scan_host, CatalogueRecord("vol-x", "論語"), str(opening.parent))
    outcome = ingest_scan(scan_host, Scan("vol-x", 1, str(opening), "tif"), "auto")
    # What finish_page gets travels as JSON between machines: it must be plain data.
    json.dumps([p.__dict__ for p in outcome.pages])
    assert [p.side for p in outcome.pages] == ["right", "left"]

    # The other machine: the scan host's work folder and the delivery are not there.
    truth = tmp_path / "truth.tif"
    shutil.copyfile(opening, truth)
    shutil.rmtree(tmp_path / "scan-host", ignore_errors=True)
    shutil.rmtree(opening.parent)
    page_host = RunContext(settings=settings, workdir=str(tmp_path / "page-host"))
    jobs, redo = number_pages([outcome])
    assert redo == []
    assert [finish_page(page_host, job) for job in jobs] == [1, 2]

    store = open_store(settings.store)
    catalogue = Catalogue.open(settings.db_url)
    expected = prepare_scan(truth)
    for seq, want in enumerate(expected, start=1):
        row = next(p for p in catalogue.pages("vol-x") if p.seq == seq)
        assert (row.side, row.width, row.height) == (
            want.geometry.side, want.image.width, want.image.height)
        assert (row.verdict, row.reasons) == (want.quality.verdict, list(want.quality.reasons))
        assert row.metrics == json.loads(json.dumps(want.quality.metrics))
        # The stored full-size image is the page rendered from the master (JPEG-close).
        shown = pyvips.Image.new_from_buffer(
            store.get_bytes(f"{iiif_prefix('vol-x', seq)}/full/max/0/default.jpg"), "")
        diff = np.abs(shown.numpy().astype(int) - want.image.numpy().astype(int))
        assert diff.mean() < 2.0
        assert store.exists(access_key("vol-x", seq))
    # The downloaded master and the derivatives were scratch: nothing is left behind.
    left = [p for p in (tmp_path / "page-host").rglob("*") if p.is_file()]
    assert left == [] and not list((tmp_path / "page-host").rglob(f"{PREFIX}*"))
