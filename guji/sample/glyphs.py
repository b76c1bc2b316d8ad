"""Glyph bitmaps, rendered once per typeface, size and character, cropped to their ink.

Pillow's FreeType binding breaks when libvips was loaded first in the same process
(pyvips loads the system libfreetype into the global symbol scope and Pillow's own copy
then resolves some FreeType calls to it): glyphs come back as huge garbage bitmaps.
Importing PIL.ImageFont before pyvips avoids it; where that did not happen, glyphs are
rendered by libvips (Pango) instead, which is slower but correct.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont  # noqa: F401  (ImageFont must load before pyvips)

from guji.sample.fonts import Typeface

PROBE = "國"


def glyph(face: Typeface, size: int, ch: str) -> Image.Image:
    """The character's ink at `size` pixels per em, as an 'L' image cropped to its ink."""
    return _glyph(face, max(4, int(size)), ch)


@lru_cache(maxsize=6000)  # about 70 MB of 300 dpi glyphs
def _glyph(face: Typeface, size: int, ch: str) -> Image.Image:
    ink = _render_pillow(face, size, ch) if pillow_freetype_ok() else _render_vips(face, size, ch)
    box = ink.getbbox()
    return ink.crop(box) if box else Image.new("L", (1, 1), 0)


def _render_pillow(face: Typeface, size: int, ch: str) -> Image.Image:
    canvas = Image.new("L", (2 * size, 2 * size), 0)
    ImageDraw.Draw(canvas).text((size, size), ch, font=face.at(size), fill=255, anchor="mm")
    return canvas


def _render_vips(face: Typeface, size: int, ch: str) -> Image.Image:
    import pyvips

    # Pango sizes are in points; at 72 dpi a point is a pixel.
    text = pyvips.Image.text(ch, font=f"{face.family} {face.style} {size}", fontfile=face.path,
                             dpi=72)
    return Image.fromarray(np.ascontiguousarray(text.numpy(), dtype=np.uint8), mode="L")


@lru_cache(maxsize=1)
def pillow_freetype_ok() -> bool:
    """Whether Pillow renders glyphs sanely in this process (see the module docstring)."""
    from guji.sample.fonts import find_typefaces

    face = find_typefaces()[0]
    for size in (40, 80, 120):
        try:
            mask, _ = face.at(size).getmask2(PROBE, anchor="mm")
        except Exception:  # a garbage bitmap trips Pillow's decompression-bomb check
            return False
        if not (0.4 * size <= mask.size[0] <= 1.5 * size and 0.4 * size <= mask.size[1] <= 1.5 * size):
            return False
    return True
