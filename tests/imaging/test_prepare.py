"""prepare_scan end to end on scans drawn in the test: deskew, crop, split, render, judge;
and its parts as the pipeline runs them on different machines."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import (
    PreparedPage,
    assess_page,
    decode_scan,
    plan_scan,
    prepare_scan,
    render_page,
)
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
def single_pages(single: tuple) -> list[PreparedPage]:
    return prepare_scan(single[0])


def test_one_corrected_page_is_rendered_with_the_masters_resolution(
        single_pages: list[PreparedPage]) -> None:
    [page] = single_pages
    assert page.geometry.side == "single"
    im = page.image
    assert (im.width, im.height) == (page.geometry.width, page.geometry.height)
    assert im.format == "uchar" and im.bands == 3
    assert im.xres * 25.4 == pytest.approx(300, abs=0.5)
    assert page.geometry.skew_deg == pytest.approx(SKEW, abs=0.05)
    # What described the master file (orientation, ICC, EXIF) is not the page's.
    assert "orientation" not in im.get_fields()


def test_page_box_is_the_paper_in_master_pixels(single: tuple,
                                                single_pages: list[PreparedPage]) -> None:
    _, paper_box, _ = single
    got = single_pages[0].geometry.page_box
    for a, b in zip(got, paper_box, strict=True):
        assert a == pytest.approx(b, abs=8)


def test_bed_is_dropped_but_the_frame_is_kept_whole(single: tuple,
                                                    single_pages: list[PreparedPage]) -> None:
    _, paper_box, frame = single
    [prepared] = single_pages
    page = prepared.geometry
    # Cropped close to the paper: the bed around it is (almost) gone.
    assert page.width < paper_box[2] * 1.05 and page.height < paper_box[3] * 1.05
    assert page.frame_box is not None
    x, y, w, h = page.frame_box
    assert (w, h) == pytest.approx(frame[2:], abs=6)
    assert x > 0 and y > 0 and x + w < page.width and y + h < page.height
    grey = prepared.image.colourspace("b-w")[0].numpy()
    # Upright: the frame's left rule lies in one pixel column band from top to bottom.
    rule = grey[y + 20:y + h - 20, x:x + 4].mean(axis=1)
    assert rule.max() < (PAPER + BED) / 2


def test_metrics_and_verdict_are_recorded(single_pages: list[PreparedPage]) -> None:
    [page] = single_pages
    quality = page.quality
    for key in ("dpi", "sharpness", "clipped_shadows", "clipped_highlights", "dynamic_range",
                "ink_coverage", "blank", "phash", "skew_deg"):
        assert key in quality.metrics
    assert quality.metrics["blank"] is False
    # Drawn with blocky strokes: edges change within a pixel; paper 225 over ink 30.
    assert quality.metrics["sharpness"] > 0.6
    assert quality.metrics["dynamic_range"] > 150
    assert quality.verdict in {"pass", "warn", "fail"}
    assert (quality.verdict == "pass") == (not quality.reasons)


@pytest.fixture(scope="module")
def opening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two facing half-leaves: the right one printed, the left one ruled but empty."""
    rng = np.random.default_rng(12)
    right = draw_leaf(rng, width=560, height=800).pixels
    left = draw_leaf(rng, width=560, height=800, text=False).pixels
    spread = np.concatenate([left, right], axis=1)
    scan, _ = on_bed(skewed(spread, -0.9), margin=50)
    return write_scan(tmp_path_factory.mktemp("opening") / "0002.tif", scan)


def test_an_opening_is_split_right_page_first(opening: Path) -> None:
    pages = prepare_scan(opening)
    assert [p.geometry.side for p in pages] == ["right", "left"]
    right, left = pages
    assert right.quality.metrics["ink_coverage"] > 0.01 and left.quality.metrics["blank"]
    assert right.geometry.page_box[0] > left.geometry.page_box[0]
    assert right.geometry.skew_deg == pytest.approx(-0.9, abs=0.05)


def test_split_never_keeps_the_opening_whole(opening: Path) -> None:
    assert [p.geometry.side for p in prepare_scan(opening, split="never")] == ["single"]


def test_split_always_splits_a_single_leaf(single: tuple) -> None:
    sides = [p.geometry.side for p in prepare_scan(single[0], split="always")]
    assert sides == ["right", "left"]


def test_sixteen_bit_grey_masters_come_out_eight_bit(tmp_path: Path) -> None:
    leaf = draw_leaf(np.random.default_rng(2), width=400, height=560).pixels
    im = pyvips.Image.new_from_array(leaf.astype(np.uint16) * 257).copy(
        interpretation="grey16", xres=400 / 25.4, yres=400 / 25.4)
    im.tiffsave(str(tmp_path / "g16.tif"))
    [page] = prepare_scan(tmp_path / "g16.tif")
    assert page.image.format == "uchar" and page.image.bands == 1
    assert page.quality.metrics["dpi"] == pytest.approx(400, abs=0.5)


def test_a_corrupt_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "0007.tif"
    bad.write_bytes(b"II*\x00" + b"\x00" * 64)
    with pytest.raises(CorruptImageError, match="0007.tif"):
        prepare_scan(bad)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such image"):
        prepare_scan(tmp_path / "nope.tif")


@pytest.mark.parametrize("kwargs", [{"split": "sometimes"}, {"profile": "no-such-profile"}])
def test_bad_options_are_usage_errors(single: tuple, tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(UsageError):
        prepare_scan(single[0], **kwargs)


def test_an_empty_sheet_is_blank_without_frame_or_skew(tmp_path: Path) -> None:
    path = write_scan(tmp_path / "0009.tif", np.full((500, 360), PAPER, np.uint8))
    [page] = prepare_scan(path)
    assert page.geometry.skew_deg == 0.0 and page.geometry.frame_box is None
    assert page.quality.metrics["blank"] and page.quality.verdict == "warn"
    assert any("blank" in r for r in page.quality.reasons)


def test_a_truncated_scan_fails_its_one_decode_by_name(single: tuple, tmp_path: Path) -> None:
    data = single[0].read_bytes()
    cut = tmp_path / "0004.tif"
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CorruptImageError, match="0004.tif.*does not decode"):
        decode_scan(cut, 2000)


def test_a_page_rendered_from_the_plan_is_the_prepared_page(single: tuple,
                                                          single_pages: list[PreparedPage]) -> None:
    """The pipeline's split: the plan is made on one machine as plain numbers (a JSON
    round trip), the page rendered and judged from the master on another."""
    [plan] = plan_scan(decode_scan(single[0], 2000))
    travelled = type(plan)(**{k: tuple(v) if isinstance(v, list) else v
                             for k, v in json.loads(json.dumps(plan.__dict__)).items()})
    rendered = render_page(single[0], travelled)
    [prepared] = single_pages
    assert travelled == prepared.geometry
    assert (rendered.image == prepared.image).min() == 255  # every pixel the same
    quality = assess_page(rendered, travelled, source=single[0])
    assert quality == prepared.quality


def test_sixteen_bit_and_eight_bit_masters_plan_the_same(tmp_path: Path) -> None:
    leaf = draw_leaf(np.random.default_rng(5), width=400, height=560).pixels
    scan, _ = on_bed(skewed(leaf, 1.1), margin=40)
    write_scan(tmp_path / "a.tif", scan)
    pyvips.Image.new_from_array(scan.astype(np.uint16) * 257).copy(
        interpretation="grey16").tiffsave(str(tmp_path / "b.tif"))
    [a] = plan_scan(decode_scan(tmp_path / "a.tif", 2000))
    [b] = plan_scan(decode_scan(tmp_path / "b.tif", 2000))
    assert (a.area, a.skew_deg, a.frame_box) == (b.area, b.skew_deg, b.frame_box)
