"""Paper, light and wear: turns ink coverage into a scan of an old leaf on a scanner bed.

All of it works in scan (image) coordinates on float32 arrays in [0, 1]. Reflectances
multiply: ink, seal paste and stains each absorb part of the light the paper returns,
which is how colour on paper behaves and keeps strokes dark on a dark stain.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[float, float, float]
LOW = 4  # reduction for the slowly varying fields


@dataclass(frozen=True)
class Look:
    """How one scan ages: colours, light, stains and blur, drawn once per scan."""

    paper: Colour  # reflectance of clean aged paper (yellow-brown)
    ink: Colour  # reflectance of full ink relative to the paper
    seal: Colour  # reflectance of vermilion seal paste relative to the paper
    bed: Colour  # the scanner bed or backing card around the leaf
    vignette: float  # fall-off of light towards the corners
    gradient: tuple[float, float]  # linear change of light across x and y
    mottle: float  # strength of the paper's cloudy unevenness
    stains: int  # water stains and foxing spots
    fibres: int  # visible fibres per megapixel
    ghost: float  # bleed-through strength (0: none)
    wear: float  # how much of the ink is worn from the block in places
    blur_px: float  # optical blur at the scan's resolution
    noise: float  # sensor noise, standard deviation in [0, 1] units


def random_look(rng: np.random.Generator, dpi: int) -> Look:
    tone = float(rng.uniform(0.0, 1.0))
    paper = (0.86 - 0.06 * tone, 0.78 - 0.12 * tone, 0.60 - 0.16 * tone)
    grey = float(rng.uniform(0.08, 0.35))
    return Look(
        paper=paper,
        ink=(float(rng.uniform(0.10, 0.17)), 0.11, 0.10),
        seal=(float(rng.uniform(0.80, 0.92)), float(rng.uniform(0.18, 0.28)), 0.20),
        bed=(grey, grey, grey * float(rng.uniform(0.95, 1.05))),
        vignette=float(rng.uniform(0.04, 0.14)),
        gradient=(float(rng.uniform(-0.06, 0.06)), float(rng.uniform(-0.05, 0.05))),
        mottle=float(rng.uniform(0.02, 0.06)),
        stains=int(rng.integers(0, 4)),
        fibres=int(rng.integers(8, 30)),
        ghost=float(rng.uniform(0.0, 0.14)) if rng.random() < 0.7 else 0.0,
        wear=float(rng.uniform(0.05, 0.3)),
        blur_px=float(rng.uniform(0.35, 0.9)) * dpi / 300,
        noise=float(rng.uniform(0.003, 0.008)),
    )


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Cloudy noise in about [-1, 1] with `cells` blobs across the longer side (float32)."""
    h, w = shape
    scale = max(h, w) / cells
    small = rng.standard_normal((max(2, round(h / scale) + 2), max(2, round(w / scale) + 2)))
    img = Image.fromarray(small.astype(np.float32), mode="F")
    return np.asarray(img.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) / 1.5


def blur(layer: Image.Image, radius: float) -> Image.Image:
    return layer.filter(ImageFilter.GaussianBlur(radius)) if radius > 0.05 else layer


def soft_blur(mask: np.ndarray, factor: int, radius: float) -> np.ndarray:
    """A wide blur done cheaply on a reduced copy, for shadows and browned edges."""
    h, w = mask.shape
    img = Image.fromarray(mask).resize((max(1, w // factor), max(1, h // factor)),
                                       Image.Resampling.BILINEAR)
    img = img.filter(ImageFilter.GaussianBlur(radius / factor))
    return np.asarray(img.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32) / 255


def _fibres(rng: np.random.Generator, shape: tuple[int, int], per_mp: int) -> np.ndarray:
    h, w = shape
    layer = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(layer)
    for _ in range(int(per_mp * h * w / 1e6)):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        pts = [(x, y)]
        angle = rng.uniform(0, 2 * np.pi)
        for _ in range(4):
            angle += rng.normal(0, 0.5)
            step = rng.uniform(5, 30)
            x, y = x + step * np.cos(angle), y + step * np.sin(angle)
            pts.append((x, y))
        draw.line(pts, fill=int(rng.integers(20, 70)), width=1)
    return np.asarray(layer, dtype=np.float32) / 255


def _stains(rng: np.random.Generator, shape: tuple[int, int], count: int) -> np.ndarray:
    """Water stains with darker tide lines, and small foxing spots."""
    h, w = shape
    field = np.zeros(shape, dtype=np.float32)
    for _ in range(count):
        blob = smooth_noise(rng, shape, int(rng.integers(3, 7)))
        level = float(rng.uniform(0.9, 1.3))
        inside = np.clip((blob - level) * 4, 0, 1)
        tide = np.exp(-(((blob - level) / 0.04) ** 2))
        field += float(rng.uniform(0.08, 0.2)) * inside + 0.12 * tide
    spots = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(spots)
    for _ in range(int(rng.integers(0, 3 + 6 * count))):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(2, 0.004 * max(h, w) + 3)
        draw.ellipse([x - r, y - r * rng.uniform(0.6, 1.0), x + r, y + r],
                     fill=int(rng.integers(40, 120)))
    field += np.asarray(blur(spots, 2.0), dtype=np.float32) / 255
    return np.clip(field, 0, 0.6)


@dataclass(frozen=True)
class Fold:
    """A fold or gutter line in scan coordinates, shaded on both sides."""

    top: tuple[float, float]
    bottom: tuple[float, float]
    width_px: float


def low_size(size: tuple[int, int]) -> tuple[int, int]:
    """(width, height) of the reduced grid the slowly varying fields are worked out on."""
    return max(8, size[0] // LOW), max(8, size[1] // LOW)


def age_scan(look: Look, rng: np.random.Generator, *, ink: Image.Image, seal: Image.Image | None,
             ghost: Image.Image | None, paper: Image.Image, fold: Fold | None) -> np.ndarray:
    """The scan as float32 RGB in [0, 1] (height × width × 3).

    `ghost` (bleed-through) comes on the reduced grid of `low_size`: it is blurry anyway.
    """
    w, h = paper.size
    # Light, stains, paper tone and bleed-through change slowly: work them out on a grid
    # a quarter the size and enlarge, which keeps a 300 dpi page to about a second.
    sw, sh = low_size((w, h))
    low = (sh, sw)
    ys = np.linspace(-1, 1, sh, dtype=np.float32)[:, None]
    xs = np.linspace(-1, 1, sw, dtype=np.float32)[None, :]
    light = 1 - look.vignette * 0.5 * (xs * xs + ys * ys)
    light *= 1 + look.gradient[0] * xs + look.gradient[1] * ys
    paper_low = np.asarray(paper.resize((sw, sh), Image.Resampling.BILINEAR), dtype=np.uint8)
    # Edges of old paper brown first: distance from the edge, cheaply, via a wide blur.
    edge = np.clip((0.85 - soft_blur(paper_low, 2, 0.012 * max(sh, sw))) * 2.5, 0, 1)
    tone = light * (1 + look.mottle * smooth_noise(rng, low, 6)
                    + 0.5 * look.mottle * smooth_noise(rng, low, 40))
    if fold is not None:
        tone *= _fold_shade(fold, xs, ys, sw / w, sh / h)
    stain = _stains(rng, low, look.stains) + 0.25 * edge
    shine = (np.asarray(blur(ghost, 0.8), dtype=np.float32) * (look.ghost / 255)
             if ghost is not None and look.ghost > 0 else np.zeros(low, np.float32))
    shadow = soft_blur(paper_low, 1, 0.01 * max(sh, sw))
    worn = _enlarge(np.clip(smooth_noise(rng, low, 30), 0, 1) * -look.wear, (w, h))
    worn += 1

    # A one-pixel box blur is enough to soften the paper's cut edge, and cheap.
    mask = np.asarray(paper.filter(ImageFilter.BoxBlur(1)), dtype=np.float32)
    mask *= 1 / 255
    bed = _enlarge(light * (1 - 0.5 * shadow), (w, h))
    bed *= 1 - mask
    fibres = _fibres(rng, (h, w), look.fibres)
    fibres *= -0.5
    fibres += 1
    mask *= fibres
    del fibres
    coverage = np.asarray(blur(ink, look.blur_px), dtype=np.float32)
    coverage *= worn
    coverage *= 1 / 255
    del worn
    stamp = None
    if seal is not None:
        stamp = np.asarray(blur(seal, look.blur_px), dtype=np.float32)
        stamp *= 0.95 / 255
    grain = rng.standard_normal((h, w), dtype=np.float32) * look.noise
    brown = (0.35, 0.6, 0.95)
    out = np.empty((h, w, 3), dtype=np.float32)
    absorbed = np.empty((h, w), dtype=np.float32)
    for c in range(3):
        # Reflectances multiply: paper tone, then each layer absorbs its share of the light.
        paper_c = tone * look.paper[c] * (1 - stain * brown[c]) * (1 - shine * (1 - look.ink[c]))
        plane = _enlarge(paper_c, (w, h))
        plane *= mask
        np.multiply(coverage, -(1 - look.ink[c]), out=absorbed)
        absorbed += 1
        plane *= absorbed
        if stamp is not None:
            np.multiply(stamp, -(1 - look.seal[c]), out=absorbed)
            absorbed += 1
            plane *= absorbed
        plane += bed * look.bed[c]
        plane += grain
        out[..., c] = plane
    return np.clip(out, 0, 1, out=out)


def _enlarge(field: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    img = Image.fromarray(np.ascontiguousarray(field, dtype=np.float32), mode="F")
    return np.array(img.resize(size, Image.Resampling.BILINEAR), dtype=np.float32)


def _fold_shade(fold: Fold, xs: np.ndarray, ys: np.ndarray, kx: float, ky: float,
                ) -> np.ndarray:
    """Darkening towards the gutter, where the paper curves away from the glass.

    `xs`, `ys` span [-1, 1] over the reduced grid; kx, ky scale scan pixels to it.
    """
    (x0, y0), (x1, y1) = (fold.top[0] * kx, fold.top[1] * ky), (fold.bottom[0] * kx,
                                                                 fold.bottom[1] * ky)
    length = float(np.hypot(x1 - x0, y1 - y0))
    nx, ny = (y1 - y0) / length, -(x1 - x0) / length
    px = (xs + 1) * (xs.shape[1] - 1) / 2
    py = (ys + 1) * (ys.shape[0] - 1) / 2
    dist = np.abs((px - x0) * nx + (py - y0) * ny)
    width = fold.width_px * kx
    return 1 - 0.28 * np.exp(-((dist / width) ** 2)) - 0.2 * np.exp(
        -((dist / max(0.6, 0.1 * width)) ** 2))
