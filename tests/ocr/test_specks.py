"""Specks of dirt are no text, but the pieces of a light glyph broken by binarisation are
(specks.py, FRAGMENT_REACH). Masks drawn pixel by pixel."""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.specks import SPECK_SHARE, without_specks

GLYPH = 43.0  # a page's glyph at working resolution; a speck is under 18.5 px of ink


def _column() -> np.ndarray:
    """A column 70 px wide: a main character at rows 100-140, solid."""
    text = np.zeros((400, 70), bool)
    text[100:140, 15:55] = True
    return text


def test_a_light_glyph_in_pieces_is_kept() -> None:
    text = _column()
    # 三 of a small note hand under the main character, its thin strokes pieces of
    # 12-16 px, 4 px apart; 之 in four pieces under it, at most 3 px apart. Each glyph
    # spans about 0.35 of a glyph.
    for y, length in ((150, 14), (155, 12), (160, 16)):
        text[y, 27:27 + length] = True
    text[170:172, 30:36] = True
    text[174, 26:40] = True
    text[176:181, 33:35] = True
    text[183, 24:41] = True
    pieces = [text[150].sum(), text[160].sum(), text[174].sum(), text[183].sum()]
    assert max(pieces) < SPECK_SHARE * GLYPH * GLYPH
    assert (without_specks(text, GLYPH) == text).all()


def test_specks_and_slivers_stay_out() -> None:
    text = _column()
    # A lone speck under the character, as large as any piece above.
    text[180:183, 20:24] = True
    # Specks near one another, but less ink together than one speck.
    text[220:222, 10:12] = True
    text[223:225, 13:15] = True
    # A worn rule at the head of the column, broken into slivers: far from the text.
    for x in range(2, 60, 9):
        text[20:22, x:x + 7] = True
    # A broken rule's slivers beside the character: pieces of one line, no glyph.
    for x in range(2, 60, 9):
        text[143:145, x:x + 7] = True
    kept = without_specks(text, GLYPH)
    assert (kept == _column()).all()
