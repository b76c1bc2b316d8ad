"""How the Tesseract engine puts characters into glyph cells and combines its views."""

from __future__ import annotations

from pathlib import Path

from guji.ocr.engines.tesseract import _by_cell, _Cell, _Prepared, _reading
from guji.ocr.geometry import Box


def _line(n: int, pitch: int = 40) -> _Prepared:
    """A re-set line of n cells, `pitch` px apart, each a glyph 36 rows tall."""
    cells = tuple(_Cell(10 + k * pitch, 10 + k * pitch + 32, 40.0 * k, 40.0 * k + 36, 0.7)
                  for k in range(n))
    return _Prepared(Path("line.png"), 40.0, cells)


def _chars(text: str, shift: float, pitch: int = 40) -> list[tuple[str, Box, float]]:
    return [(ch, Box(int(10 + k * pitch + shift), 5, 20, 30), 0.9) for k, ch in enumerate(text)]


def test_rough_boxes_still_give_one_character_a_cell() -> None:
    # Tesseract's boxes of single characters run up to half a cell late.
    got = _by_cell(_chars("孟子見梁", shift=22), _line(4))
    assert [(ch, cell) for ch, _c, cell in got] == [("孟", 0), ("子", 1), ("見", 2), ("梁", 3)]


def test_a_cell_read_as_nothing_or_as_two_characters() -> None:
    # Five cells, four characters: the third cell (x 90–122) was read as nothing.
    skipped = [("甲", Box(14, 5, 24, 30), 0.9), ("乙", Box(54, 5, 24, 30), 0.9),
               ("丙", Box(134, 5, 24, 30), 0.9), ("丁", Box(174, 5, 24, 30), 0.9)]
    assert [cell for _ch, _c, cell in _by_cell(skipped, _line(5))] == [0, 1, 3, 4]
    # Three cells, four characters: the last cell holds a glyph read as two.
    shared = [("甲", Box(14, 5, 24, 30), 0.9), ("乙", Box(54, 5, 24, 30), 0.9),
              ("丙", Box(92, 5, 12, 30), 0.9), ("丁", Box(108, 5, 12, 30), 0.9)]
    assert [cell for _ch, _c, cell in _by_cell(shared, _line(3))] == [0, 1, 2, 2]


def test_views_vote_per_character() -> None:
    prep = _line(3)
    view = lambda text, conf: [(ch, conf, k) for k, ch in enumerate(text)]  # noqa: E731
    reading = _reading([view("甲乙丙", 0.95), view("甲丁丙", 0.6), view("甲丁丙", 0.5)], prep)
    assert reading.text == "甲丁丙", "two views against one"
    reading = _reading([view("甲乙丙", 0.6), view("甲丁丙", 0.9)], prep)
    assert reading.text == "甲丁丙", "one against one: the surer"
    # A view that read a character more (or less) adds nothing where it differs, and
    # the first view's characters keep their cells.
    reading = _reading([view("甲乙丙", 0.6), [("甲", 0.9, 0), ("戊", 0.9, 1), ("乙", 0.9, 1),
                                             ("丙", 0.9, 2)]], prep)
    assert reading.text == "甲乙丙"
    assert [g.box.y for g in reading.glyphs] == [0, 40, 80]


def test_a_view_that_read_nothing_leaves_the_others() -> None:
    prep = _line(2)
    reading = _reading([[], [("天", 0.8, 0), ("地", 0.7, 1)]], prep)
    assert reading.text == "天地"
