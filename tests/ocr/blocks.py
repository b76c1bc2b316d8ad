"""Pages drawn in code for the layout's rules: a frame, optional rulings, and block
glyphs (hollow squares) in columns."""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.cells import Cell
from guji.ocr.layout.columns import frame_cells
from guji.ocr.layout.frames import find_frames
from guji.ocr.layout.ink import ink_map

TOP, BOTTOM, LEFT, RIGHT = 100, 1100, 100, 800
PITCH = 70
GLYPH = 44


def block_page(columns: dict[int, int], *, ruled: bool, narrow: set[int] | None = None,
               strip: bool = False) -> np.ndarray:
    """A grey page: a frame, rulings every PITCH px when `ruled`, and `columns[i]` glyphs
    down column i (0 = rightmost). Glyphs of columns in `narrow` are two short bars
    (二); a centre strip with a fish-tail sits at the left when `strip`."""
    img = np.full((1200, 900), 255, np.uint8)
    img[TOP:TOP + 6, LEFT:RIGHT] = 0
    img[BOTTOM - 6:BOTTOM, LEFT:RIGHT] = 0
    img[TOP:BOTTOM, LEFT:LEFT + 6] = 0
    img[TOP:BOTTOM, RIGHT - 6:RIGHT] = 0
    body_left = LEFT + 6
    if strip:
        body_left = LEFT + 80  # wider than a glyph-sized guess at the pitch
        img[TOP:BOTTOM, body_left - 4:body_left] = 0
        img[TOP + 150:TOP + 175, LEFT + 6:body_left - 4] = 0  # a fish-tail across the strip
    if ruled:
        for x in range(RIGHT - 6 - PITCH, body_left, -PITCH):
            img[TOP:BOTTOM, x:x + 2] = 0
    for i, n in columns.items():
        cx = RIGHT - 6 - PITCH * i - PITCH // 2
        for j in range(n):
            y = TOP + 20 + j * (GLYPH + 12)
            if narrow and i in narrow:
                img[y + 18:y + 24, cx - 12:cx + 12] = 0  # 二: two short bars
                img[y + 30:y + 36, cx - 14:cx + 14] = 0
                continue
            x = cx - GLYPH // 2
            img[y:y + GLYPH, x:x + GLYPH] = 0
            img[y + 5:y + GLYPH - 5, x + 5:x + GLYPH - 5] = 255
            img[y + GLYPH // 2 - 2:y + GLYPH // 2 + 2, x:x + GLYPH] = 0
    return np.repeat(img[:, :, None], 3, axis=2)


def worn_block(columns: int, rulings: list[tuple[int, int]]) -> tuple[list[Cell], float]:
    """Cells and pitch of an unruled frame of `columns` full columns with a few rulings
    left: (i, offset) draws one i pitches from the right side, `offset` px off its place.
    The glyphs stand a little left or right by turns, so that no column of them lines
    up into a ruling of its own."""
    img = block_page({}, ruled=False)
    for i in range(columns):
        cx = RIGHT - 6 - PITCH * i - PITCH // 2
        for j in range(15):
            x, y = cx - GLYPH // 2 + 4 * (j % 5 - 2), TOP + 20 + j * (GLYPH + 12)
            img[y:y + GLYPH, x:x + GLYPH] = 0
            img[y + 5:y + GLYPH - 5, x + 5:x + GLYPH - 5] = 255
    for i, off in rulings:
        x = RIGHT - 6 - PITCH * i + off
        img[TOP:BOTTOM, x - 1:x + 1] = 0
    m = ink_map(img, 1)
    [frame] = find_frames(m)
    return frame_cells(m, frame)
