"""Volume-level checks: file sequence, duplicates, soft pages."""

from __future__ import annotations

from guji.qa.checks import (
    duplicate_findings,
    file_number,
    file_sequence,
    sequence_findings,
    sharpness_findings,
)
from guji.qa.profile import get_profile
from tests.qa.volume import page

DEFAULT = get_profile("default")


def test_file_numbers_come_from_the_end_of_the_stem() -> None:
    assert file_number("0012.tif") == 12
    assert file_number("vol3_leaf0007.jpg") == 7
    assert file_number("0003a.tif") == 3
    assert file_number("cover.tif") is None


def test_gaps_and_repeats_in_the_file_sequence() -> None:
    seq = file_sequence(["0001.tif", "0002.tif", "0005.tif", "0005.jpg", "cover.png"])
    assert seq.gaps == (3, 4)
    assert seq.repeats == ((5, ("0005.jpg", "0005.tif")),)
    assert seq.unnumbered == ("cover.png",)
    assert file_sequence(["0001.tif", "0002.tif"]).gaps == ()


def test_the_page_after_a_gap_fails_and_repeats_warn() -> None:
    pages = [page(1, "0001.tif", seed=1), page(2, "0003.tif", seed=2),
             page(3, "0004.tif", seed=3), page(4, "0004.jpg", seed=4)]
    names = [p["source"] for p in pages]
    found = sequence_findings(pages, file_sequence(names))
    by_seq = {(f.seq, f.verdict) for f in found}
    assert (2, "fail") in by_seq
    assert {(3, "warn"), (4, "warn")} <= by_seq
    assert not any(f.seq == 1 for f in found)
    assert any("0002" in f.reason for f in found if f.seq == 2)


def test_a_double_scan_is_a_duplicate_but_blank_leaves_are_not() -> None:
    pages = [page(1, "0001.tif", seed=1), page(2, "0002.tif", seed=2),
             page(3, "0003.tif", seed=1),  # the same leaf again
             page(4, "0004.tif", seed=4, blank=True), page(5, "0005.tif", seed=5, blank=True)]
    found, pairs = duplicate_findings(pages, DEFAULT)
    assert [(a, b) for a, b, _ in pairs] == [(1, 3)]
    assert [(f.seq, f.verdict) for f in found] == [(3, "warn")]


def test_pages_much_softer_than_the_volume_are_flagged() -> None:
    pages = [page(i, f"{i:04d}.tif", seed=i, sharpness=s)
             for i, s in enumerate([0.9, 0.92, 0.88, 0.5, 0.91], start=1)]
    found, median = sharpness_findings(pages, DEFAULT)
    assert median == 0.9
    assert [f.seq for f in found] == [4]
