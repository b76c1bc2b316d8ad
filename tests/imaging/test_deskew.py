"""Skew estimation on pages drawn in the test at known angles."""

from __future__ import annotations

import numpy as np
import pytest

from guji.imaging.deskew import estimate_skew
from tests.imaging.pages import PAPER, draw_leaf, on_bed, skewed


@pytest.fixture(scope="module")
def leaf() -> np.ndarray:
    return draw_leaf(np.random.default_rng(7)).pixels


@pytest.mark.parametrize("angle", [-2.8, -0.6, 0.0, 0.35, 1.3, 2.9])
def test_estimates_the_angle_of_the_print(leaf: np.ndarray, angle: float) -> None:
    assert estimate_skew(skewed(leaf, angle)) == pytest.approx(angle, abs=0.05)


def test_positive_means_counter_clockwise(leaf: np.ndarray) -> None:
    page = skewed(leaf, 2.0)
    # Counter-clockwise on screen: a vertical rule's top end moves left of its bottom end.
    ys, xs = np.nonzero(page[:, : page.shape[1] // 3] < 100)
    top, bottom = xs[ys < ys.min() + 40].mean(), xs[ys > ys.max() - 40].mean()
    assert top < bottom
    assert estimate_skew(page) > 1.9


def test_a_crooked_paper_edge_on_the_bed_does_not_lead(leaf: np.ndarray) -> None:
    # The leaf was trimmed 2.5° off the print: the estimate must follow the print.
    scan, _ = on_bed(skewed(leaf, 0.8), paper_skew_deg=3.3)
    assert estimate_skew(scan) == pytest.approx(0.8, abs=0.05)


def test_blank_paper_gives_zero() -> None:
    assert estimate_skew(np.full((400, 300), PAPER, np.uint8)) == 0.0


def test_large_inputs_are_reduced_not_refused(leaf: np.ndarray) -> None:
    big = np.kron(skewed(leaf, -1.1), np.ones((3, 3), np.uint8))
    assert estimate_skew(big) == pytest.approx(-1.1, abs=0.05)


def test_refuses_colour_arrays() -> None:
    with pytest.raises(ValueError, match="2-D"):
        estimate_skew(np.zeros((10, 10, 3), np.uint8))
