"""Planning scans: which text, leaf, side and seals each generated image shows.

Plans are cheap and made in order (text flows from page to page); rendering them is
expensive and independent, each scan with its own random stream, so it can run anywhere.
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np

from guji.sample.draw import StripText
from guji.sample.fonts import FontPool, Typeface, find_typefaces
from guji.sample.leaf import PrintFormat, random_format
from guji.sample.scan import PagePlan, ScanLayout, ScanPlan
from guji.sample.seals import LEGENDS, LIBRARY_SEAL
from guji.sample.style import Faces, random_faces, random_typesetting
from guji.sample.texts import WORKS, Work, shuffled
from guji.sample.typeset import PLAIN, ColumnText, Typesetting, volume_columns

LayoutChoice = Literal["half-leaf", "opening", "mixed"]


PLANNING, RENDERING = 1, 0


def scan_rng(seed: int, volume_id: str, index: int, stage: int = RENDERING) -> np.random.Generator:
    """The random stream of one scan: the same seed, volume and index give the same scan."""
    return np.random.default_rng([seed, zlib.crc32(volume_id.encode()), index, stage])


@dataclass(frozen=True)
class Edition:
    """A volume's book: the work, its printed format, typefaces and typesetting."""

    work: Work
    fmt: PrintFormat
    faces: Faces
    seal_face: Typeface
    setting: Typesetting = PLAIN


def choose_edition(rng: np.random.Generator, work: Work | None = None,
                   fonts: FontPool = "sample") -> Edition:
    # Seals are carved in seal script, not printed text: their face comes from the
    # default faces whatever the pool (a Kai or bold face looks most like it).
    seal_faces = find_typefaces()
    kai = [f for f in seal_faces if "Kai" in f.family or f.style == "Bold"] or list(seal_faces)
    work = work or WORKS[int(rng.integers(0, len(WORKS)))]
    fmt = random_format(rng)
    seal_face = kai[int(rng.integers(0, len(kai)))]
    return Edition(work=work, fmt=fmt, faces=random_faces(rng, fonts), seal_face=seal_face,
                   setting=random_typesetting(rng))


class ColumnFeed:
    """Hands out a volume's columns page by page; a page never runs into the next juan."""

    def __init__(self, work: Work, chars: int, first_juan: int = 1,
                 setting: Typesetting = PLAIN) -> None:
        self._stream: Iterator[tuple[int, ColumnText]] = volume_columns(work, chars, first_juan,
                                                                        setting)
        self._next = next(self._stream)

    @property
    def juan(self) -> int:
        """The juan the next column belongs to."""
        return self._next[0]

    def skip(self, n: int) -> None:
        for _ in range(n):
            self._next = next(self._stream)

    def page(self, columns: int) -> tuple[int, tuple[ColumnText, ...]]:
        juan = self._next[0]
        taken: list[ColumnText] = []
        while len(taken) < columns and self._next[0] == juan:
            taken.append(self._next[1])
            self._next = next(self._stream)
        taken += [ColumnText(())] * (columns - len(taken))
        return juan, tuple(taken)


@dataclass(frozen=True)
class HalfLeafText:
    """What one half-leaf of the volume carries: juan, leaf (counted within the juan), side."""

    juan: int
    leaf: int
    recto: bool  # a (前半葉): strip on the left; b (後半葉): strip on the right
    columns: tuple[ColumnText, ...]


def half_leaves(feed: ColumnFeed, columns: int, *, start_recto: bool = True,
                ) -> Iterator[HalfLeafText]:
    """Half-leaves in reading order: 1a, 1b, 2a … Leaves are numbered within each juan and a
    juan starts on a recto, so a juan ending on a recto leaves its verso blank."""
    juan, leaf, recto = feed.juan, 1, start_recto
    while True:
        if recto and feed.juan != juan:
            juan, leaf = feed.juan, 1
        # Past the end of its juan a verso stays blank: the next juan waits for a recto.
        text = feed.page(columns)[1] if feed.juan == juan else (ColumnText(()),) * columns
        yield HalfLeafText(juan, leaf, recto, text)
        if not recto:
            leaf += 1
        recto = not recto


def plan_volume(edition: Edition, *, scans: int, layout: ScanLayout, dpi: int,
                rng: np.random.Generator) -> list[ScanPlan]:
    """Consecutive scans of one volume: half-leaves 1a, 1b, 2a … or openings (1b|2a), (2b|3a) …"""
    fmt = edition.fmt
    # An opening shows a verso on the right and the next recto on the left.
    sequence = half_leaves(ColumnFeed(edition.work, fmt.chars, setting=edition.setting),
                           fmt.columns, start_recto=layout != "opening")
    behind = ColumnFeed(edition.work, fmt.chars, first_juan=2, setting=edition.setting)
    behind.skip(int(rng.integers(0, 40)))
    plans: list[ScanPlan] = []
    for index in range(scans):
        sides: list[Literal["single", "right", "left"]] = (
            ["right", "left"] if layout == "opening" else ["single"])
        pages: list[PagePlan] = []
        for side in sides:
            half = next(sequence)
            seals: tuple[str, ...] = ()
            if index == 0 and not pages:
                seals = (LIBRARY_SEAL,) + ((_collector(rng),) if rng.random() < 0.6 else ())
            elif rng.random() < 0.15:
                seals = (_collector(rng),)
            pages.append(PagePlan(side=side, fold="left" if half.recto else "right",
                                  columns=half.columns,
                                  strip=StripText(edition.work.strip_title, half.juan, half.leaf),
                                  seals=seals, behind=behind.page(fmt.columns)[1]))
        plans.append(ScanPlan(layout=layout, fmt=fmt, faces=edition.faces,
                              seal_face=edition.seal_face, dpi=dpi, pages=tuple(pages)))
    return plans


def plan_loose_scan(rng: np.random.Generator, *, layout: ScanLayout, dpi: int,
                    fonts: FontPool = "sample", shuffle: int | None = None) -> ScanPlan:
    """A scan from anywhere in any book, for evaluation sets: every scan a new edition;
    with a `shuffle` seed, the same scan with its text shuffled (texts.shuffled)."""
    edition = choose_edition(rng, fonts=fonts)
    fmt = edition.fmt
    # Its own random source, so that the page is planned exactly as the unshuffled one.
    work = edition.work if shuffle is None else shuffled(edition.work, random.Random(shuffle))
    feed = ColumnFeed(work, fmt.chars, setting=edition.setting)
    feed.skip(int(rng.integers(0, 30)))
    behind = ColumnFeed(work, fmt.chars, first_juan=2, setting=edition.setting)
    behind.skip(int(rng.integers(0, 40)))
    leaf = int(rng.integers(1, 40))
    sides: list[tuple[Literal["single", "right", "left"], Literal["left", "right"]]]
    if layout == "opening":
        sides = [("right", "right"), ("left", "left")]
    else:
        sides = [("single", "left" if rng.random() < 0.5 else "right")]
    pages: list[PagePlan] = []
    for side, fold in sides:
        juan, columns = feed.page(fmt.columns)
        seals = (_collector(rng),) if rng.random() < 0.35 else ()
        pages.append(PagePlan(side=side, fold=fold, columns=columns,
                              strip=StripText(edition.work.strip_title, juan, leaf + len(pages)),
                              seals=seals, behind=behind.page(fmt.columns)[1]))
    return ScanPlan(layout=layout, fmt=fmt, faces=edition.faces, seal_face=edition.seal_face,
                    dpi=dpi, pages=tuple(pages))


def volume_seals(plans: list[ScanPlan]) -> tuple[str, ...]:
    return tuple(itertools.chain.from_iterable(p.seals for plan in plans for p in plan.pages))


def _collector(rng: np.random.Generator) -> str:
    return LEGENDS[int(rng.integers(1, len(LEGENDS)))]
