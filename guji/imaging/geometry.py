"""The deskew rotation as coordinates: master pixels <-> corrected pixels.

The correction turns the content clockwise by the measured skew about the master's
origin. Corrected coordinates are those of that rotation, unbounded; a page is a box
in them, cut out directly by pyvips' affine without an intermediate full canvas.
"""

from __future__ import annotations

import math

import numpy as np
import pyvips

Box = tuple[int, int, int, int]  # x, y, w, h


def _cs(skew_deg: float) -> tuple[float, float]:
    a = math.radians(skew_deg)
    return math.cos(a), math.sin(a)


def to_corrected(xy: np.ndarray, skew_deg: float) -> np.ndarray:
    """Points (N×2, x y) in master pixels to corrected pixels."""
    c, s = _cs(skew_deg)
    x, y = xy[:, 0], xy[:, 1]
    # y grows downwards, so this matrix turns clockwise on screen.
    return np.stack([c * x - s * y, s * x + c * y], axis=1)


def to_master(xy: np.ndarray, skew_deg: float) -> np.ndarray:
    """Points (N×2) in corrected pixels back to master pixels."""
    return to_corrected(xy, -skew_deg)


def corners(box: tuple[float, float, float, float]) -> np.ndarray:
    x, y, w, h = box
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=np.float64)


def bounding(points: np.ndarray) -> Box:
    """Smallest whole-pixel box holding the points."""
    x0, y0 = np.floor(points.min(axis=0))
    x1, y1 = np.ceil(points.max(axis=0))
    return int(x0), int(y0), int(x1 - x0), int(y1 - y0)


def corrected_extent(width: int, height: int, skew_deg: float) -> Box:
    """Where the whole master lands in corrected pixels."""
    return bounding(to_corrected(corners((0, 0, width, height)), skew_deg))


def scale_box(box: tuple[float, float, float, float], factor: float) -> Box:
    x, y, w, h = box
    x0, y0 = math.floor(x * factor), math.floor(y * factor)
    x1, y1 = math.ceil((x + w) * factor), math.ceil((y + h) * factor)
    return x0, y0, x1 - x0, y1 - y0


def intersect(a: Box, b: Box) -> Box | None:
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1 - x0, y1 - y0


def union(a: Box, b: Box) -> Box:
    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return x0, y0, x1 - x0, y1 - y0


def grow(box: Box, margin: int) -> Box:
    x, y, w, h = box
    return x - margin, y - margin, w + 2 * margin, h + 2 * margin


def rotate_area(image: pyvips.Image, skew_deg: float, area: Box,
                background: list[float], interpolator: str = "bicubic") -> pyvips.Image:
    """The corrected image's pixels inside `area` (corrected coordinates), lazily."""
    c, s = _cs(skew_deg)
    if abs(skew_deg) < 1e-6:
        # No rotation: a plain crop keeps the original pixels bit for bit.
        return image.embed(-area[0], -area[1], area[2], area[3], extend="background",
                           background=background)
    return image.affine([c, -s, s, c], oarea=list(area),
                        interpolate=pyvips.Interpolate.new(interpolator),
                        background=background, extend="background")
