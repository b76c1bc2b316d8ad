"""Page images for OCR: decoded, turned upright, and the way back to the image's pixels.

Images from the imaging stage are already upright; raw scans given to `guji ocr` may
be skewed by a few degrees. The skew is measured by guji.imaging.deskew (the one skew
estimator of the project) and corrected by rotating about the centre, keeping the size,
so a box found upright maps back to the image by the inverse rotation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvips

from guji.imaging.deskew import estimate_skew
from guji.imaging.source import Master, luminance, open_master, reduced_copy, vips_call
from guji.ocr.geometry import Box

# Below this skew (degrees) rotating would only blur the image: 0.1° moves a column
# by under two pixels over a thousand.
MIN_SKEW_DEG = 0.1
# Long edge of the copy the skew is measured on: enough for the 0.1° threshold below,
# and half the time of an 1800 px copy on a 300 dpi spread.
SKEW_EDGE = 1200


@dataclass(frozen=True)
class UprightImage:
    """An image turned upright: H×W×3 8-bit pixels and the skew that was corrected."""

    rgb: np.ndarray
    skew_deg: float

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    def to_source(self, box: Box) -> Box:
        """The box (upright pixels) in the pixels of the image as given: the bounding box
        of its rotated corners (the box itself when nothing was rotated)."""
        if self.skew_deg == 0.0:
            return box
        a = math.radians(self.skew_deg)
        cx, cy = self.width / 2, self.height / 2
        xs, ys = [], []
        for x, y in box.corners():
            dx, dy = x - cx, y - cy
            # Undo the correction: rotate counter-clockwise by the skew (y points down).
            xs.append(cx + dx * math.cos(a) + dy * math.sin(a))
            ys.append(cy - dx * math.sin(a) + dy * math.cos(a))
        return Box.from_edges(min(xs), min(ys), max(xs), max(ys)).clipped(self.width,
                                                                           self.height)


def load_upright(path: Path, *, deskew: bool = True) -> UprightImage:
    """Decode an image (TIFF, JPEG, PNG; 8 or 16 bit; grey or colour) and turn it upright."""
    master = open_master(Path(path))
    # Decoded once into memory: the skew copy and the rotation both read it.
    pixels = vips_call(master.path, "decoding for OCR", master.image.numpy)
    image = pyvips.Image.new_from_array(pixels)
    # The same reduced copy and luminance the imaging stage measures skew on.
    small = reduced_copy(Master(master.path, image, master.dpi), SKEW_EDGE)[0] if deskew else None
    skew = 0.0 if small is None else float(estimate_skew(luminance(small)))
    if small is None or abs(skew) < MIN_SKEW_DEG:
        skew = 0.0
    else:
        # libvips rotates in threads, faster than PIL on a large scan; the rotated
        # image is cut back to the original size about its centre.
        turned = image.rotate(skew, interpolate=pyvips.Interpolate.new("bilinear"),
                              background=_paper(small))
        image = turned.crop(int(round((turned.width - image.width) / 2)),
                            int(round((turned.height - image.height) / 2)),
                            image.width, image.height)
        pixels = vips_call(master.path, "turning upright for OCR", image.numpy)
    rgb = np.asarray(pixels, dtype=np.uint8)
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    elif rgb.shape[2] == 1:
        rgb = np.repeat(rgb, 3, axis=2)
    return UprightImage(np.ascontiguousarray(rgb[:, :, :3]), skew)


def _paper(small: np.ndarray) -> list[float]:
    """Paper colour for the corners the rotation brings in: the brightest common tone."""
    bands = small.reshape(small.shape[0] * small.shape[1], -1)
    return [float(v) for v in np.percentile(bands, 90, axis=0)]
