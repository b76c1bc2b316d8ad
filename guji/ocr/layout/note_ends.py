"""The first and last rows of a note, cut off from it.

A note's first row of small glyphs may stand so close under the main character above it
that, blurred or set tight, its glyphs touch that character: the path between the note's
sub-columns then starts only at the second row, and the first is cut off with the main
text, where the recognizer reads neither well. And where a note's rows touch one another
down one side, two of them make a piece as tall as a main character's half, which ends a
crowded note (segments._between_tall) before its last row. A row of small glyphs just
above or below a note, parted down the note's path and as tall as the note's own glyphs,
is the note's. Where such a row touches the main character above it (the legs of 天 or
人 run down beside the note's first glyphs), no blank row or stroke across the path
marks where it starts: it starts a row of the note's pitch above the note.
"""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.repeats import self_match
from guji.ocr.layout.rows import SMALL_SHARE, glyph_rows

# Rows of a glyph the path crosses: a run of crossed rows this share of a glyph tall is
# a stroke of the main character above, where the note ends.
STROKE_ROWS = 0.08
# ...and so is a crossed row whose ink runs on across the path this share of a glyph: a
# thin horizontal stroke (the bars of 日 in 者). Glyphs of a note that touch across the
# path touch at a point.
ACROSS = 0.4
# A row of small glyphs is at least this share as tall as the note's median glyph, and
# at most rows.SMALL_SHARE of a full glyph.
ROW_SHARE = 0.7
# Of its inked rows, at most this share may be crossed at the path: where the glyphs of
# the two sides touch.
CROSSED_SHARE = 0.25
# The row stands within this share of a glyph of the note.
NEAR = 0.3
# A row of the note and the main character it touches are taller than this many glyphs.
WITH_MAIN = 1.25
# At most this many rows are taken at either end.
MOST_ROWS = 2
# A first row that touches the main character above is cut a note pitch above the note
# (the lag at which its ink repeats, PITCH_RANGE of a glyph, _row_pitch) only where
# the main character keeps this share of a glyph above the cut, and where the ink down
# the note repeats at that lag at least PERIODIC as well as with itself. On the second
# renderer's seeds 2, 3 and 9 such rows left the character 0.81 to 1.0 of a glyph; one
# cut left 0.63, the lower half of a character (page 3-020, 2 errors more without).
MAIN_LEFT = 0.75
PITCH_RANGE = (0.3, 0.8)
PERIODIC = 0.3


def note_ends(inner: np.ndarray, y0: int, y1: int, x: int, top: int, bottom: int,
              glyph: float) -> tuple[int, int]:
    """Rows [y0, y1) of the note found down its path at x, with the rows of small glyphs
    above and below it taken in; it reaches no higher than `top` and no lower than
    `bottom` (the notes beside it, the column's ends)."""
    sides = [b - a for part in (inner[y0:y1, x:], inner[y0:y1, :x]) for a, b in glyph_rows(part)]
    if not sides:
        return y0, y1
    shortest = ROW_SHARE * float(np.median(sides))
    half = max(1, int(round(0.03 * glyph)))
    pitch = _row_pitch(inner[y0:y1], glyph)
    for k in range(MOST_ROWS):
        start, touching = _row_above(inner, y0, x, half, top, glyph), False
        if k == 0 and pitch is not None and y0 - pitch >= top and _ink_near(
                inner, y0, top, glyph) and (start is None or not _small_row(
                    inner[start:y0], x, half, shortest, glyph)):
            # The first row touches the main character above: no blank row came within
            # a small glyph, or a stroke of that character (天's legs meeting) ended the
            # walk up too high. Only the note's own first row can touch the main text.
            start, touching = y0 - pitch, True
        if start is None or not _small_row(inner[start:y0], x, half, shortest, glyph):
            break
        # The legs or dots of the main character above (其, 見, 六) stand parted at the
        # path too, but with it they are no taller than a character.
        above = np.flatnonzero(~inner[top:start].any(axis=1))
        glyph_top = top + int(above[-1]) + 1 if above.size else top
        if y0 - glyph_top < WITH_MAIN * glyph or (
                touching and start - glyph_top < MAIN_LEFT * glyph):
            break
        y0 = start
    for _ in range(MOST_ROWS):
        stop = _row_below(inner, y1, bottom, glyph)
        if stop is None or not _small_row(inner[y1:stop], x, half, shortest, glyph):
            break
        y1 = stop
    return y0, y1


def _row_pitch(note: np.ndarray, glyph: float) -> int | None:
    """The step from one row of the note to the next: the lag, from PITCH_RANGE of a
    glyph, at which the ink down the note best matches itself shifted. Rows that touch
    at working resolution leave no blank row between them, but their ink still thins
    there. None where no lag matches PERIODIC well."""
    match = self_match(note.sum(axis=1))
    lo, hi = (int(round(share * glyph)) for share in PITCH_RANGE)
    if hi >= match.size or lo < 1 or match[0] <= 0:
        return None
    best = lo + int(np.argmax(match[lo:hi + 1]))
    return best if match[best] >= PERIODIC * match[0] else None


def _small_row(rows: np.ndarray, x: int, half: int, shortest: float, glyph: float) -> bool:
    """Whether `rows` hold one row of small glyphs parted at x: as tall as the note's,
    inked both sides, the path crossed only where glyphs touch."""
    inked = np.asarray(rows.any(axis=1))
    if not inked.any():
        return False
    lines = np.flatnonzero(inked)
    height = int(lines[-1] - lines[0]) + 1
    across = np.array([_across(row, x, half) for row in rows])
    crossed = across > 0
    if not shortest <= height <= SMALL_SHARE * glyph:
        return False
    if crossed[inked].mean() > CROSSED_SHARE:
        return False
    if (across >= ACROSS * glyph).any():
        return False
    return bool(rows[:, :max(0, x - half)].any() and rows[:, x + half + 1:].any())


def _row_above(inner: np.ndarray, y0: int, x: int, half: int, top: int,
               glyph: float) -> int | None:
    """The first row of the glyphs just above row y0: up over blank rows (at most NEAR of
    a glyph), then up to a blank row or to a stroke across the path."""
    if not _ink_near(inner, y0, top, glyph):
        return None
    y = y0 - 1
    while not inner[y].any():
        y -= 1
    stroke = max(2, int(round(STROKE_ROWS * glyph)))
    run = 0
    limit = y0 - int(SMALL_SHARE * glyph) - stroke - 1
    while y >= max(top, limit):
        if not inner[y].any():
            return y + 1
        run = run + 1 if inner[y, max(0, x - half):x + half + 1].any() else 0
        if run >= stroke:
            return y + run
        if run and _across(inner[y], x, half) >= ACROSS * glyph:
            return y + 1
        y -= 1
    return None


def _ink_near(inner: np.ndarray, y0: int, top: int, glyph: float) -> bool:
    """Whether ink stands within NEAR of a glyph above row y0 (and below `top`)."""
    near = inner[max(top, y0 - int(NEAR * glyph) - 1):y0]
    return bool(near.any())


def _row_below(inner: np.ndarray, y1: int, bottom: int, glyph: float) -> int | None:
    """The end of the glyphs just below row y1: down over blank rows (at most NEAR of a
    glyph), then to the next blank row or the column's end, within a small glyph."""
    y = y1
    while y < bottom and not inner[y].any():
        y += 1
    if y >= bottom or y - y1 > NEAR * glyph:
        return None
    limit = min(bottom, y + int(SMALL_SHARE * glyph) + 1)
    while y < limit and inner[y].any():
        y += 1
    return y if y == bottom or not inner[y].any() else None


def _across(row: np.ndarray, x: int, half: int) -> int:
    """Length of the run of ink in `row` that runs across the path's middle band at x,
    from one side of it to the other; 0 where none does. A stroke of a note's glyph
    that only reaches into the band, its sub-columns crowded, does not."""
    inked = np.flatnonzero(row[max(0, x - half):x + half + 1])
    if inked.size == 0:
        return 0
    a = b = max(0, x - half) + int(inked[0])
    while a > 0 and row[a - 1]:
        a -= 1
    while b + 1 < row.size and row[b + 1]:
        b += 1
    return b - a + 1 if a < x - half and b > x + half else 0
