"""`guji ocr-train`: rendered columns, proofread columns in both truth formats, and a tiny
fine-tuning run through the CLI that writes a model onnxruntime loads.

The recognizer comes from the `rapidocr` package; training needs the `train` extra
(torch, onnx2torch, onnx). Tests skip with a reason where either is missing.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from guji.ocr.truth import TruthPage

pytest.importorskip("rapidocr", reason="the stock PP-OCR recognizer (rapidocr) is not installed")
pytest.importorskip("fontTools", reason="the `train` extra (fonttools) is not installed")

from guji.ocr.engines.ppocr import SMALL_LINE, stock_model  # noqa: E402
from guji.ocr.train.charset import Charset  # noqa: E402
from guji.ocr.train.columns import ColumnSource, model_input  # noqa: E402
from guji.ocr.train.corpus import build_corpus  # noqa: E402
from guji.ocr.train.proofread import (  # noqa: E402
    Segment,
    gt_json_columns,
    parse_markup,
    proofread_columns,
    read_tsv_columns,
)
from guji.ocr.train.score import cer, read_columns  # noqa: E402
from guji.sample.fonts import find_typefaces, is_reserved  # noqa: E402

# The stock model reads rendered columns in training fonts at a CER of about 0.17;
# a column image that shows other characters, or the right ones out of order, reads
# near 1.0.
READABLE_CER = 0.4
# Columns scanned with glyphs 9-24 px wide: 0.28-0.37 at 12-24 px, 0.69 under 12
# (240 held-out columns, seed 11): what the training is for.
SMALL_READABLE_CER = 0.6


@pytest.fixture(scope="module")
def charset() -> Charset:
    return Charset.of_model(stock_model())


@pytest.fixture(scope="module")
def source(charset: Charset) -> ColumnSource:
    return ColumnSource(charset, build_corpus(None), find_typefaces("train"))


def test_rendering_is_deterministic_for_a_seed(source: ColumnSource) -> None:
    first = source.draw_many(np.random.default_rng(4), 6)
    again = source.draw_many(np.random.default_rng(4), 6)
    other = source.draw_many(np.random.default_rng(5), 6)
    assert [c.text for c in first] == [c.text for c in again]
    assert all(np.array_equal(a.pixels, b.pixels) for a, b in zip(first, again, strict=True))
    assert [c.text for c in first] != [c.text for c in other]
    for column in first:
        assert 4 <= len(column.text) <= 26
        assert column.pixels.dtype == np.uint8 and column.pixels.ndim == 2
        # Upright: a column of n characters is far taller than wide.
        assert column.pixels.shape[0] > 2 * column.pixels.shape[1]


def test_rendered_columns_show_their_text(source: ColumnSource, charset: Charset) -> None:
    columns = source.draw_many(np.random.default_rng(8), 12)
    assert {c.kind for c in columns} <= {"main", "note"}
    assert all(all(charset.knows(ch) for ch in c.text) for c in columns)
    readings = read_columns(stock_model(), [model_input(c) for c in columns], charset)
    assert cer(readings, columns) < READABLE_CER


def test_a_share_of_columns_is_scanned_small_and_still_readable(
        source: ColumnSource, charset: Charset) -> None:
    columns = source.draw_many(np.random.default_rng(3), 40)
    small = [c for c in columns if c.glyph < SMALL_LINE]
    # LOW_RES_SHARE of the columns, besides notes drawn small: 40 columns hold some.
    assert 5 <= len(small) <= 35
    assert min(c.glyph for c in small) >= 8
    readings = read_columns(stock_model(), [model_input(c) for c in small], charset)
    assert cer(readings, small) < SMALL_READABLE_CER


def test_the_texts_of_evaluation_pages_are_never_trained_on() -> None:
    kanripo = Path(__file__).resolve().parents[2].parent / "shared/data/corpus/kanripo"
    corpus = build_corpus(kanripo if kanripo.is_dir() else None)
    lines = corpus.main + corpus.notes + corpus.held_main + corpus.held_notes
    # 孟子 prints on the independent renderer's pages, 五禮通考 卷213 on a real page.
    assert not any("孟子見梁惠王" in line or "叟不遠千里" in line for line in lines)
    assert not any(s.endswith(("KR1h0001-mengzi-zhengwen", "KR1d0087-wulitongkao-juan223"))
                   for s in corpus.sources)


def test_training_fonts_never_include_reserved_ones(source: ColumnSource) -> None:
    assert source.faces and not any(is_reserved(f) for f in source.faces)


def test_markup_parser_reads_notes_in_both_sub_columns() -> None:
    assert parse_markup("　　子曰(馬融/曰子)學而") == [
        Segment("main", "子曰"), Segment("note", "", "馬融", "曰子"), Segment("main", "學而")]
    assert parse_markup("(右小/左)") == [Segment("note", "", "右小", "左")]


def test_tsv_parser(tmp_path: Path) -> None:
    tsv = tmp_path / "page.gt_columns.tsv"
    tsv.write_text("column_rtl\ttext_markup\ttext_plain\n"
                   "1\t天地玄黃(天玄/地黃)宇宙\t天地玄黃天玄地黃宇宙\n"
                   "2\t　　日月盈昃\t日月盈昃\n", encoding="utf-8")
    assert read_tsv_columns(tsv) == [
        [Segment("main", "天地玄黃"), Segment("note", "", "天玄", "地黃"),
         Segment("main", "宇宙")],
        [Segment("main", "日月盈昃")]]
    plain = tmp_path / "plain.tsv"
    plain.write_text("column_rtl\ttext_plain\n1\t人之初\n", encoding="utf-8")
    assert read_tsv_columns(plain) == [[Segment("main", "人之初")]]


def test_columns_cut_from_generated_truth_show_their_text(
        generated: dict[str, TruthPage], charset: Charset) -> None:
    truth = generated["half/0001.tif"]
    samples, skipped = gt_json_columns(truth.source, truth.image)
    data = json.loads(truth.source.read_text(encoding="utf-8"))
    expected = []
    for page in data["pages"]:
        for column in page["columns"]:
            for seg in column["segments"]:
                expected += [seg["text"]] if seg["kind"] == "main" else [
                    t for t in (seg["right"], seg["left"]) if t]
    assert skipped == 0
    assert [s.text for s in samples] == expected
    assert "note" in {s.kind for s in samples}  # the page has commentary
    readings = read_columns(stock_model(), [model_input(s) for s in samples], charset)
    assert cer(readings, samples) < READABLE_CER


def test_tsv_pages_are_matched_to_layout_columns(generated: dict[str, TruthPage],
                                                 tmp_path: Path, charset: Charset) -> None:
    """A generated page given in the TSV format: columns come from layout analysis. The
    same page with a column missing from its truth is skipped, with a message."""
    folder = tmp_path / "tsv"
    folder.mkdir()
    data = _as_tsv(generated["half/0001.tif"], folder / "page.tif")
    _as_tsv(generated["half/0001.tif"], folder / "short.tif", drop_last=True)
    messages: list[str] = []
    samples, skipped = proofread_columns([folder], messages.append)
    found = len(data["pages"][0]["columns"])
    assert messages == [f"short.tif: layout found {found} columns, the truth has "
                        f"{found - 1}: page skipped"]
    assert skipped == found - 1
    assert "".join(s.text for s in samples) == "".join(c["text"] for p in data["pages"]
                                                       for c in p["columns"])
    assert {s.kind for s in samples} == {"main", "note"}
    readings = read_columns(stock_model(), [model_input(s) for s in samples], charset)
    assert cer(readings, samples) < READABLE_CER


def _as_tsv(truth: TruthPage, image: Path, *, drop_last: bool = False,
            ) -> dict:  # type: ignore[type-arg]
    """The page copied to `image` with its truth as IMAGE.gt_columns.tsv, notes as markup
    (less its last column with `drop_last`)."""
    data = json.loads(truth.source.read_text(encoding="utf-8"))
    shutil.copy(truth.image, image)
    rows = ["column_rtl\ttext_markup\ttext_plain"]
    for page in data["pages"]:
        for i, column in enumerate(page["columns"], 1):
            markup = "".join(s["text"] if s["kind"] == "main" else f"({s['right']}/{s['left']})"
                             for s in column["segments"])
            rows.append(f"{i}\t{markup}\t{column['text']}")
    if drop_last:
        rows.pop()
    image.with_name(f"{image.stem}.gt_columns.tsv").write_text("\n".join(rows) + "\n",
                                                              encoding="utf-8")
    return data


def test_a_tiny_training_run_through_the_cli(tmp_path: Path, charset: Charset,
                                             generated: dict[str, TruthPage]) -> None:
    # Looked up, not imported: onnx2torch is imported the way guji.ocr.train.network does.
    for package in ("torch", "onnx2torch", "onnx", "fontTools"):
        if importlib.util.find_spec(package) is None:
            pytest.skip(f"the `train` extra ({package}) is not installed")
    import onnxruntime as ort

    from guji.cli import cli

    out = tmp_path / "model"
    result = CliRunner().invoke(cli, [
        "ocr-train", "--out", str(out), "--steps", "1", "--batch", "2", "--fresh", "1",
        "--eval-columns", "2", "--seed", "3", "--corpus", str(tmp_path / "no-corpus"),
        "--from", str(generated["half/0001.tif"].image.parent)])
    assert result.exit_code == 0, result.output
    assert "CER stock" in result.output
    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    assert meta["character"] == charset.metadata
    assert json.loads(meta["guji_training"])["steps"] == 1
    probs = session.run(None, {"x": np.zeros((1, 3, 48, 160), np.float32)})[0]
    assert probs.shape == (1, 20, len(charset.characters) + 2)
    record = json.loads((out / "record.json").read_text(encoding="utf-8"))
    assert record["training"]["steps"] == 1
    pages = generated["half/0001.tif"], generated["half/0002.tif"]
    columns = sum(1 for p in pages for c in gt_json_columns(p.source, p.image)[0]
                  if all(charset.knows(ch) for ch in c.text))
    assert record["data"]["proofread_columns"] == columns > 0
    assert record["fonts"]["training"] == [f.name for f in find_typefaces("train")]
    reserved = {f.name for f in find_typefaces("reserved")}
    assert not reserved & set(record["fonts"]["training"])
    assert record["export_max_difference"] <= 1e-3
    assert record["model_bytes"] <= 25 * 1024 * 1024
    held = record["figures"]["held_out_training_fonts"]
    assert held["columns"] == 2
    # One warm-up step barely moves the weights: a model whose weights landed in the wrong
    # places of the graph would read nothing right.
    assert abs(held["tuned_cer"] - held["stock_cer"]) < 0.25
    if reserved:
        assert record["figures"]["reserved_fonts"]["columns"] == 2


def test_without_torch_the_command_names_the_extra(tmp_path: Path) -> None:
    # sys.modules[name] = None makes `import torch` fail as if it were not installed.
    code = ("import sys; sys.modules['torch'] = None; sys.argv = ['guji', 'ocr-train', "
            f"'--out', {str(tmp_path)!r}, '--steps', '1']; from guji.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert "pip install 'guji[train]'" in done.stderr
    assert not (tmp_path / "model.onnx").exists()
