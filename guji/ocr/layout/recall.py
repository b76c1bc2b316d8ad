"""Scoring a page's layout against the generator's ground truth (guji-gt/1).

A truth column is **recalled** when one detected column box, mapped back to the image's
pixels, overlaps it with an intersection-over-union of at least 0.5 along x (the column's
width) and covers at least 90% of its height. Each detected column matches at most one
truth column and the reverse (the best x-IoU first). **Precision** is the share of
detected columns that match a truth column. A matched column's **segmentation** is right
when its segments' kinds top to bottom (main, note, …) are the truth's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from guji.ocr.geometry import Box
from guji.ocr.layout.model import PageLayout

MIN_X_IOU = 0.5
MIN_HEIGHT_COVER = 0.9


@dataclass(frozen=True)
class ColumnScore:
    """Counts for one page (or a sum of pages)."""

    truth: int  # truth columns
    detected: int  # detected columns
    matched: int  # matched pairs
    segmented: int  # matched pairs whose segment kinds agree with the truth

    def __add__(self, other: ColumnScore) -> ColumnScore:
        return ColumnScore(self.truth + other.truth, self.detected + other.detected,
                           self.matched + other.matched, self.segmented + other.segmented)

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.detected if self.detected else 1.0

    @property
    def segmentation(self) -> float:
        return self.segmented / self.matched if self.matched else 1.0


NONE = ColumnScore(0, 0, 0, 0)


def x_iou(a: Box, b: Box) -> float:
    inter = max(0, min(a.right, b.right) - max(a.x, b.x))
    union = max(a.right, b.right) - min(a.x, b.x)
    return inter / union if union > 0 else 0.0


def height_cover(truth: Box, found: Box) -> float:
    """Share of the truth box's rows that the found box spans."""
    inter = max(0, min(truth.bottom, found.bottom) - max(truth.y, found.y))
    return inter / truth.h if truth.h > 0 else 0.0


def matches(truth: Sequence[Box], found: Sequence[Box]) -> list[tuple[int, int]]:
    """(truth index, found index) pairs, one-to-one, best x-IoU first."""
    pairs = sorted(((x_iou(t, f), i, j) for i, t in enumerate(truth)
                    for j, f in enumerate(found)
                    if x_iou(t, f) >= MIN_X_IOU and height_cover(t, f) >= MIN_HEIGHT_COVER),
                   reverse=True)
    used_t: set[int] = set()
    used_f: set[int] = set()
    out = []
    for _iou, i, j in pairs:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
            out.append((i, j))
    return sorted(out)


def score_layout(truth: dict[str, Any], layout: PageLayout,
                 to_source: Callable[[Box], Box]) -> ColumnScore:
    """Score one image's layout; `to_source` maps upright boxes to the image's pixels
    (`UprightImage.to_source`), as recognition does."""
    columns = [c for page in truth["pages"] for c in page["columns"]]
    want = [Box(*c["box"]) for c in columns]
    found = [to_source(c.box) for c in layout.columns]
    pairs = matches(want, found)
    segmented = 0
    for i, j in pairs:
        kinds = [s["kind"] for s in columns[i]["segments"]]
        if [s.kind for s in layout.columns[j].segments] == kinds:
            segmented += 1
    return ColumnScore(len(want), len(found), len(pairs), segmented)
