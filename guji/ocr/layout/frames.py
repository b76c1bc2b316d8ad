"""Printed frames (版框) and the vertical rulings (界行) inside them, at working resolution.

A frame is a connected net of ruled lines that encloses a large part of the image; a
spread of two leaves printed one above the other has two. Unframed pages (manuscripts,
trimmed scans) get the box of their text as a frame.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.ocr.geometry import Box
from guji.ocr.layout.ink import InkMap, long_runs

# A net of lines is a frame when it spans this share of the image in both directions.
MIN_FRAME_SHARE = 0.2
# A candidate ruling is inked over this share of its frame's height; worn rulings have
# gaps, so faint candidates are checked against the rulings' regular spacing.
MIN_RULE_COVER = 0.12
# A ruling this well inked is certain.
STRONG_RULE_COVER = 0.4
# A ruling inked down this share of its frame prints whole: a line, whatever lies by it
# (a doubled frame side has its twin line beside it).
WHOLE_COVER = 0.9
# A candidate with ink beside it within FLANK_GLYPHS, on both sides down FLANKED_BOTH of
# its length or on either side down FLANKED_EITHER, is the strokes of a column of glyphs
# lined up (see `_flanked`). On training pages rulings measured up to 0.03 and 0.67
# where their text keeps its margin; crowded by wide glyphs, more: a flanked candidate
# stays a faint one, taken where the sure rulings expect a ruling.
FLANK_GLYPHS = 0.35
FLANKED_BOTH = 0.05
FLANKED_EITHER = 0.75
# Runs this many glyph widths long count towards a ruling: longer than most strokes.
RULE_RUN_GLYPHS = 1.0
# Pieces of the net (stubs of rulings, a top or bottom rule) set off from a frame by a
# break of up to this many glyphs, across the block, still belong to it.
NET_BREAK_GLYPHS = 1.5
# A part of a cracked frame carries its share of the top and bottom rules: it is at
# least this many glyphs wide. A lone ruling's stub is not one (see `_parts_joined`).
FRAME_PART_GLYPHS = 2.0
# Frames that hold less than this share of the page's text are pieces of a net too
# broken to bound it: the text's extent is read instead, as where no frame is found.
FRAMED_TEXT = 0.8
# A frame drawn round a page's text stands this share of a glyph off it at the sides:
# a cell's margin off its rulings (0.06 of a pitch) at the widest pitch, 1.8 glyphs.
TEXT_FRAME_PAD = 0.12
# The paper's edge lies at least this many glyphs outside the frames it holds.
PAPER_EDGE_GLYPHS = 1.0


def find_frames(m: InkMap) -> list[Box]:
    """Frames in reading order: top to bottom, and right to left within a row."""
    h, w = m.shape
    # Worn frames break; a short reach along each line rejoins its pieces, while the
    # frames of two leaves printed one above the other (a finger's width apart) stay apart.
    reach = max(1, int(m.glyph * 0.15))
    net = (ndimage.maximum_filter(m.vlines, size=(2 * reach + 1, 3))
           | ndimage.maximum_filter(m.hlines, size=(3, 2 * reach + 1)))
    reach = 1
    lab, _ = ndimage.label(net)
    pieces = [Box(s[1].start + reach, s[0].start + reach,
                  s[1].stop - s[1].start - 2 * reach, s[0].stop - s[0].start - 2 * reach)
              for s in ndimage.find_objects(lab) if s is not None]
    frames = [b for b in _parts_joined(pieces, MIN_FRAME_SHARE * h, m.glyph)
              if b.w >= MIN_FRAME_SHARE * w and b.h >= MIN_FRAME_SHARE * h]
    # A net around other frames is the paper's edge against the scanner bed, not print.
    # A piece that shares a side with the net around it is not another frame but a part
    # of the same one, cut off by cracks in its lines; the merge below takes it back.
    frames = [f for f in frames
              if not any(g != f and _well_inside(g, f, PAPER_EDGE_GLYPHS * m.glyph)
                         for g in frames)]
    frames = _merged_overlapping(frames)
    frames = [_rejoined(f, pieces, [g for g in frames if g != f], m.glyph) for f in frames]
    if not frames:
        return _text_frame(m)
    return reading_order(frames)


def _parts_joined(pieces: list[Box], tall: float, glyph: float) -> list[Box]:
    """The pieces, with parts of one frame side by side joined: cracks through its top
    and bottom rules at one ruling cut a frame into parts that may each be narrower than
    a frame (a half-leaf of one spread lost whole: training pages of seed 8585, page
    49, and seed 8686, page 27). Such parts are as tall as a frame, share its top and
    bottom and stand no further apart than a break; the frames of two leaves stand
    further apart, the fold's margins between them."""
    slack = NET_BREAK_GLYPHS * glyph
    wide = FRAME_PART_GLYPHS * glyph
    parts = [p for p in pieces if p.h >= tall]
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(parts):
            b = next((b for b in parts[i + 1:]
                      if min(a.w, b.w) >= wide
                      and max(a.x, b.x) - min(a.right, b.right) <= slack
                      and abs(a.y - b.y) <= slack and abs(a.bottom - b.bottom) <= slack), None)
            if b is not None:
                parts[i] = a.union(b)
                parts.remove(b)
                joined = True
                break
    return parts + [p for p in pieces if p.h < tall]


def text_if_unbounded(m: InkMap, frames: list[Box]) -> list[Box] | None:
    """The text's extent where the frames found hold less than FRAMED_TEXT of the text,
    else None. Asked of the final ink map only: before the glyph is measured again, a
    cracked frame may not be found yet while its twin is (a training spread)."""
    if not frames or _framed_share(m.text, frames) >= FRAMED_TEXT:
        return None
    # A real catalogue page: two parts of a worn frame, joined, held four of its nine
    # columns, and the other five were lost.
    return _text_frame(m) or None


def _text_frame(m: InkMap) -> list[Box]:
    """The box of the page's text as its one frame (none where there is no text), a
    cell's margin wider at each side than the text: cells keep a margin off their
    rulings (cells.RULING_MARGIN of a pitch), and at the side of a box drawn tight
    round the text it cut into the outermost column's ink, the outer half of a note's
    outer sub-column."""
    text = text_extent(m.text)
    if text is None:
        return []
    pad = int(np.ceil(TEXT_FRAME_PAD * m.glyph))
    x0, x1 = max(0, text.x - pad), min(m.text.shape[1], text.right + pad)
    return [Box.from_edges(x0, text.y, x1, text.bottom)]


def _framed_share(text: np.ndarray, frames: list[Box]) -> float:
    """The share of the page's text pixels that lie inside one of the frames."""
    total = int(np.count_nonzero(text))
    if total == 0:
        return 1.0
    inside = np.zeros_like(text, dtype=bool)
    for f in frames:
        inside[f.y:f.bottom, f.x:f.right] = True
    return int(np.count_nonzero(text & inside)) / total


def _rejoined(frame: Box, pieces: list[Box], others: list[Box], glyph: float) -> Box:
    """The frame with the pieces of its net that a break cut off above, below or beside it.

    A crack across the block, or rulings that stop short of a thick top or bottom rule,
    leave the rule and the rulings' ends apart from the frame; a frame cut there would
    cut the first or last character of every column in half. Cracks through the top and
    bottom rules cut off a side of the frame, with its columns and its centre strip."""
    grown = True
    while grown:
        grown = False
        for p in pieces:
            if (_cut_off(p, frame, glyph) and not _inside(p, frame)
                    and not any(_overlap(p.y, p.bottom, o.y, o.bottom) and
                                _overlap(p.x, p.right, o.x, o.right) for o in others)):
                frame = frame.union(p)
                grown = True
    return frame


def _cut_off(p: Box, frame: Box, glyph: float) -> bool:
    """Whether a piece of net is a part of the frame cut off by a break: within the
    frame's width (or height, give or take a stroke), reaching out above or below (or
    beside) it, and no further from it than a break. A rule runs across most of the
    frame, a ruling's stub is a thin upright (a side, or a rule's stub, the same turned);
    anything else near a frame (a seal's border, say) is not its net."""
    reach, slack = NET_BREAK_GLYPHS * glyph, 0.2 * glyph
    across = p.x >= frame.x - slack and p.right <= frame.right + slack
    line = p.w >= 0.5 * frame.w or p.w <= 0.5 * glyph
    if across and line and max(p.y - frame.bottom, frame.y - p.bottom) <= reach:
        return True
    beside = p.y >= frame.y - slack and p.bottom <= frame.bottom + slack
    side = p.h >= 0.5 * frame.h or p.h <= 0.5 * glyph
    return beside and side and max(p.x - frame.right, frame.x - p.right) <= reach


def reading_order(boxes: list[Box]) -> list[Box]:
    """Rows top to bottom (boxes overlapping vertically share a row), right to left."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.y):
        row = next((r for r in rows if _overlap(r[0].y, r[0].bottom, box.y, box.bottom)
                    > 0.5 * min(r[0].h, box.h)), None)
        if row is None:
            rows.append([box])
        else:
            row.append(box)
    return [b for row in rows for b in sorted(row, key=lambda b: -b.right)]


def rulings(m: InkMap, frame: Box) -> list[tuple[int, float]]:
    """Candidate vertical rulings across `frame`: x (working pixels) and the share of the
    frame's height they cover. Faint candidates may be long strokes of text."""
    y0, y1 = frame.y, frame.bottom
    x0, x1 = max(0, frame.x - 2), min(m.shape[1], frame.right + 2)
    band = m.ink[y0:y1, x0:x1]
    runs = long_runs(band, axis=0, length=max(3, int(m.glyph * RULE_RUN_GLYPHS)))
    # A slightly slanted or wavy ruling wanders over neighbouring pixel columns.
    cover = ndimage.maximum_filter1d(runs, 3, axis=1).mean(axis=0)
    peaks = np.flatnonzero(cover >= MIN_RULE_COVER)
    out = []
    for g in _groups(peaks, gap=max(2, int(m.glyph * 0.12))):
        best = int(g[np.argmax(cover[g])])
        # Strokes beside a run are looked for at the size the glyphs measure: the size
        # the pitch imposes on a page of small notes reaches over the margin of paper
        # between a ruling and its text.
        found = float(cover[best])
        if found < WHOLE_COVER and _flanked(band, runs, best, m.measured or m.glyph):
            # Kept as a faint candidate: where the rulings that are sure expect one,
            # it is a ruling crowded by its text.
            found = MIN_RULE_COVER
        out.append((x0 + best, found))
    return out


def _flanked(band: np.ndarray, runs: np.ndarray, x: int, glyph: float) -> bool:
    """Whether the runs at x have ink beside them, within FLANK_GLYPHS: on both sides
    down FLANKED_BOTH of their length, or on either down FLANKED_EITHER. Those are the
    uprights of a column of glyphs lined up (a note's sub-column, whose middle strokes of
    中, 十, 木 fall at one x), not a ruling: a ruling keeps a margin of paper from the
    text, and where a glyph touches it, that glyph is on one side only."""
    on = runs[:, max(0, x - 1):x + 2].any(axis=1)
    if not on.any():
        return False
    reach = max(3, int(FLANK_GLYPHS * glyph))
    left = band[:, max(0, x - reach):max(0, x - 2)].any(axis=1) & on
    right = band[:, x + 3:x + reach + 1].any(axis=1) & on
    length = on.sum()
    return bool((left & right).sum() >= FLANKED_BOTH * length
                or (left | right).sum() >= FLANKED_EITHER * length)


def text_extent(text: np.ndarray) -> Box | None:
    """The box holding nearly all text pixels (stray specks at the edges left out)."""
    ys, xs = np.nonzero(text)
    if xs.size < 50:
        return None
    x0, x1 = np.percentile(xs, [0.2, 99.8])
    y0, y1 = np.percentile(ys, [0.2, 99.8])
    return Box.from_edges(x0, y0, x1 + 1, y1 + 1)


def _well_inside(a: Box, b: Box, margin: float) -> bool:
    return (a.x >= b.x + margin and a.y >= b.y + margin and a.right <= b.right - margin
            and a.bottom <= b.bottom - margin)


def _groups(idx: np.ndarray, gap: int) -> list[np.ndarray]:
    if idx.size == 0:
        return []
    return np.split(idx, np.flatnonzero(np.diff(idx) > gap) + 1)


def _inside(a: Box, b: Box) -> bool:
    return a.x >= b.x and a.y >= b.y and a.right <= b.right and a.bottom <= b.bottom


def _merged_overlapping(boxes: list[Box]) -> list[Box]:
    """Pieces of one worn frame overlap one another; separate frames never do."""
    boxes = list(boxes)
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                if _overlap(a.x, a.right, b.x, b.right) and _overlap(a.y, a.bottom, b.y, b.bottom):
                    boxes[i] = a.union(b)
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))
