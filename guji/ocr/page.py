"""The OCR result of one page image: layout and text, boxes in the image's pixels.

Everything reads `vertical-rl`: glyphs top to bottom, lines and columns right to left,
and the right half-page of a spread before the left. The forms it is written in (text,
hOCR, ALTO, JSON) are functions over it in guji.ocr.formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from guji.ocr.engine import Glyph
from guji.ocr.geometry import Box
from guji.ocr.layout.model import VERTICAL_RL, Direction, PageSide

TextKind = Literal["body", "commentary", "centre-strip"]


@dataclass(frozen=True)
class OcrLine:
    """One line read by the engine: a run of main text, one sub-column of commentary
    (right before left), or a part of the centre strip."""

    kind: TextKind
    box: Box
    text: str
    confidence: float
    glyphs: tuple[Glyph, ...]


@dataclass(frozen=True)
class OcrColumn:
    """A printed column with its lines in reading order."""

    box: Box
    lines: tuple[OcrLine, ...]

    @property
    def kind(self) -> TextKind:
        """commentary when all of it is commentary, else body."""
        if self.lines and all(line.kind == "commentary" for line in self.lines):
            return "commentary"
        return "body"

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        return _confidence(self.lines)


@dataclass(frozen=True)
class CentreStrip:
    """The centre strip (版心) of a half-page, kept apart from the body text."""

    box: Box
    lines: tuple[OcrLine, ...]
    title: str | None
    juan: int | None
    leaf: int | None

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float:
        return _confidence(self.lines)


@dataclass(frozen=True)
class OcrHalfPage:
    """A half-leaf of the image: its frame, columns right to left and centre strip."""

    side: PageSide
    frame: Box
    columns: tuple[OcrColumn, ...]
    centre_strip: CentreStrip | None


@dataclass(frozen=True)
class OcrPage:
    """Layout and recognised text of one image."""

    image: str  # the image's file name
    width: int
    height: int
    skew_deg: float  # counter-clockwise skew found in the image (boxes are in its pixels)
    engine: str  # engine name and version
    half_pages: tuple[OcrHalfPage, ...]
    seals: tuple[Box, ...]
    direction: Direction = VERTICAL_RL

    @property
    def columns(self) -> tuple[OcrColumn, ...]:
        """Every column of body text and commentary in reading order."""
        return tuple(c for half in self.half_pages for c in half.columns)

    @property
    def centre_strips(self) -> tuple[CentreStrip, ...]:
        return tuple(h.centre_strip for h in self.half_pages if h.centre_strip is not None)

    @property
    def leaf_number(self) -> int | None:
        """The leaf number printed in the first centre strip that has one readable."""
        return next((s.leaf for s in self.centre_strips if s.leaf is not None), None)

    @property
    def confidence(self) -> float:
        return _confidence(tuple(line for c in self.columns for line in c.lines))

    @property
    def juan(self) -> int | None:
        """The juan number printed in the first centre strip that has one readable."""
        return next((s.juan for s in self.centre_strips if s.juan is not None), None)

    @property
    def text(self) -> str:
        """The body text in reading order, one line per column (centre strips left out)."""
        return "".join(f"{c.text}\n" for c in self.columns if c.text)

    @property
    def expected_cer(self) -> float:
        """The share of the body's characters expected to be wrong, from the engine's
        confidences: what staff sort pages by to proofread the worst first."""
        glyphs = [g for c in self.columns for line in c.lines for g in line.glyphs]
        if not glyphs:
            return 0.0
        return sum(1.0 - max(0.0, min(1.0, g.confidence)) for g in glyphs) / len(glyphs)


def _confidence(lines: tuple[OcrLine, ...]) -> float:
    """Mean confidence over glyphs (lines with no glyph read count as one at zero)."""
    values = [g.confidence for line in lines for g in line.glyphs]
    values += [0.0 for line in lines if not line.glyphs]
    return sum(values) / len(values) if values else 0.0
