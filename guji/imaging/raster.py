"""Small-array helpers shared by the imaging functions: reduction and ink separation.

Everything here works on reduced numpy copies; full-resolution pixels stay in pyvips.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu


def reduce_to(grey: np.ndarray, max_edge: int) -> tuple[np.ndarray, float]:
    """A float32 copy whose long edge is at most max_edge, and the factor applied (≤ 1).

    Block means (not decimation) so thin rules keep their mass when reduced.
    """
    arr = np.asarray(grey, dtype=np.float32)
    k = int(np.ceil(max(arr.shape) / max_edge))
    if k <= 1:
        return arr, 1.0
    h, w = (arr.shape[0] // k) * k, (arr.shape[1] // k) * k
    small = arr[:h, :w].reshape(h // k, k, w // k, k).mean(axis=(1, 3))
    return small, 1.0 / k


def flatten_background(grey: np.ndarray) -> np.ndarray:
    """Grey divided by its local paper level, in [0, 1]: uneven lighting and toned paper
    become a flat 1.0 so one global threshold separates ink everywhere."""
    g = np.asarray(grey, dtype=np.float32)
    size = max(15, int(min(g.shape) * 0.05)) | 1
    # The brightest values in a window that is wider than any stroke are the paper.
    paper = ndimage.maximum_filter(g, size=size)
    paper = ndimage.uniform_filter(paper, size=size)
    return np.clip(g / np.maximum(paper, 1.0), 0.0, 1.0)


def ink_mask(grey: np.ndarray) -> np.ndarray:
    """True where a pixel is ink (darker than its surrounding paper)."""
    flat = flatten_background(grey)
    if float(flat.max() - flat.min()) < 0.05:
        return np.zeros(flat.shape, bool)
    t = threshold_otsu(flat)
    # Otsu on a mostly-paper page can settle inside the paper's noise; ink is clearly darker.
    return flat < min(t, 0.75)


def runs_at_least(mask: np.ndarray, *, axis: int, length: int) -> np.ndarray:
    """Pixels of `mask` lying on an unbroken straight run at least `length` long along axis.

    A binary opening by a line, done with two running means so it costs O(pixels)
    whatever the length.
    """
    m = mask.astype(np.float32)
    # Windows completely inside a run...
    full = ndimage.uniform_filter1d(m, size=length, axis=axis, mode="constant") > 1 - 1e-4
    # ...and every pixel such a window covers.
    cover = ndimage.uniform_filter1d(full.astype(np.float32), size=length, axis=axis,
                                     mode="constant") > 1e-4
    return mask & cover


def solid_regions(mask: np.ndarray, size: int) -> np.ndarray:
    """Pixels of `mask` inside size × size squares that are wholly True (a square opening)."""
    rows = runs_at_least(mask, axis=1, length=size)
    return runs_at_least(rows, axis=0, length=size)


def rule_pixels(ink: np.ndarray, *, axis: int, length: int, gap: int) -> np.ndarray:
    """Pixels on ruled lines along `axis`: runs at least `length` long once breaks of up
    to `gap` pixels are bridged (worn blocks and heavy binarisation print rules dotted).

    Bridging lengthens each run by about gap/2 at either end; the caller may `& ink`.
    """
    size = max(1, gap) | 1
    bridged = ndimage.uniform_filter1d(ink.astype(np.float32), size=size, axis=axis) > 1e-4
    return runs_at_least(bridged, axis=axis, length=length)
