"""The engine seam: an image of one line of text (a column, a sub-column of commentary,
a part of the centre strip) in, its text with glyph boxes and confidences out.

Layout analysis decides what a line is; an engine only reads it. The engines live in
guji.ocr.engines (the neural PP-OCR recognizer, the default, and Tesseract), behind a
registry that builds each one once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from guji.ocr.geometry import Box

LineKind = Literal["main", "note", "strip"]


@dataclass(frozen=True)
class LineImage:
    """One vertical line to read: 8-bit grey, dark ink on light paper, upright, cropped
    tight to its ink. `glyph` is the expected width of a full-size glyph in its pixels."""

    pixels: np.ndarray
    kind: LineKind
    glyph: float
    # Characters the line can only consist of (a leaf number: Chinese numerals), or None.
    charset: str | None = None
    # How many times as tall as wide its glyphs stand: about 1.5–2 for a note in the Siku
    # hand, 1 for most lines. An engine that reads square glyphs squeezes the line by it.
    aspect: float = 1.0


@dataclass(frozen=True)
class Glyph:
    """One recognised character, its box in the line image's pixels, confidence 0–1."""

    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class LineReading:
    """What an engine read in a line, top to bottom."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def confidence(self) -> float:
        """Mean glyph confidence (0 for an empty reading)."""
        if not self.glyphs:
            return 0.0
        return float(np.mean([g.confidence for g in self.glyphs]))


class OcrEngine(Protocol):
    """Reads lines of vertical classical Chinese. Implementations must be thread-safe
    for one call at a time and return one reading per line, in order."""

    name: str

    def read_lines(self, lines: Sequence[LineImage]) -> list[LineReading]: ...

    def describe(self) -> str:
        """Name and version, for the OCR outputs' provenance."""
        ...
