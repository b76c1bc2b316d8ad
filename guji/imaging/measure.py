"""Measuring a page image: OpenCV takes the full-resolution histograms and the reduced
copy for blankness and the perceptual hash from the page's pixels in memory; numpy
handles the full-resolution crops for focus."""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
import pyvips

from guji.imaging import metrics as m
from guji.imaging.source import box_reduce

# Focus is judged on up to this many full-resolution tiles where the print is densest.
FOCUS_TILES = 12
FOCUS_TILE = 384
REDUCED_EDGE = 1000
CM_PER_INCH = 2.54


def measure_image(image: pyvips.Image, dpi: float | None, *, pixels: np.ndarray | None = None,
                  skew_deg: float = 0.0, frame_box: tuple[int, int, int, int] | None = None,
                  expected_size_cm: tuple[float, float] | None = None) -> dict[str, Any]:
    """Metrics of a page image (8-bit sRGB or grey); `pixels`, its buffer as numpy when the
    caller has it (RenderedPage.pixels), saves a copy."""
    if pixels is None:
        pixels = np.asarray(image.numpy(), dtype=np.uint8)
    # No full-resolution grey copy (turning 33 MP of sRGB into luminance costs more than
    # all the measures together): the luminance histogram is taken over every other row
    # and column (8 MP of a 33-MP page put a percentile within a level of the full count),
    # the bands' histograms (clipping) over every other row (OpenCV's calcHist took a
    # quarter of the time for half the rows: 0.02 s against 0.08 on a 33-MP page);
    # blankness and the hash read a reduced copy, focus the few full-resolution crops it
    # picks. OpenCV, on the pixels in memory, took a third of pyvips' time for the same.
    hist = _histogram(pixels[::2])
    height, width = pixels.shape[:2]
    lum = hist[0] if pixels.ndim == 2 else _histogram(grey(cv2.resize(
        pixels, ((width + 1) // 2, (height + 1) // 2), interpolation=cv2.INTER_NEAREST)))[0]
    # A whole-factor box reduction: exact scale.
    k = max(1, math.ceil(max(width, height) / REDUCED_EDGE))
    scale = 1.0 / k
    reduced = grey(box_reduce(pixels, k))
    # One text-ink mask for coverage and for where focus is judged.
    ink = m.text_ink(reduced) if reduced.size else np.zeros((1, 1), bool)
    coverage = m.ink_coverage(reduced, ink=ink)
    out: dict[str, Any] = {
        "width": int(width),
        "height": int(height),
        "dpi": None if dpi is None else round(dpi, 1),
        "skew_deg": round(skew_deg, 3),
        "sharpness": _focus(pixels, ink, scale),
        "clipped_shadows": round(m.clipped_shadows(hist), 5),
        "clipped_highlights": round(m.clipped_highlights(hist), 5),
        "dynamic_range": m.dynamic_range(lum),
        "ink_coverage": coverage,
        "phash": m.perceptual_hash(reduced, _scaled(frame_box, scale)),
    }
    out.update(_physical(dpi, frame_box, expected_size_cm))
    return out


# Rec. 709 luma weights on the sRGB values themselves. pyvips' "b-w" goes through linear
# light instead: the same within a level or two on near-neutral paper and ink, darker
# here on saturated colour (a red seal by about 30 levels), at a fraction of the cost.
_LUMA = np.array([[0.2126, 0.7152, 0.0722]])


def grey(pixels: np.ndarray) -> np.ndarray:
    """8-bit luminance of an H×W×3 array (an H×W one is grey already): the weights of
    source.luminance, by OpenCV, for full-resolution pixels (the float arithmetic there,
    which the layout and the OCR keep, costs several times as much; the two can differ by
    a level where float32 and float64 round a half differently)."""
    if pixels.ndim == 2:
        return pixels
    return cv2.transform(np.ascontiguousarray(pixels), _LUMA)


def _histogram(pixels: np.ndarray) -> np.ndarray:
    """Per-band 256-bin histogram (bands × 256) of an 8-bit array."""
    bands = 1 if pixels.ndim == 2 else pixels.shape[2]
    return np.stack([cv2.calcHist([pixels], [b], None, [256], [0, 256]).ravel()
                     for b in range(bands)]).astype(np.int64)


def _focus(pixels: np.ndarray, ink: np.ndarray, scale: float) -> float:
    """Median sharpness over full-resolution tiles where the reduced copy's text ink is
    densest."""
    step = max(1, int(FOCUS_TILE * scale))
    h, w = ink.shape
    cells = [(float(ink[y:y + step, x:x + step].mean()), x, y)
             for y in range(0, max(1, h - step + 1), step)
             for x in range(0, max(1, w - step + 1), step)]
    cells.sort(reverse=True)
    values = []
    for share, x, y in cells[:FOCUS_TILES]:
        if share < 0.01:
            break
        left, top = int(x / scale), int(y / scale)
        tile = grey(pixels[top:top + FOCUS_TILE, left:left + FOCUS_TILE])
        if min(tile.shape) < 16:
            continue
        values.append(m.sharpness(tile))
    return round(float(np.median(values)), 4) if values else 0.0


def _scaled(box: tuple[int, int, int, int] | None,
            scale: float) -> tuple[int, int, int, int] | None:
    if box is None:
        return None
    return (int(box[0] * scale), int(box[1] * scale), int(box[2] * scale), int(box[3] * scale))


def _physical(dpi: float | None, frame_box: tuple[int, int, int, int] | None,
              expected_size_cm: tuple[float, float] | None) -> dict[str, Any]:
    """Effective resolution from the printed frame's catalogued size, when both are known."""
    if expected_size_cm is None or frame_box is None:
        return {"effective_dpi": None, "size_offset": None}
    height_cm, width_cm = expected_size_cm
    eff_h = frame_box[3] / (height_cm / CM_PER_INCH)
    eff_w = frame_box[2] / (width_cm / CM_PER_INCH)
    effective = (eff_h + eff_w) / 2
    offset = None if dpi is None else effective / dpi - 1
    return {"effective_dpi": round(effective, 1),
            "size_offset": None if offset is None else round(offset, 4)}
