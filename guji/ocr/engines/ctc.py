"""CTC decoding of a recognizer's output into the characters a page of these books holds.

The recognizer (guji.ocr.engines.ppocr) knows Latin letters, kana, hangul and simplified
forms too. On a page of classical Chinese each of those is a misreading: a character the
model could not place comes out as 〓 (U+3013, the printer's sign for a missing
character) rather than as a guess from another script, and a simplified or Japanese form
is folded back to the traditional form (folding.tsv), the one the model rates higher
where there are several (为 → 為 or 爲).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

MISSING = "〓"
# A character read with a probability below this is not known: 〓. Chosen on rendered
# columns in the training faces (benchmarks/ocr_columns.py --seed 1, 3200 characters):
# none of the readings under 0.4 was right, 42% of those from 0.4 to 0.6 were.
UNSURE = 0.4
# Below this, the best allowed character in a step the model gave to another script is
# not a reading either.
OTHER_SCRIPT_FLOOR = 0.05
# A reading under this probability keeps the characters the recognizer rated next, down
# to ALTERNATIVE_FLOOR, at most ALTERNATIVES of them, for the language model to weigh
# (guji.ocr.engines.language, where they were chosen).
RESCORE_BELOW = 0.99
ALTERNATIVE_FLOOR = 0.02
ALTERNATIVES = 3


def is_book_character(ch: str) -> bool:
    """Whether a character can be printed in the body of a classical Chinese book."""
    if ch in "〇〓々":
        return True
    return len(ch) == 1 and unicodedata.name(ch, "").startswith("CJK ") and (
        unicodedata.category(ch) == "Lo")


@lru_cache(maxsize=1)
def folding_table() -> dict[str, tuple[str, ...]]:
    """Simplified or Japanese form → the traditional forms it folds to."""
    table: dict[str, tuple[str, ...]] = {}
    text = resources.files("guji.ocr.engines").joinpath("folding.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            form, targets = line.split("\t")[:2]
            table[form] = tuple(targets.split())
    return table


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per model
class Alphabet:
    """The recognizer's classes: 0 the CTC blank, then its characters, then a space."""

    symbols: tuple[str, ...]
    allowed: np.ndarray  # bool per class: may be emitted on a page (the blank too)
    folds: dict[int, tuple[int | str, ...]] = field(default_factory=dict)

    @classmethod
    def from_metadata(cls, character: str) -> Alphabet:
        # NFC: the recognizer's list holds compatibility ideographs (U+F92C for 郎) that
        # text search and every other reader of the output take as other characters.
        symbols = ("", *(unicodedata.normalize("NFC", c) for c in character.split("\n")), " ")
        index = {s: i for i, s in enumerate(symbols)}
        allowed = np.array([i == 0 or is_book_character(s) for i, s in enumerate(symbols)])
        folds: dict[int, tuple[int | str, ...]] = {}
        for form, targets in folding_table().items():
            if form in index:
                # A target the model cannot emit is still the right text: kept as a string.
                folds[index[form]] = tuple(index.get(t, t) for t in targets)
                allowed[index[form]] = True
        return cls(symbols, allowed, folds)

    def __len__(self) -> int:
        return len(self.symbols) - 2

    @lru_cache(maxsize=8)  # noqa: B019 - a handful of charsets, alphabets live per process
    def limited(self, charset: str) -> np.ndarray:
        """The allowed classes of a line limited to `charset` (a leaf number's numerals)."""
        mask = np.zeros(len(self.symbols), bool)
        mask[0] = True
        for i, s in enumerate(self.symbols):
            if s and s in charset:
                mask[i] = True
        return mask


@dataclass(frozen=True)
class Decoded:
    text: str
    confidence: float
    first: int  # first and last output step of the character
    last: int
    # Other characters the glyph may be, with their probabilities (unsure readings only).
    alternatives: tuple[tuple[str, float], ...] = ()


def decode(probs: np.ndarray, alphabet: Alphabet, *, charset: str | None = None,
           unsure: float = UNSURE, alternatives: bool = False) -> list[Decoded]:
    """Greedy CTC decoding of T × classes probabilities, kept to book characters; a
    character read with a probability under `unsure` is written 〓. `alternatives`: an
    unsure reading keeps the characters rated next (for a language model to weigh)."""
    allowed = alphabet.allowed if charset is None else alphabet.limited(charset)
    best = probs.argmax(axis=1)
    masked = np.where(allowed[None, :], probs, 0.0)
    best_allowed = masked.argmax(axis=1)
    out: list[Decoded] = []
    prev = 0
    for t, cls in enumerate(best):
        chosen = int(cls)
        p = float(probs[t, chosen])
        if chosen != 0 and not allowed[chosen]:
            # Another script: the best character the page can hold, if it is a reading.
            chosen = int(best_allowed[t])
            p = float(probs[t, chosen])
            if charset is None and (chosen == 0 or p < OTHER_SCRIPT_FLOOR):
                chosen = -1  # a character is there, but which is unknown
        if chosen == 0:
            prev = 0
            continue
        if chosen == prev and out:
            last = out[-1]
            out[-1] = Decoded(last.text, max(last.confidence, p), last.first, t)
            continue
        prev = chosen
        out.append(Decoded(_text(chosen, probs[t], alphabet), p, t, t))
    if charset is not None:
        return out  # the caller asked for the best reading within its characters
    if alternatives:
        out = [_with_alternatives(d, masked, alphabet) for d in out]
    return [d if d.confidence >= unsure and d.text != MISSING else
            Decoded(MISSING, d.confidence, d.first, d.last) for d in out]


def _with_alternatives(d: Decoded, masked: np.ndarray, alphabet: Alphabet) -> Decoded:
    """An unsure reading with the other book characters its glyph may be: those rated
    next at the output step where a character stood out most from the blank."""
    if d.confidence >= RESCORE_BELOW:
        return d
    steps = masked[d.first:d.last + 1]
    step = steps[int(steps[:, 1:].max(axis=1).argmax())]
    alternatives: list[tuple[str, float]] = []
    for cls in np.argsort(step)[::-1][:ALTERNATIVES + 2]:
        p = float(step[cls])
        if p < ALTERNATIVE_FLOOR or len(alternatives) == ALTERNATIVES:
            break
        text = _text(int(cls), step, alphabet) if cls else ""
        if text and text != d.text and all(text != a for a, _ in alternatives):
            alternatives.append((text, p))
    return Decoded(d.text, d.confidence, d.first, d.last, tuple(alternatives))


def _text(cls: int, step: np.ndarray, alphabet: Alphabet) -> str:
    if cls < 0:
        return MISSING
    targets = alphabet.folds.get(cls)
    if not targets:
        return alphabet.symbols[cls]
    known = [t for t in targets if isinstance(t, int)]
    if known:
        return alphabet.symbols[max(known, key=lambda t: float(step[t]))]
    return str(targets[0])
