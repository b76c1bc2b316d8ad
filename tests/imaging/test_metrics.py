"""Quality metrics as plain functions of images made here."""

from __future__ import annotations

import numpy as np
import pytest
import pyvips
from scipy import ndimage

from guji.imaging import metrics as m
from guji.imaging.measure import measure_image
from tests.imaging.pages import INK, PAPER, draw_leaf, skewed


@pytest.fixture(scope="module")
def leaf() -> np.ndarray:
    return draw_leaf(np.random.default_rng(3), width=400, height=560).pixels


def _blurred(page: np.ndarray, sigma: float) -> np.ndarray:
    if sigma == 0:
        return page
    return np.clip(ndimage.gaussian_filter(page.astype(np.float32), sigma), 0, 255).astype(np.uint8)


def test_sharpness_falls_as_focus_is_lost(leaf: np.ndarray) -> None:
    values = [m.sharpness(_blurred(leaf, s)) for s in (0, 1, 2, 3)]
    assert values == sorted(values, reverse=True)
    assert values[0] > 0.9
    # A Gaussian-blurred step's steepest slope over half its height: 2 / (σ·√(2π)).
    for sigma, value in zip((1, 2, 3), values[1:], strict=True):
        assert value == pytest.approx(2 / (sigma * np.sqrt(2 * np.pi)), rel=0.2)


def test_sharpness_ignores_how_dark_the_ink_is(leaf: np.ndarray) -> None:
    faint = np.where(leaf == INK, 120, leaf).astype(np.uint8)
    assert m.sharpness(_blurred(faint, 1)) == pytest.approx(m.sharpness(_blurred(leaf, 1)), rel=0.15)


def test_sharpness_of_an_empty_page_is_zero() -> None:
    assert m.sharpness(np.full((100, 100), PAPER, np.uint8)) == 0.0


def test_clipping_counts_pixels_at_the_ends_in_the_worst_band() -> None:
    rgb = np.full((100, 100, 3), 128, np.uint8)
    rgb[:3, :, 1] = 0  # 3 % black in green only
    rgb[10:11, :, 2] = 255  # 1 % white in blue only
    hist = m.histogram(rgb)
    assert hist.shape == (3, 256)
    assert m.clipped_shadows(hist) == pytest.approx(0.03)
    assert m.clipped_highlights(hist) == pytest.approx(0.01)
    assert m.clipped_shadows(m.histogram(np.full((4, 4), 9, np.uint8))) == 0.0


def test_dynamic_range_spans_the_levels_used() -> None:
    ramp = np.tile(np.arange(50, 201, dtype=np.uint8), (20, 1))
    assert m.dynamic_range(m.histogram(ramp)) == pytest.approx(150, abs=2)
    assert m.dynamic_range(m.histogram(np.full((9, 9), 77, np.uint8))) == 0


def test_ruled_but_unprinted_page_counts_as_blank() -> None:
    rng = np.random.default_rng(5)
    ruled = draw_leaf(rng, width=400, height=560, text=False).pixels
    printed = draw_leaf(rng, width=400, height=560).pixels
    assert m.ink_coverage(ruled) < 0.002
    assert m.ink_coverage(printed) > 0.01


def test_perceptual_hash_matches_a_rescan_not_another_page(leaf: np.ndarray) -> None:
    rng = np.random.default_rng(1)
    # Another scan of the same leaf: cropped differently, a little turned, softer,
    # darker, noisy.
    rescan = skewed(leaf, 0.3)[12:, 6:-4].astype(np.float32) * 0.9 + 10
    rescan = ndimage.gaussian_filter(rescan, 0.8) + rng.normal(0, 6, rescan.shape)
    rescan = np.clip(rescan, 0, 255).astype(np.uint8)
    other = draw_leaf(np.random.default_rng(99), width=400, height=560).pixels
    h = m.perceptual_hash(leaf)
    assert len(h) == 64 and int(h, 16) > 0
    # Of 256 bits: a rescan stays under the default profile's 26, another page of the
    # same layout lands near half.
    assert m.hash_distance(h, m.perceptual_hash(rescan)) <= 22
    assert m.hash_distance(h, m.perceptual_hash(other)) > 80


def test_a_page_measures_its_clipped_share_from_sampled_rows(leaf: np.ndarray) -> None:
    """measure_image counts the bands' clipping over every other row: a blown-out corner
    and a seal saturated in one band must still read at their share of the page."""
    page = np.repeat(leaf[:, :, None], 3, axis=2).copy()
    h, w = leaf.shape
    page[: h // 10, : w // 4] = 255          # 2.5% of the page blown out to white
    page[h // 2:h // 2 + 37, w // 2:w // 2 + 40, 1:] = 0   # a seal: no green, no blue
    metrics = measure_image(pyvips.Image.new_from_array(page), 300.0, pixels=page)
    assert metrics["clipped_highlights"] == pytest.approx(0.025, abs=0.002)
    assert metrics["clipped_shadows"] == pytest.approx(37 * 40 / (h * w), abs=0.001)
    assert metrics["ink_coverage"] > 0.01 and metrics["sharpness"] > 0.5
