"""Pages drawn without a frame, small or in a heavy face: found on the pages of an
independent renderer (benchmarks/independent_pages.py), where a page of 27 px glyphs
lost every note, a heavy face's outermost column was taken for a centre strip, and so
was the outermost column of a page ruled between its columns only; and the box drawn
round an unframed page's text cut the outer half off its outermost sub-column."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from guji.ocr.layout import PageLayout, analyse_layout
from guji.ocr.layout.strips import has_fish_tail
from tests.ocr.drawn import glyph

TEXT = "天下之足同也口之於味有同耆也易牙先得我口之所耆者也如使口之於味也其性與人殊若犬馬之" * 8
NOTE = "耳亦然至於聲天下期於師曠是天下之耳相似也惟目亦然至於子都天下莫不知其姣也" * 8


def _page(columns: int, size: int, pitch: int, rows: int, *, note_rows: int = 0,
          note_size: int = 0, note_ink: int = 0, rulings: bool = False,
          heavy: bool = False, framed: bool = False, blur: float = 0.0) -> Image.Image:
    """Columns right to left of `rows` main glyphs on toned paper, no frame; the first
    `note_rows` rows of every other column's foot a double-line note in `note_size`
    glyphs of grey `note_ink`. Rulings between the columns only, when asked; a frame
    round them, when asked."""
    margin = 2 * size
    lead = int(size * 1.05)
    width, height = columns * pitch + 2 * margin, rows * lead + 2 * margin
    page = Image.new("L", (width, height), 235)
    draw = ImageDraw.Draw(page)
    chars = iter(TEXT)
    notes = iter(NOTE)
    if framed:
        draw.rectangle([margin - size // 2, margin - size // 2, width - margin + size // 2,
                        height - margin + size // 2], outline=30, width=max(2, size // 10))
    for c in range(columns):
        right = width - margin - c * pitch
        if rulings and c:
            draw.line([(right, margin - size // 3), (right, height - margin + size // 3)],
                      fill=30, width=max(1, size // 20))
        x = right - (pitch + size) // 2
        main = rows - note_rows if c % 2 and note_rows else rows
        for r in range(main):
            g = glyph(next(chars), (size, size))
            if heavy:
                g = g.filter(ImageFilter.MinFilter(3))
            page.paste(20, (x, margin + r * lead), Image.eval(g, lambda v: 255 - v))
        if main == rows:
            continue
        half = size // 2
        for side in (x + half + 1, x + half - 1 - note_size):
            for r in range(2 * note_rows):
                g = glyph(next(notes), (note_size, note_size))
                page.paste(note_ink, (side, margin + main * lead + r * half),
                           Image.eval(g, lambda v: 255 - v))
    return page.filter(ImageFilter.GaussianBlur(blur)) if blur else page


def _layout(page: Image.Image) -> PageLayout:
    rgb = np.repeat(np.asarray(page)[:, :, None], 3, axis=2)
    return analyse_layout(rgb)


@pytest.mark.parametrize("blur", [0.8, 0.9])
def test_faint_notes_of_a_small_page_are_found(blur: float) -> None:
    # 27 px main glyphs, a note of 12 px glyphs whose thin strokes, blurred, are grey:
    # taken for paper under the old ink threshold (0.72 of the paper's brightness),
    # which found none of the four notes, or three.
    page = _page(8, 27, 42, 24, note_rows=10, note_size=12, note_ink=70, blur=blur)
    layout = _layout(page)
    assert len(layout.columns) == 8
    kinds = [[s.kind for s in c.segments] for c in layout.columns]
    with_notes = [i for i, k in enumerate(kinds) if "note" in k]
    assert with_notes == [1, 3, 5, 7], kinds


@pytest.mark.parametrize("framed", [False, True])
def test_a_heavy_small_face_has_no_centre_strip(framed: bool) -> None:
    # Strokes run together: solid marks in glyph after glyph, as a fish-tail is solid.
    page = _page(10, 24, 40, 22, heavy=True, framed=framed, blur=0.6)
    layout = _layout(page)
    assert all(h.centre_strip is None for h in layout.half_pages)
    assert len(layout.columns) == 10


def test_the_outer_columns_of_a_page_ruled_only_between_them() -> None:
    # No frame: the outermost columns are bounded by their own ink, not by a side of
    # a frame, and are no centre strip cut off at the fold, however narrow.
    page = _page(7, 50, 115, 16, note_rows=6, note_size=24, note_ink=20, rulings=True)
    layout = _layout(page)
    assert all(h.centre_strip is None for h in layout.half_pages)
    assert len(layout.columns) == 7


def test_a_fish_tail_is_one_of_few_solid_marks() -> None:
    cell = np.zeros((400, 30), bool)
    cell[100:112, 5:25] = True  # a fish-tail
    assert has_fish_tail(cell, 30, 30.0)
    for y in range(20, 380, 36):  # a heavy face's glyphs, solid one after another
        cell[y:y + 12, 5:25] = True
    assert not has_fish_tail(cell, 30, 30.0)


def test_the_outer_sub_column_of_an_unframed_page_is_read_whole() -> None:
    # The last column ends in a note whose left sub-column is the page's outermost ink:
    # a cell keeps a margin off its rulings, and where the frame is the text's own box
    # that margin cut into the sub-column's glyphs.
    page = _page(8, 40, 60, 16, note_rows=6, note_size=18, note_ink=20)
    ink_left = int(np.nonzero((np.asarray(page) < 128).any(axis=0))[0][0])
    last = _layout(page).columns[-1]
    note = next(s for s in last.segments if s.kind == "note")
    assert note.lines[-1].x <= ink_left + 1
