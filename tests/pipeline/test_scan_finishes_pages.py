"""ingest_scan finishes its scan's pages itself when their seqs were foreseen: from its
decode held in memory, or, for a scan too large to hold, from the file again."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import prepare_scan
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.keys import access_key, iiif_prefix
from guji.pipeline.model import CatalogueRecord, Scan
from guji.pipeline.settings import Settings
from guji.pipeline.storage import open_store
from guji.stages import RunContext, begin_volume, ingest_scan, number_pages
from guji.stages import scans as scan_stage


@pytest.fixture(scope="module")
def opening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("opening")
    generate_volume(root, "vol-x", pages=1, seed=5, layout="opening", image_format="tif",
                    dpi=150)
    return root / "vol-x" / "0001.tif"


def start(tmp_path: Path, opening: Path) -> RunContext:
    settings = Settings(store=str(tmp_path / "archive"), ocr=False)
    ctx = RunContext(settings=settings, workdir=str(tmp_path / "work"))
    begin_volume(ctx, CatalogueRecord("vol-x", "論語"), str(opening.parent))
    return ctx


@pytest.mark.parametrize("keep", [True, False], ids=["decode-held", "decoded-again"])
def test_pages_foreseen_are_finished_by_their_scan(opening: Path, tmp_path: Path, keep: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not keep:
        monkeypatch.setattr(scan_stage, "KEEP_DECODED_PIXELS", 0)
    ctx = start(tmp_path, opening)
    outcome = ingest_scan(ctx, Scan("vol-x", 1, str(opening), "tif"), "auto", seqs=(1, 2))
    assert [p.finished_seq for p in outcome.pages] == [1, 2]
    jobs, redo = number_pages([outcome])
    assert redo == [] and all(job.finished for job in jobs)

    store = open_store(ctx.settings.store)
    rows = Catalogue.open(ctx.settings.db_url).pages("vol-x")
    for row, want in zip(rows, prepare_scan(opening), strict=True):
        assert (row.side, row.width, row.height) == (
            want.geometry.side, want.image.width, want.image.height)
        assert row.metrics == json.loads(json.dumps(want.quality.metrics))
        shown = pyvips.Image.new_from_buffer(
            store.get_bytes(f"{iiif_prefix('vol-x', row.seq)}/full/max/0/default.jpg"), "")
        diff = np.abs(shown.numpy().astype(int) - want.image.numpy().astype(int))
        assert diff.mean() < 2.0


def test_pages_not_foreseen_are_left_to_finish_page(opening: Path, tmp_path: Path) -> None:
    ctx = start(tmp_path, opening)
    outcome = ingest_scan(ctx, Scan("vol-x", 1, str(opening), "tif"), "auto", seqs=(1,))
    assert [p.finished_seq for p in outcome.pages] == [None, None]
    store = open_store(ctx.settings.store)
    assert not store.exists(access_key("vol-x", 1))
    assert Catalogue.open(ctx.settings.db_url).pages("vol-x") == []
