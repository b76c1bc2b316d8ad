"""The printed frame (版框) of an upright page, from its long ruled lines.

Woodblock frames are worn and broken, and often doubled (a thick outer and a thin
inner line); the frame box is taken to the outer edge of the outermost lines.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.imaging.deskew import content_mask
from guji.imaging.raster import runs_at_least

Box = tuple[int, int, int, int]  # x, y, w, h

# A segment must be this long (share of the page's dimension) to count as a rule:
# longer than a character, so strokes of text do not pass.
_SEGMENT_SHARE = 0.08
# A line's pixels across the page once short runs are gone; worn lines still reach it.
_LINE_SHARE = 0.3


def frame_box(grey: np.ndarray) -> Box | None:
    """The printed frame of an upright page as x, y, w, h, or None when none is printed."""
    ink = content_mask(grey)
    h, w = ink.shape
    vert = _long_runs(ink, axis=0, length=max(5, int(h * _SEGMENT_SHARE)))
    horiz = _long_runs(ink, axis=1, length=max(5, int(w * _SEGMENT_SHARE)))
    cols = np.flatnonzero(vert.sum(axis=0) > _LINE_SHARE * h)
    rows = np.flatnonzero(horiz.sum(axis=1) > _LINE_SHARE * w)
    # The frame's rules meet: vertical rules outside the span of the horizontal ones (a
    # gutter's shadow, the edge of the facing leaf) and vice versa are something else.
    tol_x, tol_y = max(3, w // 100), max(3, h // 100)
    if rows.size:
        span = np.flatnonzero(horiz[rows].any(axis=0))
        cols = cols[(cols >= span[0] - tol_x) & (cols <= span[-1] + tol_x)]
    if cols.size:
        span = np.flatnonzero(vert[:, cols].any(axis=1))
        rows = rows[(rows >= span[0] - tol_y) & (rows <= span[-1] + tol_y)]
    if cols.size < 2 and rows.size < 2:
        return None
    if cols.size >= 2 and cols[-1] - cols[0] > 0.2 * w:
        x0, x1 = int(cols[0]), int(cols[-1])
    elif rows.size:
        xs = np.flatnonzero(horiz[rows].any(axis=0))
        x0, x1 = int(xs[0]), int(xs[-1])
    else:
        return None
    if rows.size >= 2 and rows[-1] - rows[0] > 0.2 * h:
        y0, y1 = int(rows[0]), int(rows[-1])
    elif cols.size:
        ys = np.flatnonzero(vert[:, cols].any(axis=1))
        y0, y1 = int(ys[0]), int(ys[-1])
    else:
        return None
    return x0, y0, x1 - x0 + 1, y1 - y0 + 1


def _long_runs(ink: np.ndarray, *, axis: int, length: int) -> np.ndarray:
    """Ink pixels lying on a straight run at least `length` long along `axis`."""
    # Bridge small breaks first: worn blocks print rules with gaps of a few pixels.
    bridged = ndimage.uniform_filter1d(ink.astype(np.float32), size=5, axis=axis) > 1e-4
    return runs_at_least(bridged, axis=axis, length=length)
