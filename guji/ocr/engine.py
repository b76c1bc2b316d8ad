"""The engine seam: an image of one line of text (a column, a sub-column of commentary,
a part of the centre strip) in, its text with glyph boxes and confidences out.

Layout analysis decides what a line is; an engine only reads it. Tesseract is the first
engine (guji.ocr.tesseract_engine); a recognizer trained on these books plugs in by
implementing `OcrEngine` and registering a factory under a name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from guji.ocr.geometry import Box
from guji.pipeline.errors import UsageError

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


EngineFactory = Callable[[], OcrEngine]
_ENGINES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available to recognize_page(engine=name) and `guji ocr --engine`."""
    _ENGINES[name] = factory


def engine_names() -> list[str]:
    _load_builtin()
    return sorted(_ENGINES)


def get_engine(name: str) -> OcrEngine:
    """A ready engine by name; UsageError naming the known ones otherwise."""
    _load_builtin()
    try:
        factory = _ENGINES[name]
    except KeyError:
        raise UsageError(f"no OCR engine called {name!r}",
                         hint=f"choose one of: {', '.join(sorted(_ENGINES))}") from None
    return factory()


def _load_builtin() -> None:
    # Imported here, not at module top: the Tesseract engine imports this module.
    if "tesseract" not in _ENGINES:
        from guji.ocr.tesseract_engine import TesseractEngine

        register_engine("tesseract", TesseractEngine)
        register_engine("tesseract-vert", lambda: TesseractEngine(vertical=True))
