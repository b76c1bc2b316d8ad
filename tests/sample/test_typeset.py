"""Typesetting into columns: notes split right then left, nothing lost or reordered."""

from __future__ import annotations

import pytest

from guji.sample.texts import WORKS, plain_text
from guji.sample.typeset import (
    Compositor,
    MainRun,
    NoteRun,
    Typesetting,
    chinese_number,
    juan_columns,
    split_notes,
)


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"),
                                         (31, "三十一"), (100, "一百"), (105, "一百〇五"),
                                         (112, "一百一十二")])
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_split_notes_keeps_reading_order() -> None:
    runs = split_notes("子曰〔注〕學而〔說悅同〕")
    assert runs == [("main", "子曰"), ("note", "注"), ("main", "學而"), ("note", "說悅同")]
    with pytest.raises(ValueError, match="unclosed"):
        split_notes("子曰〔注")


def test_note_reads_right_sub_column_first_and_wraps_to_next_column() -> None:
    comp = Compositor(chars=4)  # 8 half-cell units per column
    columns = comp.paragraph([("main", "甲乙乙"), ("note", "一二三四五六七")])
    first, second = columns
    assert first.runs[0] == MainRun(0, "甲乙乙")
    note = first.runs[1]
    # Two units left after three main characters: two rows, four small characters.
    assert isinstance(note, NoteRun) and (note.start, note.right, note.left) == (6, "一二", "三四")
    assert second.runs == (NoteRun(0, "五六", "七"),)
    assert "".join(c.text for c in columns) == "甲乙乙一二三四五六七"


def test_notes_in_the_siku_hand_take_a_whole_cell_a_row() -> None:
    comp = Compositor(chars=4, note_row_units=2)
    first, second = comp.paragraph([("main", "甲乙"), ("note", "一二三四五六七")])
    note = first.runs[1]
    # Four units left after two main characters: two rows of two units, four characters.
    assert isinstance(note, NoteRun)
    assert (note.start, note.right, note.left, note.end) == (4, "一二", "三四", 8)
    assert second.runs == (NoteRun(0, "五六", "七", 2),)
    assert second.runs[0].end == 4


@pytest.mark.parametrize("units", [1, 2])
@pytest.mark.parametrize("work", WORKS[:2], ids=lambda w: w.key)
def test_tall_notes_typeset_without_loss(work, units: int) -> None:  # type: ignore[no-untyped-def]
    setting = Typesetting(commentary="heavy", note_row_units=units)
    columns = list(juan_columns(work, 1, 19, setting))
    for column in columns:
        assert column.runs and column.runs[-1].end <= 2 * 19
    notes = [r for c in columns for r in c.runs if isinstance(r, NoteRun)]
    assert notes and {n.row_units for n in notes} == {units}


def test_notes_carry_the_editions_crowding() -> None:
    for gap in (None, 0.02):
        setting = Typesetting(commentary="heavy", note_gap=gap)
        notes = [r for c in juan_columns(WORKS[0], 1, 19, setting) for r in c.runs
                 if isinstance(r, NoteRun)]
        assert notes and {n.gap for n in notes} == {gap}


@pytest.mark.parametrize("work", WORKS, ids=lambda w: w.key)
def test_every_work_typesets_without_loss(work) -> None:  # type: ignore[no-untyped-def]
    chars = 19
    text = "".join(c.text for c in juan_columns(work, 1, chars))
    expected = f"{work.title}卷第一{work.author_line}" + "".join(
        ch.heading + "".join(plain_text(p) for p in ch.passages) for ch in work.chapters)
    assert text == expected
    for column in juan_columns(work, 1, chars):
        assert column.runs and column.runs[-1].end <= 2 * chars
        ends = [r.end for r in column.runs]
        starts = [r.start for r in column.runs]
        assert all(s >= e for s, e in zip(starts[1:], ends[:-1], strict=False))


def test_juan_starts_on_a_recto_and_leaves_count_within_it() -> None:
    from guji.sample.plan import ColumnFeed, half_leaves
    from guji.sample.texts import ZHONGYONG

    # 中庸 in 22-character columns takes 17 columns: 8 on 1a, 8 on 1b, one on 2a.
    assert len(list(juan_columns(ZHONGYONG, 1, 22))) == 17
    leaves = half_leaves(ColumnFeed(ZHONGYONG, 22), 8)
    seq = [next(leaves) for _ in range(6)]
    assert [(h.juan, h.leaf, h.recto) for h in seq] == [
        (1, 1, True), (1, 1, False), (1, 2, True), (1, 2, False), (2, 1, True), (2, 1, False)]
    assert [sum(1 for c in h.columns if c.runs) for h in seq] == [8, 8, 1, 0, 8, 8]
    assert seq[4].columns[0].text == "中庸章句卷第二"
