"""The reading order of a double-line note the layout cut into stretches: its right
sub-column runs through all of them before the left one starts, as one note's does."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from guji.ocr import recognize_page
from tests.ocr.drawn import SIZE, glyph

PITCH = 92
TOP = 120
SMALL = 30


def _page(main: str, notes: list[tuple[str, str]], between: str, wide: set[int],
          blank: int = 0) -> Image.Image:
    """One column between two of main text: `main`, then the notes (right, left
    sub-column) with `between` in main text and `blank` pixels of paper after each but
    the last. The small glyphs at the rows in `wide` are drawn wider, so that the two
    sub-columns touch there, as in a hand that crowds them."""
    columns = 3
    width = 2 * 60 + PITCH * columns
    page = Image.new("L", (width, 1300), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle([50, TOP - 30, width - 50, 1250], outline=0, width=5)
    for i in range(1, columns):
        x = width - 60 - PITCH * i
        draw.line([(x, TOP - 30), (x, 1250)], fill=0, width=2)
    cx = width - 60 - PITCH - PITCH // 2
    for outer in (0, 2):
        x = width - 60 - PITCH * outer - PITCH // 2
        for j, ch in enumerate("大學章句一卷"):
            page.paste(glyph(ch), (x - SIZE // 2, TOP + j * (SIZE + 10)))
    y = TOP
    for ch in main:
        page.paste(glyph(ch), (cx - SIZE // 2, y))
        y += SIZE + 10
    for n, (right, left) in enumerate(notes):
        for side, text in ((1, right), (-1, left)):
            for j, ch in enumerate(text):
                w = 40 if j in wide else SMALL
                x = cx + 2 if side > 0 else cx - 2 - w
                if j in wide:
                    x = cx - w // 2 + (w // 2 - 4) * side
                page.paste(glyph(ch, (w, SMALL)), (x, y + j * (SMALL + 4)))
        y += max(len(right), len(left)) * (SMALL + 4) + 8
        if n + 1 < len(notes):
            y += blank
            for ch in between:
                page.paste(glyph(ch), (cx - SIZE // 2, y))
                y += SIZE + 10
    return page


def test_a_note_cut_where_its_sub_columns_touch_reads_as_one(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    right, left = "傳堯舜考古以建百官內置百揆四岳", "五行外置州牧十二及五國之長上下"
    _page("侯伯", [(right, left)], "", wide={6, 7}).save(path)
    column = recognize_page(path, deskew=False).columns[1]
    # Where the sub-columns touch, the corridor ends one stretch of note; the crack
    # between them carries it on (segments.py, crowded notes), and stretches still cut
    # apart are read as one note (recognize.py).
    assert column.text == "侯伯" + right + left
    assert [line.kind for line in column.lines][:2] == ["body", "commentary"]


def test_main_text_between_two_notes_keeps_them_apart(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page("侯伯", [("傳堯舜考", "五行外置"), ("建百官內", "十二及五")], "曰", wide=set()).save(path)
    column = recognize_page(path, deskew=False).columns[1]
    assert column.text == "侯伯傳堯舜考五行外置曰建百官內十二及五"
    assert [line.kind for line in column.lines] == [
        "body", "commentary", "commentary", "body", "commentary", "commentary"]


def test_notes_with_blank_paper_between_are_two_notes(tmp_path: Path) -> None:
    # A note, then blank paper, then a short note near the foot of the column (or what
    # is left of a worn rule there, read as one): not one note read across the gap.
    path = tmp_path / "page.png"
    _page("侯伯", [("傳堯舜考", "五行外置"), ("建百官內", "十二及五")], "", wide=set(),
          blank=4 * SIZE).save(path)
    column = recognize_page(path, deskew=False).columns[1]
    assert column.text == "侯伯傳堯舜考五行外置建百官內十二及五"
