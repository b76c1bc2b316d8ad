"""The glyph of a page mostly of commentary: a few large main characters head columns of
small notes, so nine parts in ten are a note's and the upper decile of widths is a small
glyph's. The main characters' parts stand apart as a group of one width, which is the
glyph (guji/ocr/layout/ink.py, MAIN_OVER_NOTE)."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.ink import MAIN_GROUP_PARTS, glyph_shape
from tests.ocr.reprint import reprint

FACE = "WenQuanYi Zen Hei Regular"
NOTE, MAIN = 14, 36


def _page(main_characters: int) -> np.ndarray:
    """Square rings as glyphs: 300 small ones and `main_characters` large ones."""
    ink = np.zeros((1200, 1400), bool)
    spots = [(y, x) for y in range(10, 1150, 60) for x in range(10, 1350, 60)]
    for k, (y, x) in enumerate(spots[:300 + main_characters]):
        size = MAIN if k >= 300 else NOTE
        ink[y:y + size, x:x + size] = True
        ink[y + 3:y + size - 3, x + 3:x + size - 3] = False
    return ink


def test_a_group_of_wide_parts_is_the_glyph_where_notes_are_most_parts() -> None:
    assert glyph_shape(_page(MAIN_GROUP_PARTS + 4))[0] == MAIN
    # A few wide parts are no group (seals' pieces, glyphs run together): the upper decile.
    assert glyph_shape(_page(MAIN_GROUP_PARTS - 2))[0] == NOTE


def test_a_page_of_notes_under_large_main_characters_is_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # `guji sample --flat --pages 10 --seed 9733 --fonts train`, page 9: eleven columns,
    # each two to four large characters over a long note of glyphs 0.45 of their width.
    truth = reprint(tmp_path_factory.mktemp("main-glyph-group"), FACE, pages=10,
                    seed=9733, page=9, layout="half-leaf")
    page = load_upright(truth.image)
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    [half] = layout.half_pages
    assert truth.columns[1].startswith("子曰道之")
    # Measured at the notes' size (84 px, from the columns' pitch) the main characters
    # were cut into strokes: main, main, main, note.
    assert [s.kind for s in half.columns[1].segments] == ["main", "note"]
    errors, characters = cer_counts(recognize_page(truth.image).text, truth.text)
    # 26 of 317 with the glyph measured at the notes' size; none now.
    assert errors <= 5, (errors, characters)
