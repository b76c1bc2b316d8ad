"""Tall glyphs: the small characters of a note set narrow, or a narrow hand, stand half
as tall again as they are wide. Measured against their width, their upright strokes
passed for rulings and their stroke junctions for solid marks, and both were taken out
of the text: glyphs lost their heads or were cut in two. The page is one of a training
set (`guji sample --flat --pages 40 --seed 7373 --fonts train`, page 8: a note in the
bold face under WenQuanYi Zen Hei), printed again on its own."""

from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.layout.ink import TALLEST, glyph_shape, ink_map
from guji.ocr.variants import normalize
from tests.ocr.reprint import reprint

FACE = "WenQuanYi Zen Hei Regular"


def _glyphs(w: int, h: int, rows: int = 12, cols: int = 8) -> np.ndarray:
    """Ink of boxed glyphs w × h, each with an upright stroke down its whole height,
    standing a third of a glyph apart, on a page with margins."""
    ink = np.zeros((rows * (h + h // 3) + 80, cols * (w + w // 2) + 80), bool)
    for r in range(rows):
        for c in range(cols):
            y, x = 40 + r * (h + h // 3), 40 + c * (w + w // 2)
            ink[y:y + h, x:x + 2] = ink[y:y + h, x + w - 2:x + w] = True
            ink[y:y + 2, x:x + w] = ink[y + h - 2:y + h, x:x + w] = True
            ink[y:y + h, x + w // 2 - 1:x + w // 2 + 1] = True
    return ink


def test_the_glyph_measures_its_width_and_how_tall_it_is() -> None:
    width, aspect = glyph_shape(_glyphs(16, 16))
    assert (width, aspect) == (16.0, 1.0)
    # Square faces measure a little taller where glyphs run together: still square.
    assert glyph_shape(_glyphs(16, 18))[1] == 1.0
    assert glyph_shape(_glyphs(16, 24)) == (16.0, 1.5)
    assert glyph_shape(_glyphs(12, 30))[1] == TALLEST


def test_the_upright_strokes_of_tall_glyphs_are_text_and_a_ruling_is_not() -> None:
    ink = _glyphs(16, 28)
    x = ink.shape[1] - 20
    ink[30:-30, x:x + 2] = True  # a ruling down the page
    page = np.where(ink[..., None], 20, 235).astype(np.uint8).repeat(3, axis=2)
    m = ink_map(page, 1)
    assert m.vlines[:, x:x + 2].sum() >= 0.9 * 2 * (ink.shape[0] - 60)
    glyphs = ink.copy()
    glyphs[:, x - 2:] = False
    # A stroke 28 px long is 1.75 glyph widths: once a ruling, now text.
    assert not (m.vlines & glyphs).any()
    assert (m.text & glyphs).sum() >= 0.95 * glyphs.sum()


def test_a_note_in_tall_bold_glyphs_is_read_whole(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("tall-glyphs"), FACE, pages=40, seed=7373, page=8,
                    layout="half-leaf")
    printed = normalize(truth.text)
    read = normalize(recognize_page(truth.image).text)
    assert read.startswith("糟糠親戚")  # the head of the first column was lost
    # 26 characters were wrong; 2 now.
    assert Levenshtein.distance(read, printed) <= 6
