"""Down one column: runs of main text and of double-line small commentary (雙行小注).

Main characters straddle the middle of the column; commentary is set in two narrow
sub-columns with a path of blank paper running between them. Many characters have a
blank gap of their own between radical and phonetic, but at a place that changes from
character to character; the path between sub-columns runs on, drifting only slowly.
So a stretch is commentary when a blank path, drifting at most one pixel in
DRIFT_ROWS rows (paths.py), runs down the middle of the column's ink with ink on both sides, for
longer than a character — or shorter, when its glyphs are small. The last line of a
note may fill only one sub-column; it continues the note above it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import ndimage

from guji.ocr.layout.model import Segment, SegmentKind
from guji.ocr.layout.note_ends import note_ends
from guji.ocr.layout.paths import blank_paths, gap_middle
from guji.ocr.layout.rows import SMALL_SHARE, glyph_rows, inked_rows, mask_box, runs, trim
from guji.ocr.layout.specks import without_specks

# The blank path between sub-columns is looked for in this middle share of the ink.
MIDDLE_SHARE = 0.4
# The path between sub-columns is at least this share of a glyph wide.
CORRIDOR_SHARE = 0.1
# Below this share of a stretch's ink, a side of the path counts as blank.
SIDE_SHARE = 0.12
# Each sub-column is inked on at least this share of the rows of a note.
SIDE_ROWS = 0.3
# A lone sub-column keeps within this share of the column's width.
SIDE_WIDTH = 0.62
# Commentary is at least this many glyphs tall (two rows of small glyphs)...
LONG_NOTE = 1.0
# ...and when shorter than this, its glyphs must be small.
CERTAIN_NOTE = 2.2
# A main character the path ran through: its halves are level within SPLIT_LEVEL of a
# glyph at top and bottom, each SPLIT_TALL glyphs tall and SPLIT_NARROW times as tall as
# wide.
SPLIT_LEVEL = 0.2
SPLIT_TALL = (0.6, 1.3)
SPLIT_NARROW = 1.6
# ...and taller than this many times the median glyph down the stretch: where every row
# is as tall, the stretch is a note in tall narrow glyphs (the Siku hand), not main text.
SPLIT_OVER_NOTE = 1.25
# Down the path between its sub-columns, a note's rows stand less than this share of a
# glyph apart: a hand that sets each row of a note in a whole cell of the main text (the
# Siku hand) leaves more than half a glyph between rows, each row alone too short to be
# a note. Chosen on the training seeds' pages: 0.5, 0.7, 0.8, 0.9 left 385, 301, 277,
# 225 errors on the 149 pages with such notes. A loosely set page stands its rows a
# glyph and a sixth apart (training seed 8787, page 43: 159 of 206 characters wrong at
# 0.9 and at 1.2, 2 at 1.3).
NOTE_ROW_GAP = 1.3
# Notes closer than this share of a glyph are one note.
NOTE_JOIN = 0.6
# Sub-columns crowded until only a crack parts them (see _note_stretches): a stretch
# beside a note continues it from this share of a glyph (a row of small glyphs, not one
# as tall as a main character: _small_rows), and
# two such notes less than CROWDED_BRIDGE glyphs apart, with no more than a small
# glyph's height of ink between them, are one.
CROWDED_ROW = 0.3
CROWDED_BRIDGE = 0.8
# A crowded stretch shorter than CERTAIN_NOTE, small glyphs down both sides of its crack,
# is a note where each side holds CROWDED_ROWS rows of glyphs or more (pieces of at
# least ROW_PART of a glyph: 氵's dots are no rows). With two rows it may be two main
# characters split alike (能溫 parts into 厶月 / 匕匕 and 氵 / 日皿): it is a note within
# CROWDED_BRIDGE of another note or another such stretch, and alone main text that may
# be a note, read both ways (recognize.py). Training seeds 9721-9750: 284 errors -> 234
# (9 pages better, one worse by 2), 9701-9720: 252 -> 248; taking every two-row stretch
# for a note, 203 and 253, seven pages worse by two to four (能溫, 根綿, 相傾).
CROWDED_ROWS = 3
ROW_PART = 0.25
# A piece down either side of a crack taller than this share of a glyph is part of a
# main character, not a note's glyph: it ends a crowded stretch.
CROWDED_TALL = 0.75
# Main text whose ink is smaller than this share of a glyph both ways is a mark (a
# chip of the block, a blot by a rule), not a character: even 一 is wider.
MARK_SHARE = 0.45
# The ink of a column of text spans at least this share of a glyph across it.
NARROWEST_TEXT = 0.3
# The glyphs down a side of a path are a note's where the median one is no taller than
# this share of a glyph. A crack through main characters parts them into halves as tall
# as a character; a note's glyphs set close under each other, in a large note hand,
# measure up to 0.63 of the main glyph (training seeds 9731 page 4 and 9743 page 5: no
# note found on either page at 0.62, 21 and 49 characters wrong; 2 and 0 at 0.7).
NOTE_GLYPH_SHARE = 0.7


def column_segments(text: np.ndarray, origin: tuple[int, int], glyph: float) -> list[Segment]:
    """Segments of one column, top to bottom; `text` is the column's ink, `origin` its
    top-left corner (x, y) in the coordinates the boxes are wanted in."""
    text = without_specks(text, glyph)
    if not text.any():
        return []
    # The middle is that of the column's ink, which need not sit centred between rulings.
    cols = np.flatnonzero(text.any(axis=0))
    cx0, cx1 = int(cols[0]), int(cols[-1]) + 1
    if cx1 - cx0 < NARROWEST_TEXT * glyph:
        # Pieces of a broken ruling that made a cell of their own: even a lone
        # sub-column of small glyphs is wider.
        return []
    inner = text[:, cx0:cx1]
    w = cx1 - cx0
    lo = int(w * (0.5 - MIDDLE_SHARE / 2))
    hi = max(lo + 1, int(np.ceil(w * (0.5 + MIDDLE_SHARE / 2))))
    notes, tall = _note_stretches(inner, lo, hi, glyph)
    notes = _with_ends(inner, notes, glyph)
    ox, oy = origin

    def note(y0: int, y1: int, x: int, certain: bool) -> Segment:
        box = mask_box(text[y0:y1], 0, y0)
        assert box is not None
        right = mask_box(text[y0:y1, cx0 + x:], cx0 + x, y0)
        left = mask_box(text[y0:y1, :cx0 + x], 0, y0)
        lines = tuple(b.shifted(ox, oy) for b in (right, left) if b is not None)
        return Segment("note", box.shifted(ox, oy), lines, certain)

    out = []
    for kind, y0, y1, x, certain in _pieces(inner, notes, glyph):
        box = mask_box(text[y0:y1], 0, y0)
        if box is None:
            continue
        if kind == "main" and max(box.w, box.h) < MARK_SHARE * glyph:
            continue
        if kind == "main":
            maybe = tuple(note(a, b, tx, False) for a, b, tx in tall if y0 <= a and b <= y1)
            out.append(Segment("main", box.shifted(ox, oy), (box.shifted(ox, oy),),
                               maybe_notes=maybe))
            continue
        out.append(note(y0, y1, x, certain))
    return out


def _with_ends(inner: np.ndarray, notes: list[tuple[int, int, int, bool]], glyph: float
               ) -> list[tuple[int, int, int, bool]]:
    """Notes with their first and last rows of small glyphs, where the path between the
    sub-columns did not reach them (note_ends.py)."""
    notes = sorted(notes)
    out: list[tuple[int, int, int, bool]] = []
    for i, (y0, y1, x, certain) in enumerate(notes):
        top = out[-1][1] if out else 0
        bottom = notes[i + 1][0] if i + 1 < len(notes) else inner.shape[0]
        out.append((*note_ends(inner, y0, y1, x, top, bottom, glyph), x, certain))
    return out


def _note_stretches(inner: np.ndarray, lo: int, hi: int, glyph: float
                    ) -> tuple[list[tuple[int, int, int, bool]], list[tuple[int, int, int]]]:
    """(y0, y1, x, certain) of each stretch of commentary: rows, the path's mean x, and
    whether it is long enough to be sure of; and (y0, y1, x) of short stretches that
    may be notes of glyphs as tall as the main text's, only narrower."""
    out: list[tuple[int, int, int, bool]] = []
    tall: list[tuple[int, int, int]] = []
    # The path is a corridor, not a crack: strokes thinned or broken by scanning leave
    # one-pixel cracks through characters, which a corridor this wide does not fit.
    corridor = max(1, int(round(CORRIDOR_SHARE * glyph))) | 1
    widened = ndimage.maximum_filter1d(inner, corridor, axis=1)
    labels, _ = ndimage.label(inner, structure=np.ones((3, 3), bool))
    extents = [(s[0].start, s[0].stop) for s in ndimage.find_objects(labels)]
    for y0, y1, _x in _path_stretches(widened[:, lo:hi], inner, lo, glyph):
        y0, y1 = _between_glyphs(inner, labels, extents, y0, y1, glyph)
        found = _note_between(inner, y0, y1, lo, hi, glyph, crowded=False)
        if found is None:
            continue
        if found.maybe:
            tall.append((found.y0, found.y1, found.x))
            continue
        _join(out, (found.y0, found.y1, found.x, found.certain), glyph)
    # A hand that crowds a note's sub-columns until they touch leaves no corridor, only
    # a crack between them. Where the wide corridor found nothing, a crack will do for
    # a long stretch of small glyphs down both sides: cracks through main characters
    # part them into halves as tall as a character, which are not small.
    crowded = inner[:, lo:hi].copy()
    for y0, y1, _x, _certain in out:
        crowded[y0:y1] = True
    for y0, y1, _x in tall:
        crowded[y0:y1] = True
    before = set(out)
    short: list[_Found] = []
    for p0, p1, _x in _path_stretches(crowded, inner, lo, glyph):
        p0, p1 = _between_glyphs(inner, labels, extents, p0, p1, glyph)
        for y0, y1 in _between_tall(inner, p0, p1, lo, hi, glyph):
            # Next to a note found already, a crowded stretch continues it and need not
            # be long: a stroke that touched the other side ended the corridor there.
            if any(_apart(n[0], n[1], y0, y1) < NOTE_JOIN * glyph for n in out):
                found = _small_rows(inner, y0, y1, lo, hi, glyph)
            else:
                found = _note_between(inner, y0, y1, lo, hi, glyph, crowded=True)
            if found is not None and found.maybe:
                short.append(found)
            elif found is not None:
                _join_crowded(out, found, glyph)
    _short_crowded(out, tall, short, glyph)
    _bridge_crowded(inner, out, before, glyph)
    out.sort()
    return out, tall


def _path_stretches(mid: np.ndarray, inner: np.ndarray, lo: int, glyph: float
                    ) -> list[tuple[int, int, int]]:
    """(y0, y1, x) of the inked stretches along each blank path through `mid`."""
    stretches = []
    for p0, p1, x in blank_paths(mid):
        # Commentary is continuous text: a blank of NOTE_ROW_GAP glyphs ends it.
        for a, b in runs(inked_rows(inner[p0:p1]), int(NOTE_ROW_GAP * glyph)):
            stretches.append((p0 + a, p0 + b, x + lo))
    return stretches


class _Found(NamedTuple):
    """A stretch of commentary found down a path: rows, the path's x, whether it is long
    enough to be sure of; `maybe` for one that may be a note of glyphs as tall as the
    main text's, or main text (laid out as main text, read both ways: recognize.py)."""

    y0: int
    y1: int
    x: int
    certain: bool
    maybe: bool = False


def _note_between(inner: np.ndarray, y0: int, y1: int, lo: int, hi: int, glyph: float, *,
                  crowded: bool) -> _Found | None:
    """The commentary in rows y0–y1, or None where it is no note. A crowded note (found
    by a crack, not a corridor) must be small both sides, and long or CROWDED_ROWS rows
    a side; with two rows it comes back `maybe`, for _short_crowded to judge."""
    if y1 - y0 < LONG_NOTE * glyph:
        return None
    x = gap_middle(inner[y0:y1], lo, hi)
    kept = _without_split_characters(inner, y0, y1, x, glyph)
    if kept[1] - kept[0] < LONG_NOTE * glyph:
        # Halves of tall narrow glyphs all the way: characters split alike (北非),
        # or a note of tall narrow glyphs (內府 / 藏本). Main text, read as a note
        # only where that fails (recognize.py).
        return None if crowded else _Found(y0, y1, x, False, maybe=True)
    y0, y1 = kept
    left, right = inner[y0:y1, :x], inner[y0:y1, x:]
    if min(left.sum(), right.sum()) < SIDE_SHARE * (left.sum() + right.sum()):
        return None
    # Both sub-columns run the whole way down, glyph after glyph.
    if min(left.any(axis=1).mean(), right.any(axis=1).mean()) < SIDE_ROWS:
        return None
    # Two wide characters in a row may both have a gap between radical and phonetic
    # at the same place; their halves are as tall as characters, a note's are small.
    certain = y1 - y0 >= CERTAIN_NOTE * glyph
    small = _small(left, glyph) and _small(right, glyph)
    if crowded and not (certain and small):
        rows = min(_rows(left, glyph), _rows(right, glyph))
        if not small or rows < 2:
            return None
        if rows < CROWDED_ROWS:
            return _Found(y0, y1, x, False, maybe=True)  # a note only beside another
    if not certain and not small:
        # Two characters split at the same place, or a note in tall narrow glyphs:
        # laid out as main text, read as a note only where that fails (recognize.py).
        return _Found(y0, y1, x, False, maybe=True)
    return _Found(y0, _last_line(inner, y1, x, glyph), x, certain)


def _between_tall(inner: np.ndarray, y0: int, y1: int, lo: int, hi: int, glyph: float
                  ) -> list[tuple[int, int]]:
    """A crowded stretch cut where a piece down either side of its crack is taller than
    a note's glyph: a part of a main character the crack ran through (得's 彳; 能 parts
    into small pieces, 得 below it does not)."""
    x = gap_middle(inner[y0:y1], lo, hi)
    tall = sorted((y0 + a, y0 + b) for side in (inner[y0:y1, :x], inner[y0:y1, x:])
                  for a, b in glyph_rows(side) if b - a > CROWDED_TALL * glyph)
    out, y = [], y0
    for a, b in tall:
        if a > y:
            out.append(trim(inner, y, a))
        y = max(y, b)
    if y < y1:
        out.append(trim(inner, y, y1))
    return [(a, b) for a, b in out if b > a]


def _small_rows(inner: np.ndarray, y0: int, y1: int, lo: int, hi: int, glyph: float
                ) -> _Found | None:
    """A row of small glyphs, or more, down both sides of a crack, as a note's stretch.
    One row is no taller than a small glyph, two a glyph: between the two, it is as tall
    as a main character the crack ran through (天 above a note, in small pieces)."""
    if not (CROWDED_ROW * glyph <= y1 - y0 <= SMALL_SHARE * glyph or y1 - y0 >= LONG_NOTE * glyph):
        return None
    x = gap_middle(inner[y0:y1], lo, hi)
    left, right = inner[y0:y1, :x], inner[y0:y1, x:]
    if not (left.any() and right.any() and _small(left, glyph) and _small(right, glyph)):
        return None
    return _Found(y0, y1, x, False)


def _short_crowded(out: list[tuple[int, int, int, bool]], tall: list[tuple[int, int, int]],
                   short: list[_Found], glyph: float) -> None:
    """Crowded stretches of two rows a side: notes where another note or another such
    stretch stands within CROWDED_BRIDGE glyphs; alone, main text that may be a note."""
    spans = [(n[0], n[1]) for n in out]
    beside = [any(_apart(f.y0, f.y1, a, b) < CROWDED_BRIDGE * glyph for a, b in spans)
              or any(g is not f and _apart(f.y0, f.y1, g.y0, g.y1) < CROWDED_BRIDGE * glyph
                     for g in short) for f in short]
    for f, joined in zip(short, beside, strict=True):
        if joined:
            _join_crowded(out, f, glyph)
        else:
            tall.append((f.y0, f.y1, f.x))


def _apart(a0: int, a1: int, b0: int, b1: int) -> int:
    """Rows of paper between two stretches (negative where they overlap)."""
    return max(a0, b0) - min(a1, b1)


def _rows(side: np.ndarray, glyph: float) -> int:
    """Rows of glyphs down one side of a crack: pieces at least ROW_PART of a glyph tall."""
    return sum(1 for a, b in glyph_rows(side) if b - a >= ROW_PART * glyph)


def _bridge_crowded(inner: np.ndarray, out: list[tuple[int, int, int, bool]],
                    before: set[tuple[int, int, int, bool]], glyph: float) -> None:
    """Join a crowded note to the next across a row of small glyphs whose strokes
    touched across the crack: a main character between two notes is taller."""
    out.sort()
    i = 0
    while i + 1 < len(out):
        (a0, a1, ax, _), (b0, b1, _bx, _) = out[i], out[i + 1]
        between = trim(inner, a1, b0)
        crowded = out[i] not in before or out[i + 1] not in before
        if (crowded and b0 - a1 < CROWDED_BRIDGE * glyph
                and between[1] - between[0] <= SMALL_SHARE * glyph):
            out[i:i + 2] = [(a0, b1, ax, False)]
            continue
        i += 1


def _join(out: list[tuple[int, int, int, bool]], found: tuple[int, int, int, bool],
          glyph: float) -> None:
    """Add a note to those found down a path, top to bottom: two notes a sliver apart
    are one (a stroke of a small glyph crossed the path)."""
    y0, y1, x, certain = found
    if out and y0 - out[-1][1] < NOTE_JOIN * glyph:
        y0, x = out[-1][0], out[-1][2]
        certain = True
        out.pop()
    out.append((y0, y1, x, certain))


def _join_crowded(out: list[tuple[int, int, int, bool]], found: _Found, glyph: float) -> None:
    """Add a crowded note to the notes found before, joining those within a sliver of
    it above or below."""
    y0, y1, x = found.y0, found.y1, found.x
    near = [n for n in out if _apart(n[0], n[1], y0, y1) < NOTE_JOIN * glyph]
    for n in near:
        out.remove(n)
        if n[0] < y0:
            x = n[2]
        y0, y1 = min(y0, n[0]), max(y1, n[1])
    # A crack may yet have run through a main character of a few small pieces: a note
    # found by one is not certain.
    out.append((y0, y1, x, False))


def _without_split_characters(inner: np.ndarray, y0: int, y1: int, x: int,
                              glyph: float) -> tuple[int, int]:
    """A stretch without the main characters at its ends that the path ran through:
    門, 州 or 則 part down their middle into two halves as tall as a character and
    narrow, side by side, top and bottom level. A note's glyphs are as wide as its
    sub-column, and the glyphs on its two sides start and end apart. A stretch whose
    rows are all as tall is a note in tall narrow glyphs and keeps them."""
    heights = [b - a for side in (inner[y0:y1, :x], inner[y0:y1, x:])
               for a, b in glyph_rows(side)]
    if not heights:
        return y0, y1
    shortest = max(SPLIT_TALL[0] * glyph, SPLIT_OVER_NOTE * float(np.median(heights)))
    while y1 - y0 >= LONG_NOTE * glyph:
        top = _split_character(inner[y0:y1], x, glyph, shortest, last=False)
        if top is None:
            break
        y0 = trim(inner, y0 + top, y1)[0]
    while y1 - y0 >= LONG_NOTE * glyph:
        bottom = _split_character(inner[y0:y1], x, glyph, shortest, last=True)
        if bottom is None:
            break
        y1 = trim(inner, y0, y0 + bottom)[1]
    return y0, y1


def _split_character(stretch: np.ndarray, x: int, glyph: float, shortest: float, *,
                     last: bool) -> int | None:
    """Where the first (or last) glyph of each side ends (starts) when the two are the
    halves of one main character, each at least `shortest` tall; else None."""
    halves = [_end_glyph(side, last) for side in (stretch[:, :x], stretch[:, x:])]
    if any(h is None for h in halves):
        return None
    (a0, a1, aw), (b0, b1, bw) = halves  # type: ignore[misc]
    level = abs(a0 - b0) <= SPLIT_LEVEL * glyph and abs(a1 - b1) <= SPLIT_LEVEL * glyph
    tall = all(shortest <= h <= SPLIT_TALL[1] * glyph for h in (a1 - a0, b1 - b0))
    narrow = (a1 - a0) >= SPLIT_NARROW * aw and (b1 - b0) >= SPLIT_NARROW * bw
    if not (level and tall and narrow):
        return None
    return min(a0, b0) if last else max(a1, b1)


def _end_glyph(side: np.ndarray, last: bool) -> tuple[int, int, int] | None:
    """Rows [start, stop) and ink width of the first (last) glyph down one side. Any
    blank row parts glyphs, as in _glyph_rows: bridging gaps of a tenth of a glyph made
    one tall narrow glyph of three small ones in a note."""
    runs = glyph_rows(side)
    if not runs:
        return None
    a, b = runs[-1] if last else runs[0]
    cols = np.flatnonzero(side[a:b].any(axis=0))
    return a, b, int(cols[-1] - cols[0] + 1)


def _between_glyphs(inner: np.ndarray, labels: np.ndarray, extents: list[tuple[int, int]],
                    y0: int, y1: int, glyph: float) -> tuple[int, int]:
    """Shrink a stretch to whole glyphs. A shape that runs across an end of the stretch
    is a main character whose own gap the path ran through (or one the note touches):
    the stretch gives it up, and ends where that shape ends."""
    reach = max(1, int(0.3 * glyph))
    top = _crossing(labels, y0, reach)
    if top.size:
        y0 = max(y0, max(extents[i - 1][1] for i in top))
    bottom = _crossing(labels, y1, reach)
    if bottom.size:
        y1 = min(y1, min(extents[i - 1][0] for i in bottom))
    return trim(inner, y0, y1) if y1 > y0 else (y0, y0)


def _crossing(labels: np.ndarray, y: int, reach: int) -> np.ndarray:
    """Labels of the shapes with ink both just above and just below row y."""
    above = np.unique(labels[max(0, y - reach):y])
    below = np.unique(labels[y:y + reach])
    return np.intersect1d(above[above > 0], below[below > 0])


def _last_line(inner: np.ndarray, y1: int, x: int, glyph: float) -> int:
    """Extend a note over a following stretch inked on one side of its path only."""
    h, w = inner.shape
    y = y1
    limit = int(0.6 * glyph)
    while y < h:
        rows = inner[y:]
        inked = np.flatnonzero(rows.any(axis=1))
        if inked.size == 0:
            return y1
        start = y + int(inked[0])
        if start - y1 > limit:
            return y1
        stop = start
        while stop < h and inner[stop].any():
            stop += 1
        piece = inner[start:stop]
        on_left, on_right = piece[:, :x].any(), piece[:, x:].any()
        cols = np.flatnonzero(piece.any(axis=0))
        if on_left and on_right or cols[-1] - cols[0] + 1 > SIDE_WIDTH * w:
            return y1
        y1 = y = stop
    return y1


def _small(side: np.ndarray, glyph: float) -> bool:
    """Whether the glyphs down one side of a path are commentary-sized (by median)."""
    heights = np.sort([b - a for a, b in glyph_rows(side)])
    if heights.size == 0:
        return False
    # The height of the glyph that holds the median row: a dot above a tall glyph does
    # not make it small.
    median = heights[np.searchsorted(np.cumsum(heights), heights.sum() / 2)]
    return bool(median <= NOTE_GLYPH_SHARE * glyph)


def _pieces(inner: np.ndarray, notes: list[tuple[int, int, int, bool]],
            glyph: float) -> list[tuple[SegmentKind, int, int, int, bool]]:
    """(kind, y0, y1, path x, certain) stretches top to bottom: the notes and the main
    text between them."""
    out: list[tuple[SegmentKind, int, int, int, bool]] = []
    y = 0
    for y0, y1, x, certain in sorted(notes):
        out.extend(("main", a, b, 0, True) for a, b in _main_runs(inner, y, y0, glyph))
        out.append(("note", y0, y1, x, certain))
        y = y1
    out.extend(("main", a, b, 0, True) for a, b in _main_runs(inner, y, inner.shape[0], glyph))
    return out


def _main_runs(inner: np.ndarray, y0: int, y1: int, glyph: float) -> list[tuple[int, int]]:
    """Main text between y0 and y1, split where a whole glyph's height is blank."""
    return [(y0 + a, y0 + b) for a, b in runs(inked_rows(inner[y0:y1]), int(1.0 * glyph))]
