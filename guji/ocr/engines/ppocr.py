"""PaddleOCR's PP-OCR text recognizer on onnxruntime, behind the OcrEngine seam.

Each vertical line is turned 90° counter-clockwise (its top to the left) and scaled to the
recognizer's 48 px height; the recognizer reads the line as one horizontal text line and
emits, for every 8 px step, a probability over its characters and the CTC blank. The
decoding (guji.ocr.engines.ctc) keeps to the characters a page of these books can hold,
folds simplified and Japanese forms back to the traditional ones (folding.tsv) and writes
〓 where no character is read with any certainty.

The weights come from an installed package (the `rapidocr` wheel ships PP-OCRv6 small as
ONNX, its character list in the model's metadata) or from a model file `guji ocr-train`
wrote with the same contract; never from the network. The session is built once per
process by the engine registry.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

from guji.ocr.engine import Glyph, LineImage, LineReading
from guji.ocr.engines.ctc import UNSURE, Alphabet, Decoded, decode
from guji.ocr.engines.language import CharBigrams, kanripo_bigrams, rescored
from guji.ocr.geometry import Box
from guji.ocr.glyphs import yue_or_ri
from guji.ocr.layout.ink import PAPER_PERCENTILE
from guji.pipeline.errors import UsageError

HEIGHT = 48  # the recognizer's input height
# A glyph fills this share of the input height; the rest is paper above and below it
# (left and right of the column before the turn), as in the recognizer's training lines.
GLYPH_SHARE = 0.8
# Paper added at the head and foot of a line, in glyphs: the first and last character
# must not touch the image's edge.
END_PAD = 0.35
# Two readings of one character closer than this (in glyphs) are one glyph read twice:
# characters of a column stand at least 0.75 of a glyph apart.
SAME_GLYPH = 0.6
# A line no taller than this (in glyphs) holds one character.
ONE_GLYPH = 1.4
# A run of inked rows taller than this (in glyph heights) around a 日 or 曰 runs on into
# a neighbour (close-set or bold glyphs touch): its shape says nothing, and the reading
# stands. Chosen on the training pages of seed 8484, where a glyph alone measured at
# most 1.04.
TOUCHING_NEIGHBOUR = 1.1
# Lines read in one batch, of similar widths so that little is padding: a batch takes
# lines no wider than WIDER times its narrowest.
BATCH = 16
WIDER = 1.25
# A line is squeezed to this share of its length: the recognizer's cost is its length.
# Measured on training faces only: rendered columns (benchmarks/ocr_columns.py, seed 11,
# 5,919 characters) CER 0.016 at 0.8 and 0.85, 0.017 at 0.7, 0.018 unsqueezed; of the
# characters the model lacks 52, 47, 44 and 38 written as 〓; whole pages (seeds 77, 91)
# read the same at 0.85 and 0.7 but for one bold page, for 20–32% less recognition time.
# At 0.7 three unknown characters running are read as confident look-alikes
# (tests/ocr/test_ppocr.py), so 0.8.
ALONG = 0.8
# A line of glyphs narrower than SMALL_LINE pixels (a small page's notes, blown up
# three or four times) has its tones stretched from its darkest ink (1st percentile) to
# its paper (90th), where they differ by STRETCH_CONTRAST grey levels, and is sharpened
# after scaling (unsharp mask, radius 2 px, 70 %): thin strokes blurred to grey on toned
# paper read as black ink on white. Chosen on the second renderer's seeds 2, 3 and 9
# (120 pages, training faces). Their 32 pages of glyphs under 36 px: 350 errors as
# they were, 329 with every line stretched, 313 / 300 / 294 / 301 / 323 sharpened at
# radius 1 / 2 / 2 / 3 / 2 px and 100 / 100 / 70 / 100 / 200 %. Every line stretched
# cost two of the generator's pages of bold large notes 30 errors (53 to 83), so only
# these are; all 120 pages: 498 errors stretching every line, 495 these only (the 32
# small pages: 290; with the note's last rows, layout/note_ends.py, as well).
STRETCH_CONTRAST = 40
SMALL_LINE = 24
SHARPEN = (2.0, 70)
# ...and such a line's glyphs fill this share of the input height, not GLYPH_SHARE: more
# paper above and below them. The same 32 pages: 290 errors at 0.8, 350 / 287 / 276 /
# 272 / 285 / 293 at 0.9 / 0.7 / 0.65 / 0.6 / 0.55 / 0.5; all 120 pages 491 -> 464.
SMALL_GLYPH_SHARE = 0.6
# ...and a character read in it is written 〓 under this probability, not ctc.UNSURE:
# blurred to a few pixels, every glyph reads less surely. Rendered columns of training
# faces at 9-17 px (benchmarks/ocr_columns.py --sizes 9-17 --no-threshold --seed 1):
# of 620 readings from 0.2 to 0.4, 12 % right and 5 % in place of a character the model
# lacks; under 0.2, 5 % and 1 % (at 40-72 px: none right from 0.2 to 0.4, 90 % lacked).
# The second renderer's seeds 2, 3, 9: 464 errors at 0.4, 447 at 0.2 (its 32
# pages of glyphs under 36 px: 272 -> 254; 250 with 0.1 in every line).
SMALL_UNSURE = 0.2
STOCK_PACKAGE = "rapidocr"
STOCK_FILE = "models/PP-OCRv6_rec_small.onnx"
# The adapted model, where one was trained, tested and shipped (docs/ocr-training.md).
ADAPTED = Path(__file__).resolve().parents[1] / "models" / "pp-ocrv6-guji" / "model.onnx"
# A model adapted to small lines (`guji ocr-train`, four columns in ten scanned at
# 9-24 px; docs/ocr-training.md): a small line's probabilities are the mean of the
# stock model's and its. Chosen on the second renderer's seeds 2, 3 and 9 (its 32 pages
# of glyphs under 36 px): 234 errors with the stock model alone, 236 with the adapted
# one alone, 208 / 186 / 204 with its weight 0.3 / 0.5 / 0.7; all 120 pages 363 -> 312.
SMALL_ADAPTED = (Path(__file__).resolve().parents[1] / "models" / "pp-ocrv6-guji-small"
                 / "model.onnx")
SMALL_WEIGHT = 0.5


def stock_model() -> Path:
    """The recognizer the installed `rapidocr` package carries; UsageError if absent."""
    spec = importlib.util.find_spec(STOCK_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / STOCK_FILE
        if path.is_file():
            return path
    raise UsageError("the PP-OCR recognizer is not installed",
                     hint="pip install rapidocr (./run.sh setup does), or use --engine tesseract")


def default_model() -> Path:
    return ADAPTED if ADAPTED.is_file() else stock_model()


@dataclass(frozen=True)
class LineInput:
    pixels: np.ndarray  # 48 × W float32, normalised, the line turned
    scale: float  # input pixels per line pixel
    offset: float  # input x of the line's first row
    upright: bool = False  # read as it stands (one character), not turned
    small: bool = False  # glyphs under SMALL_LINE px


class PaddleEngine:
    """PP-OCR recognition of each line, CTC-decoded to traditional characters with boxes."""

    name = "ppocr"

    def __init__(self, model: Path | None = None, *, threads: int | None = None,
                 language: bool = False, small_model: Path | None = None) -> None:
        # Unsure readings weighed by the characters around them (engines.language).
        self.language = kanripo_bigrams() if language else None
        self.name = "ppocr-lunyu" if language else "ppocr"
        self.model = Path(model) if model is not None else default_model()
        # The shipped small-line model joins the default recognizer only: a model given
        # by name reads every line alone.
        if small_model is None and model is None and SMALL_ADAPTED.is_file():
            small_model = SMALL_ADAPTED
        self._session, meta = _session(self.model, threads)
        if "character" not in meta:
            raise UsageError(f"{self.model} has no character list in its metadata",
                             hint="use a PP-OCR recognizer exported with its `character` list")
        self.alphabet = Alphabet.from_metadata(meta["character"])
        self._input = self._session.get_inputs()[0].name
        self._small, self.small_model = None, small_model
        if small_model is not None:
            self._small, small_meta = _session(Path(small_model), threads)
            if small_meta.get("character") != meta["character"]:
                raise UsageError(f"{small_model} reads other characters than {self.model}",
                                 hint="a small-line model must be tuned from the same recognizer")
        record = json.loads(meta.get("guji_training", "null") or "null")
        self._label = (f"{record.get('name', 'adapted')}" if isinstance(record, dict)
                       else self.model.stem)
        if small_model is not None:
            self._label += f" + {Path(small_model).parent.name} on small lines"

    def describe(self) -> str:
        language = ", bigrams of 論語" if self.language else ""
        return (f"PP-OCR recognizer ({self._label}, {len(self.alphabet)} characters, "
                f"onnxruntime{language})")

    def read_lines(self, lines: Sequence[LineImage]) -> list[LineReading]:
        inputs = [prepare_line(line) for line in lines]
        small = [i for i, x in enumerate(inputs) if x.small]
        rest = [i for i, x in enumerate(inputs) if not x.small]
        # Small lines are batched apart from the rest, with or without their own model:
        # what they are padded with is the same either way.
        probs = _probabilities(self._session, self._input, inputs, rest)
        probs.update(_probabilities(self._session, self._input, inputs, small))
        if self._small is not None:
            tuned = _probabilities(self._small, self._input, inputs, small)
            for i in small:
                (p, step), (q, _) = probs[i], tuned[i]
                probs[i] = ((1 - SMALL_WEIGHT) * p + SMALL_WEIGHT * q, step)
        readings = []
        for i, line in enumerate(lines):
            p, step = probs[i]
            readings.append(_reading(line, inputs[i], p, step, self.alphabet, self.language))
        return readings


def _session(model: Path, threads: int | None) -> tuple[Any, dict[str, str]]:
    """An onnxruntime session of the model file and the model's metadata."""
    import onnxruntime as ort

    if not model.is_file():
        raise UsageError(f"no OCR model at {model}",
                         hint="give the model.onnx that `guji ocr-train` wrote")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or int(os.environ.get("GUJI_OCR_THREADS", "0"))
    options.log_severity_level = 3
    # No arena: lines vary in length, and the arena keeps the largest batch's buffers
    # for the life of the process (six 33-MP pages: +153 MB resident with it, +23 MB
    # without, in the same time).
    options.enable_cpu_mem_arena = False
    # Idle threads sleep rather than spin: page workers share the cores.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        session = ort.InferenceSession(str(model), options,
                                       providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own untyped errors
        raise UsageError(f"cannot load the OCR model {model}: {e}",
                         hint="give a model.onnx written by `guji ocr-train`") from e
    return session, dict(session.get_modelmeta().custom_metadata_map)


def _probabilities(session: Any, name: str, inputs: list[LineInput],
                   indices: list[int]) -> dict[int, tuple[np.ndarray, float]]:
    """For each line of `indices`: the recognizer's probabilities per step, and the
    step's width in input pixels. Lines are read in batches of similar widths."""
    out: dict[int, tuple[np.ndarray, float]] = {}
    for batch in _batches(sorted(indices, key=lambda i: inputs[i].pixels.shape[1]), inputs):
        width = max(inputs[i].pixels.shape[1] for i in batch)
        x = np.zeros((len(batch), 3, HEIGHT, width), np.float32)
        for row, i in enumerate(batch):
            x[row, :, :, :inputs[i].pixels.shape[1]] = inputs[i].pixels
        probs = session.run(None, {name: x})[0]
        for row, i in enumerate(batch):
            steps = probs.shape[1] * inputs[i].pixels.shape[1] / width
            out[i] = (probs[row, :max(1, int(np.ceil(steps)))], width / probs.shape[1])
    return out


def _batches(order: list[int], inputs: list[LineInput]) -> list[list[int]]:
    batches: list[list[int]] = []
    for i in order:
        width = inputs[i].pixels.shape[1]
        if batches and len(batches[-1]) < BATCH and (
                width <= WIDER * inputs[batches[-1][0]].pixels.shape[1]):
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def prepare_line(line: LineImage) -> LineInput:
    """The line turned 90° counter-clockwise, padded with paper, scaled to 48 px high."""
    pixels = line.pixels
    h, w = pixels.shape
    glyph = max(float(line.glyph), float(w), 1.0)
    # Centre the ink in a band one glyph wide, then leave paper at both ends.
    small = glyph < SMALL_LINE
    band = int(round(glyph / (SMALL_GLYPH_SHARE if small else GLYPH_SHARE)))
    end = int(round(END_PAD * glyph))
    if small:
        pixels = _stretched(pixels)
    paper = int(np.percentile(pixels, PAPER_PERCENTILE)) if pixels.size else 255
    canvas = np.full((h + 2 * end, band), paper, np.uint8)
    left = max(0, (band - w) // 2)
    canvas[end:end + h, left:left + min(w, band)] = pixels[:, :band]
    # A line of one character is read upright: turned on its side, 三 is three bars.
    upright = h <= ONE_GLYPH * glyph
    turned = canvas if upright else np.rot90(canvas)  # the column's top is now at the left
    scale = HEIGHT / turned.shape[0]
    # Tall narrow glyphs (a note in the Siku hand) are squeezed square as well.
    along = scale if upright else scale * ALONG / max(1.0, line.aspect)
    width = max(HEIGHT // 2, int(round(turned.shape[1] * along)))
    image = Image.fromarray(np.ascontiguousarray(turned)).resize(
        (width, HEIGHT), Image.Resampling.BILINEAR)
    if small:
        image = image.filter(ImageFilter.UnsharpMask(*SHARPEN, threshold=0))
    resized = np.asarray(image, np.float32)
    return LineInput((resized / 255.0 - 0.5) / 0.5, along, end * along, upright, small)


def _stretched(pixels: np.ndarray) -> np.ndarray:
    """The line's tones stretched from its darkest ink to its paper (to black and white),
    where it has ink at all."""
    if pixels.size == 0:
        return pixels
    paper, ink = np.percentile(pixels, (PAPER_PERCENTILE, 1))
    if paper - ink < STRETCH_CONTRAST:
        return pixels
    stretched = (pixels.astype(np.float32) - ink) * (255.0 / (paper - ink))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _one_per_glyph(chars: list[Decoded], centres: list[float],
                   glyph: float) -> tuple[list[Decoded], list[float]]:
    """The same character read twice within one glyph is one character. Turned on its
    side, 二 and 三 are two or three bars, which the recognizer may read as two 二."""
    kept_chars: list[Decoded] = []
    kept_centres: list[float] = []
    for c, y in zip(chars, centres, strict=True):
        if kept_chars and c.text == kept_chars[-1].text and y - kept_centres[-1] < (
                SAME_GLYPH * glyph):
            last = kept_chars[-1]
            kept_chars[-1] = Decoded(last.text, max(last.confidence, c.confidence),
                                     last.first, c.last)
            kept_centres[-1] = (kept_centres[-1] + y) / 2
            continue
        kept_chars.append(c)
        kept_centres.append(y)
    return kept_chars, kept_centres


def _shape_checked(text: str, pixels: np.ndarray, centre: float, glyph: float,
                   aspect: float = 1.0, alone: bool = False) -> str:
    """日 or 曰 by the ink's shape: the run of inked rows around the glyph's centre.
    `aspect`: how many times as tall as wide the line's glyphs stand; `alone`: the line
    holds this one glyph, cut to its ink, so its run is the glyph's own height."""
    height = glyph * aspect
    top, bottom = max(0, int(centre - 0.75 * height)), int(centre + 0.75 * height)
    cell = pixels[top:bottom]
    if cell.size == 0:
        return text
    ink = cell < (float(cell.min()) + float(np.percentile(cell, 90))) / 2
    inked: np.ndarray = np.asarray(ink.any(axis=1))
    mid = min(len(inked) - 1, int(centre) - top)
    if not inked[mid]:
        return text
    a = b = mid
    while a > 0 and inked[a - 1]:
        a -= 1
    while b + 1 < len(inked) and inked[b + 1]:
        b += 1
    if not alone and b + 1 - a > TOUCHING_NEIGHBOUR * height:
        return text
    return yue_or_ri(ink[a:b + 1], aspect)


def _reading(line: LineImage, prepared: LineInput, probs: np.ndarray, step_px: float,
             alphabet: Alphabet, language: CharBigrams | None = None) -> LineReading:
    """Decoded characters with their boxes in the line image's pixels."""
    chars = decode(probs, alphabet, charset=line.charset,
                   unsure=SMALL_UNSURE if prepared.small else UNSURE,
                   alternatives=language is not None)
    if language is not None and line.charset is None:
        chars = rescored(chars, language)
    h, w = line.pixels.shape
    glyph = max(float(line.glyph), 1.0)
    if prepared.upright:
        # Read across, not down: what is read stands in the line's middle, in order.
        centres = [h * (k + 0.5) / len(chars) for k in range(len(chars))]
    else:
        centres = [((c.first + c.last + 1) / 2 * step_px - prepared.offset) / prepared.scale
                   for c in chars]
    chars, centres = _one_per_glyph(chars, centres, glyph)
    glyphs = []
    for k, (c, y) in enumerate(zip(chars, centres, strict=True)):
        # A glyph's box: a glyph high around its centre, not past halfway to a neighbour.
        top = max(y - glyph / 2, (centres[k - 1] + y) / 2 if k else 0.0, 0.0)
        bottom = min(y + glyph / 2, (y + centres[k + 1]) / 2 if k + 1 < len(chars) else h, h)
        box = Box.from_edges(0, top, w, max(bottom, top + 1))
        text = (_shape_checked(c.text, line.pixels, y, glyph, line.aspect, prepared.upright)
                if c.text in "日曰" else c.text)
        glyphs.append(Glyph(text, box, c.confidence))
    return LineReading(tuple(glyphs))
