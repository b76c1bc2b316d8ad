"""`guji ocr` and `guji eval-ocr` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from guji.cli import cli
from guji.ocr.evaluate import cer_counts


def test_ocr_prints_the_text_and_nothing_else(generated) -> None:  # type: ignore[no-untyped-def]
    truth = generated["half/0002.tif"]
    result = CliRunner().invoke(cli, ["ocr", str(truth.image)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(truth.columns)
    distance, length = cer_counts(result.stdout, truth.text)
    assert distance / length <= 0.25


def test_ocr_formats(generated) -> None:  # type: ignore[no-untyped-def]
    image = str(generated["half/0001.tif"].image)
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["ocr", image, "--format", "json"]).stdout)
    assert data["schema"] == "guji-ocr/1" and data["columns"]
    alto = runner.invoke(cli, ["ocr", image, "--format", "alto"]).stdout_bytes
    assert etree.fromstring(alto).tag.endswith("alto")
    hocr = runner.invoke(cli, ["ocr", image, "--format", "hocr"]).stdout
    assert "ocr_page" in hocr


def test_unknown_engine_exits_with_usage_error(generated) -> None:  # type: ignore[no-untyped-def]
    from guji.pipeline.errors import UsageError

    result = CliRunner().invoke(
        cli, ["ocr", str(generated["half/0001.tif"].image), "--engine", "nope"])
    assert isinstance(result.exception, UsageError)


def test_eval_ocr_table_and_json(generated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    truth = generated["half/0001.tif"]
    shutil.copy(truth.image, tmp_path / "0001.tif")
    shutil.copy(truth.source, tmp_path / "0001.gt.json")
    runner = CliRunner()
    table = runner.invoke(cli, ["eval-ocr", str(tmp_path)])
    assert table.exit_code == 0 and "overall" in table.stdout and "0001.tif" in table.stdout
    data = json.loads(runner.invoke(cli, ["eval-ocr", str(tmp_path), "--json"]).stdout)
    assert data["pages"][0]["image"] == "0001.tif" and 0 <= data["cer"] <= 0.25


def test_eval_ocr_without_truth_is_an_input_error(tmp_path: Path) -> None:
    from guji.pipeline.errors import InputError

    result = CliRunner().invoke(cli, ["eval-ocr", str(tmp_path)])
    assert isinstance(result.exception, InputError)


def test_help_names_the_formats() -> None:
    out = CliRunner().invoke(cli, ["ocr", "--help"]).output
    for fmt in ("text", "hocr", "alto", "json"):
        assert fmt in out
