"""hOCR of an OcrPage: XHTML with the hOCR 1.2 classes, vertical text stated outright.

    ocr_page
      ocr_carea            a half-page (right before left)
        ocr_par            a column, style writing-mode: vertical-rl
          ocr_line         a run of main text, or a sub-column of commentary
            ocrx_word      one glyph with its confidence (x_wconf)
      ocr_carea ocr_header the centre strip, kept apart from the body

Lines carry `textangle 90` (how Tesseract marks vertical lines) and commentary lines
the extra class `guji_commentary`. Ids are those of every output form
(guji.ocr.formats.ids); confidences (x_wconf, 0–100) are given for each glyph, line and
the page.
"""

from __future__ import annotations

from html import escape

from guji import __version__
from guji.ocr.formats.ids import IdLine, page_blocks
from guji.ocr.page import OcrPage
from guji.pipeline.geometry import Box

CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf ocrp_lang ocrp_dir"


def page_hocr(page: OcrPage) -> str:
    """The page as an hOCR (XHTML) document."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
        '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-Hant" lang="zh-Hant">',
        "<head>",
        f"<title>{escape(page.image)}</title>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />',
        f'<meta name="ocr-system" content="guji {escape(__version__)}; {escape(page.engine)}" />',
        f'<meta name="ocr-capabilities" content="{CAPABILITIES}" />',
        "</head>",
        "<body>",
        f'<div class="ocr_page" id="page_1" title="image &quot;{escape(page.image)}&quot;; '
        f'{_bbox(Box(0, 0, page.width, page.height))}; ppageno 0; '
        f'x_wconf {_wconf(page.confidence)}">',
    ]
    half_open = None
    for block in page_blocks(page):
        if block.kind != "centre-strip" and block.half_id != half_open:
            if half_open is not None:
                out.append("</div>")
            half_open = block.half_id
            frame = page.half_pages[block.half].frame
            out.append(f'<div class="ocr_carea" id="{block.half_id}" title="{_bbox(frame)}">')
        if block.kind == "centre-strip":
            if half_open is not None:
                out.append("</div>")
                half_open = None
            out.append(f'<div class="ocr_carea ocr_header" id="{block.id}" '
                       f'style="writing-mode: vertical-rl" title="{_bbox(block.box)}">')
            out.extend(_line(line) for line in block.lines)
            out.append("</div>")
            continue
        out.append(f'<p class="ocr_par" id="{block.id}" lang="zh-Hant" '
                   f'style="writing-mode: vertical-rl" title="{_bbox(block.box)}">')
        out.extend(_line(line) for line in block.lines)
        out.append("</p>")
    if half_open is not None:
        out.append("</div>")
    out += ["</div>", "</body>", "</html>", ""]
    return "\n".join(out)


def _line(item: IdLine) -> str:
    line = item.line
    cls = "ocr_line guji_commentary" if line.kind == "commentary" else "ocr_line"
    words = "".join(
        f'<span class="ocrx_word" id="{item.glyph_id(k)}" '
        f'title="{_bbox(g.box)}; x_wconf {_wconf(g.confidence)}">{escape(g.text)}</span>'
        for k, g in enumerate(line.glyphs))
    return (f'<span class="{cls}" id="{item.id}" title="{_bbox(line.box)}; '
            f'textangle 90; x_wconf {_wconf(line.confidence)}">{words}</span>')


def _wconf(confidence: float) -> int:
    return round(100 * max(0.0, min(1.0, confidence)))


def _bbox(box: Box) -> str:
    return f"bbox {box.x} {box.y} {box.right} {box.bottom}"
