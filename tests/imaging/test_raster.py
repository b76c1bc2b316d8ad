"""The binary morphology of layout and QA, done by OpenCV, is scipy's pixel for pixel:
the geometry found on a scan (and the skew the OCR measures) does not depend on which
library did the filtering."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from guji.imaging import raster


def masks() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    out = []
    for i in range(60):
        h, w = (int(v) for v in rng.integers(3, 120, 2))
        mask = rng.uniform(size=(h, w)) < rng.uniform(0.02, 0.98)
        if i % 3 == 0:  # blobs and strokes, as a page's ink is, not only salt and pepper
            mask = ndimage.uniform_filter(mask.astype(float), 5) > 0.5
        out.append(mask)
    return out


@pytest.mark.parametrize("length", [1, 2, 5, 8, 31])
def test_runs_at_least_is_an_opening_by_a_line(length: int) -> None:
    for mask in masks():
        for axis in (0, 1):
            m = mask.astype(np.float32)
            full = ndimage.uniform_filter1d(m, size=length, axis=axis, mode="constant") > 1 - 1e-4
            cover = ndimage.uniform_filter1d(full.astype(np.float32), size=length, axis=axis,
                                             mode="constant") > 1e-4
            assert np.array_equal(raster.runs_at_least(mask, axis=axis, length=length),
                                  mask & cover)


@pytest.mark.parametrize("size", [1, 2, 4, 5, 9])
def test_any_within_is_a_box_dilation(size: int) -> None:
    for mask in masks():
        as_float = mask.astype(np.float32)
        assert np.array_equal(raster.any_within(mask, size),
                              ndimage.uniform_filter(as_float, size=size) > 1e-4)
        for axis in (0, 1):
            assert np.array_equal(raster.any_within(mask, size, axis),
                                  ndimage.uniform_filter1d(as_float, size=size, axis=axis) > 1e-4)


@pytest.mark.parametrize("iterations", [1, 2, 6])
def test_erosion_and_opening_are_scipys(iterations: int) -> None:
    for mask in masks():
        assert np.array_equal(raster.eroded(mask, iterations),
                              ndimage.binary_erosion(mask, iterations=iterations))
        assert np.array_equal(raster.opened(mask, iterations), ndimage.binary_opening(
            mask, structure=np.ones((3, 3), bool), iterations=iterations))


def test_the_paper_level_is_scipys_maximum_filter() -> None:
    rng = np.random.default_rng(3)
    for shape in ((90, 130), (400, 300)):
        grey = rng.uniform(0, 255, shape).astype(np.float32)
        size = max(15, int(min(grey.shape) * 0.05)) | 1
        paper = ndimage.uniform_filter(ndimage.maximum_filter(grey, size=size), size=size)
        want = np.clip(grey / np.maximum(paper, 1.0), 0.0, 1.0)
        # The box mean is OpenCV's: the same sums, added in another order (a last bit).
        assert np.allclose(raster.flatten_background(grey), want, rtol=1e-6, atol=1e-7)


def test_the_local_mean_is_scipys_uniform_filter_mirrored_at_the_edges() -> None:
    rng = np.random.default_rng(4)
    for shape, size in (((90, 130), 5), ((400, 300), 21), ((31, 47), 45)):
        values = rng.uniform(0, 255, shape).astype(np.float32)
        want = ndimage.uniform_filter(values, size=size)
        got = raster.local_mean(values, size)
        assert got.dtype == np.float32 and got.shape == shape
        assert np.allclose(got, want, rtol=1e-5, atol=1e-4)
