"""Sanity on real 300 dpi woodblock pages (siku-zongmu: usable for deskew, crop and QA)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import estimate_skew, prepare_scan

SAMPLE = ("000003", "000020", "000060", "000117")


@pytest.mark.parametrize("number", SAMPLE)
def test_real_pages_come_out_upright_with_the_frame_whole(catalogue_pages: Path,
                                                          number: str) -> None:
    master = catalogue_pages / f"06061317.cn-{number}.png"
    [prepared] = prepare_scan(master)
    page = prepared.geometry
    # These pages are scanned nearly straight: a plausible skew is well under a degree.
    assert abs(page.skew_deg) < 1.0
    assert page.frame_box is not None
    x, y, w, h = page.frame_box
    assert x >= 0 and y >= 0 and x + w <= page.width and y + h <= page.height
    # A half-leaf frame of this edition covers most of the page.
    assert w > 0.6 * page.width and h > 0.7 * page.height
    grey = prepared.image.colourspace("b-w")[0].numpy()
    # Upright now: the frame's bottom rule is dark along one row of the corrected page.
    band = grey[y + h - 12:y + h + 2, x + w // 10:x + w - w // 10]
    assert (band < 128).mean(axis=1).max() > 0.6


def test_estimates_follow_a_known_rotation_of_a_real_page(catalogue_pages: Path) -> None:
    grey = pyvips.Image.new_from_file(str(catalogue_pages / "06061317.cn-000020.png")).colourspace("b-w")[0]
    base = estimate_skew(np.asarray(grey.numpy()))
    for turn in (-2.2, 1.4):
        # libvips turns clockwise for a positive angle, so -turn adds turn counter-clockwise.
        turned = np.asarray(grey.rotate(-turn, background=[255]).numpy())
        assert estimate_skew(turned) == pytest.approx(base + turn, abs=0.05)
