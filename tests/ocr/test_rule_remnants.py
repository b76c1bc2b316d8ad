"""What is left of a frame's top and bottom rules is no text (remnants.py), while a
character against the rule keeps its strokes. Masks drawn pixel by pixel."""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.remnants import without_rule_remnants


def test_slivers_of_a_worn_doubled_rule_stacked_on_one_another_are_not_text() -> None:
    # Two rows of dashes along the top (a worn doubled rule, a wavy one), an upright of a
    # ruling hanging from it and a speck: none is ink of a character beside the others.
    glyph = 40
    text = np.zeros((400, 240), bool)
    for k, x in enumerate(range(4, 230, 26)):
        top, lower = 2 + 3 * (k % 3), 12 + 2 * (k % 3)  # wavy: no row of four
        text[top:top + 4, x:x + 20] = True
        text[lower:lower + 4, x + 8:x + 30] = True
    text[24:70, 100:103] = True  # the ruling's upright, hanging 0.6 glyph down
    text[40:43, 60:63] = True  # a speck
    for x in (30, 140):  # the first glyphs of two columns, 1.7 glyphs down
        text[70:70 + glyph, x:x + glyph] = True
    kept = without_rule_remnants(text, np.zeros_like(text), float(glyph))
    assert not kept[:17].any()
    assert kept[70:70 + glyph].sum() == text[70:70 + glyph].sum()


def test_a_character_touching_the_rule_keeps_its_strokes() -> None:
    # 三 heading a column, its first stroke against the rule, its second within half a
    # glyph of it: its third stroke, further in, is ink beside both.
    glyph = 40
    text = np.zeros((400, 100), bool)
    for y in (0, 14, 30):
        text[y:y + 3, 30:70] = True
    text[60:60 + glyph, 30:70] = True
    kept = without_rule_remnants(text, np.zeros_like(text), float(glyph))
    assert (kept == text).all()


def test_a_piece_of_the_rule_cut_off_by_a_nick_is_not_text() -> None:
    # A nick through the thick top rule cuts a piece off it, thicker than a sliver; the
    # first stroke of 子 touching the rule is as thick, but has its glyph under it.
    glyph = 40
    text = np.zeros((400, 200), bool)
    hlines = np.zeros_like(text)
    hlines[0:3] = True
    text[4:11, 20:60] = True  # the cut-off piece: 7 px, 0.18 glyph
    text[4:11, 120:170] = True  # 子's first stroke...
    text[14:54, 140:146] = True  # ...and the rest of 子 under it
    kept = without_rule_remnants(text, hlines, float(glyph))
    assert not kept[:, :100].any()
    assert (kept[:, 100:] == text[:, 100:]).all()
