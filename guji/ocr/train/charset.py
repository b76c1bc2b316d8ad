"""The recognizer's characters (ONNX metadata `character`) and CTC labels over them.

Class 0 is the CTC blank, classes 1..n the characters one per line of the metadata,
and the last class a space: the contract every model guji reads keeps.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from guji.pipeline.errors import UsageError
from guji.sample.fonts import Typeface
from guji.sample.glyphs import glyph

PROBE_SIZE = 24


@dataclass(frozen=True)
class Charset:
    characters: tuple[str, ...]
    metadata: str  # the `character` metadata as stored, copied into trained models

    @classmethod
    def of_model(cls, path: Path) -> Charset:
        import onnxruntime as ort

        meta = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]
                                    ).get_modelmeta().custom_metadata_map
        if "character" not in meta:
            raise UsageError(f"{path} has no `character` list in its metadata",
                             hint="start from a PP-OCR recognizer exported with its characters")
        return cls(tuple(meta["character"].split("\n")), meta["character"])

    @property
    def index(self) -> dict[str, int]:
        return _index(self.characters)

    def labels(self, text: str) -> list[int]:
        """CTC labels of the text; KeyError for a character the model lacks."""
        index = self.index
        return [index[ch] for ch in text]

    def knows(self, ch: str) -> bool:
        return ch in self.index

    def cjk(self) -> tuple[str, ...]:
        """The model's CJK ideographs: what random columns are drawn from."""
        return tuple(ch for ch in self.characters
                     if len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK UNIFIED"))

    def decode(self, probs: np.ndarray) -> str:
        """Greedy CTC decoding of T × classes probabilities (or logits)."""
        best = probs.argmax(axis=-1)
        out = []
        previous = 0
        for k in best:
            k = int(k)
            if k != previous and 0 < k <= len(self.characters):
                out.append(self.characters[k - 1])
            previous = k
        return "".join(out)


@lru_cache(maxsize=8)
def _index(characters: tuple[str, ...]) -> dict[str, int]:
    return {ch: i + 1 for i, ch in enumerate(characters)}


def has_glyph(face: Typeface, ch: str) -> bool:
    """Whether the face maps the character to a glyph of its own (no fallback, no box)
    that draws some ink."""
    return ord(ch) in _cmap(face.path, face.index) and _draws(face, ch)


@lru_cache(maxsize=200_000)
def _draws(face: Typeface, ch: str) -> bool:
    try:
        return glyph(face, PROBE_SIZE, ch).size != (1, 1)
    except Exception:  # both renderers of guji.sample.glyphs failed: an empty glyph
        return False


@lru_cache(maxsize=64)
def _cmap(path: str, index: int) -> frozenset[int]:
    # Read from the font's cmap, not from rendering: Pango (the fallback renderer of
    # guji.sample.glyphs) substitutes another font for a missing character.
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())
