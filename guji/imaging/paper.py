"""Finding the paper on the scanner bed, on a reduced grey copy.

A book scanner's bed (and the book's own edges and shadows around a leaf) is darker
than the paper. When the border of the scan is clearly darker than the paper, the
paper is the largest bright region; otherwise the scan is taken to be cropped to the
paper already and the whole image is the page.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from guji.imaging.raster import local_mean, opened, solid_regions

Box = tuple[int, int, int, int]  # x, y, w, h


def paper_level(grey: np.ndarray) -> float:
    """The grey level of blank paper: bright, and the most common bright value."""
    g = np.asarray(grey)
    return float(np.percentile(g, 90))


def find_paper(grey: np.ndarray) -> np.ndarray | None:
    """Mask of the paper, or None when no scanner bed is visible around it."""
    # A local mean is enough to keep sensor noise and fibres from breaking up the bed.
    g = local_mean(grey, 5)
    h, w = g.shape
    band = max(2, int(min(h, w) * 0.01))
    sides = (g[:band], g[-band:], g[:, :band], g[:, -band:])
    paper = paper_level(g)
    # The leaf may touch the scan's edge on some sides: one dark side is enough.
    bed = min(float(np.median(side)) for side in sides)
    # A bed only counts when it is well darker than paper; otherwise stains or
    # toned margins would be mistaken for it.
    if bed > 0.75 * paper or paper - bed < 40:
        return None
    # The bed is the dark area that reaches the scan's edge; dark print inside the leaf
    # (frames, text, seals) is enclosed by paper and so is never part of it.
    dark = g < (bed + paper) / 2
    labels, n = ndimage.label(dark)
    if n == 0:
        return None
    edge_labels = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    bed_mask = np.isin(labels, edge_labels[edge_labels > 0])
    # Rules printed up to the fold touch the bed too; only broad dark areas are bed.
    bed_mask = solid_regions(bed_mask, max(5, int(min(h, w) * 0.015)))
    not_bed = opened(~bed_mask, 2)
    labels, n = ndimage.label(not_bed)
    if n == 0:
        return None
    # Pixels per region by one count over the labels: the same sizes as scipy's sum_labels,
    # which over the thousands of small regions of a page took most of find_paper's time.
    sizes = np.bincount(labels.ravel(), minlength=n + 1)[1:]
    mask = ndimage.binary_fill_holes(labels == (int(np.argmax(sizes)) + 1))
    # A leaf fills most of a scan; a small bright patch (a title slip on a grey cover,
    # a label) is not the paper.
    box = bbox_of(mask)
    if mask.sum() < 0.25 * h * w or box is None or box[2] < 0.4 * w or box[3] < 0.4 * h:
        return None
    return np.asarray(mask, dtype=bool)


def bbox_of(mask: np.ndarray) -> Box | None:
    """Axis-aligned x, y, w, h of the True pixels."""
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    return int(cols[0]), int(rows[0]), int(cols[-1] - cols[0] + 1), int(rows[-1] - rows[0] + 1)
