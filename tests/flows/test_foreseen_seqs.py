"""A scan's task finishes its pages from its own decode when the seqs foreseen from the
scans' sizes hold; where a guess was wrong, every page still shows its own scan."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.flows import ingest_batch
from guji.imaging import prepare_scan
from guji.ingest.discover import discover_volumes
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.keys import iiif_prefix
from guji.pipeline.storage import open_store
from tests.flows.conftest import context

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def leaves(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four different half-leaves, small."""
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("leaves")
    generate_volume(root, "v", pages=4, seed=11, layout="half-leaf", image_format="tif",
                    dpi=150)
    return sorted((root / "v").glob("*.tif"))


def widen(leaf: Path, out: Path) -> None:
    """The half-leaf on a wider scanner bed: a landscape scan of one page."""
    image = pyvips.Image.new_from_file(str(leaf))
    image.embed(0, 0, int(image.width * 1.8), image.height, extend="copy").write_to_file(str(out))


def check_pages(root: Path, volume: str, sources: list[Path]) -> None:
    """Each page shows its own scan, and nothing else of the volume is stored."""
    store, catalogue = open_store(str(root)), Catalogue.open(f"sqlite:///{root / 'catalogue.db'}")
    rows = catalogue.pages(volume)
    assert [(p.seq, p.scan_seq, p.source_name) for p in rows] == [
        (i, i, f"{i:04d}.tif") for i in range(1, len(sources) + 1)]
    for seq, source in enumerate(sources, start=1):
        [want] = prepare_scan(source)
        shown = pyvips.Image.new_from_buffer(
            store.get_bytes(f"{iiif_prefix(volume, seq)}/full/max/0/default.jpg"), "")
        assert (shown.width, shown.height) == (want.image.width, want.image.height)
        diff = np.abs(shown.numpy().astype(int) - want.image.numpy().astype(int))
        assert diff.mean() < 2.0, f"page {seq} does not show {source.name}"
    keys = set(store.list(f"{volume}/"))
    assert not any(k.startswith(f"{iiif_prefix(volume, len(sources) + 1)}/") for k in keys)
    assert {f.key for f in catalogue.files(volume)} == keys


def test_wrong_guesses_never_show_a_page_of_another_scan(leaves: list[Path],
                                                         tmp_path: Path) -> None:
    scans, archive = tmp_path / "scans" / "vol-w", tmp_path / "archive"
    scans.mkdir(parents=True)
    for i, leaf in enumerate(leaves[:3], start=1):
        shutil.copyfile(leaf, scans / f"{i:04d}.tif")
    ctx = context(str(archive), "", tmp_path, ocr=False)
    [outcome] = ingest_batch(ctx, discover_volumes(scans.parent), {})
    assert (outcome.status, outcome.pages) == ("complete", 3)
    check_pages(archive, "vol-w", [leaves[0], leaves[1], leaves[2]])

    # Again with scan 1 on a wide bed (foreseen as an opening, one page in the end) and a
    # new scan 2: scan 2's page goes out as 3 first, over what scan 3 archived as 3, and
    # scan 3, unchanged, would otherwise be kept as archived.
    widen(leaves[0], scans / "0001.tif")
    shutil.copyfile(leaves[3], scans / "0002.tif")
    [outcome] = ingest_batch(ctx, discover_volumes(scans.parent), {})
    assert (outcome.status, outcome.pages) == ("complete", 3)
    check_pages(archive, "vol-w", [scans / "0001.tif", leaves[3], leaves[2]])
