"""Notes in a large note hand: glyphs 0.63 of the main text's, set close under each other
and close beside each other. The page is one of a fresh training set (`guji sample --flat
--pages 10 --seed 9731 --fonts train`, page 4: cwTeX Yen), printed again on its own."""

from __future__ import annotations

import pytest

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from tests.ocr.reprint import reprint

FACE = "cwTeXYen Medium"


def test_notes_of_a_large_hand_are_found_and_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("large-note-hand"), FACE, pages=10, seed=9731,
                    page=4, layout="half-leaf")
    page = load_upright(truth.image)
    [half] = analyse_layout(page.rgb, skew_deg=page.skew_deg).half_pages
    # The fourth column: twelve main characters, a note of eleven rows, one more main
    # character. With the note's glyphs taken for main text's (over 0.62 of the glyph)
    # the column was one stretch of main text, read as the halves of a note.
    assert truth.columns[3].startswith("人之初性本善性相近習相遠")
    assert [s.kind for s in half.columns[3].segments] == ["main", "note", "main"]
    errors, characters = cer_counts(recognize_page(truth.image).text, truth.text)
    # 21 of 175 with no note found (人之初性本善 read as the halves of a note); 2 now.
    assert errors <= 5, (errors, characters)
