"""Folio numbers from the leaves OCR read and the sides of the half-leaves between."""

from __future__ import annotations

from guji.metadata.volume import Box, PageView
from guji.publish.folios import number_folios
from guji.publish.ocr_layer import folio_side


def _page(seq: int, juan: int | None, leaf: int | None, side: str | None) -> PageView:
    return PageView(seq, 100, 150, juan=juan, leaf_number=leaf, folio_side=side)


def _folios(*pages: PageView) -> list[tuple[int | None, str | None]]:
    return [(p.juan, p.folio) for p in number_folios(pages)]


def test_the_side_comes_from_where_the_strip_stands() -> None:
    frame = Box(100, 50, 800, 1200)
    assert folio_side(Box(40, 60, 30, 900), frame) == "a"  # strip left of the frame: recto
    assert folio_side(Box(920, 60, 30, 900), frame) == "b"
    assert folio_side(None, frame) is None


def test_unread_leaves_are_counted_back_and_forth_from_one_read() -> None:
    # An opening volume: right pages are versos; only the last strip's leaf was read.
    pages = [_page(1, None, None, "b"), *(_page(s, 1, None, "ab"[s % 2]) for s in range(2, 6)),
             _page(6, 1, 4, "a")]
    assert _folios(*pages) == [(1, "1b"), (1, "2a"), (1, "2b"), (1, "3a"), (1, "3b"), (1, "4a")]


def test_each_juan_starts_on_its_first_recto() -> None:
    pages = [_page(1, 1, None, "a"), _page(2, 1, None, "b"), _page(3, 2, None, "a")]
    assert _folios(*pages) == [(1, "1a"), (1, "1b"), (2, "1a")]


def test_pages_before_a_juan_that_starts_on_1a_stay_outside_it() -> None:
    pages = [_page(1, None, None, "a"), _page(2, None, None, "b"), _page(3, 1, 1, "a"),
             _page(4, 1, None, "b")]
    assert _folios(*pages) == [(None, None), (None, None), (1, "1a"), (1, "1b")]


def test_a_repeated_side_means_a_missing_half_leaf_and_a_read_leaf_wins() -> None:
    pages = [_page(1, 1, 1, "a"), _page(2, 1, None, "a"), _page(3, 1, 9, "b")]
    assert _folios(*pages) == [(1, "1a"), (1, "2a"), (1, "9b")]
