"""Notes in glyphs as tall as the main text's, only narrower (as palace editions and the
Siku catalogue print them): laid out as main text, read as a note where that fails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.layout import analyse_layout
from tests.ocr.drawn import SIZE, glyph

PITCH = 92
TOP = 120


Run = str | tuple[str, str] | None


def _page(columns: list[tuple[Run, ...]], *, wobble: int = 0, drop: int = 0,
          crowd: int = 0, note: tuple[int, int] = (32, 56), step: int = 62) -> Image.Image:
    """Columns right to left, each its runs top to bottom: main text (a string) and
    notes of tall narrow glyphs ((right, left) sub-columns). A hand that `wobble`s moves
    each note row that many pixels right and left in turn; the left sub-column may start
    `drop` pixels lower than the right, and `crowd` moves both sub-columns that many
    pixels nearer each other. Note glyphs are `note` (width, height) a row `step` apart."""
    width = 2 * 60 + PITCH * len(columns)
    page = Image.new("L", (width, 1300), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle([50, TOP - 30, width - 50, 1250], outline=0, width=5)
    for i, runs in enumerate(columns):
        right = width - 60 - PITCH * i
        if i:
            draw.line([(right, TOP - 30), (right, 1250)], fill=0, width=2)
        cx, y = right - PITCH // 2, TOP
        for run in runs:
            if isinstance(run, str):
                for ch in run:
                    page.paste(glyph(ch), (cx - SIZE // 2, y))
                    y += SIZE + 10
            elif run is not None:
                for side, text in zip((1, -1), run, strict=True):
                    x = cx + (3 - crowd if side > 0 else -35 + crowd)
                    for j, ch in enumerate(text):
                        g = glyph(ch, note)  # as tall as a main glyph, half as wide
                        dx = wobble if j % 2 else -wobble
                        dy = drop if side < 0 else 0
                        # Ink over ink: a stroke of one side may reach into the other's box.
                        page.paste(0, (x + dx, y + j * step + dy), Image.eval(g, lambda v: 255 - v))
                y += max(len(t) for t in run) * step + drop + 4
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


@pytest.mark.parametrize("drop", [10, 20, 30])
def test_a_note_in_a_wobbling_hand_below_main_text_is_read_as_a_note(tmp_path: Path,
                                                                       drop: int) -> None:
    # The Siku catalogue's titles, each with the note of where the copy came from below
    # it: rows that wobble leave no straight path between the sub-columns, so the layout
    # sees one stretch of main text (drop 20, 30), or loses the note's last row to the
    # main text below it (drop 10: 本隸 read as two main characters). Read whole, either
    # way, the stretch fails; read as main text down to the note and as a note below it
    # does not, and two characters side by side are no main text. The old reading: 日書兌勺
    # 無卷數直隸 / 巨〓糹總督採進本 (drop 10), 四書說約無卷督數直 (20), 四書說約無卷數直本 (30).
    path = tmp_path / "page.png"
    _page([("大學章句一卷", None), ("四書說約", ("無卷數直隸", "總督採進本")),
           ("是書首有自序", None)], wobble=6, drop=drop, crowd=1).save(path)
    column = recognize_page(path, deskew=False).columns[1]
    assert Levenshtein.distance(column.text, "四書說約無卷數直隸總督採進本") <= 1
    body = "".join(line.text for line in column.lines if line.kind == "body")
    note = "".join(line.text for line in column.lines if line.kind == "commentary")
    # The note's first row may stay with the main text where the hand wobbles most.
    assert body in ("四書說約", "四書說約無") and note.endswith("採進本")
    first_note = next(line for line in column.lines if line.kind == "commentary")
    assert first_note.box.y > column.lines[0].box.y


def test_tall_notes_between_runs_of_main_text_are_notes(tmp_path: Path) -> None:
    # Every row of such a note is a pair of tall narrow halves, as a main character the
    # path ran through (門, 州) would be; a whole stretch of them is the note itself,
    # not main characters to give back to the main text row by row.
    path = tmp_path / "page.png"
    _page([("大學章句一卷", None),
           ("道可道", ("謂經術政", "教之道也"), "非常道", ("非自然長", "生之道也")),
           ("是書首有自序", None)]).save(path)
    layout = analyse_layout(np.asarray(Image.open(path).convert("RGB")))
    segments = layout.half_pages[0].columns[1].segments
    assert [(s.kind, s.certain) for s in segments] == [
        ("main", True), ("note", True), ("main", True), ("note", True)]
    # The main character under the first note (非, parted down its middle) is read as
    # main text, not as the note's last row.
    column = recognize_page(path, deskew=False).columns[1]
    assert [(line.kind, line.text) for line in column.lines if line.text != "非"] == [
        ("body", "道可道"), ("commentary", "謂經術政"), ("commentary", "教之道也"),
        ("body", "常道"), ("commentary", "非自然長"), ("commentary", "生之道也")]
    assert column.text == "道可道謂經術政教之道也非常道非自然長生之道也"


def test_a_note_whose_rows_keep_the_main_texts_pitch_is_one_note(tmp_path: Path) -> None:
    # A hand that sets each row of a note in a whole cell of the main text leaves a blank
    # taller than half a glyph between the rows; each row alone is too short to be a
    # note, so the note used to be lost to the main text row by row (孟子見梁惠王王也).
    path = tmp_path / "page.png"
    _page([("大學章句一卷", None), ("孟子見", ("梁惠王魏", "國都大梁")),
           ("是書首有自序", None)], note=(26, 40), step=74).save(path)
    layout = analyse_layout(np.asarray(Image.open(path).convert("RGB")))
    segments = layout.half_pages[0].columns[1].segments
    assert [(s.kind, s.certain) for s in segments] == [("main", True), ("note", True)]
    column = recognize_page(path, deskew=False).columns[1]
    assert [(line.kind, line.text) for line in column.lines] == [
        ("body", "孟子見"), ("commentary", "梁惠王魏"), ("commentary", "國都大梁")]


def test_tall_narrow_note_glyphs_are_read_squeezed_square() -> None:
    from guji.ocr.engine import LineImage
    from guji.ocr.engines.ppocr import prepare_line
    from guji.ocr.lines import glyph_aspect

    def sub_column(size: tuple[int, int], rows: int) -> np.ndarray:
        column = Image.new("L", (size[0] + 8, rows * (size[1] + 6) + 8), 255)
        for j, ch in enumerate("謂經術政教之"[:rows]):
            column.paste(glyph(ch, size), (4, 4 + j * (size[1] + 6)))
        return np.asarray(column)

    tall = sub_column((32, 56), 4)
    assert 1.5 < glyph_aspect(tall) < 2.0
    assert glyph_aspect(sub_column((30, 30), 4)) == 1.0  # small square glyphs
    assert glyph_aspect(sub_column((32, 56), 1)) == 1.0  # one glyph: nothing to measure
    square = prepare_line(LineImage(tall, "note", 40.0))
    squeezed = prepare_line(LineImage(tall, "note", 40.0, aspect=glyph_aspect(tall)))
    assert squeezed.pixels.shape[1] < 0.65 * square.pixels.shape[1]
