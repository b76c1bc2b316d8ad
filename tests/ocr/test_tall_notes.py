"""Notes in glyphs as tall as the main text's, only narrower (as palace editions and the
Siku catalogue print them): laid out as main text, read as a note where that fails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from guji.ocr import recognize_page
from guji.ocr.layout import analyse_layout
from tests.ocr.drawn import SIZE, glyph

PITCH = 92
TOP = 120


def _page(columns: list[tuple[str, tuple[str, str] | None]]) -> Image.Image:
    """Columns right to left: main text, then a note of tall narrow glyphs (right, left)."""
    width = 2 * 60 + PITCH * len(columns)
    page = Image.new("L", (width, 1300), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle([50, TOP - 30, width - 50, 1250], outline=0, width=5)
    for i, (main, note) in enumerate(columns):
        right = width - 60 - PITCH * i
        if i:
            draw.line([(right, TOP - 30), (right, 1250)], fill=0, width=2)
        cx, y = right - PITCH // 2, TOP
        for ch in main:
            page.paste(glyph(ch), (cx - SIZE // 2, y))
            y += SIZE + 10
        if note:
            for side, text in zip((1, -1), note, strict=True):
                for j, ch in enumerate(text):
                    g = glyph(ch, (32, 56))  # as tall as a main glyph, half as wide
                    page.paste(g, (cx + (3 if side > 0 else -35), y + j * 62))
    return page


def test_a_note_of_tall_glyphs_is_read_as_a_note(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page([("大學章句一卷", None), ("四書測六卷", ("內府", "藏本")),
           ("是書首有自序", None)]).save(path)
    page = recognize_page(path, deskew=False)
    column = page.columns[1]
    assert column.text == "四書測六卷內府藏本"
    assert [line.kind for line in column.lines] == ["body", "commentary", "commentary"]
    assert [c.text for c in (page.columns[0], page.columns[2])] == ["大學章句一卷", "是書首有自序"]


def test_characters_split_alike_stay_main_text(tmp_path: Path) -> None:
    # 北非: two characters in a row parted by a gap at the same place, a stretch that may
    # be a note; read as main text since that reading does not fail.
    path = tmp_path / "page.png"
    _page([("北非之說", None), ("物格而後知至", None)]).save(path)
    layout = analyse_layout(np.asarray(Image.open(path).convert("RGB")))
    [segment] = layout.half_pages[0].columns[0].segments
    assert len(segment.maybe_notes) == 1
    page = recognize_page(path, deskew=False)
    assert page.columns[0].text == "北非之說"
    assert {line.kind for line in page.columns[0].lines} == {"body"}
