"""What carving, printing, age and scanning do to a column, each drawn at random.

The ink layer is float32 in [0, 1] (1: full ink), the image float32 grey in [0, 1]
(1: white). Sizes scale with the glyph size `em` so a degradation looks the same at
any resolution.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from guji.sample.aging import smooth_noise


def carve(ink: np.ndarray, rng: np.random.Generator, em: float) -> np.ndarray:
    """Woodblock carving: strokes thickened or thinned, corners rounded, edges uneven."""
    k = int(round(em * rng.uniform(0.0, 0.05)))
    if k >= 2 and rng.random() < 0.35:
        ink = ndimage.grey_dilation(ink, size=(k, k))
    elif k >= 2 and rng.random() < 0.2:
        # Thin only a little: a hairline of a Ming face must survive.
        ink = ndimage.grey_erosion(ink, size=(2, 2))
    # A blur and a threshold round the corners the knife could not cut square; noise in
    # the threshold makes the stroke edges wander like carved wood.
    soft = ndimage.gaussian_filter(ink, em * rng.uniform(0.008, 0.025))
    edge = 0.4 + 0.08 * smooth_noise(rng, ink.shape, max(2, int(ink.shape[0] / em * 3)))
    return (soft > edge).astype(np.float32)


def wear(ink: np.ndarray, rng: np.random.Generator, em: float) -> np.ndarray:
    """A worn block and broken strokes: patches printed faint, gaps cut across strokes."""
    h, w = ink.shape
    if rng.random() < 0.6:
        field = smooth_noise(rng, ink.shape, max(2, int(h / em * rng.uniform(1, 4))))
        faint = np.clip((field - rng.uniform(0.3, 0.9)) * 3, 0, 1) * rng.uniform(0.3, 0.75)
        ink = ink * (1 - faint)
    if rng.random() < 0.6:
        gaps = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(gaps)
        for _ in range(int(rng.integers(1, 3 + int(h / em * 0.8)))):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            a = rng.uniform(0, np.pi)
            length = em * rng.uniform(0.05, 0.2)
            draw.line([(x, y), (x + length * np.cos(a), y + length * np.sin(a))], fill=255,
                      width=max(1, int(em * rng.uniform(0.02, 0.06))))
        ink = ink * (1 - np.asarray(gaps, np.float32) / 255)
    if rng.random() < 0.3:  # specks of ink where the block was not cut clean
        specks = rng.random(ink.shape) < rng.uniform(1e-4, 1e-3)
        ink = np.maximum(ink, ndimage.binary_dilation(specks, iterations=1).astype(np.float32))
    return ink


def spread(ink: np.ndarray, rng: np.random.Generator, em: float) -> np.ndarray:
    """Ink spreading into the paper fibres: softer, a little bolder strokes."""
    if rng.random() < 0.5:
        return ink
    soft = ndimage.gaussian_filter(ink, em * rng.uniform(0.01, 0.04))
    return np.clip(soft * rng.uniform(1.1, 1.8), 0, 1)


def paper(rng: np.random.Generator, shape: tuple[int, int], em: float) -> np.ndarray:
    """Aged paper: a tone, cloudy unevenness, fibres and stains (grey, 1 is white)."""
    h, w = shape
    tone = rng.uniform(0.62, 0.97)
    sheet = tone * (1 + rng.uniform(0.01, 0.06) * smooth_noise(rng, shape, max(2, int(h / em))))
    if rng.random() < 0.4:  # a water stain or foxing
        blob = smooth_noise(rng, shape, max(2, int(h / em / 2)))
        sheet *= 1 - np.clip(blob - rng.uniform(0.3, 1.0), 0, 1) * rng.uniform(0.1, 0.35)
    if rng.random() < 0.5:
        grain = ndimage.gaussian_filter(rng.standard_normal(shape).astype(np.float32), 1.0)
        sheet *= 1 + grain * rng.uniform(0.01, 0.05)
    return sheet.astype(np.float32)


def scan(image: np.ndarray, rng: np.random.Generator, em: float) -> np.ndarray:
    """Optics and files: blur, sensor noise, JPEG, sometimes a binarised copy (uint8)."""
    image = ndimage.gaussian_filter(image, em * rng.uniform(0.0, 0.03))
    image = image + rng.standard_normal(image.shape).astype(np.float32) * rng.uniform(0, 0.03)
    pixels = np.clip(image * 255, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, "JPEG", quality=int(rng.integers(25, 90)))
        pixels = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    if rng.random() < 0.12:
        threshold = _otsu(pixels)
        pixels = np.where(pixels > threshold, 255, 0).astype(np.uint8)
    return pixels


def _otsu(pixels: np.ndarray) -> int:
    hist = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight),
                                                                    1e-9)
    return int(np.argmax(between * total))
