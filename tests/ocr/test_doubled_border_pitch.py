"""A half-leaf whose few sure rulings include the outer line of a doubled border: the
gap from it is a sixth of a pitch long, the pitch measured on the rulings (143 px, the
median of two gaps) fits none of them, and the text's profile, which repeats at the
columns' pitch, was measured at a step on the flank of its peak (49 px for 55). The
columns were cut half a column out, and the half-leaf read 82 of 191 characters wrong.
The page is one of a training set (`guji sample --flat --pages 100 --seed 9292 --layout
mixed --fonts train`, page 80: faint rulings, doubled sides, WenQuanYi Zen Hei),
printed again on its own."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.layout.ruled_pitch import text_fits_better
from guji.ocr.variants import normalize
from tests.ocr.reprint import reprint

FACE = "WenQuanYi Zen Hei Regular"
# The sure rulings of the page's right half (working pixels): the doubled border's outer
# line, two rulings, the centre strip's side.
SURE = [844, 1020, 1242, 1352]


def test_the_texts_pitch_where_it_fits_the_rulings_better() -> None:
    pitch = text_fits_better(143.0, SURE, 55.0, 27.1)
    assert pitch is not None and 55.0 <= pitch <= 57.5
    # A text pitch that fits the gaps no better leaves the rulings' own.
    assert text_fits_better(143.0, SURE, 70.0, 27.1) == 143.0
    # Rulings a whole number of their pitch apart are believed.
    assert text_fits_better(110.0, [844, 954, 1064], 55.0, 27.1) == 110.0


def test_a_doubled_border_among_few_rulings_keeps_the_columns(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("doubled-border"), FACE, pages=100, seed=9292,
                    page=80)
    page = recognize_page(truth.image)
    printed = normalize(truth.text)
    read = normalize(page.text)
    assert read.startswith("三字經訓詁卷第四王應麟撰三字經人之初性本善性相近")
    assert Levenshtein.distance(read, printed) <= 5
