"""prepare_scan end to end on scans drawn in the test: deskew, crop, split, write, judge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import PreparedPage, prepare_scan
from guji.pipeline.errors import CorruptImageError, InputError, UsageError
from tests.imaging.pages import BED, PAPER, draw_leaf, on_bed, skewed, write_scan

SKEW = 1.6


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple, tuple]:
    """A leaf printed at 1.6° on paper trimmed at 3°, on a dark bed, 300 dpi RGB TIFF."""
    leaf = draw_leaf(np.random.default_rng(11))
    scan, paper_box = on_bed(skewed(leaf.pixels, SKEW), paper_skew_deg=3.0)
    rgb = np.stack([scan, scan, (scan * 0.9).astype(np.uint8)], axis=2)
    path = write_scan(tmp_path_factory.mktemp("single") / "0001.tif", rgb)
    return path, paper_box, leaf.frame


@pytest.fixture(scope="module")
def single_pages(single: tuple, tmp_path_factory: pytest.TempPathFactory) -> list[PreparedPage]:
    return prepare_scan(single[0], tmp_path_factory.mktemp("work"))


def test_one_corrected_page_is_written_with_the_masters_resolution(
        single_pages: list[PreparedPage]) -> None:
    [page] = single_pages
    assert page.side == "single"
    im = pyvips.Image.new_from_file(str(page.image))
    assert (im.width, im.height) == (page.width, page.height)
    assert im.format == "uchar" and im.bands == 3
    assert im.xres * 25.4 == pytest.approx(300, abs=0.5)
    assert page.skew_deg == pytest.approx(SKEW, abs=0.05)


def test_page_box_is_the_paper_in_master_pixels(single: tuple,
                                                single_pages: list[PreparedPage]) -> None:
    _, paper_box, _ = single
    got = single_pages[0].page_box
    for a, b in zip(got, paper_box, strict=True):
        assert a == pytest.approx(b, abs=8)


def test_bed_is_dropped_but_the_frame_is_kept_whole(single: tuple,
                                                    single_pages: list[PreparedPage]) -> None:
    _, paper_box, frame = single
    [page] = single_pages
    # Cropped close to the paper: the bed around it is (almost) gone.
    assert page.width < paper_box[2] * 1.05 and page.height < paper_box[3] * 1.05
    assert page.frame_box is not None
    x, y, w, h = page.frame_box
    assert (w, h) == pytest.approx(frame[2:], abs=6)
    assert x > 0 and y > 0 and x + w < page.width and y + h < page.height
    grey = pyvips.Image.new_from_file(str(page.image)).colourspace("b-w")[0].numpy()
    # Upright: the frame's left rule lies in one pixel column band from top to bottom.
    rule = grey[y + 20:y + h - 20, x:x + 4].mean(axis=1)
    assert rule.max() < (PAPER + BED) / 2


def test_metrics_and_verdict_are_recorded(single_pages: list[PreparedPage]) -> None:
    [page] = single_pages
    for key in ("dpi", "sharpness", "clipped_shadows", "clipped_highlights", "dynamic_range",
                "ink_coverage", "blank", "phash", "skew_deg"):
        assert key in page.metrics
    assert page.metrics["blank"] is False
    assert page.verdict in {"pass", "warn", "fail"}
    assert (page.verdict == "pass") == (not page.reasons)


@pytest.fixture(scope="module")
def opening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two facing half-leaves: the right one printed, the left one ruled but empty."""
    rng = np.random.default_rng(12)
    right = draw_leaf(rng, width=560, height=800).pixels
    left = draw_leaf(rng, width=560, height=800, text=False).pixels
    spread = np.concatenate([left, right], axis=1)
    scan, _ = on_bed(skewed(spread, -0.9), margin=50)
    return write_scan(tmp_path_factory.mktemp("opening") / "0002.tif", scan)


def test_an_opening_is_split_right_page_first(opening: Path, tmp_path: Path) -> None:
    pages = prepare_scan(opening, tmp_path)
    assert [p.side for p in pages] == ["right", "left"]
    right, left = pages
    assert right.metrics["ink_coverage"] > 0.01 and left.metrics["blank"]
    assert right.page_box[0] > left.page_box[0]
    assert right.skew_deg == pytest.approx(-0.9, abs=0.05)
    assert {p.image.name for p in pages} == {"0002_tif-right.tif", "0002_tif-left.tif"}


def test_split_never_keeps_the_opening_whole(opening: Path, tmp_path: Path) -> None:
    assert [p.side for p in prepare_scan(opening, tmp_path, split="never")] == ["single"]


def test_split_always_splits_a_single_leaf(single: tuple, tmp_path: Path) -> None:
    assert [p.side for p in prepare_scan(single[0], tmp_path, split="always")] == ["right", "left"]


def test_sixteen_bit_grey_masters_come_out_eight_bit(tmp_path: Path) -> None:
    leaf = draw_leaf(np.random.default_rng(2), width=400, height=560).pixels
    im = pyvips.Image.new_from_array(leaf.astype(np.uint16) * 257).copy(
        interpretation="grey16", xres=400 / 25.4, yres=400 / 25.4)
    im.tiffsave(str(tmp_path / "g16.tif"))
    [page] = prepare_scan(tmp_path / "g16.tif", tmp_path / "out")
    out = pyvips.Image.new_from_file(str(page.image))
    assert out.format == "uchar" and out.bands == 1
    assert page.metrics["dpi"] == pytest.approx(400, abs=0.5)


def test_a_corrupt_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "0007.tif"
    bad.write_bytes(b"II*\x00" + b"\x00" * 64)
    with pytest.raises(CorruptImageError, match="0007.tif"):
        prepare_scan(bad, tmp_path / "out")


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such image"):
        prepare_scan(tmp_path / "nope.tif", tmp_path)


@pytest.mark.parametrize("kwargs", [{"split": "sometimes"}, {"profile": "no-such-profile"}])
def test_bad_options_are_usage_errors(single: tuple, tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(UsageError):
        prepare_scan(single[0], tmp_path, **kwargs)


def test_an_empty_sheet_is_blank_without_frame_or_skew(tmp_path: Path) -> None:
    path = write_scan(tmp_path / "0009.tif", np.full((500, 360), PAPER, np.uint8))
    [page] = prepare_scan(path, tmp_path / "out")
    assert page.skew_deg == 0.0 and page.frame_box is None
    assert page.metrics["blank"] and page.verdict == "warn"
    assert any("blank" in r for r in page.reasons)


def test_masters_sharing_a_number_do_not_overwrite_each_other(tmp_path: Path) -> None:
    rng = np.random.default_rng(8)
    tif = write_scan(tmp_path / "0003.tif", draw_leaf(rng, width=300, height=420).pixels)
    png = write_scan(tmp_path / "0003.png", draw_leaf(rng, width=300, height=420).pixels)
    [a] = prepare_scan(tif, tmp_path / "out")
    [b] = prepare_scan(png, tmp_path / "out")
    assert a.image != b.image and a.image.is_file() and b.image.is_file()
