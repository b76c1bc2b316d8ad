"""recognize_page: layout analysis, then every line of the page read by one engine."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from guji.ocr.engine import Glyph, LineImage, LineKind, LineReading, OcrEngine, get_engine
from guji.ocr.geometry import Box
from guji.ocr.image import UprightImage, load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.ink import grey_without_seals
from guji.ocr.layout.model import PageLayout, Segment
from guji.ocr.numerals import LOOKALIKE_NUMERALS, NUMERAL_CHARS, parse_numeral, strip_fields
from guji.ocr.page import CentreStrip, OcrColumn, OcrHalfPage, OcrLine, OcrPage, TextKind

# Smallest glyph width assumed for a line, as a share of the page's glyph: a column of
# one narrow character (一) must not be blown up to fill the engine's glyph size.
MIN_MAIN_GLYPH = 0.7
MIN_SMALL_GLYPH = 0.35
# A short, uncertain note is kept as commentary only if read this much more surely
# (mean confidence, 0–1) than the same stretch read as main text.
NOTE_MARGIN = 0.0


def recognize_page(image: Path, *, engine: str | OcrEngine = "tesseract",
                   deskew: bool = True) -> OcrPage:
    """Layout and text of one page image (a corrected half-leaf, a raw scan or a spread)."""
    reader = get_engine(engine) if isinstance(engine, str) else engine
    page = load_upright(Path(image), deskew=deskew)
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    return read_layout(layout, page, reader, name=Path(image).name)


@dataclass(frozen=True)
class _Job:
    line: LineImage
    box: Box  # the crop, upright page pixels


def read_layout(layout: PageLayout, page: UprightImage, engine: OcrEngine, *,
                name: str) -> OcrPage:
    """Read every line of an analysed page with `engine` (one batch per page)."""
    jobs: list[_Job] = []

    def add(box: Box, kind: LineKind, small: bool, charset: str | None = None) -> int:
        jobs.append(_job(page, box, kind, layout.glyph, small, charset))
        return len(jobs) - 1

    # Which jobs hold each segment's readings: as laid out, and as main text for a note
    # that may be main text after all.
    plans: list[list[tuple[Segment, list[int], int | None]]] = []
    strips: list[list[tuple[Segment, list[int], int | None]]] = []
    for half in layout.half_pages:
        plan = []
        for column in half.columns:
            for seg in column.segments:
                small = seg.kind == "note"
                idx = [add(b, seg.kind, small) for b in seg.lines]
                alt = None if seg.certain else add(seg.box, "main", False)
                plan.append((seg, idx, alt))
        plans.append(plan)
        parts = half.centre_strip.parts if half.centre_strip else ()
        strip_plan = []
        for n, seg in enumerate(parts):
            # Below the title the leaf number stands: each lower part is read once
            # more limited to numerals, which Tesseract otherwise confuses (十/上, 九/力).
            leaf = add(seg.box, "strip", True, NUMERAL_CHARS) if n > 0 else None
            strip_plan.append((seg, [add(b, "strip", True) for b in seg.lines], leaf))
        strips.append(strip_plan)
    readings = engine.read_lines([j.line for j in jobs])

    def line(i: int, kind: TextKind) -> OcrLine:
        return _ocr_line(page, jobs[i], readings[i], kind)

    halves = []
    for half, plan, strip_plan in zip(layout.half_pages, plans, strips, strict=True):
        columns = []
        k = 0
        for column in half.columns:
            lines: list[OcrLine] = []
            for _seg in column.segments:
                seg, idx, alt = plan[k]
                k += 1
                as_laid = [line(i, "commentary" if seg.kind == "note" else "body") for i in idx]
                if alt is not None and _surer(line(alt, "body"), as_laid):
                    lines.append(line(alt, "body"))
                else:
                    lines.extend(as_laid)
            columns.append(OcrColumn(box=page.to_source(column.box), lines=tuple(lines)))
        centre = None
        if half.centre_strip is not None:
            read_parts = [_strip_part([line(i, "centre-strip") for i in idx],
                                      None if leaf is None else line(leaf, "centre-strip"))
                          for _seg, idx, leaf in strip_plan]
            fields = strip_fields(["".join(p.text for p in part) for part in read_parts])
            centre = CentreStrip(box=page.to_source(half.centre_strip.box),
                                 lines=tuple(p for part in read_parts for p in part),
                                 title=fields.title, juan=fields.juan, leaf=fields.leaf)
        halves.append(OcrHalfPage(side=half.side, frame=page.to_source(half.frame),
                                  columns=tuple(columns), centre_strip=centre))
    return OcrPage(image=name, width=page.width, height=page.height, skew_deg=page.skew_deg,
                   engine=engine.describe(), half_pages=tuple(halves),
                   seals=tuple(page.to_source(s) for s in layout.seals),
                   direction=layout.direction)


def _strip_part(free: list[OcrLine], numeral: OcrLine | None) -> list[OcrLine]:
    """The foot of a strip as the surest numeral reading: read limited to numerals, or
    read freely with look-alikes (上 for 十) put right — whichever holds more numerals;
    kept as read freely where that is not mostly numerals (a carver's name, say)."""
    if numeral is None:
        return free
    text = "".join(line.text for line in free)
    looks = sum(1 for c in text if c in NUMERAL_CHARS or c in LOOKALIKE_NUMERALS)
    if not text or looks * 2 <= len(text):
        return free
    mapped = [replace(line, text=_numeral_text(line.text),
                      glyphs=tuple(replace(g, text=_numeral_text(g.text)) for g in line.glyphs))
              for line in free]
    mapped_text = "".join(line.text for line in mapped)
    # A reading that parses as a numeral written with its units (三十三, not 三二三) is
    # the surer one; then the free reading, which was not forced into numerals.
    return mapped if _numeral_rank(mapped_text) >= _numeral_rank(numeral.text) else [numeral]


def _numeral_rank(text: str) -> tuple[bool, bool, int]:
    well_formed = parse_numeral(text) is not None and (len(text) == 1 or any(
        c in "十百千廿卅" for c in text))
    return (parse_numeral(text) is not None, well_formed, len(text))


def _numeral_text(text: str) -> str:
    return "".join(LOOKALIKE_NUMERALS.get(c, c) for c in text)


def _job(page: UprightImage, box: Box, kind: LineKind, glyph: float, small: bool,
         charset: str | None = None) -> _Job:
    box = box.clipped(page.width, page.height)
    rgb = page.rgb[box.y:box.bottom, box.x:box.right]
    pixels = np.clip(grey_without_seals(rgb), 0, 255).astype(np.uint8)
    floor = (MIN_SMALL_GLYPH if small else MIN_MAIN_GLYPH) * glyph
    return _Job(LineImage(pixels=pixels, kind=kind, glyph=max(float(box.w), floor),
                          charset=charset), box)


def _ocr_line(page: UprightImage, job: _Job, reading: LineReading, kind: TextKind) -> OcrLine:
    glyphs = tuple(Glyph(g.text, page.to_source(g.box.shifted(job.box.x, job.box.y)),
                         g.confidence) for g in reading.glyphs)
    return OcrLine(kind=kind, box=page.to_source(job.box), text=reading.text,
                   confidence=reading.confidence, glyphs=glyphs)


def _surer(main: OcrLine, note: list[OcrLine]) -> bool:
    """Whether reading a stretch as main text is surer than reading it as a note."""
    glyphs = [g.confidence for line in note for g in line.glyphs]
    note_conf = float(np.mean(glyphs)) if glyphs else 0.0
    return main.confidence + NOTE_MARGIN > note_conf
