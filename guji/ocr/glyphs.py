"""Cutting a vertical line of text into glyph cells, top to bottom.

Characters in a column are separated by blank rows, except where strokes touch. Pieces
between blank rows are joined while they are smaller than a glyph (二, 三 and 昌 come
apart into strokes and halves), and a piece as tall as several glyphs is cut at its
quietest rows near the glyph pitch (touching characters).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

# A piece smaller than this share of the glyph size is part of a glyph...
SMALL_PIECE = 0.55
# ...and is joined to a neighbour if together they stay within this share.
JOINED_MAX = 1.15
# A piece taller than this many glyph heights holds touching characters.
TOUCHING = 1.45


def glyph_cells(ink: np.ndarray, glyph: float) -> list[tuple[int, int]]:
    """[top, bottom) rows of each glyph cell in a binary line image (ink True), where
    `glyph` is the expected glyph size in its pixels."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    cells = [[int(a), int(b)] for a, b in zip(np.r_[rows[0], rows[breaks + 1]],
                                              np.r_[rows[breaks], rows[-1]] + 1, strict=True)]
    cells = _joined(cells, glyph)
    pitch = _glyph_height(cells, glyph)
    profile = ink.sum(axis=1)
    out: list[tuple[int, int]] = []
    for a, b in cells:
        out.extend(_cut(a, b, profile, pitch))
    return out


def _glyph_height(cells: list[list[int]], glyph: float) -> float:
    """The line's own glyph height: the median of pieces that look like one glyph
    (glyphs are not square: small commentary glyphs are often taller than wide)."""
    heights = [b - a for a, b in cells if 0.6 * glyph <= b - a <= 1.7 * glyph]
    return float(np.median(heights)) if heights else glyph


def _joined(cells: list[list[int]], glyph: float) -> list[list[int]]:
    """Join the smallest piece to its nearer neighbour until every piece is glyph-sized
    or cannot grow without exceeding a glyph."""
    blocked: set[int] = set()
    while len(cells) > 1:
        sizes = [(b - a, i) for i, (a, b) in enumerate(cells) if i not in blocked]
        if not sizes:
            break
        size, i = min(sizes)
        if size >= SMALL_PIECE * glyph:
            break
        best = None
        for j in (i - 1, i + 1):
            if 0 <= j < len(cells):
                top, bottom = min(cells[i][0], cells[j][0]), max(cells[i][1], cells[j][1])
                gap = max(cells[i][0], cells[j][0]) - min(cells[i][1], cells[j][1])
                if bottom - top <= JOINED_MAX * glyph and (best is None or gap < best[0]):
                    best = (gap, j, top, bottom)
        if best is None:
            blocked.add(i)
            continue
        _gap, j, top, bottom = best
        cells[min(i, j)] = [top, bottom]
        del cells[max(i, j)]
        # Indices shifted: recompute which pieces cannot grow.
        blocked = {k if k < max(i, j) else k - 1 for k in blocked if k != max(i, j)}
    return cells


def _cut(a: int, b: int, profile: np.ndarray, pitch: float) -> list[tuple[int, int]]:
    """A piece as tall as n glyphs cut into n at its quietest rows near the pitch."""
    h = b - a
    if h <= TOUCHING * pitch:
        return [(a, b)]
    n = max(2, int(round(h / pitch)))
    cuts = [a]
    reach = int(0.3 * pitch)
    for k in range(1, n):
        c = a + int(k * h / n)
        lo, hi = max(cuts[-1] + 1, c - reach), min(b - 1, c + reach)
        cuts.append(lo + int(np.argmin(profile[lo:hi])) if hi > lo else c)
    cuts.append(b)
    return list(zip(cuts[:-1], cuts[1:], strict=True))


def without_rulings(ink: np.ndarray, glyph: float) -> np.ndarray:
    """A line's ink without pieces of rulings caught at its edges: shapes more than two
    glyphs tall and thinner than a fifth of a glyph."""
    lab, n = ndimage.label(ink)
    if n == 0:
        return ink
    keep = np.ones(n + 1, bool)
    keep[0] = False
    for i, s in enumerate(ndimage.find_objects(lab), start=1):
        if s is not None and s[0].stop - s[0].start > 2 * glyph and s[1].stop - s[1].start < 0.2 * glyph:
            keep[i] = False
    return keep[lab]


# 曰 and 日 differ in shape only, and recognizers read one for the other: 日 is tall and
# narrow (ink width / height about 0.6–0.77), 曰 squat (0.8 and more).
WIDE_YUE = 0.78


def yue_or_ri(ink: np.ndarray, aspect: float = 1.0) -> str:
    """曰 or 日 by the shape of a glyph's ink (a binary image of one glyph cell), in a
    line whose glyphs stand `aspect` times as tall as wide (tall note glyphs): their
    ink is widened by as much before it is measured."""
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if not rows.size:
        return "日"
    shape = aspect * (cols[-1] - cols[0] + 1) / (rows[-1] - rows[0] + 1)
    return "曰" if shape >= WIDE_YUE else "日"
