"""Lines to read: crops of the upright page with what an engine needs to know of them
(the glyph size, how tall its glyphs stand), and readings put back in page pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from guji.ocr.engine import Glyph, LineImage, LineKind, LineReading
from guji.ocr.geometry import Box
from guji.ocr.image import UprightImage
from guji.ocr.layout.ink import grey_without_seals
from guji.ocr.page import OcrLine, TextKind

# Smallest glyph width assumed for a line, as a share of the page's glyph: a column of
# one narrow character (一) must not be blown up to fill the engine's glyph size.
MIN_MAIN_GLYPH = 0.7
MIN_SMALL_GLYPH = 0.35
# A note's glyphs between these many times as tall as wide are read squeezed square (the
# Siku hand); below, they are square small glyphs; above, runs of rows that did not part.
TALL_GLYPHS = (1.3, 2.5)
# Ink at least this much darker than the paper (grey levels) for a line to be measured.
INK_CONTRAST = 40


@dataclass(frozen=True)
class Job:
    """A line to read and where its crop lies (upright page pixels)."""

    line: LineImage
    box: Box


def line_job(page: UprightImage, box: Box, kind: LineKind, glyph: float, small: bool,
             charset: str | None = None) -> Job:
    """The crop of `box` to read, seals turned to paper, with its glyph size and aspect."""
    box = box.clipped(page.width, page.height)
    rgb = page.rgb[box.y:box.bottom, box.x:box.right]
    pixels = np.clip(grey_without_seals(rgb), 0, 255).astype(np.uint8)
    floor = (MIN_SMALL_GLYPH if small else MIN_MAIN_GLYPH) * glyph
    aspect = glyph_aspect(pixels) if kind == "note" else 1.0
    return Job(LineImage(pixels=pixels, kind=kind, glyph=max(float(box.w), floor),
                          charset=charset, aspect=aspect), box)


def glyph_aspect(pixels: np.ndarray) -> float:
    """How many times as tall as wide the glyphs of a note's sub-column stand: the
    median run of inked rows over the ink's width. 1 where that is under TALL_GLYPHS[0]
    (square small glyphs) or over TALL_GLYPHS[1] (glyphs touching one another, whose runs
    do not part them), or where fewer than two runs part."""
    if pixels.size == 0:
        return 1.0
    paper, ink = np.percentile(pixels, 90), np.percentile(pixels, 2)
    if paper - ink < INK_CONTRAST:
        return 1.0
    inked = pixels < (paper + ink) / 2
    cols = np.flatnonzero(inked.any(axis=0))
    rows = np.flatnonzero(inked.any(axis=1))
    if cols.size == 0:
        return 1.0
    breaks = np.flatnonzero(np.diff(rows) > 1)
    runs = np.diff(np.concatenate([[0], breaks + 1, [rows.size]]))
    if runs.size < 2:
        return 1.0
    ratio = float(np.median(runs)) / (cols[-1] - cols[0] + 1)
    return ratio if TALL_GLYPHS[0] <= ratio <= TALL_GLYPHS[1] else 1.0


def ocr_line(page: UprightImage, job: Job, reading: LineReading, kind: TextKind,
             box: Box | None = None) -> OcrLine:
    """The line of a reading, its glyphs in page pixels; `box` when it covers only part
    of the job's crop."""
    glyphs = tuple(Glyph(g.text, page.to_source(g.box.shifted(job.box.x, job.box.y)),
                         g.confidence) for g in reading.glyphs)
    return OcrLine(kind=kind, box=page.to_source(box or job.box), text=reading.text,
                   confidence=reading.confidence, glyphs=glyphs)
