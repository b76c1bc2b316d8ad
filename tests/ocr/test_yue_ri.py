"""日 and 曰 differ in shape only, and the recognizer reads one for the other; the engine
tells them apart by the ink's proportions (guji.ocr.glyphs.yue_or_ri). These are the
two ways that check misled it on training pages: glyphs cut tall and narrow (a note in
the Siku hand) and glyphs set so close that they touch."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from guji.ocr.engine import LineImage
from guji.ocr.engines import get_engine
from guji.ocr.engines.ppocr import PaddleEngine
from guji.ocr.lines import glyph_aspect
from guji.sample.fonts import Typeface, find_typefaces

SIZE = 56
YUE = "孟子對曰王何必曰利亦有仁義而已矣王曰何以利吾國"
RI = "日月星辰今日之事日新又新其日也"


def _face(family: str) -> Typeface:
    return next(f for f in find_typefaces("train") if f.family == family)


def _column(text: str, face: Typeface, *, pitch: float = 1.15, narrow: float = 1.0,
            kind: str = "main") -> LineImage:
    """Characters one under another, `pitch` glyphs apart, each squeezed to `narrow` of
    its width; cropped to the ink, as the layout cuts a line."""
    step = int(SIZE * pitch)
    width = int(round(SIZE / narrow))
    img = Image.new("L", (width + 20, step * len(text) + SIZE + 20), 255)
    draw = ImageDraw.Draw(img)
    for i, ch in enumerate(text):
        draw.text((10, 10 + i * step), ch, font=face.at(SIZE), fill=0)
    if narrow != 1.0:
        img = img.resize((int(img.width * narrow), img.height), Image.Resampling.LANCZOS)
    arr = np.asarray(img)
    ink = np.argwhere(arr < 128)
    (y0, x0), (y1, x1) = ink.min(0), ink.max(0)
    pixels = np.ascontiguousarray(arr[y0:y1 + 1, x0:x1 + 1])
    aspect = glyph_aspect(pixels) if kind == "note" else 1.0
    return LineImage(pixels, kind, float(pixels.shape[1]), aspect=aspect)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def engine() -> PaddleEngine:
    reader = get_engine("ppocr")
    assert isinstance(reader, PaddleEngine)
    return reader


@pytest.mark.parametrize("family", ["Noto Sans CJK TC", "AR PL UMing TW"])
def test_tall_narrow_glyphs(engine: PaddleEngine, family: str) -> None:
    # Cut to 0.6 of their width, 曰 is as narrow for its height as 日 is at full width.
    face = _face(family)
    yue, ri = engine.read_lines([_column(t, face, narrow=0.6, kind="note") for t in (YUE, RI)])
    assert [i for i, c in enumerate(yue.text) if c in "日曰"] == [3, 7, 17]
    assert yue.text.count("曰") == 3, yue.text
    assert ri.text.count("日") == 4 and "曰" not in ri.text, ri.text


@pytest.mark.parametrize("family", ["Noto Sans CJK TC", "AR PL UMing TW"])
def test_glyphs_that_touch(engine: PaddleEngine, family: str) -> None:
    # 0.9 of a glyph apart, a 曰 touches its neighbours, and the run of inked rows
    # around it is as tall as 日.
    face = _face(family)
    yue, ri = engine.read_lines([_column(t, face, pitch=0.9) for t in (YUE, RI)])
    assert yue.text.count("曰") == 3 and "日" not in yue.text, yue.text
    assert ri.text.count("日") == 4 and "曰" not in ri.text, ri.text
