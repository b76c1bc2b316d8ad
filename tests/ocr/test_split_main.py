"""Main text and a note the layout could not part: a note in large glyphs whose
sub-columns touch, read as it is printed. The page is one of a fresh training set
(`guji sample --flat --pages 120 --seed 9191 --layout mixed --fonts train`, page 118:
BabelStone Han), printed again on its own."""

from __future__ import annotations

import pytest

from guji.ocr import recognize_page
from guji.ocr.variants import normalize
from tests.ocr.reprint import reprint

FACE = "BabelStone Han Regular"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    """The columns' text as printed and as read."""
    truth = reprint(tmp_path_factory.mktemp("split-main"), FACE, pages=118, seed=9191, page=118)
    read = recognize_page(truth.image)
    return [normalize(t) for t in truth.columns], [normalize(c.text) for c in read.columns]


def test_main_text_above_a_note_is_read_on_its_own(page: tuple[list[str], list[str]]) -> None:
    # The first column: main text, then a note the layout took for more of it. Read with
    # the note's rows in the same line, the main text lost 慮慮.
    printed, read = page
    assert printed[0].startswith("安安而后能慮慮而后能得")
    assert read[0] == printed[0]


def test_rows_of_a_note_between_notes_are_read_as_a_note(
        page: tuple[list[str], list[str]]) -> None:
    # The eighth column's note: where its sub-columns touch, the layout lost the path
    # between them and took four rows for main text, which read as 至也, surely.
    printed, read = page
    note = "推極也知猶識也格至也物猶事也"
    assert note in printed[7]
    assert note in read[7]
    assert "事物之理欲其極處無不到也" in read[7]
