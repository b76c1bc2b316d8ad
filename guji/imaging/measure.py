"""Measuring a page image: pyvips computes the full-resolution statistics (histograms),
numpy handles full-resolution crops for focus and a reduced copy for blankness and the
perceptual hash. The page is best in memory: it is read several times."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyvips

from guji.imaging import metrics as m
from guji.imaging.source import grey_of

# Focus is judged on up to this many full-resolution tiles where the print is densest.
FOCUS_TILES = 12
FOCUS_TILE = 384
REDUCED_EDGE = 1000
CM_PER_INCH = 2.54


def measure_image(image: pyvips.Image, dpi: float | None, *, skew_deg: float = 0.0,
                  frame_box: tuple[int, int, int, int] | None = None,
                  expected_size_cm: tuple[float, float] | None = None) -> dict[str, Any]:
    """Metrics of an in-memory pyvips page image (8-bit sRGB or grey)."""
    # No full-resolution grey copy (turning 33 MP of sRGB into luminance costs more than
    # all the measures together): the tonal measures take their histograms as pyvips
    # streams them, the luminance one over every other row and column (8 MP of a 33-MP page
    # put a percentile within a level of the full count); blankness and the hash read a
    # reduced copy, focus the few full-resolution crops it picks.
    hist = _histogram(image)
    lum = hist[0] if image.bands == 1 else _histogram(grey_of(image.subsample(2, 2)))[0]
    # A whole-factor box reduction: exact scale, and the cheapest pass at 100 MP.
    k = max(1, math.ceil(max(image.width, image.height) / REDUCED_EDGE))
    scale = 1.0 / k
    reduced = np.asarray(grey_of(image.shrink(k, k) if k > 1 else image).numpy(),
                         dtype=np.uint8)
    coverage = m.ink_coverage(reduced)
    out: dict[str, Any] = {
        "width": int(image.width),
        "height": int(image.height),
        "dpi": None if dpi is None else round(dpi, 1),
        "skew_deg": round(skew_deg, 3),
        "sharpness": _focus(image, reduced, scale),
        "clipped_shadows": round(m.clipped_shadows(hist), 5),
        "clipped_highlights": round(m.clipped_highlights(hist), 5),
        "dynamic_range": m.dynamic_range(lum),
        "ink_coverage": coverage,
        "phash": m.perceptual_hash(reduced, _scaled(frame_box, scale)),
    }
    out.update(_physical(dpi, frame_box, expected_size_cm))
    return out


def _histogram(image: pyvips.Image) -> np.ndarray:
    """Per-band 256-bin histogram (bands × 256) of an 8-bit image, at full resolution."""
    return np.asarray(image.hist_find().numpy(), dtype=np.int64).reshape(256, -1).T


def _focus(image: pyvips.Image, reduced: np.ndarray, scale: float) -> float:
    """Median sharpness over full-resolution tiles where the reduced copy shows most print."""
    ink = m.text_ink(reduced) if reduced.size else np.zeros((1, 1), bool)
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
        tw, th = min(FOCUS_TILE, image.width - left), min(FOCUS_TILE, image.height - top)
        if tw < 16 or th < 16:
            continue
        tile = np.asarray(grey_of(image.crop(left, top, tw, th)).numpy(), dtype=np.uint8)
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
