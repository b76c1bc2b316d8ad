"""The recognizer alone, on single columns rendered per typeface: CER and what 〓 means.

    python benchmarks/ocr_columns.py                    # training faces (tuning set)
    python benchmarks/ocr_columns.py --fonts reserved   # evaluation-only faces: report only
    python benchmarks/ocr_columns.py --model out/model.onnx --columns 60 --seed 7
    python benchmarks/ocr_columns.py --sizes 9-17 --no-threshold  # a small page's notes

Each column holds 8–20 characters of classical text from the generator's texts, or the
same characters shuffled (no language to lean on); one column in four also holds a
character the recognizer has no class for (CJK Extension A, drawn by a face that has it).
Columns are printed at 40–72 px per glyph (`--sizes`), blurred a little and given paper
noise. `--no-threshold` writes every reading as read, none as 〓 for being unsure, so the
table below shows how often the unsure ones are right, and how often they stand where the
model lacks the character (which 〓 would have got right).

Printed: CER per typeface; then, over every character read, how often a reading is right
at each confidence, which is what the 〓 threshold (guji/ocr/engines/ctc.py, UNSURE) is
chosen from, on the training faces only. Reserved faces are for reporting, never tuning.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from guji.ocr.engine import LineImage  # noqa: E402
from guji.ocr.engines import get_engine, ppocr  # noqa: E402
from guji.ocr.engines.ctc import MISSING  # noqa: E402
from guji.sample.fonts import Typeface, find_typefaces  # noqa: E402
from guji.sample.texts import NOTE_CLOSE, NOTE_OPEN, WORKS, plain_text  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--fonts", choices=("train", "reserved"), default="train")
    ap.add_argument("--columns", type=int, default=40, help="columns per typeface")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--sizes", default="40-72",
                    help="glyph sizes in px, first-last (a small page's notes: 9-17)")
    ap.add_argument("--no-threshold", action="store_true",
                    help="write every reading, none as 〓, to see how often unsure ones are right")
    args = ap.parse_args()
    smallest, largest = (int(v) for v in args.sizes.split("-"))
    if args.no_threshold:
        # The engine reads its thresholds at each line: large lines', small lines'.
        ppocr.UNSURE = ppocr.SMALL_UNSURE = 0.0
    engine = get_engine("ppocr", model=args.model)
    alphabet = set(engine.alphabet.symbols)  # type: ignore[attr-defined]
    rng = random.Random(args.seed)
    text = "".join(plain_text(p).replace(NOTE_OPEN, "").replace(NOTE_CLOSE, "")
                   for w in WORKS for c in w.chapters for p in c.passages)
    print(f"engine: {engine.describe()}; faces: {args.fonts}; seed {args.seed}; "
          f"glyphs {smallest}-{largest} px; 〓 under {ppocr.UNSURE} "
          f"(lines of glyphs under {ppocr.SMALL_LINE} px: {ppocr.SMALL_UNSURE})")
    pairs: list[tuple[float, bool, bool]] = []  # confidence, right, in place of one it lacks
    missing_right = missing_total = 0
    total_d = total_n = 0
    started = time.perf_counter()
    for face in find_typefaces(args.fonts):
        oov = _unknown_characters(face, alphabet)
        d = n = 0
        for k in range(args.columns):
            size = rng.randint(smallest, largest)
            length = rng.randint(8, 20)
            start = rng.randrange(len(text) - length)
            chars = list(text[start:start + length])
            if k % 2:
                rng.shuffle(chars)
            if oov and k % 4 == 0:
                chars[rng.randrange(length)] = rng.choice(oov)
            truth = "".join(c if c in alphabet else MISSING for c in chars)
            line = LineImage(_column(chars, face, size, rng), "main", float(size))
            reading = engine.read_lines([line])[0]
            d += Levenshtein.distance(reading.text, truth)
            n += len(truth)
            for block in Levenshtein.opcodes(reading.text, truth):
                for i in range(block.src_start, block.src_end):
                    glyph = reading.glyphs[i]
                    right = block.tag == "equal"
                    j = block.dest_start + i - block.src_start
                    lacked = block.tag == "replace" and j < block.dest_end and truth[j] == MISSING
                    if glyph.text == MISSING:
                        missing_total += 1
                        missing_right += right
                    else:
                        pairs.append((glyph.confidence, right, lacked))
        total_d, total_n = total_d + d, total_n + n
        print(f"  {face.name:32s} CER {d / max(1, n):.3f} over {n} characters")
    print(f"all {args.fonts} faces: CER {total_d / max(1, total_n):.3f} over {total_n} characters "
          f"({time.perf_counter() - started:.0f} s)")
    print(f"〓 written: {missing_total}, of them in place of a character the model lacks: "
          f"{missing_right}")
    print("readings by confidence (share right; share in place of a character the model lacks):")
    for lo, hi in ((0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.01)):
        got = [(r, lacked) for c, r, lacked in pairs if lo <= c < hi]
        if got:
            print(f"  [{lo:.1f}, {min(hi, 1):.1f}): {len(got):5d} readings, "
                  f"{sum(r for r, _ in got) / len(got):.2f} right, "
                  f"{sum(la for _, la in got) / len(got):.2f} lacked")
    return 0


def _unknown_characters(face: Typeface, alphabet: set[str]) -> list[str]:
    """Extension A characters the face draws and the recognizer has no class for."""
    font = face.at(48)
    return [chr(cp) for cp in range(0x3400, 0x4DB6)
            if chr(cp) not in alphabet and font.getmask(chr(cp)).getbbox()][:300]


def _column(chars: list[str], face: Typeface, size: int, rng: random.Random) -> np.ndarray:
    pitch = int(size * rng.uniform(1.05, 1.3))
    img = Image.new("L", (int(size * 1.3), pitch * len(chars) + size // 2), 235)
    draw = ImageDraw.Draw(img)
    for i, ch in enumerate(chars):
        draw.text((int(size * 0.15), size // 4 + i * pitch), ch, font=face.at(size), fill=30)
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    arr = np.asarray(img, np.float32) + np.random.default_rng(rng.randrange(1 << 30)).normal(
        0, 8, (img.height, img.width))
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    ink = np.argwhere(arr < 128)
    if len(ink):
        (y0, x0), (y1, x1) = ink.min(0), ink.max(0)
        arr = arr[y0:y1 + 1, x0:x1 + 1]
    return arr


if __name__ == "__main__":
    sys.exit(main())
