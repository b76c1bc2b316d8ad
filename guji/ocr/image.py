"""Page images for OCR: reduced to glyph resolution, turned upright, and the way back to
the image's pixels.

OCR reads glyphs, not scan pixels: a page is brought down to about WORK_DPI before
anything else (the resolution the layout rules and the recognizer settings were chosen
at), so a 600 dpi master costs what a 300 dpi one does and no full-resolution copy is
ever held in memory. Images from the imaging stage are already upright; raw scans given
to `guji ocr` may be skewed by a few degrees. The skew is measured by
guji.imaging.deskew (the one skew estimator of the project) and corrected by rotating
the working copy about its centre, keeping the size, so a box found upright maps back
to the image by the inverse rotation and the reduction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvips

from guji.imaging.deskew import estimate_skew
from guji.imaging.source import (
    MM_PER_INCH,
    Master,
    luminance,
    open_master,
    reduced_copy,
    vips_call,
)
from guji.ocr.geometry import Box
from guji.ocr.layout.ink import binarize, glyph_width

# Below this skew (degrees) rotating would only blur the image: 0.1° moves a column
# by under two pixels over a thousand.
MIN_SKEW_DEG = 0.1
# Long edge of the copy the skew is measured on: enough for the 0.1° threshold below,
# and half the time of an 1800 px copy on a 300 dpi spread.
SKEW_EDGE = 1200
# The working resolution: the layout's rules and the recognizer's settings were chosen
# on 300 dpi pages, where a full-size glyph is 60–150 px wide (the recognizer reads it
# at 38 px). Scans at a higher resolution are reduced to it; lower ones are kept.
WORK_DPI = 300.0
# The smallest glyph width (as the skew copy's quick estimate gives it, which runs low)
# the working copy may have: a book of tiny characters scanned at 600 dpi is reduced
# less, so its commentary still reaches the recognizer at full detail.
MIN_WORK_GLYPH = 36.0
# Reductions closer to 1 than this are not worth a resampling pass.
MIN_REDUCTION = 0.9


@dataclass(frozen=True)
class UprightImage:
    """A page at working resolution, turned upright: H×W×3 8-bit pixels, the skew that
    was corrected and the reduction (`scale` working pixels per image pixel)."""

    rgb: np.ndarray
    skew_deg: float
    scale: float = 1.0
    source_size: tuple[int, int] | None = None  # the image's width, height as given

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    @property
    def source_width(self) -> int:
        return self.source_size[0] if self.source_size else self.width

    @property
    def source_height(self) -> int:
        return self.source_size[1] if self.source_size else self.height

    def to_source(self, box: Box) -> Box:
        """The box (upright working pixels) in the pixels of the image as given: the
        bounding box of its rotated corners, undone the reduction."""
        if self.skew_deg == 0.0 and self.scale == 1.0:
            return box
        a = math.radians(self.skew_deg)
        cx, cy = self.width / 2, self.height / 2
        xs, ys = [], []
        for x, y in box.corners():
            dx, dy = x - cx, y - cy
            # Undo the correction: rotate counter-clockwise by the skew (y points down).
            xs.append((cx + dx * math.cos(a) + dy * math.sin(a)) / self.scale)
            ys.append((cy - dx * math.sin(a) + dy * math.cos(a)) / self.scale)
        return Box.from_edges(min(xs), min(ys), max(xs), max(ys)).clipped(
            self.source_width, self.source_height)


def load_upright(image: Path | pyvips.Image, *, deskew: bool = True,
                 dpi: float | None = None) -> UprightImage:
    """A page image (a file — TIFF, JPEG, PNG — or a pyvips image; 8 or 16 bit; grey or
    colour) at working resolution, turned upright. `dpi` overrides the resolution the
    image records; without either the image is read at its own size."""
    if isinstance(image, pyvips.Image):
        label = Path(str(image.get("filename")) if image.get_typeof("filename") != 0 else "page")
        master = Master(label, vips_call(label, "reading the page", lambda: _eight_bit(image)),
                        _recorded_dpi(image))
    else:
        master = open_master(Path(image))
    source = (master.width, master.height)
    dpi = dpi or master.dpi
    scale = min(1.0, WORK_DPI / dpi) if dpi else 1.0
    pixels, scale = _working_copy(master, scale)
    work = pyvips.Image.new_from_array(pixels)
    if not deskew and scale == 1.0:
        return _upright(pixels, 0.0, scale, source)
    small = reduced_copy(Master(master.path, work, None), SKEW_EDGE)[0]
    if scale < 1.0:
        # The recorded resolution may lie, or the glyphs be tiny: reduce less if the
        # glyphs would come out too small (a second decode, rare).
        glyph = glyph_width(binarize(luminance(small))) * max(pixels.shape) / max(small.shape)
        if glyph < MIN_WORK_GLYPH:
            pixels, scale = _working_copy(master, min(1.0, scale * MIN_WORK_GLYPH / glyph))
            work = pyvips.Image.new_from_array(pixels)
            small = reduced_copy(Master(master.path, work, None), SKEW_EDGE)[0]
    skew = float(estimate_skew(luminance(small))) if deskew else 0.0
    if abs(skew) < MIN_SKEW_DEG:
        skew = 0.0
    else:
        # The rotated image is cut back to the working copy's size about its centre.
        turned = work.rotate(skew, interpolate=pyvips.Interpolate.new("bilinear"),
                             background=_paper(small))
        work = turned.crop(int(round((turned.width - work.width) / 2)),
                           int(round((turned.height - work.height) / 2)),
                           work.width, work.height)
        pixels = vips_call(master.path, "turning upright for OCR", work.numpy)
    return _upright(pixels, skew, scale, source)


def _upright(pixels: np.ndarray, skew: float, scale: float,
             source: tuple[int, int]) -> UprightImage:
    rgb = np.asarray(pixels, dtype=np.uint8)
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    elif rgb.shape[2] == 1:
        rgb = np.repeat(rgb, 3, axis=2)
    return UprightImage(np.ascontiguousarray(rgb[:, :, :3]), skew, scale, source)


def _working_copy(master: Master, scale: float) -> tuple[np.ndarray, float]:
    """The image reduced by `scale` (not at all when close to 1), decoded into memory,
    and the scale it was reduced by."""
    if scale > MIN_REDUCTION:
        return vips_call(master.path, "decoding for OCR", master.image.numpy), 1.0
    # Lanczos reduction (libvips shrinks by whole blocks first, then resamples): strokes
    # keep their darkness better than with a plain box filter.
    reduced = master.image.resize(scale)
    pixels = vips_call(master.path, "decoding for OCR", reduced.numpy)
    return pixels, pixels.shape[1] / master.width


def _recorded_dpi(image: pyvips.Image) -> float | None:
    xres = float(image.xres)
    # libvips reports 1 px/mm when a file records no resolution.
    return None if abs(xres - 1.0) < 1e-6 or xres <= 0 else xres * MM_PER_INCH


def _eight_bit(image: pyvips.Image) -> pyvips.Image:
    """8-bit sRGB or grey, alpha dropped (as guji.imaging.source opens masters)."""
    if image.hasalpha():
        image = image.flatten(background=[255] * (image.bands - 1))
    if image.bands >= 3:
        if image.interpretation != "srgb" or image.format != "uchar":
            image = image.colourspace("srgb")
        image = image[0:3]
    elif image.format != "uchar":
        image = (image[0].colourspace("b-w") if image.interpretation == "grey16"
                 else image[0])
    else:
        image = image[0]
    return image.cast("uchar") if image.format != "uchar" else image


def _paper(small: np.ndarray) -> list[float]:
    """Paper colour for the corners the rotation brings in: the brightest common tone."""
    bands = small.reshape(small.shape[0] * small.shape[1], -1)
    return [float(v) for v in np.percentile(bands, 90, axis=0)]
