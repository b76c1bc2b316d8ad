"""A character bigram model of classical Chinese, to choose between close readings.

The recognizer reads glyph by glyph; where it hesitates between look-alikes (日 and 曰,
己 and 已, 子 and 于 in a blurred note) the neighbouring characters often settle it: 子曰
is common, 子日 rare. The counts (language.tsv) come from the Kanseki Repository's
論語 and 論語集解 (CC BY-SA 4.0, "Kanseki Repository (kanripo.org)"; written by
scripts/language_model.py). Only readings the recognizer is unsure of are reconsidered,
and only among the characters it rated close, so a page of shuffled text reads as the
glyphs say. The engine `ppocr-lunyu` uses it, `ppocr` does not: it gains on 孟子 and
costs a little on texts less like 論語 (docs/ocr.md, "Measured", 2026-12-05).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from guji.ocr.engines.ctc import MISSING, Decoded

# Absolute discount of a seen pair's count, the mass given to unseen pairs.
DISCOUNT = 0.75
# The bigram's log probability counts this much beside the recognizer's. Chosen on the
# independent renderer's seeds 2, 3 and 9 (training faces, 孟子, a text the counts do
# not hold): 381 errors without the model, 372 / 365 / 371 at 0.15 / 0.3 / 0.6 with
# alternatives under 0.9; 363 at 0.3 with alternatives under 0.99 (ctc.RESCORE_BELOW),
# 365 with them down to 0.005 rather than 0.02 (ctc.ALTERNATIVE_FLOOR).
WEIGHT = 0.3


@dataclass(frozen=True)
class CharBigrams:
    unigrams: dict[str, int]
    bigrams: dict[str, int]
    followers: dict[str, int]  # distinct characters seen after each character
    leading: dict[str, int]  # pairs counted that begin with each character
    total: int

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> CharBigrams:
        unigrams = {k: v for k, v in counts.items() if len(k) == 1}
        bigrams = {k: v for k, v in counts.items() if len(k) == 2}
        followers: dict[str, int] = {}
        leading: dict[str, int] = {}
        for pair, n in bigrams.items():
            followers[pair[0]] = followers.get(pair[0], 0) + 1
            leading[pair[0]] = leading.get(pair[0], 0) + n
        return cls(unigrams, bigrams, followers, leading, sum(unigrams.values()))

    def unigram(self, ch: str) -> float:
        # Add-one over the characters seen and one more for everything else.
        return (self.unigrams.get(ch, 0) + 1) / (self.total + len(self.unigrams) + 1)

    def logp(self, prev: str | None, ch: str) -> float:
        """log P(ch | prev), absolute discounting backed off to the unigram."""
        base = self.unigram(ch)
        seen = self.leading.get(prev, 0) if prev else 0
        if not prev or not seen:
            return math.log(base)
        pair = max(self.bigrams.get(prev + ch, 0) - DISCOUNT, 0.0) / seen
        left = DISCOUNT * self.followers[prev] / seen
        return math.log(pair + left * base)


@lru_cache(maxsize=1)
def kanripo_bigrams() -> CharBigrams:
    counts: dict[str, int] = {}
    text = resources.files("guji.ocr.engines").joinpath("language.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, count = line.split("\t")
            counts[key] = int(count)
    return CharBigrams.from_counts(counts)


def rescored(chars: Sequence[Decoded], model: CharBigrams, weight: float = WEIGHT
             ) -> list[Decoded]:
    """The line's most likely reading: each character one of its candidates, scored by
    the recognizer's log probability plus `weight` times the bigram's (Viterbi)."""
    if weight <= 0 or not any(c.alternatives for c in chars):
        return list(chars)
    options = [[(c.text, c.confidence), *c.alternatives] for c in chars]
    # best[k][j]: the best score of a reading ending in option j of character k.
    best: list[list[float]] = []
    back: list[list[int]] = []
    for k, opts in enumerate(options):
        row, links = [], []
        for text, p in opts:
            own = math.log(max(p, 1e-6))
            if k == 0:
                row.append(own + weight * _lm(model, None, text))
                links.append(0)
                continue
            scores = [best[k - 1][i] + weight * _lm(model, prev, text)
                      for i, (prev, _) in enumerate(options[k - 1])]
            i = max(range(len(scores)), key=scores.__getitem__)
            row.append(own + scores[i])
            links.append(i)
        best.append(row)
        back.append(links)
    j = max(range(len(best[-1])), key=best[-1].__getitem__)
    picks = [0] * len(chars)
    for k in range(len(chars) - 1, -1, -1):
        picks[k] = j
        j = back[k][j]
    out = []
    for c, opts, j in zip(chars, options, picks, strict=True):
        text, p = opts[j]
        out.append(c if j == 0 else Decoded(text, p, c.first, c.last))
    return out


def _lm(model: CharBigrams, prev: str | None, ch: str) -> float:
    if ch == MISSING:
        return 0.0  # the same on every path: it decides nothing
    return model.logp(None if prev == MISSING else prev, ch)
