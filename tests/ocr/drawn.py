"""Characters drawn one by one with a training face, for pages built to test one rule."""

from __future__ import annotations

from PIL import Image, ImageDraw

from guji.sample.fonts import find_typefaces

SIZE = 56


def glyph(ch: str, size: tuple[int, int] | None = None) -> Image.Image:
    """A character's em square (SIZE px), squeezed to `size` when given."""
    face = next(f for f in find_typefaces("train") if f.family == "Noto Serif CJK TC")
    img = Image.new("L", (SIZE, SIZE), 255)
    ImageDraw.Draw(img).text((SIZE // 2, SIZE // 2), ch, font=face.at(SIZE), fill=0,
                             anchor="mm")
    return img.resize(size) if size else img
