"""One test per layout rule added for pages unlike the first generator's: each fails when
its rule is switched off. Most pages are drawn in code (tests/ocr/blocks.py): a frame,
optional rulings, and block glyphs (hollow squares) in columns."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr.geometry import Box
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.cells import Cell
from guji.ocr.layout.columns import (
    _regular_rulings,
    _split_at_gaps,
    _strong_cover,
    frame_cells,
)
from guji.ocr.layout.frames import _flanked, find_frames
from guji.ocr.layout.ink import InkMap, ink_map
from guji.ocr.layout.ruled_pitch import ruled_pitch
from guji.ocr.layout.segments import column_segments
from guji.ocr.layout.strips import (
    has_fish_tail,
    mark_edge_fragments,
    one_side_strip,
    one_strip_at_each_side,
    strips_at_sides_or_middle,
)
from tests.ocr.blocks import BOTTOM, GLYPH, LEFT, PITCH, RIGHT, TOP, block_page


def test_strokes_lined_up_beside_a_worn_ruling_do_not_take_its_place() -> None:
    # Rulings 51 px apart (a training page's candidates and their cover). The ruling at
    # 421 is worn (0.36); the strokes of a note's left sub-column set against it line up
    # at 431 and ink more (0.46). Taken for the ruling, 431 cut the sub-column off its
    # column and left a cell so narrow that it passed for a centre strip.
    found = [(112, 0.997), (166, 0.575), (217, 0.928), (269, 0.86), (287, 0.272),
             (303, 0.204), (319, 0.437), (333, 0.299), (355, 0.33), (370, 0.58), (409, 0.148),
             (421, 0.362), (431, 0.464), (460, 0.371), (472, 0.645), (487, 0.389),
             (497, 0.139), (500, 0.17), (511, 0.403), (523, 0.579), (538, 0.336),
             (559, 0.368), (574, 0.638), (625, 0.958)]
    rules = _regular_rulings(found, 51.0)
    assert 421 in rules and 431 not in rules
    assert rules[:8] == [112, 166, 217, 269, 319, 370, 421, 472]


def test_strokes_of_a_page_of_notes_are_no_rulings_beside_whole_ones() -> None:
    # A training page: rulings that print whole (0.98) every 51 px, and in each column
    # the strokes of a note's two sub-columns lined up (0.52-0.68), more of them than
    # rulings. Measured against all of them, "well inked" fell to 0.5: the strokes
    # passed for rulings and the pitch halved.
    found = [(214, 0.998), (222, 0.976), (239, 0.604), (263, 0.61), (274, 0.979),
             (284, 0.278), (311, 0.282), (325, 0.979), (338, 0.63), (361, 0.677),
             (375, 0.979), (393, 0.518), (416, 0.591), (426, 0.979), (444, 0.219),
             (468, 0.212), (477, 0.979), (487, 0.624), (518, 0.613), (527, 0.979),
             (545, 0.624), (568, 0.557), (578, 0.979), (594, 0.202), (612, 0.241),
             (628, 0.979), (644, 0.601), (669, 0.649), (679, 0.979), (695, 0.65),
             (715, 0.532), (730, 0.998), (755, 0.133)]
    limit = _strong_cover(found)
    assert limit > 0.7
    assert ruled_pitch([x for x, c in found if c >= limit], glyph=15.0) == pytest.approx(51, abs=1)


def test_strokes_lined_up_down_a_sub_column_are_flanked_and_a_ruling_is_not() -> None:
    # Working pixels, glyph 14: a ruling at x=20 with glyphs 4 px off its sides, and at
    # x=60 the middle uprights of a sub-column of small glyphs (十: a bar across each).
    band = np.zeros((400, 100), bool)
    band[:, 20] = True
    band[:, 60] = True
    for y in range(0, 400, 20):
        band[y + 2:y + 14, 4:16] = True  # glyphs left of the ruling, a margin apart
        band[y + 6:y + 8, 54:67] = True  # the bar of 十 across the upright
    runs = band.copy()
    runs[:, 4:16] = False
    runs[:, 54:59] = False
    runs[:, 61:67] = False
    assert not _flanked(band, runs, 20, 14.0)
    assert _flanked(band, runs, 60, 14.0)


def test_a_column_is_as_wide_as_its_cell_not_its_glyphs() -> None:
    layout = analyse_layout(block_page({0: 15, 1: 15, 2: 15, 3: 15}, ruled=True, narrow={1}))
    widths = [c.box.w for c in layout.columns]
    assert len(widths) == 4
    # The column of narrow glyphs is as wide as the others (a cell between rulings).
    assert min(widths) >= 0.7 * PITCH, widths


def test_a_lone_column_on_an_unruled_page_does_not_own_theblock_page() -> None:
    layout = analyse_layout(block_page({0: 6}, ruled=False))
    [column] = layout.columns
    assert column.box.w <= 1.5 * PITCH, column.box


def test_a_one_glyph_column_is_as_tall_as_its_cell() -> None:
    layout = analyse_layout(block_page({0: 15, 1: 1, 2: 15}, ruled=True))
    short = min(layout.columns, key=lambda c: c.box.h)
    # The glyph's ink is GLYPH tall; its cell (with the space between glyphs) more.
    assert short.box.h >= GLYPH + 8, short.box


def test_strip_at_the_side_of_an_unruled_frame_is_not_a_column() -> None:
    layout = analyse_layout(block_page({0: 15}, ruled=False, strip=True))
    [half] = layout.half_pages
    assert half.centre_strip is not None
    assert len(half.columns) == 1



def test_a_strip_is_at_a_side_of_its_frame_or_in_its_middle() -> None:
    # Thick strokes of a heavy face pass for a fish-tail in a narrow column (a heading
    # in bold): a cell taken for a strip away from the sides and the middle is text.
    m = ink_map(block_page({i: 15 for i in range(8)}, ruled=True, strip=True), 1)
    [frame] = find_frames(m)
    cells, pitch = frame_cells(m, frame)
    kinds = [c.kind for c in cells]
    assert kinds.count("centre-strip") == 1 and kinds[-1] == "centre-strip"
    middle = frame.x + frame.w / 2
    near = min(range(len(cells) - 1), key=lambda i: abs((cells[i].x0 + cells[i].x1) / 2 - middle))
    # Cells right to left: the third is two pitches from the frame's right side.
    taken = [Cell(c.x0, c.x1, "centre-strip", c.text) if i in (2, near) else c
             for i, c in enumerate(cells)]
    fixed = strips_at_sides_or_middle(m, frame, taken, pitch)
    assert fixed[2].kind == "body" and fixed[2].text is not None
    assert fixed[2].text.h > 10 * GLYPH
    # A leaf printed whole has its strip in the middle; a half-leaf's stays at its side.
    assert fixed[near].kind == "centre-strip"
    assert fixed[-1].kind == "centre-strip"


def test_a_half_leaf_has_its_centre_strip_at_one_side() -> None:
    # A column of text by the frame's far side, in a heavy hand, taken for a second
    # strip: inked down most of its length, it is text; the strip, its fish-tail and a
    # few characters with blank paper between, stays the strip.
    m = ink_map(block_page({0: 15, 1: 15, 2: 15}, ruled=True, strip=True), 1)
    [frame] = find_frames(m)
    cells, pitch = frame_cells(m, frame)
    assert cells[-1].kind == "centre-strip"  # right to left: the strip is at the left
    taken = [Cell(c.x0, c.x1, "centre-strip", c.text) if i == 0 else c
             for i, c in enumerate(cells)]
    fixed = one_side_strip(m, frame, taken[::-1], pitch)[::-1]  # it takes them left to right
    assert fixed[0].kind == "body" and fixed[0].text is not None
    assert fixed[0].text.h > 10 * GLYPH
    assert fixed[-1].kind == "centre-strip"
    assert [c.kind for c in fixed[1:-1]] == [c.kind for c in cells[1:-1]]
    # A short heading by the far side is not inked down most of its length: nothing
    # tells it from the strip, and both stay as they were taken.
    m = ink_map(block_page({0: 3, 1: 15, 2: 15}, ruled=True, strip=True), 1)
    cells, pitch = frame_cells(m, frame)
    taken = [Cell(c.x0, c.x1, "centre-strip", c.text) if i == 0 else c
             for i, c in enumerate(cells)]
    assert one_side_strip(m, frame, taken[::-1], pitch) == taken[::-1]


def test_a_column_in_the_middle_of_a_half_leaf_is_no_second_strip() -> None:
    # A column of text near the frame's middle taken for a strip (the strokes of a
    # heavy face pass for a fish-tail), where a leaf printed whole has its own: with the
    # strip at a side already, a cell inked down most of its length is text.
    m = ink_map(block_page({i: 15 for i in range(8)}, ruled=True, strip=True), 1)
    [frame] = find_frames(m)
    cells, pitch = frame_cells(m, frame)
    assert cells[-1].kind == "centre-strip"
    middle = min(range(len(cells)), key=lambda i: abs(cells[i].x0 + cells[i].x1
                                                      - 2 * frame.x - frame.w))
    taken = [Cell(c.x0, c.x1, "centre-strip", c.text) if i == middle else c
             for i, c in enumerate(cells)]
    fixed = one_side_strip(m, frame, taken[::-1], pitch)[::-1]
    assert fixed[middle].kind == "body" and fixed[middle].text is not None
    assert [c.kind for c in fixed] == [c.kind for c in cells]


def test_an_empty_sliver_by_the_side_does_not_hide_a_second_strip() -> None:
    # The same column taken for a strip, with a blank sliver of a cell left between it
    # and the frame's side (the inner line of a doubled side): the outermost cell with
    # ink is what stands at the side.
    m = ink_map(block_page({0: 15, 1: 15, 2: 15}, ruled=True, strip=True), 1)
    [frame] = find_frames(m)
    cells, pitch = frame_cells(m, frame)
    first = cells[0]
    sliver = Cell(first.x1, first.x1 + 6, "empty", None)
    taken = [sliver, Cell(first.x0, first.x1, "centre-strip", first.text), *cells[1:]]
    fixed = one_side_strip(m, frame, taken[::-1], pitch)[::-1]
    assert [c.kind for c in fixed[:2]] == ["empty", "body"]
    assert fixed[-1].kind == "centre-strip"


def test_the_halves_of_a_lone_note_are_one_column() -> None:
    # One column of double-line commentary on an unruled page: no rulings and no second
    # column measure the pitch, and the glyph is measured at the small glyphs' size, so
    # the halves are told by their narrow corridor, not by a guessed pitch.
    img = block_page({}, ruled=False)
    small, corridor, cx = 24, 4, (LEFT + RIGHT) // 2 + 150
    for j in range(16):
        y = TOP + 20 + j * (small + 10)
        for x in (cx - corridor // 2 - small, cx + corridor // 2):
            img[y:y + small, x:x + small] = 0
            img[y + 4:y + small - 4, x + 4:x + small - 4] = 255
    m = ink_map(img, 1)
    [frame] = find_frames(m)
    guess = 1.3 * m.glyph
    [(x0, x1)] = _split_at_gaps(m, frame, frame.x, frame.right, guess, measured=False)
    assert x0 <= cx - small - corridor // 2 and x1 >= cx + small + corridor // 2
    # Where the pitch was measured, the corridor is left to the pitch rules.
    assert len(_split_at_gaps(m, frame, frame.x, frame.right, guess, measured=True)) == 2


def test_a_side_cut_off_by_cracks_through_both_rules_is_part_of_the_frame() -> None:
    # Cracks through the top and the bottom rule cut the net of the frame in two; the
    # left piece (a side, its columns and strip) is narrower than a frame may be.
    img = block_page({i: 15 for i in range(9)}, ruled=False)
    img[TOP:TOP + 6, 250:280] = 255  # the top rule's crack
    img[BOTTOM - 6:BOTTOM, 215:245] = 255  # the bottom rule's, a little apart
    [frame] = find_frames(ink_map(img, 1))
    assert frame.x <= LEFT + 2 and frame.right >= RIGHT - 2, frame
    # Sides set apart by the same crack through both rules also join.
    img = block_page({i: 15 for i in range(9)}, ruled=False)
    img[TOP:TOP + 6, 215:245] = 255
    img[BOTTOM - 6:BOTTOM, 215:245] = 255
    [frame] = find_frames(ink_map(img, 1))
    assert frame.x <= LEFT + 2, frame


def _ink(text: np.ndarray, glyph: float) -> InkMap:
    blank = np.zeros_like(text)
    return InkMap(factor=1.0, ink=text, vlines=blank, hlines=blank, text=text, blobs=blank,
                  glyph=glyph, seals=())


def test_columns_that_touch_are_cut_a_pitch_apart() -> None:
    # Six columns a pitch apart; the middle four have glyphs so wide that their ink
    # touches across the gaps (every other glyph), leaving one run four pitches wide.
    text = np.zeros((800, 440), bool)
    centres = [35 + PITCH * i for i in range(6)]
    for cx in centres:
        text[20:780, cx - GLYPH // 2:cx + GLYPH // 2] = True
    for y in range(20, 780, 60):
        text[y:y + 30, centres[1] - PITCH // 2:centres[4] + PITCH // 2] = True
    frame = Box(0, 0, 440, 800)
    spans = _split_at_gaps(_ink(text, GLYPH), frame, 0, 440, PITCH)
    assert len(spans) == 6, spans
    for (x0, x1), cx in zip(spans, centres, strict=True):
        assert x0 <= cx - GLYPH // 2 and x1 >= cx + GLYPH // 2, (x0, x1, cx)


def test_a_half_of_a_note_pairs_with_the_nearer_run() -> None:
    # Glyphs filling a third of their pitch: columns of main text are as narrow as the
    # halves of a note. The note's right half stands nearer its left half than that
    # half stands to the main column beyond it.
    text = np.zeros((400, 300), bool)
    for x0, x1 in ((34, 58), (80, 100), (112, 132), (150, 174), (206, 230)):
        text[20:380, x0:x1] = True
    frame = Box(0, 0, 300, 400)
    spans = _split_at_gaps(_ink(text, 24.0), frame, 0, 300, 58.0)
    assert len(spans) == 4, spans
    note = spans[1]
    assert note[0] <= 80 and 132 <= note[1] <= 150, spans


def test_a_narrow_column_between_rulings_is_not_a_cut_strip() -> None:
    # The heading column by the frame's side, inside the outermost ruling, owns only
    # half a gap of paper beyond its glyphs: narrow, but between rulings.
    cells = [Cell(4, 30, "body", Box(6, 10, 20, 300)), Cell(40, 100, "body", None),
             Cell(110, 170, "body", None), Cell(180, 214, "body", Box(190, 10, 20, 100))]
    out = mark_edge_fragments(cells, 64.0, [34, 240])
    assert [c.kind for c in out] == ["centre-strip", "body", "body", "body"]


def test_a_frame_side_holds_one_centre_strip() -> None:
    # A lone column of commentary by the strip, in a face whose thick strokes pass for
    # fish-tails in cells as narrow as a note's halves: the halves are text, the strip
    # at the frame's right side is the only strip.
    text = Box(0, 10, 18, 800)
    cells = [Cell(500, 518, "centre-strip", text), Cell(522, 540, "centre-strip", text),
             Cell(544, 590, "centre-strip", Box(546, 10, 40, 800))]
    rules = [100, 542]  # the frame's other side, the strip's ruling
    out = one_strip_at_each_side(cells, at_left=False, at_right=True, rules=rules)
    assert [c.kind for c in out] == ["body", "body", "centre-strip"]
    # Strips that reach no side of the frame (a leaf printed whole) are left as found.
    assert one_strip_at_each_side(cells, at_left=False, at_right=False, rules=rules) == cells
    # So are narrow cells outside the rulings: a seal's remains, the other half's strip.
    assert one_strip_at_each_side(cells, at_left=False, at_right=True,
                                   rules=[100, 496]) == cells


def test_small_glyphs_a_row_apart_are_a_note() -> None:
    # Four rows of small glyphs a single blank row apart (as a note's glyphs stand at
    # working resolution), shorter than a sure note: its glyphs must be seen as small.
    glyph, small = 30, 12
    col = np.zeros((4 * (glyph + 6) + 4 * (small + 1) + 40, glyph + 4), bool)
    y = 10
    for kind in ("main", "main", "note", "note", "note", "note", "main", "main"):
        if kind == "main":
            col[y:y + glyph, 2:2 + glyph] = True
            col[y + 5:y + glyph - 5, 8:glyph - 4] = False
            y += glyph + 6
        else:
            col[y:y + small, 2:2 + small] = True
            col[y:y + small, glyph + 2 - small:glyph + 2] = True
            y += small + 1
    segs = column_segments(col, (0, 0), glyph=float(glyph))
    assert [s.kind for s in segs] == ["main", "note", "main"]


def test_a_fish_tail_is_solid_and_thicker_than_a_frame_line() -> None:
    # A heading column by the frame's side: a piece of the frame line left at its top
    # and the heavy strokes of a large glyph span most of the cell, as a fish-tail does.
    width, glyph = 34, 22.0
    line = np.zeros((300, width), bool)
    line[0:4, 5:28] = True
    strokes = np.zeros((300, width), bool)
    strokes[100:137, 4:8] = True  # two uprights and a bar: 25 px wide, little filled
    strokes[100:137, 25:29] = True
    strokes[115:119, 4:29] = True
    tail = np.zeros((300, width), bool)
    for i in range(14):  # a solid wedge across the cell
        tail[60 + i, 2 + i // 2:width - 2 - i // 2] = True
    assert not has_fish_tail(line, width, glyph)
    assert not has_fish_tail(strokes, width, glyph)
    assert has_fish_tail(tail, width, glyph)


def test_strokes_lined_up_are_no_rulings_where_rulings_print_whole() -> None:
    # Seven rulings inked the whole way down, and two columns of text whose uprights
    # line up over two thirds of the frame: those are not rulings.
    whole = [(x, 1.0) for x in range(150, 700, 85)]
    limit = _strong_cover([*whole, (602, 0.68), (642, 0.63)])
    assert 0.68 < limit < 1.0
    # Only the sides of a doubled frame print whole: the worn rulings count.
    sides = [(128, 0.99), (135, 0.99), (704, 0.97), (711, 0.99)]
    worn = [(226, 0.62), (322, 0.7), (417, 0.66), (513, 0.7), (609, 0.64)]
    assert _strong_cover([*sides, *worn]) < 0.62


def _first_rows(page: np.ndarray) -> list[int]:
    layout = analyse_layout(page)
    return [col.segments[0].box.y for half in layout.half_pages for col in half.columns]


def test_a_worn_inner_rule_of_a_doubled_frame_is_not_text() -> None:
    # A thin inner rule beside the top and bottom rules, worn into dashes shorter than
    # any ruling, and slivers along the top rule's edge: columns used to begin with 一.
    page = block_page({i: 15 for i in range(9)}, ruled=True)
    for x in range(LEFT + 10, RIGHT - 10, 30):
        page[TOP + 12:TOP + 14, x:x + 18] = 0
        page[BOTTOM - 14:BOTTOM - 12, x:x + 18] = 0
    for x in range(LEFT + 20, RIGHT - 20, 90):
        page[TOP + 6:TOP + 8, x:x + 25] = 0  # touching the top rule
    rows = _first_rows(page)
    assert len(rows) == 9
    assert min(rows) >= TOP + 18  # every column starts at its first glyph
    bottoms = [col.segments[-1].box.bottom for half in analyse_layout(page).half_pages
               for col in half.columns]
    assert max(bottoms) <= TOP + 20 + 14 * (GLYPH + 12) + GLYPH + 2


def test_a_cell_of_ruling_pieces_holds_no_text() -> None:
    # A broken ruling whose pieces stand in a cell of their own: thin dashes, no glyph.
    # The pieces wander across the cell, so that they do not line up as a ruling's.
    text = np.zeros((600, 14), bool)
    for n, y in enumerate(range(0, 480, 80)):
        x = 2 + 3 * (n % 3)
        text[y:y + 50, x:x + 3] = True
    assert column_segments(text, (0, 0), 44.0) == []


def test_a_thin_scratch_taller_than_a_glyph_is_not_text() -> None:
    text = np.zeros((400, 60), bool)
    for y in (10, 300):  # two glyphs, and a scratch between them
        text[y:y + 44, 8:52] = True
        text[y + 5:y + 39, 13:47] = False
    text[90:150, 30:33] = True  # 60 px tall, 3 px wide: no stroke is both
    segments = column_segments(text, (0, 0), 44.0)
    assert [(s.box.y, s.box.bottom) for s in segments] == [(10, 54), (300, 344)]


def test_a_lone_sliver_by_the_top_rule_is_not_a_column() -> None:
    # Two dashes left of a worn inner rule, above columns left blank: too few to line up,
    # not touching the rule, and nothing under them for half a glyph.
    page = block_page({0: 15, 1: 15}, ruled=True)
    for i in (4, 6):
        x = RIGHT - 6 - PITCH * i - 40
        page[TOP + 14:TOP + 16, x:x + 30] = 0
    layout = analyse_layout(page)
    assert [len(h.columns) for h in layout.half_pages] == [2]


def test_main_characters_split_down_their_middle_stay_above_the_note() -> None:
    # Two main characters whose halves part where the note's sub-columns do (門, 州),
    # then a note of small square glyphs: the path runs from the note up through them.
    glyph, small = 30, 12
    col = np.zeros((2 * (glyph + 6) + 6 * (small + 3) + 20, 32), bool)
    y = 10
    for _ in range(2):
        col[y:y + glyph - 2, 2:12] = True
        col[y:y + glyph - 2, 20:30] = True
        y += glyph + 6
    note_top = y
    for _ in range(6):
        col[y:y + small, 2:2 + small] = True
        col[y:y + small, 30 - small:30] = True
        y += small + 3
    segs = column_segments(col, (0, 0), glyph=float(glyph))
    assert [s.kind for s in segs] == ["main", "note"]
    assert segs[0].box.bottom <= note_top
    assert segs[1].box.y == note_top and segs[1].box.bottom == y - 3


@pytest.mark.parametrize("style", ["baiwen", "zhuwen"])
def test_a_seal_leaves_no_glyphs_to_read_but_keeps_the_print_under_it(style: str) -> None:
    """Red is turned to the paper's tone, not to white: a seal cut in relief (白文) has its
    characters in the paper's tone, and on white they were glyphs the recognizer read
    (天祿琳琅 in the text of a page)."""
    from guji.ocr.layout.ink import binarize, grey_without_seals
    from guji.sample.fonts import find_typefaces
    from guji.sample.seals import seal_impression

    face = find_typefaces("train")[0]
    cover = seal_impression("天祿琳琅", style, 240, face,  # type: ignore[arg-type]
                            np.random.default_rng(3)).astype(np.float32)[..., None] / 255
    paper = np.array([192.0, 166.0, 122.0])  # toned paper, as scanned (grey 168)
    page = np.tile(paper, (400, 400, 1))
    page[80:320, 80:320] = paper * (1 - cover) + np.array([188.0, 42.0, 36.0]) * cover
    page[40:360, 196:204] = 30.0  # a black stroke of the print, under the seal
    ink = binarize(grey_without_seals(page.astype(np.uint8)), window=41)
    seal_only = ink[80:320, 80:320].copy()
    seal_only[:, 112:128] = False  # the stroke, with its edge pixels
    assert seal_only.mean() < 0.01
    assert ink[40:360, 197:203].mean() > 0.9
