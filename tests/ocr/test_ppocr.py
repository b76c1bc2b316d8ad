"""The neural engine (PP-OCR on onnxruntime): what it reads, what it refuses to guess,
which forms it prints, and that its model is loaded once per process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import onnx
import pytest
from PIL import Image, ImageDraw

from guji.ocr.engine import LineImage
from guji.ocr.engines import get_engine
from guji.ocr.engines.ctc import MISSING, folding_table, is_book_character
from guji.ocr.engines.ppocr import PaddleEngine, prepare_line, stock_model
from guji.ocr.evaluate import cer_counts
from guji.pipeline.errors import UsageError
from guji.sample.fonts import Typeface, find_typefaces

SIZE = 56


def _face(family: str) -> Typeface:
    return next(f for f in find_typefaces("train") if f.family == family)


def _column(text: str, face: Typeface, size: int = SIZE) -> LineImage:
    """Characters set one under another, black on white, cropped to the ink."""
    pitch = int(size * 1.15)
    img = Image.new("L", (size + 20, pitch * len(text) + 20), 255)
    draw = ImageDraw.Draw(img)
    for i, ch in enumerate(text):
        draw.text((10, 10 + i * pitch), ch, font=face.at(size), fill=0)
    arr = np.asarray(img)
    ink = np.argwhere(arr < 128)
    (y0, x0), (y1, x1) = ink.min(0), ink.max(0)
    return LineImage(np.ascontiguousarray(arr[y0:y1 + 1, x0:x1 + 1]), "main", float(size))


@pytest.fixture(scope="module")
def engine() -> PaddleEngine:
    reader = get_engine("ppocr")
    assert isinstance(reader, PaddleEngine)
    return reader


def test_reads_a_column_with_a_box_and_confidence_per_character(engine: PaddleEngine) -> None:
    text = "學而時習之不亦說乎"
    line = _column(text, _face("AR PL UMing TW"))
    [reading] = engine.read_lines([line])
    assert reading.text == text
    assert all(0.5 < g.confidence <= 1.0 for g in reading.glyphs)
    # Boxes run down the column in order, each about one glyph high, inside the line.
    tops = [g.box.y for g in reading.glyphs]
    assert tops == sorted(tops)
    pitch = line.pixels.shape[0] / len(text)
    for k, g in enumerate(reading.glyphs):
        assert abs((g.box.y + g.box.h / 2) - (k + 0.5) * pitch) < 0.5 * pitch
        assert g.box.bottom <= line.pixels.shape[0] and g.box.h <= SIZE + 1


def test_reads_many_lines_in_one_call_in_order(engine: PaddleEngine) -> None:
    face = _face("Noto Serif CJK TC")
    texts = ["有朋自遠方來", "不亦樂乎", "人不知而不慍不亦君子乎", "子曰"]
    readings = engine.read_lines([_column(t, face) for t in texts])
    assert [r.text for r in readings] == texts


def test_simplified_and_japanese_forms_are_folded_to_the_traditional(
        engine: PaddleEngine) -> None:
    # 为 has two traditional forms: the one the recognizer rates higher is kept.
    [reading] = engine.read_lines([_column("国说来乗仏为", _face("Noto Sans CJK TC"))])
    assert reading.text[:5] == "國說來乘佛"
    assert reading.text[5] in "為爲"


def test_traditional_characters_that_are_also_japanese_forms_are_not_folded(
        engine: PaddleEngine) -> None:
    # In Japanese 予, 弁, 欠 and 慎 stand for 豫, 辨, 缺 and 愼; in a Chinese book they are
    # words of their own (予曰, 皮弁) and the forms it prints (scripts/folding_table.py).
    text = "予曰皮弁慎而不欠"
    [reading] = engine.read_lines([_column(text, _face("Noto Serif CJK TC"))])
    assert reading.text == text
    # Nothing Big5 encodes is folded (an unencodable character encodes to nothing).
    assert not [c for c in folding_table() if c.encode("big5", "ignore")]


def test_the_recognizer_writes_unified_ideographs(engine: PaddleEngine) -> None:
    # Its list has compatibility ideographs (U+F92C 郎); output is NFC, as search reads it.
    symbols = engine.alphabet.symbols
    assert all(s == unicodedata.normalize("NFC", s) for s in symbols)
    assert "\u90ce" in symbols and "\uf92c" not in symbols


def test_a_character_the_model_lacks_is_marked_not_guessed(engine: PaddleEngine) -> None:
    """Extension A characters the recognizer has no class for come out as 〓 or as some
    other ideograph, never as a letter, kana or symbol; their neighbours are read."""
    face = _face("BabelStone Han")
    font = face.at(SIZE)
    known = set(engine.alphabet.symbols)
    unknown = [chr(cp) for cp in range(0x3400, 0x3600)
               if chr(cp) not in known and font.getmask(chr(cp)).getbbox()][:12]
    assert len(unknown) == 12
    missing = 0
    for k in range(0, 12, 3):
        [reading] = engine.read_lines([_column("子曰" + "".join(unknown[k:k + 3]) + "之也", face)])
        assert reading.text.startswith("子曰") and reading.text.endswith("之也")
        assert all(is_book_character(c) for c in reading.text), reading.text
        assert not set(reading.text) & set(unknown)
        missing += reading.text.count(MISSING)
    # Some are marked; a look-alike read with confidence ≥ UNSURE stands (docs/ocr.md).
    assert missing >= 2


def test_latin_and_kana_look_alikes_never_come_out(engine: PaddleEngine) -> None:
    # 一 alone looks like a dash or an I, 口 like an O, ロ (katakana) is 口's twin.
    face = _face("AR PL UKai TW")
    readings = engine.read_lines([_column(t, face) for t in ("一", "口", "一口一", "工人")])
    for r in readings:
        # A lone 一 turned on its side is a bar to the recognizer: 〓 at worst.
        assert r.text and all(is_book_character(c) for c in r.text), r.text
        assert all(unicodedata.name(c).startswith("CJK") for c in r.text if c != MISSING)
    assert [r.text for r in readings[2:]] == ["一口一", "工人"]


def test_a_line_limited_to_numerals_reads_only_numerals(engine: PaddleEngine) -> None:
    line = _column("三十七", _face("TW-Sung"))
    limited = LineImage(line.pixels, "strip", line.glyph, charset="〇一二三四五六七八九十廿卅百")
    [reading] = engine.read_lines([limited])
    assert reading.text == "三十七"


def test_the_engine_is_built_once_per_process_and_model() -> None:
    assert get_engine("ppocr") is get_engine("ppocr")
    assert get_engine("ppocr", model=stock_model()) is get_engine("ppocr", model=stock_model())


def test_a_model_file_is_selected_by_path(tmp_path: Path) -> None:
    copy = tmp_path / "model.onnx"
    shutil.copyfile(stock_model(), copy)
    reader = get_engine("ppocr", model=copy)
    assert isinstance(reader, PaddleEngine) and reader.model == copy
    [reading] = reader.read_lines([_column("天地玄黃", _face("TW-Kai"))])
    assert reading.text == "天地玄黃"


def test_models_that_cannot_be_used_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no OCR model"):
        PaddleEngine(tmp_path / "absent.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    with pytest.raises(UsageError, match="cannot load"):
        PaddleEngine(junk)
    bare = onnx.load(str(stock_model()))
    del bare.metadata_props[:]
    stripped = tmp_path / "no-charset.onnx"
    onnx.save(bare, str(stripped))
    with pytest.raises(UsageError, match="character list"):
        PaddleEngine(stripped)
    with pytest.raises(UsageError, match="takes no model"):
        get_engine("tesseract", model=stripped)


def test_cli_reads_with_a_chosen_model_and_refuses_a_missing_one(
        tmp_path: Path, generated) -> None:  # type: ignore[no-untyped-def]
    truth = generated["half/0001.tif"]
    guji = [sys.executable, "-m", "guji"]
    ok = subprocess.run([*guji, "ocr", str(truth.image), "--model", str(stock_model())],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert cer_counts(ok.stdout, truth.text)[0] <= 0.05 * len(truth.text)
    missing = subprocess.run([*guji, "ocr", str(truth.image), "--model",
                              str(tmp_path / "x.onnx")], capture_output=True, text=True,
                             check=False)
    assert missing.returncode == 2


def test_a_numeral_of_bars_is_read_once(engine: PaddleEngine) -> None:
    """二 and 三 turned on their side are bars the recognizer may read twice; repeated
    characters that really are two glyphs (子子孫孫) stay two."""
    face = _face("Noto Serif CJK TC")
    numerals = "〇一二三四五六七八九十廿卅百"
    for text in ("二", "三", "二十二", "三十三"):
        line = _column(text, face)
        limited = LineImage(line.pixels, "strip", line.glyph, charset=numerals)
        [reading] = engine.read_lines([limited])
        assert reading.text == text
    [reading] = engine.read_lines([_column("子子孫孫永寶用", face)])
    assert reading.text == "子子孫孫永寶用"


def _grey_column(size: int) -> LineImage:
    """A column of small glyphs in grey ink (90) on toned paper (225), as a small page's
    blurred notes come out."""
    line = _column("學而時習之不亦說乎", _face("AR PL UMing TW"), size)
    pixels = np.where(line.pixels < 128, 90, 225).astype(np.uint8)
    return LineImage(pixels, "note", float(size))


def test_a_line_of_small_glyphs_is_stretched_to_black_on_white_in_more_paper() -> None:
    # The recognizer's input runs from -1 (black) to 1 (white). Lines of glyphs under
    # SMALL_LINE pixels are stretched from their ink to their paper; larger ones are
    # read in their own tones (stretching them cost bold pages of large notes).
    small = prepare_line(_grey_column(14)).pixels
    assert small.min() < -0.9 and np.percentile(small, 90) > 0.95
    large = prepare_line(_grey_column(40)).pixels
    assert -0.35 < large.min() < -0.2 and 0.7 < np.percentile(large, 90) < 0.8
    # And small glyphs stand in more paper across the line: 0.6 of its height, not 0.8.
    def inked_rows(pixels: np.ndarray) -> int:
        rows = np.flatnonzero((pixels < 0.3).any(axis=1))
        return int(rows[-1] - rows[0] + 1)
    assert inked_rows(small) < 0.7 * 48 < inked_rows(large)


def test_an_unsure_reading_is_written_as_read_in_a_line_of_small_glyphs(
        engine: PaddleEngine) -> None:
    # The recognizer's output for 之 read at probability 0.3: in a line of large glyphs
    # that is a character it does not know (〓); blurred to a few pixels, every glyph
    # reads less surely, and the reading is more often right than a character missing.
    from guji.ocr.engines.ctc import UNSURE
    from guji.ocr.engines.ppocr import SMALL_UNSURE, _reading

    assert SMALL_UNSURE < 0.3 < UNSURE
    symbols = engine.alphabet.symbols
    probs = np.zeros((6, len(symbols)), np.float32)
    probs[:, 0] = 1.0
    probs[2, 0], probs[2, symbols.index("之")] = 0.25, 0.3
    for size, expected in ((14, "之"), (40, MISSING)):
        line = _grey_column(size)
        prepared = prepare_line(line)
        assert prepared.small == (size < 24)
        reading = _reading(line, prepared, probs, 8.0, engine.alphabet)
        assert reading.text == expected
