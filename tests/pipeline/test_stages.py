from guji.pipeline.model import Scan
from guji.stages import PageWork, ScanOutcome, number_pages


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
