"""The searchable text of a page: its characters in reading order, each with the box of its
glyph, and the folded form a query is matched against.

Folding is one character to one character, so a position found in the folded text is the
position of the same glyph on the page: that is how a hit gets its box. A character is
folded in two steps: variant forms (異體字, guji/ocr/variants.tsv) to the form the table
names, then traditional to simplified (OpenCC's `t2s` table), so 爲, 為 and 为 are one
letter to the index, and a reader may type either script."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from guji.metadata.volume import Box
from guji.ocr.variants import variant_table

# Column kinds that hold no text of the book: the centre strip repeats title and leaf.
_SKIPPED_KINDS = {"centre-strip", "centre_strip", "center-strip", "banxin"}


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """The one character `char` is indexed and searched as."""
    form = variant_table().get(char, char)
    simplified = _t2s().convert(form)
    # A character OpenCC writes as two (none in t2s today) would shift every box after it.
    return simplified if len(simplified) == 1 else form


def searchable(char: str) -> bool:
    """Letters and numbers are searched; punctuation, spaces and marks are not."""
    return unicodedata.category(char)[0] in ("L", "N")


def fold(text: str) -> str:
    """A query or a page text as the index holds it: marks out, each character folded."""
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text) if searchable(c))


@dataclass(frozen=True)
class PageText:
    """A page's searchable characters in reading order, with the box of each (None where
    the OCR gave no glyph box) and the column each belongs to."""

    seq: int
    text: str
    boxes: tuple[Box | None, ...]
    columns: tuple[int, ...]

    @property
    def folded(self) -> str:
        return "".join(fold_char(c) for c in self.text)


def _box(value: Any) -> Box | None:
    if isinstance(value, list | tuple) and len(value) == 4 and all(
            isinstance(v, int | float) for v in value):
        x, y, w, h = (int(round(v)) for v in value)
        return Box(x, y, w, h) if w > 0 and h > 0 else None
    return None


def _spread(text: str, box: Box | None) -> Iterator[tuple[str, Box | None]]:
    """Characters of a line without glyph boxes, each given an equal share of the line's
    height: vertical lines read top to bottom."""
    chars = [c for c in unicodedata.normalize("NFC", text) if searchable(c)]
    for n, char in enumerate(chars):
        if box is None:
            yield char, None
            continue
        top = box.y + box.h * n // len(chars)
        bottom = box.y + box.h * (n + 1) // len(chars)
        yield char, Box(box.x, top, box.w, max(1, bottom - top))


def _column_chars(column: dict[str, Any]) -> Iterator[tuple[str, Box | None]]:
    lines = [line for line in column.get("lines") or [] if isinstance(line, dict)]
    if not lines:
        yield from _spread(str(column.get("text") or ""), _box(column.get("box")))
        return
    for line in lines:
        glyphs = [g for g in line.get("glyphs") or [] if isinstance(g, dict)]
        if not glyphs:
            yield from _spread(str(line.get("text") or ""), _box(line.get("box")))
            continue
        for glyph in glyphs:
            # A glyph read as two characters (rare) shares its box.
            for char in unicodedata.normalize("NFC", str(glyph.get("text") or "")):
                if searchable(char):
                    yield char, _box(glyph.get("box"))


def _columns(ocr: dict[str, Any]) -> Iterable[dict[str, Any]]:
    columns = ocr.get("columns")
    return [c for c in columns if isinstance(c, dict)] if isinstance(columns, list) else []


def page_text(seq: int, ocr: dict[str, Any]) -> PageText:
    """The searchable text of a page from its OCR JSON (guji-ocr/1, docs/ocr.md)."""
    chars: list[str] = []
    boxes: list[Box | None] = []
    owners: list[int] = []
    for n, column in enumerate(_columns(ocr)):
        if str(column.get("kind", "")) in _SKIPPED_KINDS:
            continue
        for char, box in _column_chars(column):
            chars.append(char)
            boxes.append(box)
            owners.append(n)
    return PageText(seq, "".join(chars), tuple(boxes), tuple(owners))
