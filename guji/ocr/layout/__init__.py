"""Layout analysis of woodblock and manuscript pages: frames, rulings, columns in reading
order, commentary, centre strips and spreads. See docs/ocr.md for the method.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image

from guji.ocr.geometry import Box
from guji.ocr.layout.cells import Cell
from guji.ocr.layout.columns import frame_cells
from guji.ocr.layout.frames import find_frames, text_if_unbounded
from guji.ocr.layout.ink import InkMap, darkest, ink_map, work_reduction
from guji.ocr.layout.model import (
    VERTICAL_RL,
    CentreStripLayout,
    ColumnLayout,
    HalfPageLayout,
    PageLayout,
    PageSide,
    Segment,
)
from guji.ocr.layout.remnants import without_rule_remnants
from guji.ocr.layout.segments import column_segments

# A column's pitch is at least this many glyph widths' worth of glyph: glyphs fill
# 55–80% of the pitch in the books seen.
GLYPH_PER_PITCH = 0.55
# A column's box reaches this share of a glyph above and below its ink: the margin of a
# character's cell, so that a column of one character is as tall as its cell.
CELL_PAD = 0.2
# The masks are redone when the pitch says the glyph is this much wider than measured.
REMEASURE_SHARE = 1.3
# The page is reduced this many blocks of rows at a time (see `_reduced`).
REDUCE_BAND_BLOCKS = 128

__all__ = [
    "VERTICAL_RL", "CentreStripLayout", "ColumnLayout", "HalfPageLayout", "PageLayout",
    "Segment", "analyse_layout",
]


def analyse_layout(rgb: np.ndarray, *, skew_deg: float = 0.0) -> PageLayout:
    """The layout of an upright page image (H×W×3 uint8), boxes in its pixels."""
    h, w = rgb.shape[:2]
    k = work_reduction(w, h)
    small, dark = _reduced(rgb, k)
    m = ink_map(small, k, dark)
    frames = find_frames(m)
    # A page of small commentary measures the glyph at the small glyphs' size; then
    # strokes of its main characters pass for rulings or solid marks. The rulings'
    # pitch bounds the glyph from below: measured with it, the masks are redone.
    found = [frame_cells(m, f) for f in frames]  # cells right to left, pitch
    floor = GLYPH_PER_PITCH * max((pitch for _, pitch in found), default=0.0)
    if floor > REMEASURE_SHARE * m.glyph:
        m = ink_map(small, k, dark, glyph=floor)
        frames = find_frames(m)
        found = [frame_cells(m, f) for f in frames]
    unbounded = text_if_unbounded(m, frames)
    if unbounded is not None:
        frames = unbounded
        found = [frame_cells(m, f) for f in frames]
    halves: list[HalfPageLayout] = []
    glyph = m.glyph
    for frame, (cells, pitch) in zip(frames, found, strict=True):
        # Thin strokes break glyphs into parts and the estimate from parts runs low;
        # the rulings' pitch bounds it from below.
        fm = replace(m, glyph=max(m.glyph, GLYPH_PER_PITCH * pitch))
        fm = replace(fm, text=_frame_text(fm, frame))
        glyph = max(glyph, fm.glyph)
        halves.extend(_half_pages(fm, frame, cells, k))
    if len(halves) == 2 and len(frames) == 2 and _side_by_side(frames[0], frames[1]):
        halves = [_with_side(halves[0], "right"), _with_side(halves[1], "left")]
    return PageLayout(width=w, height=h, skew_deg=skew_deg, glyph=glyph * k,
                      half_pages=tuple(halves), seals=m.seals, direction=VERTICAL_RL)


def _reduced(rgb: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The page reduced k times (block means) and its darkest pixel per block, made a
    band of rows at a time: PIL holds a whole page as four bytes a pixel, which for a
    spread at working resolution is 70 MB more at the OCR's peak. Bands are whole
    blocks tall, so the result is the same as the whole page's."""
    rows = REDUCE_BAND_BLOCKS * k
    smalls, darks = [], []
    for y in range(0, rgb.shape[0], rows):
        band = Image.fromarray(np.ascontiguousarray(rgb[y:y + rows]))
        if k > 1:
            smalls.append(np.asarray(band.reduce(k)))
        darks.append(darkest(np.asarray(band.convert("L")), k))
    return (np.concatenate(smalls) if smalls else rgb), np.concatenate(darks)


def _frame_text(m: InkMap, frame: Box) -> np.ndarray:
    """The page's text with the remains of this frame's top and bottom rules taken out."""
    text = m.text.copy()
    inside = (slice(frame.y, frame.bottom), slice(frame.x, frame.right))
    text[inside] = without_rule_remnants(m.text[inside], m.hlines[inside], m.glyph)
    return text


def _half_pages(m: InkMap, frame: Box, cells: list[Cell], k: int) -> list[HalfPageLayout]:
    """One frame: a single half-page, or a whole leaf split at its centre strip."""
    body = [i for i, c in enumerate(cells) if c.kind == "body"]
    inner = [i for i, c in enumerate(cells) if c.kind == "centre-strip"
             and body and body[0] < i < body[-1]]
    if not inner:
        strip = next((c for c in cells if c.kind == "centre-strip"), None)
        return [_half_page(m, frame, cells, strip, "single", k)]
    # A leaf printed whole: the strip nearest the middle is the fold; the right half
    # of the leaf (side a) is read first.
    middle = frame.x + frame.w / 2
    i = min(inner, key=lambda j: abs((cells[j].x0 + cells[j].x1) / 2 - middle))
    strip = cells[i]
    right = Box.from_edges(strip.x1, frame.y, frame.right, frame.bottom)
    left = Box.from_edges(frame.x, frame.y, strip.x0, frame.bottom)
    return [_half_page(m, right, cells[:i], strip, "right", k),
            _half_page(m, left, cells[i + 1:], strip, "left", k)]


def _half_page(m: InkMap, frame: Box, cells: list[Cell], strip: Cell | None,
               side: PageSide, k: int) -> HalfPageLayout:
    columns = []
    for c in cells:
        if c.kind != "body":
            continue
        segments = _segments(m, frame, c, k)
        if segments:
            box = segments[0].box
            for s in segments[1:]:
                box = box.union(s.box)
            # A column is as wide as its cell between the rulings (a column of narrow
            # glyphs, 一 or 三, is not a narrow column); as tall as its text.
            # Its first and last glyphs stand in cells a little taller than their ink.
            cell = Box.from_edges(c.x0, 0, c.x1, 1).scaled(k)
            pad = CELL_PAD * m.glyph * k
            box = Box.from_edges(min(cell.x, box.x), max(frame.y * k, box.y - pad),
                                 max(cell.right, box.right),
                                 min(frame.bottom * k, box.bottom + pad))
            columns.append(ColumnLayout(box=box, segments=tuple(segments)))
    strip_layout = None
    if strip is not None:
        parts = _segments(m, frame, strip, k)
        box = Box.from_edges(strip.x0, frame.y, strip.x1, frame.bottom).scaled(k)
        strip_layout = CentreStripLayout(box=box, parts=tuple(parts))
    return HalfPageLayout(side=side, frame=frame.scaled(k), columns=tuple(columns),
                          centre_strip=strip_layout)


def _segments(m: InkMap, frame: Box, cell: Cell, k: int) -> list[Segment]:
    text = m.text[frame.y:frame.bottom, cell.x0:cell.x1]
    found = column_segments(text, (cell.x0, frame.y), m.glyph)
    return [_scaled(s, k) for s in found]


def _scaled(s: Segment, k: int) -> Segment:
    return Segment(s.kind, s.box.scaled(k), tuple(b.scaled(k) for b in s.lines), s.certain,
                   tuple(_scaled(n, k) for n in s.maybe_notes))


def _side_by_side(a: Box, b: Box) -> bool:
    return min(a.bottom, b.bottom) - max(a.y, b.y) > 0.5 * min(a.h, b.h)


def _with_side(page: HalfPageLayout, side: PageSide) -> HalfPageLayout:
    return HalfPageLayout(side=side, frame=page.frame, columns=page.columns,
                          centre_strip=page.centre_strip)
