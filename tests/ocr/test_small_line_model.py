"""The small-line model (guji/ocr/models/pp-ocrv6-guji-small, `guji ocr-train` with
columns scanned at 9-24 px): the default engine averages its probabilities with the
stock recognizer's on lines of small glyphs, and reads a page of small notes better."""

from __future__ import annotations

import onnx
import pytest

from guji.ocr import recognize_page
from guji.ocr.engines import get_engine
from guji.ocr.engines.ppocr import SMALL_ADAPTED, PaddleEngine, stock_model
from guji.ocr.evaluate import cer_counts
from guji.pipeline.errors import UsageError
from tests.ocr.independent import independent_page

pytestmark = pytest.mark.skipif(not SMALL_ADAPTED.is_file(),
                                reason="no small-line model is shipped")


def test_the_default_engine_reads_small_lines_with_the_adapted_model_too() -> None:
    engine = get_engine("ppocr")
    assert isinstance(engine, PaddleEngine) and engine.small_model == SMALL_ADAPTED
    assert "pp-ocrv6-guji-small on small lines" in engine.describe()
    # A model given by name reads every line alone.
    chosen = get_engine("ppocr", model=stock_model())
    assert isinstance(chosen, PaddleEngine) and chosen.small_model is None


def test_a_small_line_model_of_other_characters_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = onnx.load(str(SMALL_ADAPTED))
    for prop in other.metadata_props:
        if prop.key == "character":
            prop.value = "\n".join(prop.value.split("\n")[:-1])
    path = tmp_path / "other.onnx"
    onnx.save(other, str(path))
    with pytest.raises(UsageError, match="other characters"):
        PaddleEngine(small_model=path)


def test_a_page_of_small_notes_reads_better_with_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The independent renderer's seed 3, page 5 (cwTeXYen, 25 px glyphs, notes of about
    # 12 px; a page of the seeds the weight was chosen on): 14 errors with the stock
    # recognizer alone, 6 with the two averaged (2026-12-05).
    image, truth = independent_page(seed=3, page=5)
    page = tmp_path / "page.png"
    image.save(page)
    alone = get_engine("ppocr", model=stock_model())
    errors_alone = cer_counts(recognize_page(page, engine=alone).text, truth)[0]
    errors_with = cer_counts(recognize_page(page, engine=get_engine("ppocr")).text, truth)[0]
    assert errors_with < errors_alone, (errors_with, errors_alone)
