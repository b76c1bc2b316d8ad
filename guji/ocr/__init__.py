"""OCR of classical Chinese pages: layout analysis (frames, rulings, columns right to
left, commentary, centre strips, spreads), an engine seam with a neural recognizer (PP-OCR on
onnxruntime) as the default engine and Tesseract as the other, and the page's text as plain text, hOCR, ALTO 4 and JSON. See docs/ocr.md.
"""

from __future__ import annotations

from guji.ocr.engine import Glyph, LineImage, LineReading, OcrEngine
from guji.ocr.engines import engine_names, get_engine, register_engine
from guji.ocr.page import CentreStrip, OcrColumn, OcrHalfPage, OcrLine, OcrPage
from guji.ocr.recognize import recognize_page, recognize_upright

__all__ = [
    "CentreStrip", "Glyph", "LineImage", "LineReading", "OcrColumn", "OcrEngine",
    "OcrHalfPage", "OcrLine", "OcrPage", "engine_names", "get_engine", "recognize_page",
    "recognize_upright", "register_engine",
]
