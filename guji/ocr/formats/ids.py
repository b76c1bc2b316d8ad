"""Stable ids for the parts of an OcrPage, the same in every output form.

Half-pages are h1, h2 … (reading order); columns c1, c2 … across the page, blank ones
included, so a column keeps its id whatever is read in it; a half-page's centre strip is
s1, s2 …; a line is its block's id and _l1, _l2 …; a glyph its line's id and _g1, _g2 ….
"""

from __future__ import annotations

from dataclasses import dataclass

from guji.ocr.page import CentreStrip, OcrLine, OcrPage, TextKind
from guji.pipeline.geometry import Box


@dataclass(frozen=True)
class IdLine:
    id: str
    line: OcrLine

    def glyph_id(self, k: int) -> str:
        """The id of the line's k-th glyph (from 0)."""
        return f"{self.id}_g{k + 1}"


@dataclass(frozen=True)
class IdBlock:
    """A column or a centre strip, with its id and its lines'."""

    id: str
    half: int  # index of its half-page
    half_id: str
    kind: TextKind
    box: Box
    text: str
    confidence: float
    lines: tuple[IdLine, ...]
    strip: CentreStrip | None = None


def page_blocks(page: OcrPage) -> list[IdBlock]:
    """Columns and centre strips in reading order, each half-page's strip after its columns."""
    blocks: list[IdBlock] = []
    columns = strips = 0
    for n, half in enumerate(page.half_pages):
        for column in half.columns:
            columns += 1
            blocks.append(_block(f"c{columns}", n, column.kind, column.box, column.text,
                                 column.confidence, column.lines))
        if half.centre_strip is not None:
            strips += 1
            s = half.centre_strip
            blocks.append(_block(f"s{strips}", n, "centre-strip", s.box, s.text, s.confidence,
                                 s.lines, s))
    return blocks


def _block(block_id: str, half: int, kind: TextKind, box: Box, text: str, confidence: float,
           lines: tuple[OcrLine, ...], strip: CentreStrip | None = None) -> IdBlock:
    return IdBlock(block_id, half, f"h{half + 1}", kind, box, text, confidence,
                   tuple(IdLine(f"{block_id}_l{m}", line) for m, line in enumerate(lines, 1)),
                   strip)
