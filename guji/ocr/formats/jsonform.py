"""The `guji-ocr/1` JSON form of an OcrPage (docs/ocr.md): plain JSON types only."""

from __future__ import annotations

from typing import Any

from guji.ocr.formats.ids import IdBlock, page_blocks
from guji.ocr.layout.model import VERTICAL_RL
from guji.ocr.page import OcrPage

JSON_SCHEMA = "guji-ocr/1"


def page_json(page: OcrPage) -> dict[str, Any]:
    """The page with its layout, text, boxes, confidences and expected error rate."""
    return {
        "schema": JSON_SCHEMA,
        "image": page.image,
        "width": page.width,
        "height": page.height,
        "direction": page.direction,
        "skew_deg": round(page.skew_deg, 3),
        "engine": page.engine,
        "text": page.text,
        "confidence": round(page.confidence, 3),
        "expected_cer": round(page.expected_cer, 3),
        "leaf_number": page.leaf_number,
        "juan": page.juan,
        "half_pages": [{"id": f"h{n + 1}", "side": h.side, "frame": h.frame.as_list()}
                       for n, h in enumerate(page.half_pages)],
        "columns": [_entry(order, block) for order, block in enumerate(page_blocks(page), 1)],
        "seals": [s.as_list() for s in page.seals],
    }


def _entry(order: int, block: IdBlock) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": block.id,
        "order": order,
        "half_page": block.half,
        "kind": block.kind,
        "direction": VERTICAL_RL,
        "box": block.box.as_list(),
        "text": block.text,
        "confidence": round(block.confidence, 3),
        "lines": [{
            "id": line.id,
            "kind": line.line.kind,
            "box": line.line.box.as_list(),
            "text": line.line.text,
            "confidence": round(line.line.confidence, 3),
            "glyphs": [{"id": line.glyph_id(k), "text": g.text, "box": g.box.as_list(),
                        "confidence": round(g.confidence, 3)}
                       for k, g in enumerate(line.line.glyphs)],
        } for line in block.lines],
    }
    if block.strip is not None:
        entry.update(title=block.strip.title, juan=block.strip.juan, leaf=block.strip.leaf)
    return entry
