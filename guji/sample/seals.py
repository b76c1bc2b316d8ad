"""Collectors' seals (藏書印): square impressions in vermilion with blocky seal-like glyphs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from guji.sample.fonts import Typeface
from guji.sample.geometry import Rect
from guji.sample.glyphs import glyph

SealStyle = Literal["zhuwen", "baiwen"]  # 朱文: red glyphs on paper; 白文: paper glyphs on red

LIBRARY_SEAL = "萍鄉圖書館藏"
# Collectors' legends, read like the page: columns right to left, each top to bottom.
LEGENDS: tuple[str, ...] = (
    "萍鄉圖書館藏", "子孫永寶", "汲古閣藏", "讀書之樂", "古香書屋", "天祿琳琅", "王氏家藏",
    "曾在李氏", "鐵琴銅劍", "宜子孫", "文淵閣寶", "朱印之記",
)


@dataclass(frozen=True)
class Seal:
    """A seal impression placed on the upright leaf."""

    legend: str
    style: SealStyle
    rect: Rect


def seal_grid(n: int) -> tuple[int, int]:
    """(columns, rows) of a legend of n characters, as close to square as it goes."""
    cols = max(1, math.ceil(math.sqrt(n)))
    return cols, math.ceil(n / cols)


def seal_impression(legend: str, style: SealStyle, size: int, face: Typeface,
                    rng: np.random.Generator) -> np.ndarray:
    """Coverage (uint8, 255 = full red) of one impression `size` pixels square."""
    size = max(12, size)
    patch = Image.new("L", (size, size), 255 if style == "baiwen" else 0)
    draw = ImageDraw.Draw(patch)
    edge = max(2, round(size * 0.07))
    if style == "zhuwen":
        draw.rectangle([0, 0, size - 1, size - 1], outline=255, width=edge)
    cols, rows = seal_grid(len(legend))
    inner = size - 4 * edge
    cell_w, cell_h = inner / cols, inner / rows
    for i, ch in enumerate(legend):
        col, row = divmod(i, rows)
        x0 = 2 * edge + (cols - 1 - col) * cell_w
        y0 = 2 * edge + row * cell_h
        glyph = _blocky_glyph(ch, face, round(cell_w * 0.96), round(cell_h * 0.96))
        fill = Image.new("L", glyph.size, 0 if style == "baiwen" else 255)
        patch.paste(fill, (round(x0 + cell_w * 0.02), round(y0 + cell_h * 0.02)), glyph)
    coverage = np.asarray(patch, dtype=np.float32)
    # An impression is never even: paste thins towards one side and leaves specks bare.
    ramp = np.linspace(float(rng.uniform(0.75, 1.0)), float(rng.uniform(0.85, 1.0)), size)
    coverage *= ramp[None, :] if rng.random() < 0.5 else ramp[:, None]
    coverage *= rng.random((size, size)) > 0.06
    return np.clip(coverage, 0, 255).astype(np.uint8)


def _blocky_glyph(ch: str, face: Typeface, w: int, h: int) -> Image.Image:
    """The glyph stretched to fill its cell and thickened: square strokes, like seal script."""
    ink = glyph(face, 96, ch).resize((max(1, w), max(1, h)), Image.Resampling.BILINEAR)
    size = 3 if min(w, h) < 60 else 5
    return ink.filter(ImageFilter.MaxFilter(size)).point(lambda v: 255 if v > 90 else 0)
