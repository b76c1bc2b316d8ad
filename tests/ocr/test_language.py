"""The character bigram model that weighs the recognizer's unsure readings."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from guji.ocr.engines import get_engine
from guji.ocr.engines.ctc import RESCORE_BELOW, Alphabet, decode
from guji.ocr.engines.language import kanripo_bigrams, rescored
from guji.ocr.engines.ppocr import PaddleEngine

REPO = Path(__file__).resolve().parents[2]
KANRIPO = REPO.parent / "shared" / "data" / "corpus" / "kanripo"


@pytest.fixture(scope="module")
def alphabet() -> Alphabet:
    engine = get_engine("ppocr-lunyu")
    assert isinstance(engine, PaddleEngine)
    return engine.alphabet


def _probs(alphabet: Alphabet, steps: list[dict[str, float]]) -> np.ndarray:
    """Output steps, each a character's step (its readings and their probabilities)
    followed by a blank one, as the recognizer writes them."""
    probs = np.zeros((2 * len(steps), len(alphabet.symbols)), np.float32)
    probs[:, 0] = 1.0
    for k, readings in enumerate(steps):
        row = probs[2 * k]
        row[0] = 1.0 - sum(readings.values())
        for ch, p in readings.items():
            row[alphabet.symbols.index(ch)] = p
    return probs


def test_what_may_follow_a_character_adds_up_to_at_most_one() -> None:
    model = kanripo_bigrams()
    for prev in ("子", "曰", "之", None):
        total = sum(math.exp(model.logp(prev, ch)) for ch in model.unigrams)
        assert 0.95 < total <= 1.0, (prev, total)


def test_the_counts_know_the_classics() -> None:
    model = kanripo_bigrams()
    assert model.logp("子", "曰") > model.logp("子", "日") + 5
    assert model.logp("君", "子") > model.logp("君", "于") + 5
    assert model.total > 40_000


def test_an_unsure_reading_takes_the_character_its_neighbours_make_likely(
        alphabet: Alphabet) -> None:
    # 子 of 君子 read as 于, blurred in a small note: the recognizer rated 子 close.
    probs = _probs(alphabet, [{"君": 0.999}, {"于": 0.55, "子": 0.35}, {"之": 0.999}])
    chars = decode(probs, alphabet, alternatives=True)
    assert [c.text for c in chars] == ["君", "于", "之"]
    assert chars[1].alternatives[0][0] == "子" and not chars[0].alternatives
    assert "".join(c.text for c in rescored(chars, kanripo_bigrams())) == "君子之"
    # Without a language model to weigh them, no candidates are gathered.
    assert not any(c.alternatives for c in decode(probs, alphabet))


def test_a_sure_reading_stands_whatever_its_neighbours(alphabet: Alphabet) -> None:
    sure = RESCORE_BELOW + (1 - RESCORE_BELOW) / 2
    probs = _probs(alphabet, [{"君": 0.999}, {"于": sure, "子": 1 - sure - 1e-4},
                              {"之": 0.999}])
    chars = decode(probs, alphabet, alternatives=True)
    assert "".join(c.text for c in rescored(chars, kanripo_bigrams())) == "君于之"


def test_a_reading_far_ahead_of_the_rest_stands(alphabet: Alphabet) -> None:
    # 子 only just above the alternatives' floor: the glyph is not 子, the text be what it may.
    probs = _probs(alphabet, [{"君": 0.999}, {"于": 0.95, "子": 0.021}, {"之": 0.999}])
    chars = decode(probs, alphabet, alternatives=True)
    assert "".join(c.text for c in rescored(chars, kanripo_bigrams())) == "君于之"


def test_the_language_model_is_an_engine_of_its_own_not_the_default() -> None:
    # It helps on 孟子 and costs on other texts (docs/ocr.md): chosen, never imposed.
    plain, weighed = get_engine("ppocr"), get_engine("ppocr-lunyu")
    assert isinstance(plain, PaddleEngine) and isinstance(weighed, PaddleEngine)
    assert plain.language is None and weighed.language is kanripo_bigrams()
    assert weighed.name == "ppocr-lunyu" and "論語" in weighed.describe()
    assert "論語" not in plain.describe()


def test_the_shipped_counts_are_those_the_script_writes_from_the_corpus() -> None:
    if not KANRIPO.is_dir():
        pytest.skip(f"the Kanripo corpus is not beside the project ({KANRIPO})")
    written = subprocess.run([sys.executable, str(REPO / "scripts" / "language_model.py"),
                              str(KANRIPO)], capture_output=True, text=True, check=True).stdout
    shipped = (REPO / "guji" / "ocr" / "engines" / "language.tsv").read_text("utf-8")
    assert written == shipped
    # 孟子 (the independent renderer's text) and 五禮通考 (a real page's) stay out.
    header = "".join(line for line in shipped.splitlines() if line.startswith("#"))
    assert "KR1h0001" not in header and "KR1d0087" not in header
    assert "Kanseki Repository" in header and "CC BY-SA" in header
