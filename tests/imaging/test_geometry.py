"""The deskew turn computed band by band (OpenCV) against pyvips' affine, the reference."""

from __future__ import annotations

import numpy as np
import pytest
import pyvips

from guji.imaging import geometry as geo
from tests.imaging.pages import draw_leaf, skewed


@pytest.fixture(scope="module")
def scan() -> np.ndarray:
    grey = skewed(draw_leaf(np.random.default_rng(3), width=700, height=900).pixels, 1.4)
    # Colour that differs per band, so a band mix-up shows.
    return np.stack([grey, 255 - grey // 2, grey // 3 + 40], axis=2).astype(np.uint8)


@pytest.mark.parametrize("bands", [1, 3])
@pytest.mark.parametrize("skew", [1.4, -0.3, 4.0])
def test_the_banded_turn_is_pyvips_affine(scan: np.ndarray, bands: int, skew: float,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Bands much shorter than the page: the seams between them are checked too.
    monkeypatch.setattr(geo, "RENDER_BAND", 97)
    pixels = scan if bands == 3 else scan[:, :, 0]
    image = pyvips.Image.new_from_array(np.ascontiguousarray(pixels))
    extent = geo.corrected_extent(image.width, image.height, skew)
    # A page that reaches past the master on two sides (the corners turned in are paper)
    # and one that lies inside it, as a page of an opening does.
    for area in ((extent[0] + 60, extent[1] - 25, extent[2] - 40, extent[3] - 10),
                 (extent[0] + 250, extent[1] + 80, 300, 500)):
        _check(image, skew, area, bands)


def _check(image: pyvips.Image, skew: float, area: tuple[int, int, int, int],
           bands: int) -> None:
    background = [201.0, 180.0, 150.0][:bands]
    want = geo.rotate_area(image, skew, area, background, interpolator="bilinear").numpy()
    got = geo.render_area(image, skew, area, background)
    assert (got.width, got.height, got.bands) == (area[2], area[3], bands)
    assert got.interpretation == image.interpretation
    diff = np.abs(got.numpy().astype(int) - want.astype(int))
    # OpenCV weighs the four neighbours in 1/32 steps, pyvips in finer ones.
    assert diff.max() <= 2 and diff.mean() < 0.05


def test_a_page_off_the_master_is_paper(scan: np.ndarray) -> None:
    image = pyvips.Image.new_from_array(np.ascontiguousarray(scan))
    got = geo.render_area(image, 1.0, (0, image.height + 500, 64, 64), [10.0, 20.0, 30.0])
    assert (got.numpy() == np.array([10, 20, 30], np.uint8)).all()


def test_no_skew_keeps_the_master_pixels_bit_for_bit(scan: np.ndarray) -> None:
    image = pyvips.Image.new_from_array(np.ascontiguousarray(scan))
    got = geo.render_area(image, 0.0, (30, 40, 200, 300), [255.0] * 3)
    assert (got.numpy() == scan[40:340, 30:230]).all()


@pytest.mark.parametrize("skew", [0.0, 1.4])
def test_pixels_in_memory_turn_as_the_image_does(scan: np.ndarray, skew: float) -> None:
    """A master held as numpy (Master.pixels) is cut from in place; the page is the one
    cut through pyvips, pixel for pixel, for a turned and an unturned master."""
    image = pyvips.Image.new_from_array(np.ascontiguousarray(scan))
    extent = geo.corrected_extent(image.width, image.height, skew)
    for area in ((extent[0] - 30, extent[1] + 20, extent[2], extent[3] - 60),
                 (extent[0] + 250, extent[1] + 80, 300, 500)):
        background = [201.0, 180.0, 150.0]
        via_vips = geo.render_pixels(image, skew, area, background)
        in_place = geo.render_pixels(image, skew, area, background, pixels=scan)
        assert in_place.shape == (area[3], area[2], 3)
        assert np.array_equal(in_place, via_vips)
