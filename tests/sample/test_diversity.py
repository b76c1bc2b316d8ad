"""The generator's variety (columns, rulings, cracks, headings, commentary, faces) and
truth that stays exact on it: checked against the pixels, not only for form."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from guji.pipeline.errors import UsageError
from guji.sample import generate_flat
from guji.sample.fonts import find_typefaces, is_reserved
from guji.sample.plan import PLANNING, choose_edition, scan_rng
from guji.sample.style import printing_faces
from guji.sample.typeset import MainRun, NoteRun, juan_columns, with_commentary
from tests.sample.test_generate import load, truths

DPI = 100


@pytest.fixture(scope="module")
def diverse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six half-leaves printed with the training faces: rulings solid, thin, faint,
    broken and absent, cracked frames, commentary in another face."""
    out = tmp_path_factory.mktemp("diverse")
    generate_flat(out, pages=6, seed=3, dpi=DPI, fonts="train")
    return out


def editions(n: int, fonts: str = "train") -> list[Any]:
    return [choose_edition(scan_rng(s, "x", 0, PLANNING), fonts=fonts)  # type: ignore[arg-type]
            for s in range(n)]


def test_formats_span_the_range_books_have() -> None:
    eds = editions(300)
    columns = Counter(e.fmt.columns for e in eds)
    chars = Counter(e.fmt.chars for e in eds)
    assert set(columns) == set(range(6, 13))
    assert set(chars) == set(range(14, 27))
    assert {e.fmt.rules for e in eds} == {"solid", "thin", "faint", "broken", "none"}
    assert any(e.fmt.frame_breaks for e in eds) and any(not e.fmt.frame_breaks for e in eds)
    assert {e.setting.commentary for e in eds} == {"none", "as-written", "heavy"}
    assert {e.setting.heading_indent for e in eds} == {1, 2, 3}
    # Notes in small square characters, and in the Siku hand (tall and narrow).
    assert {e.setting.note_row_units for e in eds} == {1, 2}
    # Some editions mix faces: commentary or headings in another face of the same pool.
    assert any(e.faces.note != e.faces.text for e in eds)
    assert any(e.faces.heading != e.faces.text for e in eds)


def test_pools_never_mix() -> None:
    for e in editions(60, "train"):
        assert not any(is_reserved(f) for f in (e.faces.text, e.faces.note, e.faces.heading))
    reserved = printing_faces("reserved")
    if not reserved:
        pytest.skip("no reserved face installed (fonts-cwtex-ming, fonts-hanazono …)")
    for e in editions(30, "reserved"):
        assert all(f in reserved for f in (e.faces.text, e.faces.note, e.faces.heading))
    # A face without most of the characters (HanaMin B: Extension B only) never prints.
    assert all(f in find_typefaces("reserved") for f in reserved)
    assert not any(f.family == "HanaMinB" for f in reserved)


def test_unknown_pool_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="sample, train, reserved"):
        generate_flat(tmp_path, pages=1, seed=1, fonts="mine")  # type: ignore[arg-type]


def test_commentary_levels_keep_the_text_in_order() -> None:
    runs = [("main", "子曰學而時習之"), ("note", "說悅同"), ("main", "有朋")]
    assert with_commentary(runs, "none") == [("main", "子曰學而時習之有朋")]
    heavy = with_commentary(runs, "heavy")
    assert heavy == [("main", "子曰學而"), ("note", "時習之說悅同"), ("main", "有朋")]
    assert "".join(t for _k, t in heavy) == "子曰學而時習之說悅同有朋"


def test_headings_are_marked_and_indented() -> None:
    from guji.sample.texts import LUNYU
    from guji.sample.typeset import Typesetting

    cols = list(juan_columns(LUNYU, 1, 20, Typesetting(heading_indent=3,
                                                       blank_after_chapter=True)))
    title, heading = cols[0].runs[0], cols[2].runs[0]
    assert isinstance(title, MainRun) and title.heading and title.start == 0
    assert isinstance(heading, MainRun) and heading.heading and heading.start == 6
    assert heading.text == LUNYU.chapters[0].heading
    assert any(not c.runs for c in cols)  # the blank column after a chapter


def test_typeface_of_columns_is_recorded_where_it_differs(diverse: Path) -> None:
    named = 0
    for _path, truth in truths(diverse):
        for page in truth["pages"]:
            for column in page["columns"]:
                faces = {s.get("typeface") for s in column["segments"]}
                assert truth["typeface"] not in faces
                if "typeface" in column:
                    assert faces == {column["typeface"]}
                for seg in column["segments"]:
                    named += "typeface" in seg
    assert named, "the fixture should print some commentary or heading in another face"


def test_rulings_are_where_the_format_says(diverse: Path) -> None:
    """Between two neighbouring text columns a ruling runs down the page, unless the
    book has none: measured on the pixels along the line between the columns' quads."""
    seen = set()
    for path, truth in truths(diverse):
        rules = truth["format"]["rules"]
        grey = load(path).mean(axis=2)
        paper = np.median(grey[_slice(truth["page_box"])])
        for page in truth["pages"]:
            by_order = {c["order"]: c for c in page["columns"]}
            for order, col in by_order.items():
                nxt = by_order.get(order + 1)
                if nxt is None:
                    continue
                # The ruling between them: midway between this column's left edge and
                # the next one's right edge, over the rows both columns span.
                _tr, _br, bl, tl = col["quad"]
                ntr, nbr, _nbl, _ntl = nxt["quad"]
                top = ((tl[0] + ntr[0]) / 2, (tl[1] + ntr[1]) / 2)
                bottom = ((bl[0] + nbr[0]) / 2, (bl[1] + nbr[1]) / 2)
                darkest = _darkest_along(grey, top, bottom)
                inked = float((darkest < 0.7 * paper).mean())
                seen.add(rules)
                if rules in ("solid", "thin"):
                    assert inked > 0.9, (path.name, order, rules, inked)
                elif rules == "none":
                    assert inked < 0.05, (path.name, order, rules, inked)
                elif rules == "broken":
                    assert 0.2 < inked < 0.95, (path.name, order, rules, inked)
    assert {"solid", "none"} <= seen, seen


def test_column_boxes_are_tight_on_indented_and_short_columns(diverse: Path) -> None:
    """Ink lies inside each column's quad up to its first and last cells, and just
    outside its top and bottom edges there is paper (inside the frame)."""
    for path, truth in truths(diverse):
        grey = load(path).mean(axis=2)
        paper = np.median(grey[_slice(truth["page_box"])])
        chars = truth["format"]["chars"]
        for page in truth["pages"]:
            f_tr, f_br, _f_bl, _f_tl = page["frame_quad"]
            cell = math.dist(f_tr, f_br) / chars
            for col in page["columns"]:
                tr, br, bl, tl = (np.asarray(p) for p in col["quad"])
                down = (bl - tl) / np.linalg.norm(bl - tl)
                inside_top = _band(grey, tl, tr, down, 0.05 * cell, 0.9 * cell)
                # A first or last glyph may be as slight as 一: a few inked pixels suffice.
                assert (inside_top < 0.6 * paper).sum() >= 2, (path.name, col["order"])
                inside_bottom = _band(grey, bl, br, -down, 0.05 * cell, 0.9 * cell)
                assert (inside_bottom < 0.6 * paper).sum() >= 2, (path.name, col["order"])
                # Just outside: paper, where the column does not start at the frame's top.
                if float(np.dot(tr - np.asarray(f_tr), down)) > 1.5 * cell:
                    above = _band(grey, tl, tr, -down, 0.08 * cell, 0.3 * cell)
                    assert (above < 0.6 * paper).mean() < 0.01, (path.name, col["order"])


def _band(grey: np.ndarray, left: np.ndarray, right: np.ndarray, normal: np.ndarray,
          d0: float, d1: float) -> np.ndarray:
    """Pixels of a band along the edge left→right (its middle 60%), from d0 to d1
    pixels away in the direction `normal`."""
    us = np.linspace(0.2, 0.8, 24)
    ds = np.arange(d0, d1, 1.0)
    pts = [left + u * (right - left) + d * normal for u in us for d in ds]
    xs = np.clip([int(p[0]) for p in pts], 0, grey.shape[1] - 1)
    ys = np.clip([int(p[1]) for p in pts], 0, grey.shape[0] - 1)
    return grey[ys, xs]


def _darkest_along(grey: np.ndarray, a: tuple[float, float], b: tuple[float, float],
                   reach: int = 3) -> np.ndarray:
    """The darkest pixel within `reach` across the line a→b, at each step along it."""
    n = int(math.dist(a, b))
    out = np.empty(n)
    for i in range(n):
        x = a[0] + (b[0] - a[0]) * i / n
        y = int(a[1] + (b[1] - a[1]) * i / n)
        xs = np.clip(np.arange(int(x) - reach, int(x) + reach + 1), 0, grey.shape[1] - 1)
        out[i] = grey[y, xs].min()
    return out


def _slice(box: list[int]) -> tuple[slice, slice]:
    x, y, w, h = box
    return slice(y, y + h), slice(x, x + w)


def test_the_note_hand_leaves_the_rest_of_an_edition_as_it_was() -> None:
    """The note hand is drawn from a stream of its own: every other choice of an edition,
    and every draw after it, is what it was before the hand was added."""
    import numpy as np

    from guji.sample.style import COMMENTARY_LEVELS, COMMENTARY_WEIGHTS, random_typesetting

    for seed in range(40):
        rng, old = np.random.default_rng([seed, 3]), np.random.default_rng([seed, 3])
        setting = random_typesetting(rng)
        assert setting.heading_indent == int(old.integers(1, 4))
        assert setting.commentary == COMMENTARY_LEVELS[int(old.choice(len(COMMENTARY_LEVELS),
                                                                      p=COMMENTARY_WEIGHTS))]
        assert setting.blank_after_chapter == bool(old.random() < 0.25)
        assert rng.random() == old.random()


def test_notes_and_main_text_keep_their_cells() -> None:
    """A typeset column never puts two runs on the same half-cell, whatever the level."""
    from guji.sample.texts import MENGZI
    from guji.sample.typeset import Typesetting

    for level, units in (("none", 1), ("as-written", 1), ("heavy", 1), ("as-written", 2),
                         ("heavy", 2)):
        setting = Typesetting(commentary=level, note_row_units=units)  # type: ignore[arg-type]
        kinds = set()
        for column in juan_columns(MENGZI, 1, 16, setting):
            ends = [r.end for r in column.runs]
            starts = [r.start for r in column.runs]
            assert all(s >= e for s, e in zip(starts[1:], ends[:-1], strict=False))
            kinds |= {type(r) for r in column.runs}
        assert (NoteRun in kinds) == (level != "none"), level


def test_shuffled_pages_print_the_same_characters_in_another_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from guji.ocr.truth import find_truth
    from guji.sample import generate_flat

    generate_flat(tmp_path / "plain", pages=2, seed=9, dpi=100)
    generate_flat(tmp_path / "mixed", pages=2, seed=9, dpi=100, shuffle=True)
    plain = find_truth(tmp_path / "plain")
    mixed = find_truth(tmp_path / "mixed")
    assert any(a.text for a in plain)
    for a, b in zip(plain, mixed, strict=True):
        assert [len(c) for c in a.columns] == [len(c) for c in b.columns]
        if a.text:  # a blank verso stays blank
            assert a.text != b.text
    # The same characters: each passage's main text and each note are shuffled among
    # themselves (a page may show part of a passage, so its own characters may differ).
    import random

    from guji.sample.texts import MENGZI, plain_text, shuffled

    mixed_work = shuffled(MENGZI, random.Random(9))
    for chapter, mixed_chapter in zip(MENGZI.chapters, mixed_work.chapters, strict=True):
        for passage, mixed_passage in zip(chapter.passages, mixed_chapter.passages,
                                          strict=True):
            assert split_lengths(passage) == split_lengths(mixed_passage)
            assert sorted(plain_text(passage)) == sorted(plain_text(mixed_passage))


def split_lengths(passage: str) -> list[tuple[str, int]]:
    from guji.sample.typeset import split_notes

    return [(kind, len(text)) for kind, text in split_notes(passage)]


def test_some_editions_crowd_their_notes() -> None:
    """The Siku manuscripts crowd a note's sub-columns until they touch; a quarter of the
    editions do, the rest stand each sub-column in its half of the column."""
    from guji.sample.style import CROWDED_GAP

    gaps = [e.setting.note_gap for e in editions(300)]
    crowded = [g for g in gaps if g is not None]
    assert 0.1 * len(gaps) < len(crowded) < 0.5 * len(gaps)
    assert all(0.0 <= g <= CROWDED_GAP for g in crowded)


@pytest.mark.parametrize("gap", [None, 0.0])
def test_crowded_notes_leave_a_crack_between_their_sub_columns(gap: float | None) -> None:
    """Drawn, a crowded note's sub-columns stand apart by under a tenth of a main glyph
    (the corridor the layout looks for first); an uncrowded one's by more."""
    from PIL import Image

    from guji.sample.draw import BlockCutter
    from guji.sample.fonts import find_typefaces
    from guji.sample.leaf import PrintFormat, half_leaf
    from guji.sample.style import Faces
    from guji.sample.typeset import ColumnText

    face = next(f for f in find_typefaces("train") if f.family == "Noto Serif CJK TC")
    fmt = PrintFormat(paper_w_cm=18, paper_h_cm=26, frame_w_cm=14, frame_h_cm=20,
                      columns=9, chars=20, border="single", fish_tails=1, black_mouth=False)
    hl = half_leaf(fmt, 150, 0.0, "left", 0.5)
    layer = Image.new("L", (round(hl.paper.right), round(hl.paper.bottom)), 0)
    cutter = BlockCutter(layer, Faces(text=face, note=face, heading=face), np.random.default_rng(1))
    note = NoteRun(0, "之未發謂之中發而皆中節", "者天下之大本也和也者天", 1, gap)
    cutter.column(hl, 1, ColumnText((note,)))
    col = hl.column_rect(1)
    ink = np.asarray(layer)[round(col.y):round(col.bottom), round(col.x):round(col.right)] > 0
    inked = np.flatnonzero(ink.any(axis=0))
    middle = ink.shape[1] // 2
    left, right = inked[inked < middle].max(), inked[inked >= middle].min()
    paper = right - left - 1
    em = min(hl.cell_h * 0.9, col.w * 0.8)  # a main glyph's size (draw.py)
    assert (paper < 0.1 * em) == (gap is not None), paper
