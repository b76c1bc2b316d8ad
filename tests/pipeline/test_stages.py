from pathlib import Path

import pytest

from guji.imaging import likely_pages
from guji.pipeline.model import Scan
from guji.stages import PageWork, ScanOutcome, likely_seqs, number_pages


def outcome(seq: int, *sides: str, reused: list[int | None] | None = None) -> ScanOutcome:
    reused = reused or [None] * len(sides)
    pages = tuple(PageWork(side=s, width=1, height=1, reused_seq=r)
                  for s, r in zip(sides, reused, strict=True))
    return ScanOutcome(Scan("v", seq, f"{seq}.tif", "tif"), {}, pages)


def test_pages_are_numbered_in_reading_order_across_openings() -> None:
    jobs, redo = number_pages([outcome(2, "single"), outcome(1, "right", "left"),
                               outcome(3, "right", "left")])
    assert redo == []
    assert [(j.seq, j.scan.scan_seq, j.work.side) for j in jobs] == [
        (1, 1, "right"), (2, 1, "left"), (3, 2, "single"), (4, 3, "right"), (5, 3, "left")]


def test_archived_pages_that_would_move_are_redone() -> None:
    # Scan 1 was a single page last time, now split in two: scan 2's archived page 2 is now 3.
    jobs, redo = number_pages([outcome(1, "right", "left"), outcome(2, "single", reused=[2])])
    assert [s.scan_seq for s in redo] == [2]
    assert [j.seq for j in jobs] == [1, 2]


def test_archived_pages_in_place_are_kept() -> None:
    jobs, redo = number_pages([outcome(1, "single", reused=[1]), outcome(2, "single")])
    assert redo == [] and [j.work.reused_seq for j in jobs] == [1, None]


def finished(seq: int, *at: int) -> ScanOutcome:
    """A scan whose task finished its pages itself, as seqs `at`."""
    pages = tuple(PageWork(side="single", width=1, height=1, finished_seq=s) for s in at)
    return ScanOutcome(Scan("v", seq, f"{seq}.tif", "tif"), {}, pages)


def test_pages_finished_under_their_own_seq_are_done() -> None:
    jobs, redo = number_pages([finished(1, 1), finished(2, 2)])
    assert redo == [] and [(j.seq, j.finished) for j in jobs] == [(1, True), (2, True)]


def test_pages_finished_under_a_wrong_seq_are_finished_again() -> None:
    # Scan 1 was foreseen as one page but split in two, so scan 2's page, finished as 2, is 3.
    jobs, redo = number_pages([outcome(1, "right", "left"), finished(2, 2)])
    assert redo == []
    assert [(j.seq, j.scan.scan_seq, j.finished) for j in jobs] == [
        (1, 1, False), (2, 1, False), (3, 2, False)]


def test_archived_pages_written_over_by_a_wrong_seq_are_redone() -> None:
    # Scan 1, wide, was foreseen as two pages but is one, so scan 2's new page went out
    # as 3, over the page scan 3 archived as 3 in an earlier run, which would keep its seq.
    jobs, redo = number_pages([outcome(1, "single"), finished(2, 3),
                               outcome(3, "single", reused=[3])])
    assert [s.scan_seq for s in redo] == [3]
    assert [(j.seq, j.finished) for j in jobs] == [(1, False), (2, False)]


@pytest.mark.parametrize(("size", "split", "pages"), [
    ((1000, 1400), "auto", 1), ((2100, 1400), "auto", 2), ((1400, 1400), "auto", 1),
    ((2100, 1400), "never", 1), ((1000, 1400), "always", 2)])
def test_pages_are_foreseen_from_the_scan_size(size: tuple[int, int], split: str,
                                               pages: int) -> None:
    assert likely_pages(*size, split) == pages


def test_seqs_are_foreseen_before_any_pixel_is_decoded(tmp_path: Path) -> None:
    import pyvips

    sizes = [(100, 140), (210, 140), (100, 140)]
    scans = []
    for i, (w, h) in enumerate(sizes, start=1):
        path = tmp_path / f"{i:04d}.tif"
        pyvips.Image.black(w, h).write_to_file(str(path))
        scans.append(Scan("v", i, str(path), "tif"))
    scans.append(Scan("v", 4, str(tmp_path / "missing.tif"), "tif"))
    assert likely_seqs(scans, "auto") == [(1,), (2, 3), (4,), (5,)]
