"""The printed frame (版框) of an upright page, from its long ruled lines.

Woodblock frames are worn and broken, and often doubled (a thick outer and a thin
inner line); the frame box is taken to the outer edge of the outermost lines.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.imaging.deskew import content_mask
from guji.imaging.raster import rule_pixels

Box = tuple[int, int, int, int]  # x, y, w, h

# A segment must be this long (share of the page's dimension) to count as a rule:
# longer than a character, so strokes of text do not pass.
_SEGMENT_SHARE = 0.08
# A line's pixels across the page once short runs are gone; worn lines still reach it.
_LINE_SHARE = 0.3
# How far (share of the page) a rule may stop short of the rule it meets.
_MEET_SHARE = 0.05
# The centre strip (版心) the horizontal rules run into is under a tenth of the width;
# a vertical rule further in than this is not the frame's side.
_INSIDE_SHARE = 0.15
# Breaks in a rule bridged before measuring runs (share of the page's dimension).
_GAP_SHARE = 0.008


def frame_box(grey: np.ndarray, ink: np.ndarray | None = None) -> Box | None:
    """The printed frame of an upright page as x, y, w, h, or None when none is printed.

    `ink` is content_mask(grey) when the caller has it already."""
    ink = content_mask(grey) if ink is None else ink
    h, w = ink.shape
    vert = _long_runs(ink, axis=0, length=max(5, int(h * _SEGMENT_SHARE)))
    horiz = _long_runs(ink, axis=1, length=max(5, int(w * _SEGMENT_SHARE)))
    cols = np.flatnonzero(vert.sum(axis=0) > _LINE_SHARE * h)
    rows = np.flatnonzero(horiz.sum(axis=1) > _LINE_SHARE * w)
    # Where the rules' ink really is (the bridging above lengthens every run a little).
    x_span = _span((horiz & ink)[rows].any(axis=0)) if rows.size else None
    y_span = _span((vert & ink)[:, cols].any(axis=1)) if cols.size else None
    xs = _sides(cols, x_span, w)
    ys = _sides(rows, y_span, h)
    if xs is None or ys is None:
        return None
    return xs[0], ys[0], xs[1] - xs[0] + 1, ys[1] - ys[0] + 1


def _span(present: np.ndarray) -> tuple[int, int] | None:
    """Extent of the longest run of `present`, breaks of up to 2 % bridged.

    A seal or a mark that happens to sit at the height of a rule is a separate run.
    """
    gap = max(3, int(present.size * 0.02)) | 1
    bridged = ndimage.uniform_filter1d(present.astype(np.float32), size=gap) > 1e-4
    labels, n = ndimage.label(bridged)
    if n == 0:
        return None
    longest = int(np.argmax(np.bincount(labels.ravel())[1:])) + 1
    idx = np.flatnonzero(present & (labels == longest))
    return (int(idx[0]), int(idx[-1])) if idx.size else None


def _sides(lines: np.ndarray, span: tuple[int, int] | None, size: int) -> tuple[int, int] | None:
    """First and last edge of the frame along one axis.

    `lines` are the rules across this axis, `span` the extent of the rules along it.
    The frame's rules meet: a rule outside the span (a gutter's shadow, the facing
    leaf's edge) is something else, and where the outermost rule lies far inside the
    span (worn or dotted away), the span's end is the better edge.
    """
    if span is None:
        if lines.size >= 2 and lines[-1] - lines[0] > 0.2 * size:
            return int(lines[0]), int(lines[-1])
        return None
    lo, hi = span
    # A double border's inner line stops short of the outer by this much.
    tol = max(3, int(size * _MEET_SHARE))
    reach = int(size * _INSIDE_SHARE)
    inside = lines[(lines >= lo - tol) & (lines <= hi + tol)]
    first = int(inside[0]) if inside.size and inside[0] - lo <= reach else lo
    last = int(inside[-1]) if inside.size and hi - inside[-1] <= reach else hi
    return (first, last) if last - first > 0.2 * size else None


def _long_runs(ink: np.ndarray, *, axis: int, length: int) -> np.ndarray:
    """Ink pixels lying on a straight run at least `length` long along `axis`."""
    gap = max(5, int(ink.shape[axis] * _GAP_SHARE))
    return rule_pixels(ink, axis=axis, length=length, gap=gap)
