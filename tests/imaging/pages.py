"""Synthetic scans made in the tests: a printed half-leaf (frame, column rules, character
strokes) placed on a dark scanner bed at a known skew. Small, so tests stay fast."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyvips

INK, PAPER, BED = 30, 225, 50


@dataclass(frozen=True)
class Leaf:
    """An upright printed half-leaf and where its frame lies on it."""

    pixels: np.ndarray  # H×W uint8 grey
    frame: tuple[int, int, int, int]  # x, y, w, h


def draw_leaf(rng: np.random.Generator, *, width: int = 640, height: int = 880,
              columns: int = 9, rules: bool = True, text: bool = True) -> Leaf:
    """A half-leaf: paper with a double-line frame, ruled columns and blocky 'characters'."""
    page = np.full((height, width), PAPER, np.uint8)
    fx, fy = int(width * 0.12), int(height * 0.1)
    fw, fh = int(width * 0.76), int(height * 0.78)
    if rules:
        t = 4
        page[fy:fy + t, fx:fx + fw] = INK
        page[fy + fh - t:fy + fh, fx:fx + fw] = INK
        page[fy:fy + fh, fx:fx + t] = INK
        page[fy:fy + fh, fx + fw - t:fx + fw] = INK
        # The thin inner line of a 四周雙邊 frame.
        page[fy + 8:fy + fh - 8, fx + 8:fx + 10] = INK
        page[fy + 8:fy + fh - 8, fx + fw - 10:fx + fw - 8] = INK
    col_w = (fw - 20) / columns
    cell = col_w * 0.9
    for c in range(columns):
        x0 = fx + 10 + c * col_w
        if rules and c:
            page[fy + 8:fy + fh - 8, int(x0):int(x0) + 2] = INK
        if not text:
            continue
        n = int(rng.integers(int(fh * 0.4 / cell), int((fh - 20) / cell)))
        for k in range(n):
            cx, cy = int(x0 + col_w * 0.15), int(fy + 14 + k * cell)
            size = int(cell * 0.75)
            for _ in range(int(rng.integers(3, 7))):
                if rng.random() < 0.5:  # horizontal stroke
                    y = cy + int(rng.integers(0, size))
                    x1 = cx + int(rng.integers(0, size // 2))
                    page[y:y + 3, x1:x1 + int(rng.integers(size // 3, size))] = INK
                else:
                    x = cx + int(rng.integers(0, size))
                    y1 = cy + int(rng.integers(0, size // 2))
                    page[y1:y1 + int(rng.integers(size // 3, size)), x:x + 3] = INK
    return Leaf(page, (fx, fy, fw, fh))


def skewed(pixels: np.ndarray, skew_deg: float, background: int = PAPER) -> np.ndarray:
    """The array with its content turned counter-clockwise by skew_deg, same size."""
    im = pyvips.Image.new_from_array(np.ascontiguousarray(pixels))
    # libvips turns clockwise for a positive angle.
    out = im.rotate(-skew_deg, background=[background])
    left, top = (out.width - im.width) // 2, (out.height - im.height) // 2
    return np.asarray(out.crop(left, top, im.width, im.height).numpy(), np.uint8)


def on_bed(leaf: np.ndarray, *, margin: int = 60, bed: int = BED,
           paper_skew_deg: float = 0.0) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """The leaf on a dark scanner bed; the paper's own edge may be cut at another angle.

    Returns the scan and the paper's axis-aligned box in it.
    """
    h, w = leaf.shape
    scan = np.full((h + 2 * margin, w + 2 * margin), bed, np.uint8)
    mask = np.ones((h, w), np.uint8) * 255
    if paper_skew_deg:
        mask = skewed(mask, paper_skew_deg, background=0)
    region = scan[margin:margin + h, margin:margin + w]
    region[...] = np.where(mask > 127, leaf, bed)
    ys, xs = np.nonzero(mask > 127)
    return scan, (margin + int(xs.min()), margin + int(ys.min()),
                  int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1))


def write_scan(path: Path, pixels: np.ndarray, dpi: float = 300.0) -> Path:
    """Write an 8-bit scan (grey or RGB) with its resolution."""
    im = pyvips.Image.new_from_array(np.ascontiguousarray(pixels))
    if pixels.ndim == 3:
        im = im.copy(interpretation="srgb")
    im = im.copy(xres=dpi / 25.4, yres=dpi / 25.4)
    im.write_to_file(str(path))
    return path
