"""From a page image to masks at a working resolution: ink, ruled lines, seals, text.

Layout analysis runs on a reduced copy (long edge about WORK_EDGE pixels): enough for
columns and rulings, and fast on a 600 dpi spread. Recognition crops the full image.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

from guji.ocr.geometry import Box

WORK_EDGE = 1600
# A pixel is seal ink when red clearly outweighs green and blue (vermilion, cinnabar).
SEAL_REDNESS = 45
# The paper's tone: this percentile of a page's or a line's grey (ink covers far less).
PAPER_PERCENTILE = 90
# Ink is darker than this share of the paper's brightness, whatever Otsu says: on a
# mostly blank page Otsu can settle inside the paper's grain. The thin strokes of a
# small page's notes, blurred, stay grey (0.6–0.8 of the paper): at 0.72 a page of
# 27 px glyphs lost all its notes. Chosen on an independent renderer's pages of 22–33
# px glyphs (benchmarks/independent_pages.py, seed 2, swept by a throwaway script: 460
# errors at 0.72, 255–258 from 0.76 to 0.82, 344 at 0.85); training seeds read the same.
INK_CEILING = 0.8
# Rulings are straight runs longer than this many glyph widths; no stroke is that long.
RULE_GLYPHS = 1.6
# A page's glyphs count as tall from this many times as tall as wide: square faces
# measure up to 1.1, where glyphs one under another run together.
TALL = 1.2
# ...and at most this tall: taller parts are glyphs run together, not one glyph.
TALLEST = 1.5
# On a page mostly of commentary the small glyphs' parts are nine in ten and the upper
# decile of widths is a small glyph's; the main characters stand apart as a group of
# parts at least MAIN_OVER_NOTE times as wide, of one width (the middle half of the group
# within MAIN_GROUP_SPREAD of each other), MAIN_GROUP_PARTS of them at least: their width
# is the glyph's. Training seeds 9701-9750 (500 scans): 618 errors without, 536 with
# (seed 9733 page 9, four large characters heading each column of notes: 26 to 0).
MAIN_OVER_NOTE = 1.5
MAIN_GROUP_PARTS = 8
MAIN_GROUP_SPREAD = 0.85
# A solid mark smaller than this share of a glyph both ways is text too: at the working
# resolution the small glyphs of a note are a few pixels across and their strokes run
# together. Fish-tails and ink blocks are larger, but a fish-tail's halves may not be.
SOLID_GLYPHS = 0.5
# An upright run with ink just beyond it on both sides down this share of its rows is
# the strokes of small glyphs stacked in a note's sub-column, not a ruling: at the
# working resolution they stand a row apart and line up into runs as long as a rule's.
CROSSED_ROWS = 0.3
# ...or is a piece of a run no taller than a small glyph (STACK_HEIGHT) and wider than
# STACK_WIDTH of a glyph: a small glyph whose strokes run together across its
# sub-column. A ruling, even a frame's thick side, is narrower.
STACK_WIDTH = 0.25
STACK_HEIGHT = 0.7


@dataclass(frozen=True)
class InkMap:
    """Masks of one page at the working resolution (`factor` = work px per page px)."""

    factor: float
    ink: np.ndarray  # every dark mark on the paper
    vlines: np.ndarray  # vertical rulings and frame sides
    hlines: np.ndarray  # horizontal frame lines, fish-tail rules
    text: np.ndarray  # ink that is neither a ruling nor a solid blob
    blobs: np.ndarray  # solid marks: fish-tails (魚尾), ink blocks (墨釘)
    glyph: float  # typical glyph width in work pixels
    seals: tuple[Box, ...]  # red seals, in page pixels
    # The glyph width the ink's own shapes measure, where `glyph` was set from the
    # rulings' pitch instead (a page of small notes); else the same as `glyph`.
    measured: float = 0.0

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.ink.shape[0]), int(self.ink.shape[1]))


def seal_mask(rgb: np.ndarray) -> np.ndarray:
    """True on red seal ink: seals are stamped over the print and are never text."""
    r, g, b = (rgb[..., i].astype(np.int16) for i in range(3))
    return (r - np.maximum(g, b) > SEAL_REDNESS) & (r > 110)


def grey_without_seals(rgb: np.ndarray) -> np.ndarray:
    """Luminance with red seal ink turned to paper, so seals never reach binarisation."""
    grey = rgb_to_grey(rgb)
    seal = seal_mask(rgb)
    if seal.any():
        paper_over(grey, grown(seal, 1))
    return grey


def paper_over(grey: np.ndarray, cover: np.ndarray) -> None:
    """Turn the `cover` pixels of `grey` to the paper's tone, in place. Not to white: a
    seal cut in relief (白文) leaves its characters in the paper's tone inside the red,
    and on white they would be dark glyphs to read."""
    rest = grey[~cover]
    grey[cover] = float(np.percentile(rest, PAPER_PERCENTILE)) if rest.size else 255.0


def rgb_to_grey(rgb: np.ndarray) -> np.ndarray:
    a = rgb.astype(np.float32)
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


def binarize(grey: np.ndarray, window: int | None = None) -> np.ndarray:
    """Ink where a pixel is clearly darker than its surrounding paper: the paper level is
    the brightest value within `window` pixels (default 4% of the image's short side),
    which must be wider than any stroke or blot of ink."""
    g = np.asarray(grey, dtype=np.float32)
    size = (window or max(15, int(min(g.shape) * 0.04))) | 1
    # The brightest values in a window wider than any stroke are the paper there;
    # dividing by them flattens toned paper and uneven light.
    paper = ndimage.uniform_filter(ndimage.maximum_filter(g, size=size), size=size)
    flat = np.clip(g / np.maximum(paper, 1.0), 0.0, 1.0)
    if float(flat.max() - flat.min()) < 0.05:
        return np.zeros(flat.shape, bool)
    return flat < min(float(threshold_otsu(flat)), INK_CEILING)


def work_reduction(width: int, height: int) -> int:
    """The integer factor that brings a page down to the working resolution."""
    return max(1, int(np.ceil(max(width, height) / WORK_EDGE)))


def darkest(grey: np.ndarray, k: int) -> np.ndarray:
    """The darkest pixel of each k×k block: a hairline stroke of a small glyph keeps its
    full darkness when reduced, where a block mean would fade it into the paper."""
    if k <= 1:
        return np.asarray(grey, dtype=np.float32)
    # Blocks at the right and bottom edges are partial, as in PIL's reduce: pad with paper.
    h, w = -(-grey.shape[0] // k) * k, -(-grey.shape[1] // k) * k
    padded = np.full((h, w), 255, dtype=grey.dtype)
    padded[:grey.shape[0], :grey.shape[1]] = grey
    # k² strided minima: a tenth of the time of min(axis=(1, 3)) over a reshaped view.
    out = padded[0::k, 0::k].copy()
    for i in range(k):
        for j in range(k):
            if i or j:
                np.minimum(out, padded[i::k, j::k], out=out)
    return out.astype(np.float32)


def ink_map(small: np.ndarray, k: int, dark: np.ndarray | None = None,
            glyph: float | None = None) -> InkMap:
    """Working-resolution masks of an upright page, `small` (H×W×3) reduced k times by
    block means; `dark` is the grey page reduced by block minima (see `darkest`), the
    grey of `small` when not given. `glyph` overrides the glyph width measured on it."""
    seal = seal_mask(small)
    grey = rgb_to_grey(small) if dark is None else dark.copy()
    if seal.any():
        paper_over(grey, grown(seal, 2))
    ink = binarize(grey) & ~_surround(grey)
    measured, aspect = glyph_shape(ink)
    glyph = glyph or measured
    length = max(5, int(RULE_GLYPHS * glyph))
    # The upright strokes of tall glyphs (a note's, a narrow hand's) are longer than the
    # glyph is wide: a rule is longer than the glyph is tall.
    upright = max(5, int(RULE_GLYPHS * glyph * aspect))
    vlines = _stacked_strokes(long_runs(ink, axis=0, length=upright), ink, glyph)
    hlines = long_runs(ink, axis=1, length=length)
    lines = grown(vlines | hlines, 1)
    # Solid marks are found on all ink: a fish-tail joined to the frame is still one.
    solid = _solid(ink, glyph * aspect)
    # A small solid mark is text as well: the small glyphs of a note, their strokes run
    # together, are no fish-tails; the halves of a fish-tail, as small, stay solid marks
    # for the centre strip to be found by.
    text = ink & ~lines & (~solid | _small_marks(solid, glyph))
    return InkMap(factor=1.0 / k, ink=ink, vlines=vlines, hlines=hlines, text=text,
                  blobs=solid, glyph=glyph, seals=_seal_boxes(seal, k, glyph),
                  measured=measured)


def glyph_width(ink: np.ndarray) -> float:
    """Typical width of a full-size glyph in pixels, from the ink's connected parts."""
    return glyph_shape(ink)[0]


def glyph_shape(ink: np.ndarray) -> tuple[float, float]:
    """Typical width of a full-size glyph in pixels, and how many times as tall it is
    (1 to TALLEST), from the ink's connected parts.

    Many characters are one connected part, others split into radicals; the upper
    decile of widths (lines, dots and page-sized parts excluded) is a full character.
    """
    lab, n = ndimage.label(ink)
    if n == 0:
        return 20.0, 1.0
    sl = ndimage.find_objects(lab)
    hs = np.array([s[0].stop - s[0].start for s in sl])
    ws = np.array([s[1].stop - s[1].start for s in sl])
    h, w = ink.shape
    ok = ((np.maximum(ws, hs) >= 0.004 * max(h, w)) & (ws <= 3 * hs) & (hs <= 3 * ws)
          & (ws < w / 6) & (hs < h / 6))
    if ok.sum() < 5:
        return max(8.0, 0.02 * max(h, w)), 1.0
    ws, hs = ws[ok], hs[ok]
    width = float(np.percentile(ws, 90))
    main = ws >= MAIN_OVER_NOTE * width
    if main.sum() >= MAIN_GROUP_PARTS and (
            np.percentile(ws[main], 25) >= MAIN_GROUP_SPREAD * np.percentile(ws[main], 75)):
        ws, hs = ws[main], hs[main]
        width = float(np.median(ws))
    aspect = float(np.percentile(hs, 90)) / width
    return width, min(aspect, TALLEST) if aspect >= TALL else 1.0


def long_runs(mask: np.ndarray, *, axis: int, length: int) -> np.ndarray:
    """Pixels on a straight run at least `length` long along `axis`, small breaks bridged."""
    # Worn blocks print rules with gaps of a few pixels; a short closing bridges them
    # without joining strokes of neighbouring characters (those gaps are wider).
    bridged = ndimage.uniform_filter1d(mask.astype(np.float32), 3, axis=axis) > 0.3
    # A window of `length` pixels that is all ink marks a run; spreading each such
    # window back over its pixels (a second box filter) gives the run's pixels.
    # Box filters cost the same for any length, unlike a morphological opening.
    full = ndimage.uniform_filter1d(bridged.astype(np.float32), length, axis=axis) > 0.999
    spread = ndimage.uniform_filter1d(full.astype(np.float32), length, axis=axis,
                                      origin=_back(length)) > 1e-3
    return spread & mask


def _stacked_strokes(vlines: np.ndarray, ink: np.ndarray, glyph: float) -> np.ndarray:
    """Upright runs without the strokes of small glyphs stacked down a note's
    sub-column, a row apart: a ruling is a line with paper beside it and text touching
    it here and there; a stack of glyphs is crossed by ink on both sides, or is pieces
    a small glyph tall and wider than a line, or stands beside such."""
    lab, n = ndimage.label(vlines, structure=np.ones((3, 3), bool))
    if n == 0:
        return vlines
    h = ink.shape[0]

    def rows_of(mask: np.ndarray) -> np.ndarray:
        ys, xs = np.nonzero(mask)
        return np.unique(lab[ys, xs].astype(np.int64) * h + ys)

    # Ink two pixels beyond a run's left edge and beyond its right edge, row by row.
    beyond_left = np.zeros_like(ink)
    beyond_left[:, 2:] = ink[:, :-2]
    beyond_right = np.zeros_like(ink)
    beyond_right[:, :-2] = ink[:, 2:]
    left_edge = vlines.copy()
    left_edge[:, 1:] &= ~vlines[:, :-1]
    right_edge = vlines.copy()
    right_edge[:, :-1] &= ~vlines[:, 1:]
    crossed = np.intersect1d(rows_of(left_edge & beyond_left), rows_of(right_edge & beyond_right))
    rows = np.maximum(np.bincount(rows_of(vlines) // h, minlength=n + 1), 1)
    hits = np.bincount(crossed // h, minlength=n + 1)
    stacked = {int(i) for i in np.flatnonzero(hits > CROSSED_ROWS * rows)}
    for i, s in enumerate(ndimage.find_objects(lab), start=1):
        if (s[1].stop - s[1].start > STACK_WIDTH * glyph
                and s[0].stop - s[0].start <= STACK_HEIGHT * glyph):
            stacked.add(i)
    if not stacked:
        return vlines
    # The outermost strokes of a stack have paper on one side: runs with more pixels
    # than CROSSED_ROWS of their rows within three pixels of it are its strokes too.
    out = np.isin(lab, list(stacked))
    beside = ndimage.maximum_filter1d(out, 7, axis=1) & vlines & ~out
    near = np.bincount(lab[beside], minlength=n + 1)
    stacked |= {int(i) for i in np.flatnonzero(near > CROSSED_ROWS * rows)}
    return vlines & ~np.isin(lab, list(stacked))


def grown(mask: np.ndarray, steps: int) -> np.ndarray:
    """The mask grown by `steps` pixels to the four neighbours (binary dilation by a
    cross, repeated), with array shifts: many times faster than ndimage's dilation."""
    out = np.asarray(mask, dtype=bool)
    for _ in range(steps):
        g = out.copy()
        g[1:] |= out[:-1]
        g[:-1] |= out[1:]
        g[:, 1:] |= out[:, :-1]
        g[:, :-1] |= out[:, 1:]
        out = g
    return out


def open_square(mask: np.ndarray, size: int) -> np.ndarray:
    """Binary opening by a size×size square, with box filters (cost independent of size)."""
    # Erosion: the square centred here is all ink; dilation: some such square covers here.
    full = ndimage.uniform_filter(mask.astype(np.float32), size) > 0.999
    if not full.any():
        return full
    return ndimage.uniform_filter(full.astype(np.float32), size, origin=_back(size)) > 1e-3


def _back(length: int) -> int:
    # uniform_filter1d centres its window; shifting by one for even lengths keeps the
    # spread window on the same pixels as the test window.
    return -1 if length % 2 == 0 else 0


def _solid(ink: np.ndarray, glyph: float) -> np.ndarray:
    """Solid marks thicker than any stroke and no longer than a few glyphs: fish-tails
    and ink blocks. Thick frame lines are long and stay lines, even where a fish-tail
    hangs from them."""
    solid = open_square(ink, max(3, int(glyph * 0.22)))
    if not solid.any():
        return solid
    # Longer than a centre strip's black trunk (象鼻), which may run a few glyphs.
    h, w = ink.shape
    return (solid & ~long_runs(solid, axis=0, length=max(int(3 * glyph), int(0.3 * h)))
            & ~long_runs(solid, axis=1, length=max(int(3 * glyph), int(0.3 * w))))


def _small_marks(solid: np.ndarray, glyph: float) -> np.ndarray:
    """The solid marks smaller than SOLID_GLYPHS of a glyph both ways: small glyphs at
    the working resolution, or the halves of a fish-tail (which stay solid marks too)."""
    lab, _ = ndimage.label(solid)
    small = [i for i, s in enumerate(ndimage.find_objects(lab), start=1)
             if s is not None and max(s[0].stop - s[0].start, s[1].stop - s[1].start)
             < SOLID_GLYPHS * glyph]
    return np.isin(lab, small) if small else np.zeros_like(solid)


def _surround(grey: np.ndarray) -> np.ndarray:
    """What lies outside the paper: large areas darker than the page's Otsu threshold
    that touch the image edge (scanner bed, shadows, book edges). Binarisation against
    the local paper level alone would find ink along their edge against the paper."""
    dark = grey < threshold_otsu(grey) if float(grey.max() - grey.min()) > 10 else grey < 0
    s = max(9, int(min(grey.shape) * 0.02))
    solid = open_square(dark, s)
    if not solid.any():
        return solid
    lab, _ = ndimage.label(solid)
    edge = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    touching = np.isin(lab, edge[edge > 0])
    if not touching.any():
        return touching
    # The dark area itself reaches the paper's edge; a few pixels more take its rim.
    return grown(touching, 3)


def _seal_boxes(seal: np.ndarray, k: int, glyph: float) -> tuple[Box, ...]:
    if not seal.any():
        return ()
    # Seal strokes are broken; closing joins one seal's strokes into one region.
    joined = ndimage.binary_closing(seal, iterations=max(1, int(glyph * 0.2)))
    lab, _ = ndimage.label(joined)
    boxes = []
    for s in ndimage.find_objects(lab):
        if s is None:
            continue
        box = Box(s[1].start, s[0].start, s[1].stop - s[1].start, s[0].stop - s[0].start)
        if max(box.w, box.h) >= 0.5 * glyph:
            boxes.append(box.scaled(k))
    return tuple(boxes)
