"""Glyph bitmaps, rendered once per typeface, size and character, cropped to their ink.

Pillow's FreeType binding breaks when libvips was loaded first in the same process:
pyvips puts the system libfreetype in the global symbol scope, Pillow's extension then
resolves FreeType calls to it instead of its own copy, and glyphs come back as garbage
bitmaps (or nothing). guji.sample loads Pillow's binding with RTLD_DEEPBIND to prevent
that; where Pillow's binding was already loaded the wrong way, a probe notices and glyphs
are rendered by libvips (Pango) instead: slower, correct, but not the same pixels.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from guji.pipeline.errors import GujiError
from guji.sample.fonts import Typeface

PROBE = "國道永"


def glyph(face: Typeface, size: int, ch: str) -> Image.Image:
    """The character's ink at `size` pixels per em, as an 'L' image cropped to its ink."""
    return _glyph(face, max(4, int(size)), ch)


@lru_cache(maxsize=6000)  # about 70 MB of 300 dpi glyphs
def _glyph(face: Typeface, size: int, ch: str) -> Image.Image:
    ink = None
    if pillow_freetype_ok():
        try:
            ink = _render_pillow(face, size, ch)
        except GujiError:
            ink = None  # a binding that breaks now and then: libvips draws instead
    if ink is None:
        ink = _render_vips(face, size, ch)
    box = ink.getbbox()
    return ink.crop(box) if box else Image.new("L", (1, 1), 0)


def _render_pillow(face: Typeface, size: int, ch: str) -> Image.Image:
    canvas = Image.new("L", (2 * size, 2 * size), 0)
    ImageDraw.Draw(canvas).text((size, size), ch, font=face.at(size), fill=255, anchor="mm")
    if canvas.getbbox() is None and not ch.isspace():
        raise GujiError(f"Pillow drew nothing for {ch!r} in {face.name}",
                        hint="import guji.sample (or PIL.ImageFont) before pyvips; "
                             "see guji/sample/glyphs.py")
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
    import guji

    if not guji.PILLOW_FREETYPE_SAFE:
        return False
    from guji.sample.fonts import find_typefaces

    # Broken bindings fail on most calls, not all: try every face a few times.
    for face in find_typefaces():
        for size in (37, 80):
            for ch in PROBE:
                try:
                    mask, _ = face.at(size).getmask2(ch, anchor="mm", start=(0.3, 0.6))
                except Exception:  # a garbage bitmap trips Pillow's decompression-bomb check
                    return False
                w, h = mask.size
                if not (0.3 * size <= w <= 1.5 * size and 0.3 * size <= h <= 1.5 * size):
                    return False
    return True


ABSENT = "\U0010fffd"  # a private-use code point no font draws: renders as .notdef


@lru_cache(maxsize=65536)
def has_glyph(face: Typeface, ch: str) -> bool:
    """Whether the face draws the character: neither its .notdef box nor nothing at all
    (SetoFont maps 銳 to an empty glyph)."""
    mask = bytes(face.at(24).getmask(ch))
    return mask != _notdef(face) and any(mask)


@lru_cache(maxsize=64)
def _notdef(face: Typeface) -> bytes:
    return bytes(face.at(24).getmask(ABSENT))
