"""What is no text in a column: specks of dirt, scratches and the remains of worn rulings.

Taken out of a column's ink before it is cut into main text and notes (segments.py).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

# Specks smaller than this share of a glyph's area are not text.
SPECK_SHARE = 0.01
# A worn ruling (often the inner line of a doubled frame side) leaves thin upright
# pieces near a side of the column, one under another: pieces within this share of a
# glyph of a side, lined up within REMNANT_ALIGN, adding up to REMNANT_LENGTH glyphs.
REMNANT_SIDE = 0.25
REMNANT_ALIGN = 0.06
REMNANT_LENGTH = 1.5
# A shape thinner than a stroke and taller than this many glyphs is no character's (a
# scratch, a piece of ruling): strokes are no taller than their glyph.
THIN_TALL = 1.25


def without_specks(text: np.ndarray, glyph: float) -> np.ndarray:
    """Text without specks of dirt and without what is left of worn rulings: shapes
    taller than a glyph and a quarter yet thinner than a stroke's width are never characters, nor
    are thin pieces lined up one under another along a side of the column."""
    lab, n = ndimage.label(text)
    if n == 0:
        return text
    sizes = ndimage.sum_labels(text, lab, index=np.arange(1, n + 1))
    keep = np.concatenate([[False], sizes >= max(3.0, SPECK_SHARE * glyph * glyph)])
    slices = ndimage.find_objects(lab)
    for i, s in enumerate(slices, start=1):
        if s is not None and _thin(s, glyph) and s[0].stop - s[0].start > THIN_TALL * glyph:
            keep[i] = False
    for group in _lined_up_at_sides(slices, glyph, text.shape[1]):
        keep[group] = False
    return keep[lab]


def _thin(s: tuple[slice, ...], glyph: float) -> bool:
    return s[1].stop - s[1].start < 0.15 * glyph


def _lined_up_at_sides(slices: list[tuple[slice, ...] | None], glyph: float,
                       width: int) -> list[list[int]]:
    """Labels of thin pieces near a side of the column that line up into a ruling's
    remains. A character's lone upright stroke (川, 刂) may stand near a side, but not
    piece after piece at the same place down the column."""
    side = REMNANT_SIDE * glyph
    near = [(i, (s[1].start + s[1].stop) / 2, s[0].stop - s[0].start)
            for i, s in enumerate(slices, start=1)
            if s is not None and _thin(s, glyph) and s[0].stop - s[0].start >= 0.15 * glyph
            and (s[1].start < side or s[1].stop > width - side)]
    groups = []
    for i, x, _h in near:
        group = [j for j, xj, _hj in near if abs(xj - x) <= max(1.0, REMNANT_ALIGN * glyph)]
        length = sum(h for j, _xj, h in near if j in group)
        if len(group) >= 3 and length >= REMNANT_LENGTH * glyph and min(group) == i:
            groups.append(group)
    return groups
