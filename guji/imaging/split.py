"""Telling an opening (two facing half-leaves) from a single page, and where its gutter is.

An opening is wider than tall, and down its middle runs a band without print (the
margins at the binding, sometimes with a shadow or the fold) with print on both sides.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import ndimage

from guji.imaging.deskew import content_mask

SplitMode = Literal["auto", "always", "never"]
SPLIT_MODES: tuple[str, ...] = ("auto", "always", "never")

# Openings of thread-bound books are landscape; a half-leaf is portrait.
_MIN_ASPECT = 1.05
# The gutter lies in the middle of the opening, give or take a crooked placement.
_SEARCH = (0.3, 0.7)


def likely_pages(width: int, height: int, mode: str = "auto") -> int:
    """How many pages a scan of this size will most likely give, known before any pixel
    is decoded: a landscape scan is taken for an opening. find_gutter has the last word;
    the guess only lets a page be finished before every scan ahead of it is planned."""
    if mode == "never":
        return 1
    return 2 if mode == "always" or width >= _MIN_ASPECT * height else 1


def find_gutter(grey: np.ndarray, mode: str = "auto",
                ink: np.ndarray | None = None) -> int | None:
    """x of the gutter in an upright page image, or None if it is a single page.

    mode "never" never splits; "always" splits every scan (at the emptiest column
    near the middle); "auto" splits only where an opening is evident. `ink` is
    content_mask(grey) when the caller has it already.
    """
    if mode not in SPLIT_MODES:
        raise ValueError(f"split mode {mode!r} is not one of {', '.join(SPLIT_MODES)}")
    if mode == "never":
        return None
    h, w = grey.shape
    ink = content_mask(grey) if ink is None else ink
    profile = ink.mean(axis=0)
    smooth = ndimage.uniform_filter1d(profile, size=max(3, w // 100))
    lo, hi = int(w * _SEARCH[0]), int(w * _SEARCH[1])
    middle = smooth[lo:hi]
    # Among equally empty columns take the one nearest the centre, where the fold is.
    quiet = np.flatnonzero(middle <= middle.min() + 1e-4)
    x = lo + int(quiet[np.argmin(np.abs(quiet + lo - w / 2))])
    if mode == "always":
        return x
    if w < _MIN_ASPECT * h:
        return None
    left, right = profile[:x], profile[x:]
    total = profile.sum()
    if total <= 0:
        return None
    # Both halves must carry print, and the valley must be nearly empty compared
    # with the printed columns on either side.
    if left.sum() < 0.15 * total or right.sum() < 0.15 * total:
        return None
    printed = np.median(profile[profile > 0.02]) if np.any(profile > 0.02) else 0.0
    if smooth[x] > 0.1 * printed:
        return None
    return x
