"""Where training and evaluation columns come from: rendered text and proofread pages.

A `ColumnSource` draws columns at random: a passage of the corpus or a run of random
characters of the model, as main text or as a note sub-column, printed in one of its
typefaces; columns cut from the library's proofread pages are mixed in when given.
Every column is turned into the recognizer's input exactly as the OCR engine does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from guji.ocr.engine import LineImage
from guji.ocr.engines.ppocr import prepare_line
from guji.ocr.train.charset import Charset, has_glyph
from guji.ocr.train.corpus import Corpus, pick_text, random_characters
from guji.ocr.train.render import ColumnKind, ColumnSample, render_column
from guji.sample.fonts import Typeface

MIN_CHARS, MAX_CHARS = 4, 26
NOTE_SHARE = 0.3  # columns printed as a sub-column of a double-line note
RANDOM_SHARE = 0.3  # columns of random characters, not text
PROOFREAD_SHARE = 0.3  # of each batch, where proofread columns were given


def model_input(sample: ColumnSample) -> np.ndarray:
    """48 × W float32: the column as the recognizer reads it (guji.ocr.engines.ppocr)."""
    line = LineImage(pixels=sample.pixels, kind=sample.kind, glyph=sample.glyph)
    return prepare_line(line).pixels


@dataclass
class ColumnSource:
    charset: Charset
    corpus: Corpus
    faces: Sequence[Typeface]
    held_out: bool = False  # draw from the held-out text lines
    proofread: Sequence[ColumnSample] = ()

    def __post_init__(self) -> None:
        self._cjk = self.charset.cjk()

    def draw(self, rng: np.random.Generator) -> ColumnSample:
        if self.proofread and rng.random() < PROOFREAD_SHARE:
            return self.proofread[int(rng.integers(len(self.proofread)))]
        face = self.faces[int(rng.integers(len(self.faces)))]
        main = self.corpus.held_main if self.held_out else self.corpus.main
        notes = self.corpus.held_notes if self.held_out else self.corpus.notes
        kind: ColumnKind = "note" if notes and rng.random() < NOTE_SHARE else "main"
        random_text = rng.random() < RANDOM_SHARE
        text = ""
        for _ in range(10):
            length = int(rng.integers(MIN_CHARS, MAX_CHARS + 1))
            if random_text:
                raw = random_characters(rng, self._cjk, length + 4)
            else:
                raw = pick_text(rng, notes if kind == "note" else main, length + 4)
            # Only what the model can name and the face can draw; a little extra was
            # drawn to make up for what is dropped.
            text = "".join(ch for ch in raw if self.charset.knows(ch)
                           and has_glyph(face, ch))[:length]
            if len(text) >= MIN_CHARS:
                break
        pool = pick_text(rng, notes if kind == "note" and notes else main, MAX_CHARS)
        pool = "".join(ch for ch in pool if has_glyph(face, ch)) or text
        return render_column(text, face, rng, kind=kind, neighbours=pool)

    def draw_many(self, rng: np.random.Generator, count: int) -> list[ColumnSample]:
        return [self.draw(rng) for _ in range(count)]
