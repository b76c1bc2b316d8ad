"""Quality measures of a page image, each a plain function of pixels or their histogram.

Tonal measures take a 256-bin histogram per band (bands × 256), which pyvips computes
at full resolution while streaming; the others take small numpy arrays: full-resolution
crops (sharpness) or reduced copies (blank detection, perceptual hash).
"""

from __future__ import annotations

import numpy as np
from scipy.fft import dctn

from guji.imaging.deskew import content_mask
from guji.imaging.raster import any_within, flatten_background, rule_pixels, solid_regions

# Gradients below this share of the page's contrast are paper texture or noise.
_EDGE_SHARE = 0.2


def histogram(image: np.ndarray) -> np.ndarray:
    """Per-band 256-bin histogram (bands × 256) of an 8-bit H×W or H×W×B array."""
    arr = np.asarray(image, dtype=np.uint8)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    return np.stack([np.bincount(arr[:, :, b].ravel(), minlength=256)
                     for b in range(arr.shape[2])])


def clipped_shadows(hist: np.ndarray) -> float:
    """Share of pixels at 0 in the worst band: detail lost to black."""
    h = np.atleast_2d(hist).astype(np.float64)
    return float((h[:, 0] / h.sum(axis=1)).max())


def clipped_highlights(hist: np.ndarray) -> float:
    """Share of pixels at 255 in the worst band: detail lost to white."""
    h = np.atleast_2d(hist).astype(np.float64)
    return float((h[:, 255] / h.sum(axis=1)).max())


def percentile_of(hist: np.ndarray, q: float) -> float:
    """q-th percentile (0-100) of the levels in a single-band histogram."""
    h = np.asarray(hist, dtype=np.float64).ravel()
    cum = np.cumsum(h)
    return float(np.searchsorted(cum, q / 100 * cum[-1]))


def dynamic_range(hist: np.ndarray) -> float:
    """Levels between the darkest and lightest 0.5 % of a luminance histogram.

    Ink on paper should span most of the 0-255 scale; a flat, grey scan does not.
    """
    h = np.atleast_2d(hist)[0]
    return percentile_of(h, 99.5) - percentile_of(h, 0.5)


def sharpness(grey: np.ndarray) -> float:
    """Edge steepness of the print: the strong edges' gradient over the ink/paper contrast.

    About 1.0 when ink edges change within a pixel, 0.8 for a Gaussian blur of σ = 1 px,
    0.4 for σ = 2 px (2 / (σ·√(2π)) for a blurred step);
    independent of how much text a page holds and of how dark its ink is, so pages of a
    volume compare. Needs full-resolution pixels (a crop is enough). 0.0 without edges.
    """
    g = np.asarray(grey, dtype=np.float32)
    if g.ndim != 2 or min(g.shape) < 8:
        return 0.0
    low, high = np.percentile(g, [1, 95])  # one partition of the tile for both
    contrast = float(high - low)
    if contrast < 16:
        return 0.0
    gx = (g[1:-1, 2:] - g[1:-1, :-2]) / 2
    gy = (g[2:, 1:-1] - g[:-2, 1:-1]) / 2
    mag = np.hypot(gx, gy)
    edges = mag[mag > _EDGE_SHARE * contrast / 2]
    if edges.size < 50:
        return 0.0
    # The 90th percentile of edge gradients: the steep flanks, not the blurred corners.
    return round(float(np.percentile(edges, 90)) / (contrast / 2), 4)


def text_ink(grey: np.ndarray) -> np.ndarray:
    """Ink that is not a long ruled line: characters, seals, marks (reduced copy)."""
    ink = content_mask(grey)
    h, w = ink.shape
    # Noise and wear break rules into dashes: bridge short breaks before measuring runs.
    rules = rule_pixels(ink, axis=0, length=max(5, h // 12), gap=max(3, h // 120))
    rules |= rule_pixels(ink, axis=1, length=max(5, w // 12), gap=max(3, w // 120))
    rules = any_within(rules, 5)
    return ink & ~rules


def ink_coverage(grey: np.ndarray, *, ink: np.ndarray | None = None) -> float:
    """Share of the page covered by text ink (ruled lines excluded); `ink`, the page's
    text_ink when the caller has it already."""
    if ink is None:
        ink = text_ink(grey)
    # Specks of dirt and bleed-through are small, isolated components.
    cleaned = solid_regions(ink, 2)
    return round(float(cleaned.mean()), 5)


def perceptual_hash(grey: np.ndarray, region: tuple[int, int, int, int] | None = None) -> str:
    """256-bit DCT hash (64 hex digits) of how dark the print is across the page.

    The grey darkness over the local paper level, not a binarised mask: thresholds
    flip strokes on and off between two scans, darkness does not. `region` (x, y, w, h,
    the printed frame) fixes what is hashed, so scans of one page cropped differently
    line up; without it, the extent of the print is used. The 16 × 16 lowest
    frequencies of a 64 × 64 reduction are kept: enough to tell apart pages of one
    edition, which share frame and rules, not so many that noise decides.
    """
    dark = 1.0 - flatten_background(np.asarray(grey))
    if region is not None and region[2] > 8 and region[3] > 8:
        x, y, w, h = region
        dark = dark[max(0, y):y + h, max(0, x):x + w]
    else:
        ys, xs = np.nonzero(dark > 0.3)
        if xs.size < 50:
            return "0" * 64
        # Robust extent: a speck of dirt in a margin must not move the crop.
        x0, x1 = np.percentile(xs, [1, 99]).astype(int)
        y0, y1 = np.percentile(ys, [1, 99]).astype(int)
        dark = dark[y0:y1 + 1, x0:x1 + 1]
    if dark.size < 64:
        return "0" * 64
    low = dctn(_resample(dark, 64), norm="ortho")[:16, :16].ravel()
    # The DC term says only how much ink there is; leave it out of the median.
    bits = low > np.median(low[1:])
    return f"{int(''.join('1' if b else '0' for b in bits), 2):064x}"


def hash_distance(a: str, b: str) -> int:
    """Bits that differ between two perceptual hashes."""
    return int(bin(int(a, 16) ^ int(b, 16)).count("1"))


def _resample(arr: np.ndarray, size: int) -> np.ndarray:
    """Area-average to size × size (each output cell the mean of its input cells)."""
    h, w = arr.shape
    rows = np.minimum((np.arange(h) * size) // h, size - 1)
    cols = np.minimum((np.arange(w) * size) // w, size - 1)
    cell = (rows[:, None] * size + cols[None, :]).ravel()
    total = np.bincount(cell, weights=np.asarray(arr, np.float64).ravel(), minlength=size * size)
    count = np.bincount(cell, minlength=size * size)
    return (total / np.maximum(count, 1)).reshape(size, size)
