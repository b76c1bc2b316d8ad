"""Notes whose two sub-columns touch: a hand (the Siku manuscripts) or a setter that
crowds them leaves a crack between them, no corridor. Found on pages of an independent
renderer: before the rule a crowded note under main text was read as main text, or the
main characters above it were read in halves as a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from tests.ocr.drawn import SIZE, glyph

PITCH = 84
TOP = 100
SMALL = 28  # a note's glyph: half a main one
LEAD = SIZE + 8

Column = tuple[str, tuple[str, str] | None]

COLUMNS: list[Column] = [
    ("孟子曰", ("人皆有所不忍達之於", "其所忍仁也人皆有所")),
    ("是也何有不揣其本", ("而齊其末方寸之木", "可使高於岑樓金重")),
    ("天下之足同也口之於味有同耆也", None),
    ("牙先得我口之所耆者", ("也如使口之於味也其", "性與人殊若犬馬之與")),
]


def _page(columns: list[Column], gap: int) -> Image.Image:
    """Columns right to left: main text, then a note of small glyphs whose sub-columns
    stand `gap` pixels apart (0: the glyphs' em squares touch)."""
    width = 2 * 60 + PITCH * len(columns)
    page = Image.new("L", (width, 1200), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle([50, TOP - 30, width - 50, 1150], outline=0, width=5)
    for i, (main, note) in enumerate(columns):
        right = width - 60 - PITCH * i
        if i:
            draw.line([(right, TOP - 30), (right, 1150)], fill=0, width=2)
        cx, y = right - PITCH // 2, TOP
        for ch in main:
            page.paste(glyph(ch), (cx - SIZE // 2, y))
            y += LEAD
        if note is None:
            continue
        for x, text in ((cx + (gap + 1) // 2, note[0]), (cx - gap // 2 - SMALL, note[1])):
            for j, ch in enumerate(text):
                small = Image.eval(glyph(ch, (SMALL, SMALL)), lambda v: 255 - v)
                page.paste(0, (x, y + j * (LEAD // 2)), small)
    return page


def _truth(columns: list[Column]) -> str:
    return "".join(main + "".join(note or ()) for main, note in columns)


@pytest.mark.parametrize("gap", [0, 1])
def test_a_crowded_note_is_found_below_its_main_text(tmp_path: Path, gap: int) -> None:
    path = tmp_path / "page.png"
    _page(COLUMNS, gap=gap).save(path)
    page = load_upright(path, deskew=False)
    layout = analyse_layout(page.rgb)
    kinds = [[s.kind for s in c.segments] for c in layout.columns]
    assert kinds == [["main", "note"], ["main", "note"], ["main"], ["main", "note"]]
    for (main, _note), column in zip(COLUMNS, layout.columns, strict=True):
        first = column.segments[0].box
        # The note starts under the last main character, not inside the main text.
        assert abs(first.bottom - (TOP + len(main) * LEAD - 8)) < 0.4 * SIZE


def test_a_crowded_note_reads_in_order(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    _page(COLUMNS, gap=1).save(path)
    text = "".join(recognize_page(path, deskew=False).text.split())
    truth = _truth(COLUMNS)
    assert Levenshtein.distance(text, truth) <= 0.03 * len(truth), text


def test_main_text_is_no_crowded_note(tmp_path: Path) -> None:
    """Cracks run through main characters too (何, 揣, 從): without small glyphs down
    both sides of a long stretch they make no note."""
    path = tmp_path / "page.png"
    _page([("何有不揣其本而齊其末方寸", None), ("從而牧之是以若彼濯濯也人", None),
           ("則地有肥磽雨露之養人事之", None)], gap=0).save(path)
    layout = analyse_layout(load_upright(path, deskew=False).rgb)
    assert [[s.kind for s in c.segments] for c in layout.columns] == [["main"]] * 3
