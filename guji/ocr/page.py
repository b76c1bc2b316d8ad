"""The OCR result of one page image: layout and text, boxes in the image's pixels.

Everything reads `vertical-rl`: glyphs top to bottom, lines and columns right to left,
and the right half-page of a spread before the left. Serialisers for hOCR and ALTO live
in guji.ocr.hocr and guji.ocr.alto; the JSON form (`guji-ocr/1`) is in to_json.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from guji.ocr.engine import Glyph
from guji.ocr.geometry import Box
from guji.ocr.layout.model import VERTICAL_RL, Direction, PageSide

TextKind = Literal["body", "commentary", "centre-strip"]
JSON_SCHEMA = "guji-ocr/1"


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

    def to_text(self) -> str:
        """The body text in reading order, one line per column (centre strips left out)."""
        return "".join(f"{c.text}\n" for c in self.columns if c.text)

    def to_hocr(self) -> str:
        from guji.ocr.hocr import page_hocr

        return page_hocr(self)

    def to_alto(self) -> bytes:
        from guji.ocr.alto import page_alto

        return page_alto(self)

    def to_json(self) -> dict[str, Any]:
        """The `guji-ocr/1` form (docs/ocr.md): plain JSON types only."""
        entries: list[dict[str, Any]] = []
        for index, half in enumerate(self.half_pages):
            for column in half.columns:
                entries.append(_entry(len(entries) + 1, index, column.kind, column.box,
                                      column.text, column.confidence, column.lines))
            strip = half.centre_strip
            if strip is not None:
                entry = _entry(len(entries) + 1, index, "centre-strip", strip.box, strip.text,
                               strip.confidence, strip.lines)
                entry.update(title=strip.title, juan=strip.juan, leaf=strip.leaf)
                entries.append(entry)
        return {
            "schema": JSON_SCHEMA,
            "image": self.image,
            "width": self.width,
            "height": self.height,
            "direction": self.direction,
            "skew_deg": round(self.skew_deg, 3),
            "engine": self.engine,
            "text": self.to_text(),
            "confidence": round(self.confidence, 3),
            "leaf_number": self.leaf_number,
            "half_pages": [{"side": h.side, "frame": h.frame.as_list()} for h in self.half_pages],
            "columns": entries,
            "seals": [s.as_list() for s in self.seals],
        }


def _entry(order: int, half: int, kind: TextKind, box: Box, text: str, confidence: float,
           lines: tuple[OcrLine, ...]) -> dict[str, Any]:
    return {
        "id": f"c{order}",
        "order": order,
        "half_page": half,
        "kind": kind,
        "direction": VERTICAL_RL,
        "box": box.as_list(),
        "text": text,
        "confidence": round(confidence, 3),
        "lines": [{
            "kind": line.kind,
            "box": line.box.as_list(),
            "text": line.text,
            "confidence": round(line.confidence, 3),
            "glyphs": [{"text": g.text, "box": g.box.as_list(),
                        "confidence": round(g.confidence, 3)} for g in line.glyphs],
        } for line in lines],
    }


def _confidence(lines: tuple[OcrLine, ...]) -> float:
    """Mean confidence over glyphs (lines with no glyph read count as one at zero)."""
    values = [g.confidence for line in lines for g in line.glyphs]
    values += [0.0 for line in lines if not line.glyphs]
    return sum(values) / len(values) if values else 0.0
