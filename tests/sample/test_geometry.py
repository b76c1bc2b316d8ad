"""The placement used for the truth is the one Pillow applies to the pixels."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from guji.sample.geometry import Placement, Rect


@pytest.mark.parametrize("angle", [-2.7, 0.0, 1.3, 3.0])
def test_warped_marker_lands_where_the_placement_says(angle: float) -> None:
    leaf = Image.new("L", (400, 600), 0)
    marker = Rect(300, 80, 20, 30)
    ImageDraw.Draw(leaf).rectangle([marker.x, marker.y, marker.right - 1, marker.bottom - 1],
                                   fill=255)
    place = Placement(angle, (200.0, 300.0), (37.0, 21.0))
    out = np.asarray(leaf.transform((480, 660), Image.Transform.AFFINE, place.pil_inverse(),
                                    Image.Resampling.BILINEAR), dtype=np.float64)
    ys, xs = np.indices(out.shape)
    centre = ((xs + 0.5) * out).sum() / out.sum(), ((ys + 0.5) * out).sum() / out.sum()
    expected = place.apply((marker.x + marker.w / 2, marker.y + marker.h / 2))
    assert centre == pytest.approx(expected, abs=0.15)
    x, y, w, h = place.box(marker)
    assert out[:y, :].sum() + out[y + h:, :].sum() + out[:, :x].sum() + out[:, x + w:].sum() == 0


def test_counter_clockwise_means_the_top_edge_rises_to_the_right() -> None:
    place = Placement(2.0, (0.0, 0.0), (0.0, 0.0))
    top_right, _, _, top_left = place.quad(Rect(0, 0, 100, 10))
    assert top_right[1] < top_left[1]
