"""The forms an OcrPage is written in: plain text, hOCR, ALTO 4.4 and JSON (guji-ocr/1).

Each is a function over the page model, apart from it; all of them name blocks, lines and
glyphs with the same ids (guji.ocr.formats.ids), so a glyph in the JSON is the glyph of
the same id in the hOCR and the ALTO.
"""

from __future__ import annotations

import json

from guji.ocr.formats.alto import page_alto
from guji.ocr.formats.hocr import page_hocr
from guji.ocr.formats.jsonform import JSON_SCHEMA, page_json
from guji.ocr.page import OcrPage

# The file extensions the ingest stage stores a page's OCR under ({volume}/ocr/{seq}.EXT).
EXTENSIONS = ("txt", "hocr", "alto.xml", "json")


def page_text(page: OcrPage) -> str:
    """The body text in reading order, one line per column (centre strips left out)."""
    return page.text


def page_outputs(page: OcrPage) -> dict[str, bytes]:
    """Every stored form of the page, by file extension."""
    return {
        "txt": page_text(page).encode("utf-8"),
        "hocr": page_hocr(page).encode("utf-8"),
        "alto.xml": page_alto(page),
        "json": json.dumps(page_json(page), ensure_ascii=False, indent=1).encode("utf-8"),
    }


__all__ = ["EXTENSIONS", "JSON_SCHEMA", "page_alto", "page_hocr", "page_json", "page_outputs",
           "page_text"]
