"""Frames and strips on the Siku catalogue's worn pages (siku-zongmu, which may be used
to develop the layout): three pages whose columns were lost by rules found on
generated pages, each kept whole by a rule of its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guji.ocr import recognize_page
from guji.ocr.geometry import Box
from guji.ocr.layout.frames import _framed_share, _parts_joined
from guji.ocr.layout.strips import has_fish_tail


def test_a_rulings_stub_is_no_part_of_a_cracked_frame() -> None:
    # Page 91: a piece of net 239 px wide and a ruling's stub 34 px beside it, glyph 53.
    stub, piece = Box(924, 845, 10, 462), Box(651, 857, 239, 517)
    assert sorted(_parts_joined([stub, piece], 300.0, 53.0), key=lambda b: b.x) == [piece, stub]
    # Two parts each wider than two glyphs still join.
    other = Box(900, 845, 140, 529)
    assert _parts_joined([other, piece], 300.0, 53.0) == [Box(651, 845, 389, 529)]


def test_frames_that_hold_little_of_the_text_bound_nothing() -> None:
    text = np.zeros((100, 100), bool)
    text[10:90, 10:90:10] = True  # eight columns of text
    assert _framed_share(text, [Box(5, 5, 90, 90)]) == 1.0
    assert _framed_share(text, [Box(45, 5, 50, 90)]) == 0.5
    assert _framed_share(np.zeros((10, 10), bool), []) == 1.0


def test_a_piece_of_the_top_rule_is_no_fish_tail() -> None:
    glyph, width = 39.0, 93
    cell = np.zeros((1200, width), bool)
    cell[5:18, 6:87] = True  # the thick top rule's piece in the cell, 13 rows tall
    assert not has_fish_tail(cell, width, glyph)
    mark = np.zeros_like(cell)
    mark[300:313, 6:87] = True  # the same mark a quarter down the cell
    assert has_fish_tail(mark, width, glyph)


@pytest.mark.parametrize(("number", "columns", "start"), [
    # Two parts of a worn frame joined held four of the nine columns.
    ("105", [9], "學宋學各有源流"),
    # The first column, under a piece of the thick top rule, was taken for a strip.
    ("109", [9], "以敬血脈王文成"),
    # A ruling's stub joined to a piece of net made a third frame.
    ("091", [7, 5], "子改本發揮文字"),
])
def test_catalogue_pages_keep_their_columns(catalogue_pages: Path, number: str,
                                            columns: list[int], start: str) -> None:
    page = recognize_page(catalogue_pages / f"06061317.cn-000{number}.png")
    assert [len(h.columns) for h in page.half_pages] == columns
    assert start in page.text.replace("\n", "")[:12]
