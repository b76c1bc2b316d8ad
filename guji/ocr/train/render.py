"""Single printed columns rendered from code, as the OCR engine crops them from a page.

A column is main text (full-size characters in a ruled column) or one sub-column of a
double-line note (half-size characters beside the other sub-column). It is printed with
a training typeface (guji.sample.glyphs), carved, worn and scanned (guji.ocr.train.wear),
with rulings and bits of the neighbouring column at its sides, uneven spacing and a
slight rotation, then cropped around its ink as layout analysis would, with a random
margin. The image is 8-bit grey, upright, dark ink on light paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from guji.ocr.train import wear
from guji.sample.fonts import Typeface
from guji.sample.glyphs import glyph

ColumnKind = Literal["main", "note"]

# A share of columns is scanned at low resolution, as a small page's notes are: glyphs
# 9-24 px wide reach the recognizer blurred by the resampling (the engine's small-line
# path, guji.ocr.engines.ppocr.SMALL_LINE), where the stock model reads worst.
LOW_RES_SHARE = 0.4
LOW_RES_GLYPH = (9.0, 24.0)


@dataclass(frozen=True)
class ColumnSample:
    """A column image and its text: what one training or evaluation example is."""

    pixels: np.ndarray  # H × W uint8 grey, upright
    text: str
    kind: ColumnKind
    glyph: float  # width of a glyph in the image's pixels, as layout analysis gives it
    font: str


def render_column(text: str, face: Typeface, rng: np.random.Generator, *,
                  kind: ColumnKind = "main", neighbours: str = "") -> ColumnSample:
    """The column printed in `face`; `neighbours` supplies characters for the fragments
    of the next column or sub-column that show at the sides."""
    main_em = rng.uniform(34, 64)
    em = main_em * rng.uniform(0.45, 0.55) if kind == "note" else main_em
    pitch = em * rng.uniform(0.98, 1.22)
    cell = em * (rng.uniform(1.0, 1.2) if kind == "note" else rng.uniform(1.15, 1.5))
    side = em * 1.2
    height = int(pitch * len(text) + 2 * em)
    width = int(cell + 2 * side)
    ink = np.zeros((height, width), np.float32)
    centre = side + cell / 2
    drawn: list[tuple[int, int, int, int]] = []
    y = em
    for ch in text:
        jitter = rng.normal(0, 0.05) * em
        box = _paste(ink, glyph(face, int(em), ch), centre + rng.normal(0, 0.03) * em,
                     y + pitch / 2 + jitter)
        if box is not None:
            drawn.append(box)
        y += pitch
    _sides(ink, rng, face, em, pitch, cell, side, kind, neighbours or text)
    ink = wear.spread(wear.wear(wear.carve(ink, rng, em), rng, em), rng, em)
    sheet = wear.paper(rng, ink.shape, em)
    image = sheet * (1 - ink * rng.uniform(0.7, 0.95))
    if rng.random() < 0.6:
        angle = float(rng.uniform(-1.2, 1.2))
        image = np.asarray(Image.fromarray(image, mode="F").rotate(
            angle, Image.Resampling.BILINEAR, fillcolor=float(np.median(sheet))), np.float32)
    if not drawn:
        drawn = [(int(centre - em / 2), int(em), int(centre + em / 2), int(em + pitch))]
    x0 = min(b[0] for b in drawn) - em * rng.uniform(-0.03, 0.25)
    x1 = max(b[2] for b in drawn) + em * rng.uniform(-0.03, 0.25)
    y0 = drawn[0][1] - em * rng.uniform(0.0, 0.3)
    y1 = drawn[-1][3] + em * rng.uniform(0.0, 0.3)
    crop = image[max(0, int(y0)):min(height, int(np.ceil(y1))),
                 max(0, int(x0)):min(width, int(np.ceil(x1)))]
    if rng.random() < LOW_RES_SHARE:
        crop, em = _low_resolution(crop, float(rng.uniform(*LOW_RES_GLYPH)) / em, em)
    pixels = wear.scan(crop, rng, em)
    return ColumnSample(pixels, text, kind, float(pixels.shape[1]), face.name)


def _low_resolution(image: np.ndarray, factor: float, em: float,
                    ) -> tuple[np.ndarray, float]:
    """The image resampled by `factor` (< 1: fewer pixels), area-averaged as a sensor
    does, and the glyph size that results."""
    if factor >= 1 or image.size == 0:
        return image, em
    h, w = image.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    small = Image.fromarray(image, mode="F").resize(size, Image.Resampling.BOX)
    return np.asarray(small, np.float32), em * factor


def _paste(ink: np.ndarray, bitmap: Image.Image, cx: float, cy: float,
           ) -> tuple[int, int, int, int] | None:
    """Ink of a glyph centred at (cx, cy); its box (x0, y0, x1, y1), None if empty."""
    g = np.asarray(bitmap, np.float32) / 255
    if g.size <= 1:
        return None
    h, w = g.shape
    x0, y0 = int(round(cx - w / 2)), int(round(cy - h / 2))
    a0, b0 = max(0, x0), max(0, y0)
    a1, b1 = min(ink.shape[1], x0 + w), min(ink.shape[0], y0 + h)
    if a1 <= a0 or b1 <= b0:
        return None
    region = ink[b0:b1, a0:a1]
    np.maximum(region, g[b0 - y0:b1 - y0, a0 - x0:a1 - x0], out=region)
    return a0, b0, a1, b1


def _sides(ink: np.ndarray, rng: np.random.Generator, face: Typeface, em: float,
           pitch: float, cell: float, side: float, kind: ColumnKind, pool: str) -> None:
    """Rulings (界行) at the column's edges and glyphs of the columns beside it."""
    height = ink.shape[0]
    edges = (side, side + cell)
    # A note's sub-column has the ruling on one side and its twin on the other.
    twin = int(rng.integers(2)) if kind == "note" else -1
    for i, x in enumerate(edges):
        if i != twin and rng.random() < 0.6:
            thick = max(1.0, em * rng.uniform(0.03, 0.08) * (2 if kind == "note" else 1))
            x += rng.normal(0, 0.04) * em
            ink[:, max(0, int(x - thick / 2)):int(x + thick / 2) + 1] = np.maximum(
                ink[:, max(0, int(x - thick / 2)):int(x + thick / 2) + 1],
                rng.uniform(0.6, 1.0))
        if (i == twin and rng.random() < 0.7) or rng.random() < 0.2:
            # The neighbour's glyphs, mostly outside the crop; a margin may catch them.
            direction = -1 if i == 0 else 1
            cx = x + direction * cell * rng.uniform(0.45, 0.75)
            y = em + rng.uniform(0, pitch)
            while y < height - em:
                ch = pool[int(rng.integers(len(pool)))]
                _paste(ink, glyph(face, int(em), ch), cx, y)
                y += pitch
