"""Layout analysis against the generator's ground truth, and on drawn columns."""

from __future__ import annotations

import numpy as np
import pytest

from guji.ocr.image import load_upright
from guji.ocr.layout import Segment, analyse_layout
from guji.ocr.layout.segments import column_segments
from guji.ocr.truth import TruthPage


def _truth_pages(truth: TruthPage) -> list[dict]:  # type: ignore[type-arg]
    import json

    return json.loads(truth.source.read_text(encoding="utf-8"))["pages"]


@pytest.fixture(scope="module")
def layouts(generated: dict[str, TruthPage]):  # type: ignore[no-untyped-def]
    out = {}
    for name, truth in generated.items():
        page = load_upright(truth.image)
        out[name] = (page, analyse_layout(page.rgb, skew_deg=page.skew_deg))
    return out


def test_half_pages_sides_and_columns_match_the_truth(generated, layouts) -> None:  # type: ignore[no-untyped-def]
    for name, truth in generated.items():
        _page, layout = layouts[name]
        expected = _truth_pages(truth)
        assert [h.side for h in layout.half_pages] == [p["side"] for p in expected], name
        for half, exp in zip(layout.half_pages, expected, strict=True):
            assert len(half.columns) == len(exp["columns"]), name
            assert (half.centre_strip is None) == (exp["centre_strip"] is None), name


def _kind(segment: Segment) -> str:
    """A segment's kind, n or m. Main text that is wholly a note of glyphs as tall as the
    main text's (a maybe note, read both ways by recognize.py) counts as a note: on
    seed 5's first page a note of two rows and one, 事者 / 也, alone in its column, in a
    bold face as tall as the main text's (test_recognize.py reads the page)."""
    return "n" if segment.kind == "note" or segment.as_note() else "m"


def test_commentary_is_found_where_the_truth_has_it(generated, layouts) -> None:  # type: ignore[no-untyped-def]
    for name, truth in generated.items():
        _page, layout = layouts[name]
        for half, exp in zip(layout.half_pages, _truth_pages(truth), strict=True):
            for column, exp_col in zip(half.columns, exp["columns"], strict=True):
                kinds = "".join(_kind(s) for s in column.segments)
                want = "".join(s["kind"][0] for s in exp_col["segments"])
                assert kinds == want, f"{name} column {exp_col['order']}"
                for seg in column.segments:
                    if seg.kind == "note":
                        right, left = seg.lines
                        assert right.x > left.x  # right sub-column is read first


def test_columns_are_in_reading_order_where_the_truth_puts_them(generated, layouts) -> None:  # type: ignore[no-untyped-def]
    for name, truth in generated.items():
        page, layout = layouts[name]
        boxes = [c["box"] for p in _truth_pages(truth) for c in p["columns"]]
        found = [page.to_source(c.box) for c in layout.columns]
        assert len(found) == len(boxes)
        for box, (x, _y, w, _h) in zip(found, boxes, strict=True):
            assert x <= box.x + box.w / 2 <= x + w, name
        xs = [b.x for b in found]
        # Right to left within each half-page: x decreases along the reading order.
        assert sum(a > b for a, b in zip(xs, xs[1:], strict=False)) >= len(xs) - len(layout.half_pages)


def test_seal_is_found_and_kept_out_of_the_columns(generated, layouts) -> None:  # type: ignore[no-untyped-def]
    sealed = [(n, t) for n, t in generated.items() if any(p["seals"] for p in _truth_pages(t))]
    assert sealed, "the fixture pages should include a seal"
    for name, truth in sealed:
        page, layout = layouts[name]
        assert layout.seals, name
        (sx, sy, sw, sh) = _truth_pages(truth)[0]["seals"][0]["box"]
        found = [page.to_source(s) for s in layout.seals]
        assert any(abs(f.x + f.w / 2 - (sx + sw / 2)) < sw / 2 for f in found)


def test_layout_states_its_direction(layouts) -> None:  # type: ignore[no-untyped-def]
    for _page, layout in layouts.values():
        assert layout.direction == "vertical-rl"


def _draw_column(parts: list[tuple[str, int]], glyph: int = 30) -> np.ndarray:
    """A column of block 'glyphs': ('main', n) draws n full glyphs, ('note', n) n rows of
    two half-size glyphs side by side with a blank path between them."""
    h = sum(n * (glyph + 6) if kind == "main" else n * (glyph // 2 + 4) for kind, n in parts)
    img = np.zeros((h + 20, glyph + 4), bool)
    y = 10
    for kind, n in parts:
        for _ in range(n):
            if kind == "main":
                img[y:y + glyph, 2:2 + glyph] = True
                img[y + 5:y + glyph - 5, 8:glyph - 4] = False  # a hollow square: strokes
                y += glyph + 6
            else:
                s = glyph // 2 - 3
                img[y:y + s, 2:2 + s] = True
                img[y:y + s, glyph + 2 - s:glyph + 2] = True
                y += glyph // 2 + 4
    return img


def test_column_segments_tell_notes_from_main_text() -> None:
    col = _draw_column([("main", 3), ("note", 5), ("main", 2)])
    segs = column_segments(col, (100, 200), glyph=30.0)
    assert [s.kind for s in segs] == ["main", "note", "main"]
    note = segs[1]
    assert len(note.lines) == 2 and note.lines[0].x > note.lines[1].x
    assert all(s.box.x >= 100 and s.box.y >= 200 for s in segs)


def test_a_column_of_main_text_has_no_note() -> None:
    segs = column_segments(_draw_column([("main", 8)]), (0, 0), glyph=30.0)
    assert [s.kind for s in segs] == ["main"]


def test_a_blank_column_has_no_segments() -> None:
    assert column_segments(np.zeros((300, 40), bool), (0, 0), glyph=30.0) == []


def test_remains_of_a_worn_ruling_at_a_side_are_not_text() -> None:
    col = _draw_column([("main", 8)])
    col = np.pad(col, ((0, 0), (6, 0)))
    # The inner line of a doubled frame side, worn into pieces one under another.
    for y in range(10, col.shape[0] - 20, 40):
        col[y:y + 22, 1:3] = True
    [seg] = column_segments(col, (0, 0), glyph=30.0)
    assert seg.box.x >= 6, "the ruling's pieces were taken for text"


def test_a_lone_upright_stroke_by_a_side_is_kept() -> None:
    col = np.pad(_draw_column([("main", 8)]), ((0, 0), (6, 0)))
    col[100:122, 1:3] = True  # one piece only: a stroke, not a ruling
    [seg] = column_segments(col, (0, 0), glyph=30.0)
    assert seg.box.x <= 1


def test_a_chip_far_below_the_text_is_not_a_line() -> None:
    col = _draw_column([("main", 3)])
    col = np.pad(col, ((0, 120), (0, 0)))
    col[-40:-36, 12:20] = True  # a chip of the block by the bottom rule
    segs = column_segments(col, (0, 0), glyph=30.0)
    assert [s.kind for s in segs] == ["main"]
    assert segs[0].box.bottom < col.shape[0] - 100


def _framed_page(break_at: float) -> np.ndarray:
    """A white page with a ruled frame whose rulings stop at `break_at` of its height,
    a gap above the bottom rule (as where rulings end short of a thick rule), and a
    seal-sized square of ink just above the frame."""
    h, w = 1200, 900
    img = np.full((h, w), 255, np.uint8)
    top, bottom, left, right = 150, 1050, 100, 800
    img[top:top + 6, left:right] = 0
    img[bottom:bottom + 8, left:right] = 0
    stop = int(top + break_at * (bottom - top))
    for x in range(left, right + 1, 70):
        img[top:stop, x:x + 3] = 0
        img[stop + 50:bottom - 40, x:x + 3] = 0  # stubs, apart from both
    img[40:130, 400:490] = 0  # a square mark above the frame: not part of its net
    img[45:125, 405:485] = 255
    # Text, so that the page has a glyph size.
    rng = np.random.default_rng(3)
    for x in range(left + 20, right - 40, 70):
        for y in range(top + 20, stop - 40, 45):
            img[y:y + 30, x:x + 30] = 0
            img[y + 4:y + 26, x + 4:x + 26] = 255
            img[y + 14:y + 16, x:x + 30] = rng.integers(0, 2) * 255
    return np.repeat(img[:, :, None], 3, axis=2)


def test_a_frame_reaches_its_bottom_rule_across_a_break_in_the_rulings() -> None:
    from guji.ocr.layout.frames import find_frames
    from guji.ocr.layout.ink import ink_map

    [frame] = find_frames(ink_map(_framed_page(0.8), 1))
    assert frame.y >= 140, "the square above the frame was taken into it"
    assert frame.bottom >= 1050, "the frame stops at the break, cutting the last glyphs"


def test_strokes_lined_up_in_a_column_are_not_a_ruling() -> None:
    from guji.ocr.layout.columns import _regular_rulings

    # Rulings 51 px apart, well inked; at 287 the upright strokes of a column of text
    # (謝, 歡, 招 …) ink nearly as much of the frame's height as the worn rulings do.
    found = [(216, 0.99), (241, 0.21), (267, 0.99), (287, 0.63), (318, 0.99), (369, 0.99),
             (420, 0.99)]
    assert _regular_rulings(found, 51.0) == [216, 267, 318, 369, 420]
    # A worn ruling on the grid stays.
    worn = [(216, 0.99), (267, 0.99), (318, 0.45), (369, 0.99)]
    assert _regular_rulings(worn, 51.0) == [216, 267, 318, 369]
