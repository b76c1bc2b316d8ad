"""The small glyphs of a note at the working resolution: a spread reduced four times
leaves a note's glyphs a few pixels across, their strokes run together and stand a row
apart down the sub-column. They are text, not solid marks and not rulings (a training
spread of Noto Serif lost every note to both)."""

from __future__ import annotations

import numpy as np

from guji.ocr.layout.ink import ink_map

GLYPH = 22.0


def _small_glyph(img: np.ndarray, y: int, x: int, *, solid: bool = False) -> None:
    """A note's glyph 8 px wide and 7 tall: uprights at both sides and in the middle,
    bars at the top, middle and bottom; at this size they nearly fill it, or do."""
    img[y:y + 7, x:x + 8] = 0
    if solid:
        return
    img[y + 1:y + 3, x + 1:x + 3] = 255
    img[y + 1:y + 3, x + 5:x + 7] = 255
    img[y + 4:y + 6, x + 1:x + 3] = 255
    img[y + 4:y + 6, x + 5:x + 7] = 255


def _page() -> np.ndarray:
    img = np.full((400, 200), 255, np.uint8)
    img[20:380, 40:42] = 0  # a ruling
    for y in range(40, 340, 8):  # two sub-columns of glyphs a row apart
        _small_glyph(img, y, 60, solid=y % 24 == 0)
        _small_glyph(img, y, 76)
    img[100:124, 130:154] = 0  # an ink block (墨釘) a glyph across
    return np.repeat(img[:, :, None], 3, axis=2)


def test_a_notes_small_glyphs_are_text() -> None:
    m = ink_map(_page(), 1, glyph=GLYPH)
    note = (slice(40, 340), slice(58, 86))
    # Nearly all of the note's ink is text: neither a ruling nor a solid mark.
    assert m.text[note].sum() >= 0.9 * m.ink[note].sum()
    assert not m.vlines[note].any()


def test_rulings_and_ink_blocks_stay_what_they_are() -> None:
    m = ink_map(_page(), 1, glyph=GLYPH)
    assert m.vlines[20:380, 40:42].mean() > 0.95
    assert not m.text[20:380, 40:42].any()
    assert m.blobs[100:124, 130:154].mean() > 0.9


def test_a_short_note_of_solid_small_glyphs_is_text() -> None:
    # Two rows of a note whose glyphs came out solid: too short for a run, and small
    # marks beside a fish-tail's halves or an ink block.
    img = np.full((200, 120), 255, np.uint8)
    for y in (60, 70):
        _small_glyph(img, y, 40, solid=True)
        _small_glyph(img, y, 56, solid=True)
    m = ink_map(np.repeat(img[:, :, None], 3, axis=2), 1, glyph=GLYPH)
    note = (slice(60, 77), slice(40, 64))
    assert m.text[note].sum() == m.ink[note].sum() > 0
