"""hOCR of an OcrPage: XHTML with the hOCR 1.2 classes, vertical text stated outright.

    ocr_page
      ocr_carea            a half-page (right before left)
        ocr_par            a column, style writing-mode: vertical-rl
          ocr_line         a run of main text, or a sub-column of commentary
            ocrx_word      one glyph with its confidence (x_wconf)
      ocr_carea ocr_header the centre strip, kept apart from the body

Lines carry `textangle 90` (how Tesseract marks vertical lines) and commentary lines
the extra class `guji_commentary`; ids are unique within the page.
"""

from __future__ import annotations

from html import escape

from guji import __version__
from guji.ocr.geometry import Box
from guji.ocr.page import OcrLine, OcrPage

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
        f'{_bbox(Box(0, 0, page.width, page.height))}; ppageno 0">',
    ]
    ids = _Ids()
    for half in page.half_pages:
        out.append(f'<div class="ocr_carea" id="{ids.next("block")}" title="{_bbox(half.frame)}">')
        for column in half.columns:
            out.append(f'<p class="ocr_par" id="{ids.next("par")}" lang="zh-Hant" '
                       f'style="writing-mode: vertical-rl" title="{_bbox(column.box)}">')
            out.extend(_line(line, ids) for line in column.lines)
            out.append("</p>")
        out.append("</div>")
        strip = half.centre_strip
        if strip is not None:
            out.append(f'<div class="ocr_carea ocr_header" id="{ids.next("block")}" '
                       f'style="writing-mode: vertical-rl" title="{_bbox(strip.box)}">')
            out.extend(_line(line, ids) for line in strip.lines)
            out.append("</div>")
    out += ["</div>", "</body>", "</html>", ""]
    return "\n".join(out)


def _line(line: OcrLine, ids: _Ids) -> str:
    cls = "ocr_line guji_commentary" if line.kind == "commentary" else "ocr_line"
    words = "".join(
        f'<span class="ocrx_word" id="{ids.next("word")}" '
        f'title="{_bbox(g.box)}; x_wconf {round(100 * g.confidence)}">{escape(g.text)}</span>'
        for g in line.glyphs)
    return (f'<span class="{cls}" id="{ids.next("line")}" title="{_bbox(line.box)}; '
            f'textangle 90; x_wconf {round(100 * line.confidence)}">{words}</span>')


def _bbox(box: Box) -> str:
    return f"bbox {box.x} {box.y} {box.right} {box.bottom}"


class _Ids:
    """Unique, numbered ids per kind of element."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def next(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}_{self.counts[kind]}"
