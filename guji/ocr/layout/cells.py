"""A frame's cells: the column-shaped parts between its rulings, and the ink in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import ndimage

from guji.ocr.geometry import Box

CellKind = Literal["body", "centre-strip", "empty"]

# Share of a pitch next to each ruling that is left out of a cell.
RULING_MARGIN = 0.06


@dataclass(frozen=True)
class Cell:
    """A column-shaped part of a frame, in working pixels: [x0, x1) × [frame]."""

    x0: int
    x1: int
    kind: CellKind
    text: Box | None  # the box of its ink, None when empty


def inner_span(a: int, b: int, pitch: float) -> tuple[int, int]:
    """The cell [a, b) off the rulings at either side: what is left of a worn ruling
    after line removal is thin but tall, and would stretch a text box down the frame."""
    margin = max(2, int(round(RULING_MARGIN * pitch)))
    return (a + margin, b - margin) if b - a > 4 * margin else (a, b)


def ink_box(text: np.ndarray, x0: int, y0: int, glyph: float) -> Box | None:
    """Box of the ink in a cell, ignoring specks smaller than a dot of a character."""
    if not text.any():
        return None
    lab, _ = ndimage.label(text)
    sizes = ndimage.sum_labels(text, lab, index=np.arange(1, lab.max() + 1))
    keep = np.isin(lab, np.flatnonzero(sizes >= max(4.0, 0.004 * glyph * glyph)) + 1)
    if int(keep.sum()) < 0.03 * glyph * glyph:
        return None
    ys, xs = np.nonzero(keep)
    return Box.from_edges(x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1)
