"""The pitch of a frame's columns: from the gaps between well-inked rulings, and from
where the text stands across an unruled or worn frame."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr.geometry import Box
from guji.ocr.layout.columns import _text_pitch, frame_cells
from guji.ocr.layout.frames import find_frames
from guji.ocr.layout.ink import InkMap, ink_map
from guji.ocr.layout.ruled_pitch import ruled_pitch
from tests.ocr.blocks import GLYPH, PITCH, block_page, worn_block


def test_pitch_of_worn_rulings_is_the_shortest_repeat() -> None:
    # Every other ruling worn away: gaps of two pitches outnumber those of one.
    strong = [0, 100, 150, 250, 300, 400, 500]
    assert ruled_pitch(strong, glyph=30.0) == pytest.approx(50.0)
    assert ruled_pitch([0, 60], glyph=30.0) is None  # one gap measures nothing


def test_few_rulings_a_pitch_and_two_apart_measure_one_pitch() -> None:
    # A training page's well-inked rulings on a worn block: gaps of 88 and 177 px. Their
    # median (132.5) is no pitch; the shortest gap divides both.
    assert ruled_pitch([275, 452, 540], glyph=24.0) == pytest.approx(88.25)
    # With many gaps the median stands: a short gap among them is a column's strokes.
    assert ruled_pitch([0, 100, 200, 300, 330, 400], glyph=24.0) == pytest.approx(100.0)


def test_one_short_gap_does_not_halve_the_pitch() -> None:
    # Rulings 50 px apart, and the strokes of a column lined up beside one of them (at
    # 611 and 634): one short gap of 23 px, not a pitch of 25 (every column cut in two).
    strong = [97, 149, 199, 249, 298, 347, 397, 447, 496, 545, 595, 611, 634, 645, 651]
    assert ruled_pitch(strong, glyph=14.2) == pytest.approx(49.5, abs=1.0)


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


def test_unruled_columns_take_their_pitch_from_the_text() -> None:
    m = ink_map(block_page({i: 15 for i in range(9)}, ruled=False), 1)
    [frame] = find_frames(m)
    assert _text_pitch(m, frame) == pytest.approx(PITCH, abs=3)
    cells, pitch = frame_cells(m, frame)
    assert pitch == pytest.approx(PITCH, abs=3)
    assert sum(c.kind == "body" for c in cells) == 9


def test_long_columns_alternating_with_short_ones_keep_their_pitch() -> None:
    # Full columns between short ones (a last line, a heading): their amount of ink
    # repeats best at two pitches; with the glyph measured large (the pitch floor of a
    # second pass), two pitches fall within the lags searched and must not pass for one.
    m = ink_map(block_page({i: 15 if i % 2 == 0 else 6 for i in range(9)}, ruled=False), 1,
                glyph=1.3 * GLYPH)
    [frame] = find_frames(m)
    assert _text_pitch(m, frame) == pytest.approx(PITCH, abs=3)
    cells, _pitch_found = frame_cells(m, frame)
    assert sum(c.kind == "body" for c in cells) == 9


def test_rulings_two_pitches_apart_do_not_double_the_pitch() -> None:
    # Every other ruling worn away entirely: the two left and a side of the frame stand
    # two pitches apart, and the columns of text between them say the pitch is half that.
    cells, pitch = worn_block(9, [(2, 0), (4, 0)])
    assert pitch == pytest.approx(PITCH, abs=3)
    assert sum(c.kind == "body" for c in cells) == 9


def test_rulings_one_and_three_pitches_apart_keep_the_pitch() -> None:
    # A worn block with two rulings left: one a pitch from the right side, the other
    # three pitches further, a little off their places as on the training page (gaps of
    # 69 and 213 px). The median of the gaps measured neither pitch; the text's pitch
    # divides both (the training page: 59 px found for 47).
    cells, pitch = worn_block(10, [(1, 1), (4, -2)])
    assert pitch == pytest.approx(PITCH, abs=3)
    assert sum(c.kind == "body" for c in cells) == 10
