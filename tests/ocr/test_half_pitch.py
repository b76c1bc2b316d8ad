"""Headings between columns of text with their notes: the columns' ink alternates wide
and narrow, the text's profile repeats best at two columns, and pairs of columns were
read as the halves of notes (159 of 212 characters wrong). The page is one of a
training set (`guji sample --flat --pages 100 --seed 8888 --layout mixed --fonts
train`, page 44: unruled, Noto Serif CJK TC), printed again on its own."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.layout.columns import _half
from guji.ocr.variants import normalize
from tests.ocr.reprint import reprint

FACE = "Noto Serif CJK TC Regular"
# Page 44's runs of ink across its frame (working pixels): text with notes, headings.
RUNS = [(17, 66), (97, 126), (156, 205), (236, 264), (295, 344), (375, 403), (434, 483),
        (514, 541), (574, 600)]


def test_columns_evenly_half_the_pitch_apart_are_the_columns() -> None:
    assert _half(139, RUNS, 28.0) == 69.5
    # Glyphs that fill half the pitch are the halves of notes...
    assert _half(139, RUNS, 50.0) is None
    # ...and so are runs in pairs, each half a pitch from the next within the tolerance,
    # but a narrower corridor in each pair than the paper between them.
    pairs = [(x, x + 28) for c in range(5) for x in (140 * c, 140 * c + 60)]
    assert _half(140, pairs, 28.0) is None
    assert _half(140, [(x, x + 28) for x in range(0, 700, 70)], 28.0) == 70.0
    # Two runs half a pitch apart are too few to say.
    assert _half(139, RUNS[:3], 28.0) is None


def test_headings_between_columns_of_notes_are_read_column_by_column(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("half-pitch"), FACE, pages=100, seed=8888, page=44)
    page = recognize_page(truth.image)
    assert [len(h.columns) for h in page.half_pages] == [8]
    printed = normalize(truth.text)
    read = normalize(page.text)
    assert read.startswith("安民第三不尚賢使民不爭")
    assert Levenshtein.distance(read, printed) <= 5
