"""Which cells of a frame are its centre strip (版心): a fish-tail or a black trunk
across a cell narrower than a column, a bar across a cell at the frame's side, one strip
at a side of a half-leaf or in the middle of a leaf printed whole."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.ocr.geometry import Box
from guji.ocr.layout.cells import RULING_MARGIN, Cell, ink_box, inner_span
from guji.ocr.layout.ink import InkMap

# A fish-tail (魚尾) or trunk (象鼻) is a solid mark at least this share of its cell's
# width, and this share of a glyph's area: more than a heavy stroke of a character.
FISH_TAIL_SHARE = 0.5
FISH_TAIL_AREA = 0.15
# ...and at least this share of a glyph tall: thicker than any line of the frame.
FISH_TAIL_HEIGHT = 0.25
# ...and solid: inked on at least this share of its bounding box.
FISH_TAIL_FILL = 0.4
# A strip has two fish-tails and two trunks at most (one or two on the training pages
# and the Siku catalogue); a column of a heavy face 24 px tall had ten or eleven.
FISH_TAILS_MOST = 4
# A mark no taller than this many glyphs that lies within as many of the frame's top or
# bottom is a piece of that rule (a worn block's thick line, 0.3 glyph tall on a real
# catalogue page), not a fish-tail.
FRAME_RULE_GLYPHS = 0.5
# A bar covering this share of a cell's width, rulings included, crosses it.
CROSSING_SHARE = 0.85
# A frame's top or bottom rule runs along at least this share of its width, within a
# glyph of it (measured by a throwaway script): 0.24 and more on the Siku catalogue's
# worn frames (118 pages), 0.98 on drawn ones; none on the independent renderer's pages
# printed without a frame, which have no horizontal line at all.
PRINTED_RULE = 0.1
# A centre strip is at most this share of a column pitch wide.
STRIP_SHARE = 0.8
# Text narrower than this share of a pitch, alone at a frame side, is a cut centre strip.
EDGE_FRAGMENT_SHARE = 0.6
# A centre strip at a side of its frame is at most this share of the frame's width.
STRIP_FRAME_SHARE = 0.12
# A centre strip stands within this many pitches of a side of its frame (a half-leaf),
# or within this share of the frame's width of its middle (a leaf printed whole).
STRIP_SIDE_PITCHES = 1.5
STRIP_MIDDLE_SHARE = 0.15
# Of two cells taken for a half-leaf's centre strip, one at each side, one inked on at
# least this share of its rows and this many times the other's share is text.
STRIP_TEXT_ROWS = 0.4
STRIP_TEXT_RATIO = 1.5
# ...when the other is at least this many pitches wide (0.5–1.3 on those pages).
STRIP_MIN_PITCHES = 0.4


def strip_like(m: InkMap, frame: Box, ruled: tuple[int, int], pitch: float, *,
               edge: bool) -> bool:
    """Whether the cell between the rulings `ruled` is a centre strip. It is narrower
    than a column of text and carries a fish-tail or a black trunk; a heavy character in
    a full-width column is not one. A half-leaf's strip lies at a side of its frame (edge),
    and a hollow fish-tail is only outlined: there the strip is told by a bar across it,
    which no column has. The pitch may be a guess on an unruled page; the strip's share
    of the frame is not."""
    a, b = inner_span(*ruled, pitch)
    blobs = m.blobs[frame.y:frame.bottom, a:b]
    narrow_edge = edge and ruled[1] - ruled[0] <= STRIP_FRAME_SHARE * frame.w
    return (((b - a <= STRIP_SHARE * pitch or narrow_edge)
             and has_fish_tail(blobs, b - a, m.glyph))
            or (edge and (ruled[1] - ruled[0] <= pitch or narrow_edge)
                and _crossed(m, frame, *ruled)))


def _crossed(m: InkMap, frame: Box, a: int, b: int) -> bool:
    """Whether a bar runs from ruling to ruling across the cell [a, b) and stops there,
    inside the frame: the bar of a hollow fish-tail. Strokes of characters keep clear of
    the rulings; lines of the frame (often doubled) run on across the other cells."""
    inset = int(m.glyph)
    y0, y1 = frame.y + inset, frame.bottom - inset
    band = m.ink[y0:y1, max(0, a):b]
    if not band.size:
        return False
    across = band.mean(axis=1) >= CROSSING_SHARE
    reach = max(2, int(0.5 * m.glyph))
    for x in (a - reach, b + reach):
        if 0 <= x < m.hlines.shape[1]:
            across &= ~ndimage.maximum_filter1d(m.hlines[y0:y1, x], 3)
    return bool(across.any())


def printed_frame(m: InkMap, frame: Box) -> bool:
    """Whether the frame is printed: a rule runs within a glyph of its top or bottom,
    along some of it (worn, or a frame found round the text a worn frame lost). A leaf
    cut at its centre strip keeps those, not its side; a frame drawn round the text of
    a page printed without one has none."""
    reach = max(2, int(m.glyph))
    for y in (frame.y, frame.bottom - 1):
        near = m.hlines[max(0, y - reach):y + reach + 1, frame.x:frame.right]
        if near.size and float(near.any(axis=0).mean()) >= PRINTED_RULE:
            return True
    return False


def has_fish_tail(blobs: np.ndarray, width: int, glyph: float) -> bool:
    """A solid mark spanning most of the cell: a fish-tail (its two halves joined) or
    a black trunk. A heavy stroke of a character is narrower or smaller; a column of a
    heavy face at a small size, its strokes run together, has such a mark in glyph after
    glyph, a strip no more than FISH_TAILS_MOST. `blobs` is the cell's solid marks from
    the frame's top to its bottom."""
    return 0 < _fish_tails(blobs, width, glyph) <= FISH_TAILS_MOST


def _fish_tails(blobs: np.ndarray, width: int, glyph: float) -> int:
    """How many marks in the cell are as wide, tall and solid as a fish-tail."""
    if not blobs.any():
        return 0
    # The halves of a fish-tail (a notch between them) are one mark.
    joined = ndimage.binary_closing(blobs, structure=np.ones((1, max(3, int(0.3 * glyph))), bool))
    lab, _ = ndimage.label(joined | blobs)
    rule = FRAME_RULE_GLYPHS * glyph
    found = 0
    for i, s in enumerate(ndimage.find_objects(lab), start=1):
        if s is None:
            continue
        w, h = s[1].stop - s[1].start, s[0].stop - s[0].start
        area = int((blobs[s] & (lab[s] == i)).sum())
        if h <= rule and (s[0].start <= rule or s[0].stop >= blobs.shape[0] - rule):
            continue
        # A piece of a frame line left in the cell is as wide but only a line tall; the
        # heavy strokes of a large heading glyph span as much but fill little of it.
        if (w >= FISH_TAIL_SHARE * width and h >= FISH_TAIL_HEIGHT * glyph
                and area >= FISH_TAIL_AREA * glyph * glyph and area >= FISH_TAIL_FILL * w * h):
            found += 1
    return found


def mark_edge_fragments(cells: list[Cell], pitch: float, rules: list[int]) -> list[Cell]:
    """A narrow cell at a frame side, outside the outermost ruling, is a strip cut off
    where the leaf was folded or photographed in halves: never body text. A column
    between rulings is none, however narrow: the last of an unruled stretch owns only
    half a gap of paper beyond its text (a heading column by the frame's side). Asked
    of printed frames only (see `printed_frame`)."""
    if not rules or len(cells) < 3:
        return cells
    out = list(cells)
    for i, outside in ((0, cells[0].x1 <= rules[0]), (-1, cells[-1].x0 >= rules[-1])):
        c = cells[i]
        if outside and c.kind == "body" and c.x1 - c.x0 < EDGE_FRAGMENT_SHARE * pitch:
            out[i] = Cell(c.x0, c.x1, "centre-strip", c.text)
    return out


def strips_at_sides_or_middle(m: InkMap, frame: Box, cells: list[Cell],
                               pitch: float) -> list[Cell]:
    """Cells taken for a centre strip away from both sides of the frame and from its
    middle are columns of text: a half-leaf's strip is at its side, a whole leaf's in
    its middle. Thick strokes of a heavy face pass for a fish-tail in a narrow column."""
    middle = frame.x + frame.w / 2
    out = []
    for c in cells:
        centre = (c.x0 + c.x1) / 2
        off = (c.kind == "centre-strip"
               and min(c.x0 - frame.x, frame.right - c.x1) > STRIP_SIDE_PITCHES * pitch
               and abs(centre - middle) > STRIP_MIDDLE_SHARE * frame.w)
        if off:
            box = ink_box(m.text[frame.y:frame.bottom, c.x0:c.x1], c.x0, frame.y, m.glyph)
            c = Cell(c.x0, c.x1, "body" if box else "empty", box)
        out.append(c)
    return out


def one_side_strip(m: InkMap, frame: Box, cells: list[Cell], pitch: float) -> list[Cell]:
    """A half-leaf has its centre strip at one side only, where the leaf folds. Where
    the outermost cell at a side was taken for one, another cell taken for one (at the
    other side, or in the middle) that is inked down most of its length, half as much
    again as the side's, is a column of text: thick strokes of a heavy face pass for a
    fish-tail, while a strip carries a title, a juan and a leaf number with blank paper
    between (0.02–0.21 of its rows inked on the training pages that had two, 0.43–0.51
    in the Siku catalogue; its text columns 0.44–0.89). Cells left to right; empty
    slivers beyond the outermost cells do not count."""
    inked_cells = [i for i, c in enumerate(cells) if c.kind != "empty"]
    if len(inked_cells) < 3:
        return cells
    strips = [i for i in inked_cells if cells[i].kind == "centre-strip"]
    ends = [i for i in (inked_cells[0], inked_cells[-1]) if i in strips]
    if len(strips) < 2 or not ends:
        return cells
    margin = max(2, int(round(RULING_MARGIN * pitch)))
    inked = {i: float(m.text[frame.y:frame.bottom,
                             cells[i].x0 + margin:max(cells[i].x0 + margin + 1,
                                                      cells[i].x1 - margin)]
                      .any(axis=1).mean()) for i in strips}
    # Both ends strips: the one inked less is the strip; the other gives way first.
    for j in sorted(ends, key=lambda e: inked[e]):
        # The side's must be a strip's width and show its marks: a sliver of a cell cut
        # off at the frame's side, or one with a bar across it, is no strip to give
        # way to.
        strip = cells[j]
        if not (strip.x1 - strip.x0 >= STRIP_MIN_PITCHES * pitch
                and _fish_tail_in(m, frame, strip, pitch)):
            continue
        text = [i for i in strips if i != j and inked[i] >= STRIP_TEXT_ROWS
                and inked[i] >= STRIP_TEXT_RATIO * inked[j]]
        if not text:
            continue
        out = list(cells)
        for i in text:
            c = cells[i]
            box = ink_box(m.text[frame.y:frame.bottom, c.x0:c.x1], c.x0, frame.y, m.glyph)
            out[i] = Cell(c.x0, c.x1, "body" if box else "empty", box)
        return out
    return cells


def _fish_tail_in(m: InkMap, frame: Box, c: Cell, pitch: float) -> bool:
    a, b = inner_span(c.x0, c.x1, pitch)
    return has_fish_tail(m.blobs[frame.y:frame.bottom, a:b], b - a, m.glyph)


def one_strip_at_each_side(cells: list[Cell], at_left: bool, at_right: bool,
                            rules: list[int]) -> list[Cell]:
    """A frame side holds one centre strip: narrow cells of text next to it, further in
    and between the outermost rulings, are columns (the halves of a note in a heavy
    face, whose thick strokes pass for fish-tails in a cell that narrow). Outside the
    rulings they stay strips: what is left of a seal or of the leaf's other half. Cells
    left to right; at_left and at_right say whether the first and last reach the
    frame's sides."""
    out = list(cells)
    if not rules or not out:
        return out
    for reaches, inward in ((at_left, range(len(out))), (at_right, range(len(out) - 1, -1, -1))):
        first, *rest = inward
        if not reaches or out[first].kind != "centre-strip":
            continue
        for i in rest:
            c = out[i]
            if c.kind != "centre-strip":
                break
            if rules[0] <= c.x0 and c.x1 <= rules[-1]:
                out[i] = Cell(c.x0, c.x1, "body", c.text)
    return out
