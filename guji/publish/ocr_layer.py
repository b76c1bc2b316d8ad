"""Reading the OCR stage's JSON (`{volume}/ocr/{seq}.json`) into the columns a manifest
annotates, and the juan, leaf and folio side its centre strip (版心) was read as.

Juan and leaf are the integers the OCR stage typed into each centre-strip entry; the
strip's text is never parsed again here (a second parser read 「孟子卷一一」 as juan 11)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from guji.metadata.volume import VERTICAL_RL, Box, OcrColumn

_CENTRE_KINDS = {"centre-strip", "centre_strip", "center-strip", "banxin"}
_NOTE_KINDS = {"note", "commentary"}


@dataclass(frozen=True)
class OcrLayer:
    columns: tuple[OcrColumn, ...]
    centre_strip_text: str = ""
    juan: int | None = None
    leaf: int | None = None
    folio_side: str | None = None  # "a" recto (前半葉), "b" verso (後半葉)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def folio_side(strip: Box | None, frame: Box | None) -> str | None:
    """Recto or verso of the half-leaf, from where its centre strip stands: a recto's strip
    is at the left of its frame (the fold is to its left), a verso's at the right."""
    if strip is None or frame is None:
        return None
    strip_mid, frame_mid = strip.x + strip.w / 2, frame.x + frame.w / 2
    return "a" if strip_mid < frame_mid else "b"


def _frames(data: dict[str, Any]) -> list[Box | None]:
    halves = data.get("half_pages")
    if not isinstance(halves, list):
        return []
    return [_box(h.get("frame")) if isinstance(h, dict) else None for h in halves]


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
    frames = _frames(data)
    juan: int | None = None
    leaf: int | None = None
    side: str | None = None
    for entry in _entries(data):
        text, box, kind = _text(entry).strip(), _box(entry.get("box")), _kind(entry)
        if kind in _CENTRE_KINDS:
            centre += text
            if juan is None:
                juan = _int(entry.get("juan"))
            half = _int(entry.get("half_page"))
            frame = frames[half] if half is not None and 0 <= half < len(frames) else None
            if leaf is None and _int(entry.get("leaf")) is not None:
                # The first strip with a leaf read names the page's leaf and its side.
                leaf = _int(entry.get("leaf"))
                side = folio_side(box, frame) or side
            elif side is None:
                # Where the strip stands tells the side even when its numbers are unread.
                side = folio_side(box, frame)
            continue
        if text and box:
            columns.append(OcrColumn(text, box, kind, str(entry.get("direction") or VERTICAL_RL)))
    for key in ("centre_strip", "centre-strip", "banxin"):
        strip = data.get(key)
        if isinstance(strip, dict):
            centre += _text(strip)
        elif isinstance(strip, str):
            centre += strip
    if leaf is None:
        leaf = _int(data.get("leaf_number"))
    return OcrLayer(tuple(columns), centre, juan, leaf, side)
