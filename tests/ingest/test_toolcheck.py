"""check_tools: what the configured run needs is found here, or named in one usage error.

Everything is the real thing: this machine's libvips, Tesseract and PP-OCR model. What is
"missing" is made missing for real: an empty PATH, an empty Tesseract data folder, a model
path that does not exist, onnxruntime made unimportable for the test's duration.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guji.ingest.toolcheck import VIPS_OPERATIONS, check_tools, missing_vips
from guji.ocr.engines import tesseract_cli
from guji.pipeline.errors import ExitCode, UsageError
from guji.pipeline.settings import Settings


@pytest.fixture
def fresh_languages() -> Iterator[None]:
    """Tesseract's languages are listed once per process: list them again, here and after."""
    tesseract_cli.languages.cache_clear()
    yield
    tesseract_cli.languages.cache_clear()


@pytest.mark.parametrize("engine", ["ppocr", "ppocr-lunyu", "tesseract", "tesseract-vert"])
def test_this_machine_has_what_each_engine_needs(engine: str) -> None:
    check_tools(Settings(ocr_engine=engine))


def test_libvips_has_every_operation_the_pipeline_uses() -> None:
    assert missing_vips(VIPS_OPERATIONS) == []
    [missing] = missing_vips([*VIPS_OPERATIONS, "jxlsave_nonesuch"])
    assert missing.what == "libvips lacks jxlsave_nonesuch"
    assert "libvips" in missing.hint


def test_a_model_path_that_does_not_exist_is_named(tmp_path: Path) -> None:
    model = tmp_path / "tuned" / "model.onnx"
    with pytest.raises(UsageError) as err:
        check_tools(Settings(ocr_model=str(model)))
    assert err.value.exit_code == ExitCode.usage
    assert str(model) in err.value.message
    assert "guji ocr-train" in (err.value.hint or "")


def test_a_folder_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=f"no OCR model at {tmp_path}"):
        check_tools(Settings(ocr_model=str(tmp_path)))


def test_an_existing_model_file_passes(tmp_path: Path) -> None:
    # Only its presence is checked here; the engine loads (and judges) it when built.
    model = tmp_path / "model.onnx"
    model.write_bytes(b"\x08\x07")
    check_tools(Settings(ocr_model=str(model)))


def test_missing_tesseract_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(UsageError, match="tesseract is not installed") as err:
        check_tools(Settings(ocr_engine="tesseract"))
    assert "apt-get install" in (err.value.hint or "")


def test_missing_tesseract_language_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             fresh_languages: None) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(UsageError, match="no 'chi_tra_vert' language data"):
        check_tools(Settings(ocr_engine="tesseract-vert"))


def test_without_ocr_no_ocr_tool_is_needed(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    check_tools(Settings(ocr=False, ocr_engine="tesseract", ocr_model=str(tmp_path / "none")))


def test_missing_onnxruntime_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules is how Python marks a module that cannot be imported.
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(UsageError, match="onnxruntime is not installed"):
        check_tools(Settings(ocr_engine="ppocr"))


def test_every_problem_is_named_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(UsageError) as err:
        check_tools(Settings(ocr_model=str(tmp_path / "gone.onnx")))
    assert "onnxruntime is not installed" in err.value.message
    assert "gone.onnx" in err.value.message


def test_unknown_engine_and_a_model_for_tesseract_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no OCR engine called 'kraken'") as err:
        check_tools(Settings(ocr_engine="kraken"))
    assert "ppocr" in (err.value.hint or "") and "tesseract" in (err.value.hint or "")
    model = tmp_path / "model.onnx"
    model.write_bytes(b"\x08\x07")
    with pytest.raises(UsageError, match="takes no model file"):
        check_tools(Settings(ocr_engine="tesseract", ocr_model=str(model)))
