"""What is left of a frame's top and bottom rules inside it, taken out of the text.

A doubled frame prints a thin inner rule beside the thick outer one; worn, it breaks into
dashes shorter than any ruling, and a wavy thick rule leaves slivers along its edges that
no straight run covers. Left in the text, each column read them as 一 or 〓 at its top
and bottom. They are thin, lie along the frame's top or bottom edge, and touch a rule,
stand alone (no ink within 0.8 glyph towards the frame's middle but other slivers
and rulings' uprights by the edge, and specks) or line up along one row across the
columns. A character's stroke near the edge
(三 or 言 heading a column) is thicker than a sliver and stands in one column only.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.ocr.layout.specks import SPECK_SHARE

# Pieces no taller than this share of a glyph (or 2 px) are slivers of a rule; those
# that touch it or line up with others, no taller than STRICT_SHARE: the first strokes
# of the columns (of 子, 君) may touch the rule, and they stand in one row.
SLIVER_SHARE = 0.15
STRICT_SHARE = 0.1
# They lie within this many glyphs of the frame's top or bottom (a thick outer rule and
# the gap to the inner one may take most of a glyph); slivers lined up along one row,
# within ROW_EDGE_GLYPHS: the first glyphs of neighbouring columns stand in one row too.
EDGE_GLYPHS = 1.0
ROW_EDGE_GLYPHS = 0.6
# Slivers that do not touch a rule are one when their middles lie within this many
# pixels of one row, and they are at least REMNANT_PIECES pieces adding up to
# REMNANT_GLYPHS glyphs of length: a worn rule across several columns.
ROW_ALIGN_PX = 1.5
# A sliver with no other ink within this many glyphs towards the middle of the frame is
# no stroke of a character heading or ending a column.
ALONE_GLYPHS = 0.8
# Slivers within this many glyphs of the frame's top or bottom are no ink of a character
# to another sliver: those of a worn doubled rule lie on one another there, while a
# character at the edge (三, 二 touching the rule) has a stroke further in.
RULE_BAND_GLYPHS = 0.5
# Thinner than this share of a glyph and starting within UPRIGHT_REACH_GLYPHS of the
# frame's top (ending as near its bottom), a piece is an upright of a ruling: a
# character's lone upright (卜 of 卞) does not start so near the rule.
UPRIGHT_SHARE = 0.15
UPRIGHT_REACH_GLYPHS = 0.75
# Pieces touching a rule are its slivers up to this share of a glyph tall, when alone.
RULE_PIECE_SHARE = 0.2
REMNANT_PIECES = 4
REMNANT_GLYPHS = 2.5


def without_rule_remnants(text: np.ndarray, hlines: np.ndarray, glyph: float) -> np.ndarray:
    """`text` (a frame's text mask) without the remains of its top and bottom rules;
    `hlines` is the frame's mask of horizontal rules."""
    lab, n = ndimage.label(text)
    if n == 0:
        return text
    h = text.shape[0]
    edge = EDGE_GLYPHS * glyph
    thin = max(2.0, SLIVER_SHARE * glyph)
    # A piece of the rule itself, cut off by a nick or a wavy edge, is thicker.
    thick = max(2.0, RULE_PIECE_SHARE * glyph)
    near_rule = ndimage.maximum_filter(hlines, size=5)
    touching = np.zeros(n + 1, bool)
    touching[np.unique(lab[near_rule & (lab > 0)])] = True
    slivers = []
    slices = ndimage.find_objects(lab)
    for i, s in enumerate(slices, start=1):
        if s is None:
            continue
        top, bottom = s[0].start, s[0].stop
        tall, wide = bottom - top, s[1].stop - s[1].start
        if (tall > (thick if touching[i] else thin) or wide < 2 * tall
                or not (bottom <= edge or top >= h - edge)):
            continue
        slivers.append((i, (top + bottom) / 2, wide, tall <= max(2.0, STRICT_SHARE * glyph)))
    blank = _rule_pieces(slices, [i for i, *_ in slivers], h, glyph)
    # Specks are no text either (segments.py drops them from the columns).
    sizes = ndimage.sum_labels(text, lab, index=np.arange(1, n + 1))
    blank[1:] |= sizes < SPECK_SHARE * glyph * glyph
    drop = np.zeros(n + 1, bool)
    for i, row, _wide, strict in slivers:
        drop[i] = ((strict and touching[i])
                   or _alone(lab, i, slices[i - 1], glyph, top_edge=row < h / 2,
                             blank=blank))
    by_row = [(i, row, wide) for i, row, wide, strict in slivers
              if strict and min(row, h - row) <= ROW_EDGE_GLYPHS * glyph]
    for _i, row, _wide in by_row:
        group = [(j, w) for j, r, w in by_row if abs(r - row) <= ROW_ALIGN_PX]
        if len(group) >= REMNANT_PIECES and sum(w for _, w in group) >= REMNANT_GLYPHS * glyph:
            drop[[j for j, _ in group]] = True
    return text & ~drop[lab]


def _rule_pieces(slices: list[tuple[slice, ...] | None], slivers: list[int], h: int,
                 glyph: float) -> np.ndarray:
    """Labels of the pieces along the frame's top or bottom that are no character's ink
    for a sliver to keep: a worn doubled rule leaves slivers stacked on slivers there,
    and the rulings between columns hang thin uprights down from it."""
    band = RULE_BAND_GLYPHS * glyph
    blank = np.zeros(len(slices) + 1, bool)
    for i in slivers:
        s = slices[i - 1]
        assert s is not None
        blank[i] = s[0].stop <= band or s[0].start >= h - band
    reach = UPRIGHT_REACH_GLYPHS * glyph
    for i, s in enumerate(slices, start=1):
        if s is not None and s[1].stop - s[1].start < UPRIGHT_SHARE * glyph:
            blank[i] |= s[0].start <= reach or s[0].stop >= h - reach
    return blank


def _alone(lab: np.ndarray, i: int, s: tuple[slice, ...], glyph: float, *,
           top_edge: bool, blank: np.ndarray) -> bool:
    """Whether nothing else is inked within ALONE_GLYPHS of a sliver on the side away
    from the frame's edge, the slivers marked `blank` aside: a character's stroke has
    the rest of its column beside it."""
    reach = max(2, int(ALONE_GLYPHS * glyph))
    pad = max(1, int(0.1 * glyph))
    x0, x1 = max(0, s[1].start - pad), s[1].stop + pad
    rows = (slice(s[0].stop, s[0].stop + reach) if top_edge
            else slice(max(0, s[0].start - reach), s[0].start))
    near = lab[rows, x0:x1]
    return not np.any((near > 0) & (near != i) & ~blank[near])
