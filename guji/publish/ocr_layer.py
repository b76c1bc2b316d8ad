"""Reading the OCR stage's JSON (`{volume}/ocr/{seq}.json`) into the columns a manifest
annotates, and finding the juan a page belongs to from its centre strip (版心)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from guji.metadata.numerals import NUMERAL_CHARS, chinese_number
from guji.metadata.volume import VERTICAL_RL, Box, OcrColumn

# 「論語卷三」, 「卷之十二」, 「卷廿」: the juan number the block-cutter put in the centre strip.
_JUAN = re.compile(rf"卷\s*之?\s*([0-9]+|[{NUMERAL_CHARS}]+)")
_CENTRE_KINDS = {"centre-strip", "centre_strip", "center-strip", "banxin"}
_NOTE_KINDS = {"note", "commentary"}


@dataclass(frozen=True)
class OcrLayer:
    columns: tuple[OcrColumn, ...]
    centre_strip_text: str = ""
    juan: int | None = None


def juan_from_centre_strip(text: str) -> int | None:
    """The juan number written in a centre strip, or None when it names none."""
    match = _JUAN.search(text)
    return chinese_number(match.group(1)) if match else None


def _box(value: Any) -> Box | None:
    if isinstance(value, dict) and {"x", "y", "w", "h"} <= value.keys():
        value = [value["x"], value["y"], value["w"], value["h"]]
    if isinstance(value, list | tuple) and len(value) == 4 and all(
            isinstance(v, int | float) for v in value):
        x, y, w, h = (int(round(v)) for v in value)
        return Box(x, y, w, h) if w > 0 and h > 0 else None
    return None


def _text(entry: dict[str, Any]) -> str:
    if isinstance(entry.get("text"), str):
        return str(entry["text"])
    # A column given as segments (main text and double-line notes) reads them in order.
    return "".join(_text(s) for s in entry.get("segments", []) if isinstance(s, dict))


def _kind(entry: dict[str, Any]) -> str:
    kind = str(entry.get("kind", "main"))
    return "commentary" if kind in _NOTE_KINDS else kind


def _entries(data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    columns = data.get("columns")
    if isinstance(columns, list):
        yield from (c for c in columns if isinstance(c, dict))
    for half in data.get("half_pages", []) if isinstance(data.get("half_pages"), list) else []:
        if isinstance(half, dict) and not isinstance(columns, list):
            yield from (c for c in half.get("columns", []) if isinstance(c, dict))


def read_ocr_layer(data: dict[str, Any]) -> OcrLayer:
    """Columns in reading order with their boxes; unusable entries are skipped, not fatal,
    because a page without a text layer is still a page worth publishing."""
    columns: list[OcrColumn] = []
    centre = ""
    for entry in _entries(data):
        text, box, kind = _text(entry).strip(), _box(entry.get("box")), _kind(entry)
        if kind in _CENTRE_KINDS:
            centre += text
            continue
        if text and box:
            columns.append(OcrColumn(text, box, kind, str(entry.get("direction") or VERTICAL_RL)))
    for key in ("centre_strip", "centre-strip", "banxin"):
        strip = data.get(key)
        if isinstance(strip, dict):
            centre += _text(strip)
        elif isinstance(strip, str):
            centre += strip
    juan = data.get("juan") if isinstance(data.get("juan"), int) else juan_from_centre_strip(centre)
    return OcrLayer(tuple(columns), centre, juan)
