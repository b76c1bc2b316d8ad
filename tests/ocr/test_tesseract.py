"""The tesseract wrapper: what it reports, and its failures as OcrError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guji.ocr.engine import LineImage
from guji.ocr.engines import get_engine
from guji.ocr.engines import tesseract_cli as tesseract
from guji.pipeline.errors import OcrError, UsageError


def test_version_and_languages() -> None:
    assert tesseract.version().split(".")[0] in {"4", "5"}
    assert {"chi_tra", "chi_tra_vert"} <= tesseract.languages()


def test_missing_language_is_an_ocr_error() -> None:
    with pytest.raises(OcrError, match="no 'xyz_nope' language"):
        tesseract.require_language("xyz_nope")


def test_missing_program_is_an_ocr_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(OcrError, match="not installed") as err:
        tesseract.executable()
    assert "apt-get install" in str(err.value)


def test_failing_run_is_an_ocr_error(tmp_path: Path) -> None:
    bad = tmp_path / "not-an-image.png"
    bad.write_text("no pixels here")
    with pytest.raises(OcrError, match="failed"):
        tesseract.recognize_tsv([bad], lang="chi_tra", psm=7, workdir=tmp_path)


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="tesseract"):
        get_engine("nope")


def test_engine_reads_a_blank_line_as_nothing() -> None:
    engine = get_engine("tesseract")
    blank = LineImage(np.full((200, 40), 255, np.uint8), "main", 40.0)
    [reading] = engine.read_lines([blank])
    assert reading.text == "" and reading.confidence == 0.0
