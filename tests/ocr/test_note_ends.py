"""A note's first and last rows cut off from it: found on the pages of an independent
renderer (benchmarks/independent_pages.py), which sets rows a pixel apart. Blurred, a
note's first row of small glyphs touched the main character above it; the path between
the sub-columns started at the second row, and the first was cut off with the main text,
where neither was read (王之子喟 / 然曰 came out 王之子). Where the main character's
legs run down beside that row (天, 人), no blank row marks its top at all. And two rows
touching down one side ended a crowded note a row early: its last row was read as main
text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from guji.ocr import recognize_page
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.model import ColumnLayout
from guji.sample.fonts import find_typefaces
from tests.ocr.independent import independent_page
from tests.ocr.reprint import reprint

NOTE = "亦有仁義而已矣王曰何以利吾國大夫曰何以利吾家士庶人曰何以利吾身上下交征利而國危矣萬乘之國"
SIZE = 60


def _page(mains: list[str], *, lead: float, gap: float, rows: int = 14,
          blur: float = 0.8, rise: float = 0.0) -> tuple[Image.Image, list[tuple[int, int, int]]]:
    """A column for each of `mains`, right to left: its main characters, then a note in
    glyphs 0.45 as large to the column's foot, `gap` of a glyph between its
    sub-columns, raised `rise` of a glyph into the last main character's cell; rows
    `lead` glyphs apart, the note's half as far. Returns the page and,
    for each column, the bottom of the main text's ink, the top of the note's ink and
    the bottom of the note's ink."""
    face = next(f for f in find_typefaces("train") if f.family == "Noto Sans CJK TC")
    big, small = face.at(SIZE), face.at(int(SIZE * 0.45))
    pitch, margin = int(SIZE * 1.5), SIZE
    step = int(round(SIZE * lead))
    width, height = len(mains) * pitch + 2 * margin, rows * step + 2 * margin
    page = Image.new("L", (width, height), 236)
    draw = ImageDraw.Draw(page)
    apart = int(SIZE * gap)
    notes = iter(NOTE * 8)
    extents = []
    for c, main in enumerate(mains):
        x0 = width - margin - (c + 1) * pitch + (pitch - SIZE) // 2
        for i, ch in enumerate(main):
            draw.text((x0, margin + i * step), ch, font=big, fill=25)
        main_bottom = margin + (len(main) - 1) * step + big.getbbox(main[-1])[3]
        note_top, note_bottom = height, 0
        xs = (x0 + SIZE // 2 + (apart + 1) // 2, x0 + SIZE // 2 - apart // 2 - int(SIZE * 0.45))
        for x in xs:
            for i in range(2 * (rows - len(main))):
                ch = next(notes)
                y = margin + len(main) * step - int(rise * SIZE) + i * step // 2
                draw.text((x, y), ch, font=small, fill=25)
                box = small.getbbox(ch)
                note_top, note_bottom = min(note_top, y + box[1]), max(note_bottom, y + box[3])
        extents.append((main_bottom, note_top, note_bottom))
    return page.filter(ImageFilter.GaussianBlur(blur)), extents


def _columns(page: Image.Image) -> list[ColumnLayout]:
    rgb = np.repeat(np.asarray(page)[:, :, None], 3, axis=2)
    return list(analyse_layout(rgb).columns)


@pytest.mark.parametrize("mains", [["孟子曰", "何必王", "亦有也", "上下之"],
                                   ["孟子曰王", "何必曰之", "亦有仁也", "上下交曰"]])
def test_a_note_set_close_is_read_from_its_first_row_to_its_last(mains: list[str]) -> None:
    page, extents = _page(mains, lead=1.02, gap=0.04)
    columns = _columns(page)
    assert len(columns) == len(mains)
    for column, (_main_bottom, note_top, note_bottom) in zip(columns, extents, strict=True):
        kinds = [s.kind for s in column.segments]
        assert kinds == ["main", "note"], kinds
        note = column.segments[1]
        # From its first row, not the second half a glyph of 60 px lower; to its last.
        assert abs(note.box.y - note_top) <= 0.15 * SIZE, (note.box.y, note_top)
        assert abs(note.box.bottom - note_bottom) <= 0.15 * SIZE, (note.box.bottom, note_bottom)


def test_the_legs_of_a_main_character_stay_with_it() -> None:
    # 見, 其 and 典 end in legs or dots parted down the middle, as a note's row is, and
    # set close above a note they touch it as its first row would: with the character
    # they are no taller than one (note_ends.WITH_MAIN; without that check all three
    # lose them to the note).
    page, extents = _page(["孟子見", "王曰其", "王之典"], lead=1.15, gap=0.08)
    for column, (main_bottom, note_top, _) in zip(_columns(page), extents, strict=True):
        main, note = column.segments[:2]
        assert main.kind == "main" and note.kind == "note"
        assert abs(main.box.bottom - main_bottom) <= 0.15 * SIZE, (main.box.bottom, main_bottom)
        assert abs(note.box.y - note_top) <= 0.15 * SIZE, (note.box.y, note_top)


def test_a_first_row_beside_the_legs_of_the_main_character_is_the_notes() -> None:
    # The note rises into the last main character's cell, its first row between the legs
    # of 天, 人 and 大 and touching them: walking up from the second row, no blank row
    # or stroke across the path ends the first, so it is cut a note pitch above the
    # second (note_ends._row_pitch). Without that the first rows stayed with the main
    # text, half a glyph too low (about 30 px).
    page, extents = _page(["對曰天", "夫人", "王曰大"], lead=1.02, gap=0.06, rise=0.05)
    for column, (main_bottom, note_top, _) in zip(_columns(page), extents, strict=True):
        main, note = column.segments[:2]
        assert main.kind == "main" and note.kind == "note"
        assert abs(note.box.y - note_top) <= 0.15 * SIZE, (note.box.y, note_top)
        # The main character keeps its legs but for the row's height beside them.
        assert main.box.bottom > main_bottom - 0.3 * SIZE, (main.box.bottom, main_bottom)


def test_legs_over_a_note_of_tall_rows_are_not_cut_off(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Seed 9715, page 6 (AR PL UMing TW Light): 致中和天 / 地位焉…, the note's rows 0.9
    # of a glyph apart, 天's legs just above its first. No small-row pitch repeats down
    # that note (note_ends.PITCH_RANGE); cut at its pitch all the same, 天 would keep
    # 0.68 of a glyph (note_ends.MAIN_LEFT) and read 工. Fails with both checks off.
    truth = reprint(tmp_path_factory.mktemp("legs-tall-rows"), "AR PL UMing TW Light",
                    pages=10, seed=9715, page=6, layout="half-leaf")
    assert "致中和天地位焉" in truth.text
    text = "".join(recognize_page(truth.image).text.split())
    assert "致中和天地位焉" in text


def test_a_first_row_that_only_reaches_into_the_path_is_the_notes(tmp_path: Path) -> None:
    # The independent renderer's seed 9, page 2 (Noto Sans CJK TC, 63 px; a tuned
    # page): the hook of 明 and the foot of 可 touch their notes' first rows 君 / 故 and
    # 以 / 教, whose glyphs reach into the path between the sub-columns without crossing
    # it. Counted as crossed there, half those rows were (note_ends.CROSSED_SHARE), and
    # both rows were cut off with the main text: 明制, 善民 and 可數 were read.
    page = tmp_path / "9-002.png"
    independent_page(seed=9, page=2)[0].save(page)
    text = "".join(recognize_page(page).text.split())
    for run in ("明君制民之產", "善故民之從之", "可以無飢矣"):
        assert run in text, run

