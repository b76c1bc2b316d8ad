"""The pitch of a frame's columns: from the gaps between well-inked rulings, and from
where the text stands across an unruled or worn frame."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr.geometry import Box
from guji.ocr.layout.columns import _pitch, _text_pitch
from guji.ocr.layout.ink import InkMap


def test_pitch_of_worn_rulings_is_the_shortest_repeat() -> None:
    # Every other ruling worn away: gaps of two pitches outnumber those of one.
    strong = [0, 100, 150, 250, 300, 400, 500]
    assert _pitch(strong, glyph=30.0) == pytest.approx(50.0)
    assert _pitch([0, 60], glyph=30.0) is None  # one gap measures nothing


def test_few_rulings_a_pitch_and_two_apart_measure_one_pitch() -> None:
    # A training page's well-inked rulings on a worn block: gaps of 88 and 177 px. Their
    # median (132.5) is no pitch; the shortest gap divides both.
    assert _pitch([275, 452, 540], glyph=24.0) == pytest.approx(88.25)
    # With many gaps the median stands: a short gap among them is a column's strokes.
    assert _pitch([0, 100, 200, 300, 330, 400], glyph=24.0) == pytest.approx(100.0)


def test_one_short_gap_does_not_halve_the_pitch() -> None:
    # Rulings 50 px apart, and the strokes of a column lined up beside one of them (at
    # 611 and 634): one short gap of 23 px, not a pitch of 25 (every column cut in two).
    strong = [97, 149, 199, 249, 298, 347, 397, 447, 496, 545, 595, 611, 634, 645, 651]
    assert _pitch(strong, glyph=14.2) == pytest.approx(49.5, abs=1.0)


def test_few_columns_between_blank_ones_keep_their_pitch() -> None:
    # The runs of ink across an unruled half-leaf measured on a training page: the strip
    # at the left, two columns, three blank ones, a note's halves and a column. Its
    # profile repeats best at three pitches (248 px) and only weakly at one; read at
    # three, the page's glyph was measured again at 135 px and nothing was read.
    h, w = 760, 582
    text = np.zeros((h, w), bool)
    for x0, x1, n in ((9, 35, 6), (149, 207, 4), (250, 281, 12), (411, 427, 20),
                      (453, 468, 20), (498, 556, 5)):
        for j in range(n):
            y = 20 + j * (700 // n)
            text[y:y + 24, x0:x1] = True
    blank = np.zeros_like(text)
    m = InkMap(factor=1.0, ink=text, vlines=blank, hlines=blank, text=text, blobs=blank,
               glyph=24.4, seals=())
    assert _text_pitch(m, Box(0, 0, w, h)) == pytest.approx(87, abs=3)


def test_columns_in_pairs_between_blank_ones_keep_their_pitch() -> None:
    # The runs of ink across a training page of 12 columns with faint rulings: columns
    # stand in pairs with a blank column between, so the profile repeats at three
    # pitches (141 px) and its peak at one pitch (47 px) is below zero; read at three,
    # 124 of its 187 characters came out wrong.
    h, w = 799, 616
    text = np.zeros((h, w), bool)
    for x0, x1 in ((14, 44), (103, 142), (154, 185), (244, 282), (294, 325), (384, 423),
                   (435, 466), (525, 564), (580, 605)):
        for j in range(15):
            text[20 + j * 50:20 + j * 50 + 30, x0:x1] = True
    blank = np.zeros_like(text)
    m = InkMap(factor=1.0, ink=text, vlines=blank, hlines=blank, text=text, blobs=blank,
               glyph=26.0, seals=())
    assert _text_pitch(m, Box(0, 0, w, h)) == pytest.approx(47, abs=3)
