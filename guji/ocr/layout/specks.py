"""What is no text in a column: specks of dirt, scratches and the remains of worn rulings.

Taken out of a column's ink before it is cut into main text and notes (segments.py).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

# Specks smaller than this share of a glyph's area are not text.
SPECK_SHARE = 0.01
# The thin strokes of a light glyph fall apart into pieces each smaller than a speck: 之
# and 三 of a small note hand were taken out whole, and the note's line began or ended
# without them. Pieces smaller than a speck that lie FRAGMENT_REACH of a glyph apart or
# closer are one shape, and that shape is text where it has a speck's ink, spans
# PIECES_LEAST to PIECES_SPAN of a glyph both ways (a glyph, not a dot or a sliver of a
# ruling) and stands within NEAR_TEXT glyphs of the rows of larger pieces (not in the
# blank head of a column, where a worn rule breaks into pieces). Larger pieces beside
# them are no part of the shape: the dots and broken strokes of a note's glyphs in the
# crack between its sub-columns stay specks, or they close the path between them.
# Measured (training faces): second renderer's seeds 2, 3 and 9 430 -> 381 errors, the
# generator's seeds 9721-9750 234 -> 226 and 9701-9720 248 -> 243, no page worse; the
# Siku catalogue's pages (no truth) 168 -> 171 stray characters, 348 -> 354 notes.
# Tried: every piece within reach of any other as one shape, 336 on seeds 2, 3 and 9,
# but 223 stray on the catalogue, and a drawn note in a wobbling hand lost its path.
FRAGMENT_REACH = 0.1
PIECES_LEAST = 0.25
PIECES_SPAN = 1.0
NEAR_TEXT = 1.0
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
    """Text without specks of dirt (FRAGMENT_REACH) and without what is left of worn
    rulings: shapes taller than a glyph and a quarter yet thinner than a stroke's width
    are never characters, nor are thin pieces lined up one under another along a side of
    the column."""
    lab, n = ndimage.label(text)
    if n == 0:
        return text
    least = max(3.0, SPECK_SHARE * glyph * glyph)
    sizes = ndimage.sum_labels(text, lab, index=np.arange(1, n + 1))
    keep = np.concatenate([[False], sizes >= least])
    keep[1:] |= _glyph_in_pieces(lab, sizes, least, glyph)
    slices = ndimage.find_objects(lab)
    for i, s in enumerate(slices, start=1):
        if s is not None and _thin(s, glyph) and s[0].stop - s[0].start > THIN_TALL * glyph:
            keep[i] = False
    for group in _lined_up_at_sides(slices, glyph, text.shape[1]):
        keep[group] = False
    return keep[lab]


def _glyph_in_pieces(lab: np.ndarray, sizes: np.ndarray, least: float,
                     glyph: float) -> np.ndarray:
    """Which pieces (by label - 1), each smaller than a speck, make up with the others
    as small within FRAGMENT_REACH of them a glyph broken apart."""
    small = sizes < least
    small_ink = np.concatenate([[False], small])[lab]
    reach = max(1, int(round(FRAGMENT_REACH * glyph)))
    shapes, count = ndimage.label(ndimage.maximum_filter(small_ink, size=2 * reach + 1))
    if count == 0:
        return np.zeros(len(sizes), bool)
    ink = ndimage.sum_labels(small_ink, shapes, index=np.arange(1, count + 1))
    text_rows = _near_larger(lab, small, glyph)
    glyph_like = np.array([_glyph_like(s, text_rows, glyph) for s in ndimage.find_objects(
        np.where(small_ink, shapes, 0), max_label=count)], bool)
    whole = glyph_like & (ink >= least)
    # Every piece lies within one shape: its pixels all carry that shape's label.
    shape_of = np.asarray(ndimage.maximum(shapes, lab, index=np.arange(1, len(sizes) + 1)), int)
    return small & whole[np.maximum(shape_of, 1) - 1]


def _near_larger(lab: np.ndarray, small: np.ndarray, glyph: float) -> np.ndarray:
    """Rows within NEAR_TEXT glyphs of a piece a speck's size or larger."""
    larger = np.concatenate([[False], ~small])[lab].any(axis=1)
    if not larger.any():
        return larger
    return ndimage.maximum_filter1d(larger, size=2 * int(NEAR_TEXT * glyph) + 1)


def _glyph_like(s: tuple[slice, ...] | None, text_rows: np.ndarray, glyph: float) -> bool:
    if s is None:
        return False
    h, w = s[0].stop - s[0].start, s[1].stop - s[1].start
    return (PIECES_LEAST * glyph <= min(h, w) and max(h, w) <= PIECES_SPAN * glyph
            and bool(text_rows[s[0]].any()))


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
