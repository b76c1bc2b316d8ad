"""A page whose columns stand far apart, three glyphs a pitch, with notes whose
sub-columns stand as far apart as the columns: the text's profile repeats best at two
pitches. The page is one of a fresh training set (`guji sample --flat --pages 10 --seed
9723 --fonts train`, page 9: IPAmj Mincho, its notes in cwTeX Yen), printed again on
its own."""

from __future__ import annotations

import pytest

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from tests.ocr.reprint import reprint

FACE = "IPAmjMincho Regular"


def test_columns_far_apart_are_each_found_and_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("wide-pitch"), FACE, pages=10, seed=9723, page=9,
                    layout="half-leaf")
    page = load_upright(truth.image)
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    [half] = layout.half_pages
    # Seven columns, one of them a lone note character (己): at twice the pitch, four
    # were found, the glyph taken three times too large (246 px for about 80).
    assert len(half.columns) >= 6
    assert layout.glyph < 1.7 * 80
    errors, characters = cer_counts(recognize_page(truth.image).text, truth.text)
    # 80 of 156 at twice the pitch; 2 now (the lone 己, and 千 read 干).
    assert errors <= 6, (errors, characters)
