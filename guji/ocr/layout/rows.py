"""Rows of ink down a column: runs of inked rows, the glyphs one under another, boxes.
Shared by the cutting of columns into main text and notes (segments.py)."""

from __future__ import annotations

import numpy as np

from guji.ocr.geometry import Box

# A row of a note's small glyphs is at most this share of a full glyph tall (segments.py,
# note_ends.py). Whether the glyphs down a whole side of a path are a note's is judged by
# their median height, with more room (segments.NOTE_GLYPH_SHARE).
SMALL_SHARE = 0.62


def trim(inner: np.ndarray, y0: int, y1: int) -> tuple[int, int]:
    """Rows y0–y1 without the blank rows at either end (y0, y0 where all are blank)."""
    rows = np.flatnonzero(inner[y0:y1].any(axis=1))
    if rows.size == 0:
        return y0, y0
    return y0 + int(rows[0]), y0 + int(rows[-1]) + 1


def glyph_rows(side: np.ndarray) -> list[tuple[int, int]]:
    """The glyphs down one side of a path, as rows [start, stop). Any blank row parts
    them: the small glyphs of a note may stand only a row apart at working resolution,
    and the reduction keeps each block's darkest pixel, so cracks through strokes are
    few. A main character split at a crack only looks smaller: the stretch is then an
    unsure note, read both ways."""
    return runs(inked_rows(side), 0)


def inked_rows(mask: np.ndarray) -> np.ndarray:
    return np.asarray(mask.any(axis=1))


def runs(rows: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """[start, stop) of the true stretches of `rows`, bridging false gaps up to `gap`."""
    idx = np.flatnonzero(rows)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    stops = np.concatenate([idx[breaks], [idx[-1]]]) + 1
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True)]


def mask_box(mask: np.ndarray, dx: int, dy: int) -> Box | None:
    """Box of every inked pixel of `mask`, shifted by (dx, dy); None where it is blank
    (cells.ink_box, unlike it, leaves specks out)."""
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    return Box.from_edges(dx + xs.min(), dy + ys.min(), dx + xs.max() + 1, dy + ys.max() + 1)
