"""The CER harness: ground truth in both formats, scores, and a run on generated pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from guji.ocr.evaluate import cer_counts, evaluate
from guji.ocr.truth import find_truth
from guji.pipeline.errors import InputError


def test_cer_counts_after_normalising() -> None:
    assert cer_counts("子曰學而時習之", "子曰：學而時習之。") == (0, 7)
    assert cer_counts("子日學而", "子曰學而") == (1, 4)
    assert cer_counts("窓", "窗") == (0, 1)


def test_truth_from_columns_tsv(tmp_path: Path) -> None:
    (tmp_path / "leaf.png").write_bytes(b"")
    (tmp_path / "leaf.gt_columns.tsv").write_text(
        "column_rtl\ttext_markup\ttext_plain\n1\t(甲/乙)丙\t甲乙丙\n2\t丁\t丁\n", encoding="utf-8")
    [page] = find_truth(tmp_path)
    assert page.columns == ("甲乙丙", "丁") and page.text == "甲乙丙\n丁\n" and page.leaves == ()


def test_lone_tsv_belongs_to_the_folders_only_image(tmp_path: Path) -> None:
    (tmp_path / "spread.png").write_bytes(b"")
    (tmp_path / "gt_columns.tsv").write_text("half_page\tcolumn_rtl\ttext_plain\n16a\t1\t甲\n",
                                             encoding="utf-8")
    assert [p.image.name for p in find_truth(tmp_path)] == ["spread.png"]


def test_bad_truth_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "0001.tif").write_bytes(b"")
    (tmp_path / "0001.gt.json").write_text(json.dumps({"schema": "guji-gt/1"}), encoding="utf-8")
    with pytest.raises(InputError):
        find_truth(tmp_path)


def test_evaluate_generated_pages(generated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    truth = generated["half/0002.tif"]
    shutil.copy(truth.image, tmp_path / "0002.tif")
    shutil.copy(truth.source, tmp_path / "0002.gt.json")
    report = evaluate(tmp_path)
    [page] = report.pages
    assert page.length == len("".join(truth.columns))
    assert report.cer == page.cer <= 0.25
    assert page.leaves_expected == 1 and page.leaves_read in (0, 1)
    data = report.to_json()
    assert data["pages"][0]["image"] == "0002.tif" and 0 <= data["cer"] <= 0.25
