"""The deskew rotation as coordinates: master pixels <-> corrected pixels.

The correction turns the content clockwise by the measured skew about the master's
origin. Corrected coordinates are those of that rotation, unbounded; a page is a box
in them, cut out directly without an intermediate full canvas: lazily by pyvips' affine
(reduced copies), or into memory a band of rows at a time by OpenCV (full-resolution
pages, `render_area`).
"""

from __future__ import annotations

import math

import cv2
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


# Rows of the corrected page turned per OpenCV call: the master's rows each band needs
# (its height plus the skew's slant across the page) are read in place from a master in
# memory, else copied out of pyvips, about 17 MB for a 33-MP page; larger bands were no
# faster.
RENDER_BAND = 1024


def render_area(image: pyvips.Image, skew_deg: float, area: Box,
                background: list[float], pixels: np.ndarray | None = None) -> pyvips.Image:
    """`rotate_area`, bilinear, computed into memory: the page image pyvips reads on from
    (render_pixels' buffer, shared)."""
    out = pyvips.Image.new_from_array(render_pixels(image, skew_deg, area, background, pixels))
    return out.copy(interpretation=image.interpretation)


def render_pixels(image: pyvips.Image, skew_deg: float, area: Box,
                  background: list[float], pixels: np.ndarray | None = None) -> np.ndarray:
    """`rotate_area`, bilinear, as a numpy array (H×W, or H×W×bands).

    OpenCV's warpAffine turned a 33-MP page in 0.19 s of one core where pyvips' affine
    took 0.67 s (bilinear; the two agree within two levels). The master stays in pyvips:
    each band of output rows is computed from a copy of only the master's rows it reads.
    `pixels`, the master's decode as numpy (Master.pixels), when it is in memory: the bands
    are then read from it in place, not copied out of pyvips first.
    """
    bands = image.bands
    if abs(skew_deg) < 1e-6:
        if pixels is None:
            return np.asarray(rotate_area(image, skew_deg, area, background).numpy(),
                              dtype=np.uint8)
        return _cut(pixels, area, background)
    c, s = _cs(skew_deg)
    ax, ay, width, height = area
    page = np.empty((height, width, bands), dtype=np.uint8)
    fill = tuple(float(v) for v in background)
    for top in range(0, height, RENDER_BAND):
        rows = min(RENDER_BAND, height - top)
        reach = to_master(corners((ax, ay + top, width, rows)), skew_deg)
        # Two pixels of margin each side: bilinear reads the next pixel over and down. Only
        # the columns the band reads: one page of an opening needs half the master's.
        x0 = max(0, math.floor(reach[:, 0].min()) - 2)
        x1 = min(image.width, math.ceil(reach[:, 0].max()) + 2)
        y0 = max(0, math.floor(reach[:, 1].min()) - 2)
        y1 = min(image.height, math.ceil(reach[:, 1].max()) + 2)
        if x1 <= x0 or y1 <= y0:  # the band lies wholly off the master
            page[top:top + rows] = np.asarray(fill, dtype=np.float64).round().astype(np.uint8)
            continue
        source = (pixels[y0:y1, x0:x1] if pixels is not None
                  else np.ascontiguousarray(image.crop(x0, y0, x1 - x0, y1 - y0).numpy()))
        # Corrected (u, v) of the band -> master (x - x0, y - y0): to_corrected's inverse.
        inverse = np.array([[c, s, c * ax + s * (ay + top) - x0],
                            [-s, c, -s * ax + c * (ay + top) - y0]])
        turned = cv2.warpAffine(source, inverse, (width, rows),
                                flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
        page[top:top + rows] = turned.reshape(rows, width, bands)
    return page if bands > 1 else page[:, :, 0]


def _cut(pixels: np.ndarray, area: Box, background: list[float]) -> np.ndarray:
    """`area` of an unturned master: its own pixels, the background where it reaches past."""
    x, y, width, height = area
    page = np.empty((height, width, *pixels.shape[2:]), dtype=np.uint8)
    page[...] = np.asarray(background, dtype=np.float64).round().astype(np.uint8)
    inside = intersect(area, (0, 0, pixels.shape[1], pixels.shape[0]))
    if inside is not None:
        ix, iy, iw, ih = inside
        page[iy - y:iy - y + ih, ix - x:ix - x + iw] = pixels[iy:iy + ih, ix:ix + iw]
    return page
