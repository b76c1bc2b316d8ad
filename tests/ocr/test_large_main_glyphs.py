"""A page of small notes under a few large main characters in a heavy face, with no
rulings between its columns (the masks drawn in code, as in test_layout_rules.py)."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr.geometry import Box
from guji.ocr.layout.columns import _text_pitch, frame_cells
from guji.ocr.layout.ink import InkMap

PITCH = 70
COLUMNS = 9
MAIN = 56
NOTE = 22


def _masks(heavy_main: bool, *, tick: bool = True, even: bool = False) -> tuple[InkMap, Box]:
    """The ink map of such a page. The glyph measures at the notes' size, so the main
    characters' heavy strokes are taken for solid marks (fish-tails, blots): only a
    hairline tick of each is text. `heavy_main` False: the same characters in a light
    face, all text. `tick` False: the main characters have no hairline at all; `even`:
    the notes' sub-columns stand evenly, half a pitch apart, as the columns' halves."""
    h, w = 900, PITCH * COLUMNS + 20
    text = np.zeros((h, w), bool)
    blobs = np.zeros((h, w), bool)
    for i in range(COLUMNS):
        cx = 10 + PITCH * i + PITCH // 2
        y = 20
        for _ in range(3):
            x = cx - MAIN // 2
            body = blobs if heavy_main else text
            body[y:y + MAIN, x:x + MAIN] = True
            body[y + 8:y + MAIN - 8, x + 8:x + MAIN - 8] = False
            if tick:
                text[y - 2:y, x + MAIN // 2:x + MAIN // 2 + 3] = True  # a hairline on top
            y += MAIN + 10
        for j in range(15):  # a note: two sub-columns of small glyphs in hairlines
            for side in (-1, 1):
                x = cx + side * (PITCH // 4 if even else NOTE // 2 + 6) - NOTE // 2
                if even:
                    # Glyphs a little left or right by turns, so that their sides line
                    # up into no ruling down the evenly spaced sub-columns.
                    x += 3 * (j % 3 - 1)
                text[y:y + NOTE, x:x + NOTE] = True
                text[y + 1:y + NOTE - 1, x + 1:x + NOTE - 1] = False
            y += NOTE + 6
    blank = np.zeros_like(text)
    m = InkMap(factor=1.0, ink=text | blobs, vlines=blank, hlines=blank, text=text,
               blobs=blobs, glyph=float(NOTE), seals=())
    return m, Box(0, 0, w, h)


@pytest.mark.parametrize("heavy_main", [False, True])
def test_heavy_main_characters_over_small_notes_set_the_pitch(heavy_main: bool) -> None:
    """Without the heavy strokes the notes' sub-columns alone set the pitch, and every
    column was cut in two down the middle of its note."""
    m, frame = _masks(heavy_main)
    assert _text_pitch(m, frame) == pytest.approx(PITCH, abs=2)


def test_a_stain_joined_to_no_text_does_not_count() -> None:
    m, frame = _masks(heavy_main=True)
    stain = np.zeros_like(m.blobs)
    # Solid marks standing alone in the blank between columns (foxing, blots): were they
    # text, the columns' ink would run together across the frame.
    for i in range(1, COLUMNS):
        x = 10 + PITCH * i
        stain[850:880, x - 9:x + 9] = True
    with_stains = InkMap(factor=1.0, ink=m.ink | stain, vlines=m.vlines, hlines=m.hlines,
                         text=m.text, blobs=m.blobs | stain, glyph=m.glyph, seals=())
    assert _text_pitch(with_stains, frame) == pytest.approx(PITCH, abs=2)


def test_main_characters_across_the_notes_halves_double_the_pitch() -> None:
    """Large characters all solid, joined to no text, over notes whose sub-columns stand
    half a pitch apart: the text alone repeats at half the pitch, and every column was
    cut in two down the middle of its note and of its main characters."""
    m, frame = _masks(heavy_main=True, tick=False, even=True)
    assert _text_pitch(m, frame) == pytest.approx(PITCH / 2, abs=2)
    cells, pitch = frame_cells(m, frame)
    assert pitch == pytest.approx(PITCH, abs=3)
    # One cell a column, each around its column's middle (the outermost two, at the
    # sides of a frame drawn without sides, may be taken for centre strips).
    middles = sorted((c.x0 + c.x1) / 2 for c in cells if c.kind != "empty")
    assert middles == pytest.approx([10 + PITCH * i + PITCH // 2 for i in range(COLUMNS)],
                                    abs=5)


def test_notes_alone_keep_the_pitch_of_their_sub_columns() -> None:
    """The same notes with no large character above them: nothing reaches across the
    borders, and evenly spaced sub-columns are columns as far as the ink can tell."""
    m, frame = _masks(heavy_main=True, tick=False, even=True)
    m = InkMap(factor=1.0, ink=m.text, vlines=m.vlines, hlines=m.hlines, text=m.text,
               blobs=np.zeros_like(m.blobs), glyph=m.glyph, seals=())
    _cells, pitch = frame_cells(m, frame)
    assert pitch == pytest.approx(PITCH / 2, abs=2)
