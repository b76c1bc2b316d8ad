"""Blank paths down a column's ink: where the two sub-columns of a note part
(segments.py). A path may drift sideways, slowly: the sub-columns of a hand-cut block
do not stand quite plumb."""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.rows import runs

# The path drifts by at most one pixel sideways in this many rows.
DRIFT_ROWS = 3


def blank_paths(mid: np.ndarray) -> list[tuple[int, int, int]]:
    """Maximal blank top-to-bottom paths through `mid` (rows × candidate columns) as
    (y0, y1, mean x), drifting at most one column per DRIFT_ROWS rows; top to bottom."""
    h, w = mid.shape
    nb = h // DRIFT_ROWS
    if nb == 0 or w == 0:
        return []
    # Rows are taken DRIFT_ROWS at a time: a block is blank where all its rows are.
    blocks = ~np.asarray(mid[:nb * DRIFT_ROWS].reshape(nb, DRIFT_ROWS, w).any(axis=1))
    length = np.zeros((nb, w), np.int32)
    length[0] = blocks[0]
    for i in range(1, nb):
        prev = length[i - 1]
        best = prev.copy()
        best[1:] = np.maximum(best[1:], prev[:-1])
        best[:-1] = np.maximum(best[:-1], prev[1:])
        length[i] = np.where(blocks[i], best + 1, 0)
    longest = length.max(axis=1)
    out: list[tuple[int, int, int]] = []
    for j in range(nb):
        # A path ends where the longest path no longer grows.
        if longest[j] == 0 or (j + 1 < nb and longest[j + 1] > longest[j]):
            continue
        n = int(longest[j])
        x = int(np.argmax(length[j]))
        xs = [x]
        for k in range(j - 1, j - n, -1):
            x = next((c for c in (x, x - 1, x + 1)
                      if 0 <= c < w and length[k, c] == length[k + 1, xs[-1]] - 1), x)
            xs.append(x)
        out.append(((j - n + 1) * DRIFT_ROWS, (j + 1) * DRIFT_ROWS, int(round(np.mean(xs)))))
    return out


def gap_middle(stretch: np.ndarray, lo: int, hi: int) -> int:
    """x of the middle of the widest blank gap between lo and hi: where sub-columns part."""
    prof = stretch[:, lo:hi].sum(axis=0)
    quiet = prof <= prof.min()
    a, b = max(runs(quiet, 0), key=lambda r: r[1] - r[0])
    return lo + (a + b) // 2
