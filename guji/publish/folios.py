"""Folio numbers (葉1a, 葉1b, 葉2a …) for every page, from the leaf numbers OCR read.

Leaves are numbered within each juan and every juan starts on a recto. A centre strip's
leaf number is often unread (worn blocks, a numeral cut small), while the side of the
half-leaf is known from where the strip stands. So each page's place in its juan is
counted in half-leaves: a page whose leaf was read (or corrected) is an anchor, and the
pages around it follow by the sides met in between (a → b: same leaf; b → a: the next)."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from guji.metadata.volume import PageView


def _half(leaf: int, side: str) -> int:
    return 2 * (leaf - 1) + (0 if side == "a" else 1)


def _step(before: str | None, after: str | None) -> int:
    """Half-leaves from one page to the next: two when a side repeats (a leaf is missing)."""
    return 2 if before is not None and before == after else 1


def _numbered(pages: list[PageView], juan: int, lead: int = 0) -> list[PageView]:
    """Leaf and side for the pages of one juan. The first `lead` pages are pages before it
    whose juan was unread: they join it only where counting back from a leaf read keeps
    them on a leaf of it (every juan starts on leaf 1a), else they stay as read."""
    sides = [p.folio_side for p in pages]
    halves: list[int | None] = [
        _half(p.leaf_number, p.folio_side) if i >= lead and p.leaf_number is not None
        and p.folio_side else None for i, p in enumerate(pages)]
    anchored = any(h is not None for h in halves)
    if not anchored:
        # No anchor: the juan starts on its first leaf, recto (a verso if the strip says so).
        halves[lead] = 1 if sides[lead] == "b" else 0
    first = next(i for i, h in enumerate(halves) if h is not None)
    for i in range(first - 1, -1, -1):
        halves[i] = (halves[i + 1] or 0) - _step(sides[i], sides[i + 1])
    for i in range(first + 1, len(pages)):
        if halves[i] is None:
            halves[i] = (halves[i - 1] or 0) + _step(sides[i - 1], sides[i])
    out = []
    for i, (page, half) in enumerate(zip(pages, halves, strict=True)):
        assert half is not None
        if i < lead and (half < 0 or not anchored):
            out.append(page)  # not shown to be part of this juan
            continue
        half = max(half, 0)
        leaf, side = half // 2 + 1, "ab"[half % 2]
        if page.leaf_number is not None and page.folio_side is None:
            # A leaf read without a side: keep the number as read.
            leaf = page.leaf_number
        out.append(replace(page, juan=juan, leaf_number=leaf,
                           folio_side=page.folio_side or side))
    return out


def number_folios(pages: tuple[PageView, ...]) -> tuple[PageView, ...]:
    """Every page of a known juan with its leaf number and side. Pages before the first
    juan read join it where the leaves read show they belong to it; others keep what was
    read."""
    out: list[PageView] = []
    lead: list[PageView] = []
    for juan, group in groupby(pages, key=lambda p: p.juan):
        run = list(group)
        if juan is None:
            lead = run
            continue
        out += _numbered(lead + run, juan, len(lead))
        lead = []
    return tuple(out + lead)
