"""Typesetting a work into columns, measured in half-cells, before any pixel exists.

A column holds `chars` main characters; a double-line note (雙行小注) row holds two small
characters side by side and is half a main cell tall in most prints, so positions are
counted in half-cells ("units"): a main character takes two units, a note row one. The
Siku manuscripts and the prints made after them write a note's characters as tall as
the main text's and half as wide: there a note row takes two units. A note that does
not fit continues at the top of the next column, right sub-column first again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from guji.pipeline.numerals import to_chinese
from guji.sample.texts import NOTE_CLOSE, NOTE_OPEN, Work

CN_DIGITS = "〇一二三四五六七八九"
# How much of the text is set as double-line commentary: none (a plain text edition),
# as the work is written, or heavy (a 集注 edition where the notes fill most pages).
Commentary = Literal["none", "as-written", "heavy"]
# In a heavy edition, main text keeps this many characters of each run; the rest is set
# small, as the commentary around it.
HEAVY_MAIN_CHARS = 4


@dataclass(frozen=True)
class Typesetting:
    """An edition's habits of setting type: how far headings are indented (cells), how
    much commentary, and whether a blank column is left after each chapter."""

    heading_indent: int = 1
    commentary: Commentary = "as-written"
    blank_after_chapter: bool = False
    # Units a note row takes: 1, small square characters; 2, tall narrow ones (Siku style).
    note_row_units: int = 1
    # Where an edition crowds its notes: the paper between the two sub-columns' glyphs, as
    # a share of the column's width (0: they touch). None: each sub-column stands centred
    # in its half of the column.
    note_gap: float | None = None


PLAIN = Typesetting()


@dataclass(frozen=True)
class MainRun:
    """Main-text characters printed one per cell from `start` (in units)."""

    start: int
    text: str
    heading: bool = False  # a title or chapter line, which an edition may cut in another face

    @property
    def end(self) -> int:
        return self.start + 2 * len(self.text)


@dataclass(frozen=True)
class NoteRun:
    """Double-line small notes: `rows` rows of `row_units` units each, right sub-column
    read before the left."""

    start: int
    right: str
    left: str
    row_units: int = 1
    gap: float | None = None  # Typesetting.note_gap

    @property
    def rows(self) -> int:
        return len(self.right)

    @property
    def end(self) -> int:
        return self.start + self.rows * self.row_units

    @property
    def text(self) -> str:
        return self.right + self.left


Run = MainRun | NoteRun


@dataclass(frozen=True)
class ColumnText:
    """What one ruled column carries, top to bottom; empty for a blank column."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百〇五: as leaves and juan are numbered."""
    return to_chinese(max(n, 0))


def split_notes(passage: str) -> list[tuple[str, str]]:
    """[("main", text) | ("note", text)] in reading order, from a passage with 〔notes〕."""
    runs: list[tuple[str, str]] = []
    rest = passage
    while rest:
        open_at = rest.find(NOTE_OPEN)
        if open_at < 0:
            runs.append(("main", rest))
            break
        close_at = rest.find(NOTE_CLOSE, open_at)
        if close_at < 0:
            raise ValueError(f"unclosed note in passage starting {passage[:12]!r}")
        if open_at:
            runs.append(("main", rest[:open_at]))
        runs.append(("note", rest[open_at + 1:close_at]))
        rest = rest[close_at + 1:]
    return [(kind, text) for kind, text in runs if text]


class Compositor:
    """Fills columns of `chars` cells with runs; each `paragraph` starts a fresh column."""

    def __init__(self, chars: int, note_row_units: int = 1,
                 note_gap: float | None = None) -> None:
        self.units = 2 * chars
        self.note_row_units = note_row_units
        self.note_gap = note_gap
        self._runs: list[Run] = []
        self._pos = 0
        self._main_start = -1
        self._main = ""
        self._heading = False

    def _flush_main(self) -> None:
        if self._main:
            self._runs.append(MainRun(self._main_start, self._main, self._heading))
        self._main = ""

    def _new_column(self) -> ColumnText:
        self._flush_main()
        column = ColumnText(tuple(self._runs))
        self._runs, self._pos = [], 0
        return column

    def paragraph(self, runs: list[tuple[str, str]], indent: int = 0,
                  heading: bool = False) -> list[ColumnText]:
        """Set one paragraph from a fresh column; returns the columns it filled."""
        done: list[ColumnText] = []
        self._heading = heading
        self._pos = min(2 * indent, self.units - 2)
        for kind, text in runs:
            if kind == "main":
                for ch in text:
                    if self._pos + 2 > self.units:
                        done.append(self._new_column())
                    if not self._main:
                        self._main_start = self._pos
                    self._main += ch
                    self._pos += 2
                continue
            self._flush_main()
            chars = text
            step = self.note_row_units
            while chars:
                if self._pos + step > self.units:
                    done.append(self._new_column())
                take = min(len(chars), 2 * ((self.units - self._pos) // step))
                rows = (take + 1) // 2
                self._runs.append(NoteRun(self._pos, chars[:rows], chars[rows:take], step,
                                          self.note_gap))
                self._pos += rows * step
                chars = chars[take:]
        done.append(self._new_column())
        return done


def with_commentary(runs: list[tuple[str, str]], level: Commentary) -> list[tuple[str, str]]:
    """A passage's runs with its commentary dropped, kept, or made to fill most of it."""
    if level == "as-written":
        return runs
    out: list[tuple[str, str]] = []
    for kind, text in runs:
        if level == "none" and kind == "note":
            continue
        if level == "heavy" and kind == "main" and len(text) > HEAVY_MAIN_CHARS:
            out += [("main", text[:HEAVY_MAIN_CHARS]), ("note", text[HEAVY_MAIN_CHARS:])]
            continue
        out.append((kind, text))
    # Runs of one kind that now touch are one run.
    merged: list[tuple[str, str]] = []
    for kind, text in out:
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def juan_columns(work: Work, juan: int, chars: int,
                 setting: Typesetting = PLAIN) -> Iterator[ColumnText]:
    """The columns of one juan: title line, responsibility line, then each chapter."""
    comp = Compositor(chars, setting.note_row_units, setting.note_gap)
    yield from comp.paragraph([("main", f"{work.title}卷第{chinese_number(juan)}")],
                              heading=True)
    author_indent = max(0, chars - len(work.author_line) - 2)
    yield from comp.paragraph([("main", work.author_line)], indent=author_indent)
    for chapter in work.chapters:
        yield from comp.paragraph([("main", chapter.heading)], indent=setting.heading_indent,
                                  heading=True)
        for passage in chapter.passages:
            yield from comp.paragraph(with_commentary(split_notes(passage), setting.commentary))
        if setting.blank_after_chapter:
            yield ColumnText(())


def volume_columns(work: Work, chars: int, first_juan: int = 1,
                   setting: Typesetting = PLAIN) -> Iterator[tuple[int, ColumnText]]:
    """(juan, column) for as long as asked: the work again as the next juan when it ends."""
    juan = first_juan
    while True:
        for column in juan_columns(work, juan, chars, setting):
            yield juan, column
        juan += 1
