"""Tesseract (chi_tra_vert) behind the OcrEngine seam, one line image at a time.

Whole pages defeat Tesseract on these books (rulings, commentary, reading order), so
layout analysis hands it single lines. Each line is scaled to a glyph width Tesseract
reads well, binarised and padded with paper; all lines of a page go to one tesseract
run (the model loads once), split over two processes that run side by side.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from guji.ocr import tesseract
from guji.ocr.engine import Glyph, LineImage, LineReading
from guji.ocr.geometry import Box
from guji.ocr.layout.ink import binarize

LANG = "chi_tra_vert"
# Page segmentation mode 5: a single uniform block of vertically aligned text.
PSM = 5
# Glyph width (pixels) the line images are scaled to.
GLYPH_PX = 40
# Lines are binarised before Tesseract sees them (else given as grey).
BINARIZE = True
# Paper added around each line, as a share of the glyph width.
PAD_SHARE = 0.5
# Tesseract processes run side by side for one page.
PROCESSES = 2


@dataclass(frozen=True)
class _Prepared:
    path: Path
    scale: float  # line-image px → prepared px
    pad: int


class TesseractEngine:
    """The Tesseract engine: chi_tra_vert, psm 5, one run per page's lines."""

    name = "tesseract"

    def __init__(self, *, glyph_px: int = GLYPH_PX, processes: int = PROCESSES) -> None:
        tesseract.require_language(LANG)
        self.glyph_px = glyph_px
        self.processes = max(1, processes)

    def describe(self) -> str:
        return f"Tesseract {tesseract.version()} ({LANG}, psm {PSM})"

    def read_lines(self, lines: Sequence[LineImage]) -> list[LineReading]:
        if not lines:
            return []
        with tempfile.TemporaryDirectory(prefix="guji-ocr-") as tmp:
            workdir = Path(tmp)
            prepared = [self._prepare(line, workdir / f"{i:04d}.png")
                        for i, line in enumerate(lines)]
            free = [i for i, ln in enumerate(lines) if not ln.charset]
            groups = [(g, None) for g in _balanced(free, [lines[i].pixels.shape[0] for i in free],
                                                   self.processes)]
            # Lines limited to a character set (leaf numbers) need a run of their own.
            for charset in sorted({ln.charset for ln in lines if ln.charset}):
                groups.append(([i for i, ln in enumerate(lines) if ln.charset == charset],
                               charset))
            readings: list[LineReading] = [LineReading(())] * len(lines)
            with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
                runs = [(g, pool.submit(tesseract.recognize_tsv, [prepared[i].path for i in g],
                                        lang=LANG, psm=PSM, workdir=workdir, whitelist=cs))
                        for g, cs in groups if g]
                for group, future in runs:
                    for page, glyphs in _parse_tsv(future.result()).items():
                        i = group[page - 1]
                        readings[i] = LineReading(_to_line(glyphs, prepared[i]))
        return readings

    def _prepare(self, line: LineImage, path: Path) -> _Prepared:
        scale = self.glyph_px / max(1.0, line.glyph)
        img = Image.fromarray(line.pixels)
        w = max(1, int(round(img.width * scale)))
        h = max(1, int(round(img.height * scale)))
        img = img.resize((w, h), Image.Resampling.LANCZOS)
        pad = int(PAD_SHARE * self.glyph_px)
        canvas = np.full((h + 2 * pad, w + 2 * pad), 255, np.uint8)
        if BINARIZE:
            canvas[pad:pad + h, pad:pad + w][binarize(np.asarray(img))] = 0
        else:
            canvas[pad:pad + h, pad:pad + w] = np.asarray(img)
        Image.fromarray(canvas).save(path)
        return _Prepared(path, scale, pad)


def _balanced(items: list[int], weights: list[int], n: int) -> list[list[int]]:
    """Up to n groups of consecutive items with about equal total weight."""
    n = min(n, len(items))
    total = sum(weights)
    groups: list[list[int]] = [[]]
    acc = 0
    for i, w in zip(items, weights, strict=True):
        if groups[-1] and acc >= total * len(groups) / n and len(groups) < n:
            groups.append([])
        groups[-1].append(i)
        acc += w
    return groups


def _parse_tsv(tsv: str) -> dict[int, list[tuple[str, Box, float]]]:
    """Words of tesseract's TSV by page number: (text, box, confidence 0–1)."""
    out: dict[int, list[tuple[str, Box, float]]] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        if not text:
            continue
        box = Box(int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        conf = max(0.0, float(row["conf"])) / 100.0
        out.setdefault(int(row["page_num"]), []).append((text, box, conf))
    return out


def _to_line(words: list[tuple[str, Box, float]], prep: _Prepared) -> tuple[Glyph, ...]:
    """Glyphs in line-image pixels; a word of several characters is shared out evenly
    down its box (vertical text: one character below the other)."""
    glyphs = []
    for text, box, conf in words:
        chars = [c for c in text if not c.isspace()]
        step = box.h / max(1, len(chars))
        for k, ch in enumerate(chars):
            y0 = box.y + k * step
            part = Box.from_edges(box.x, y0, box.right, y0 + step)
            glyphs.append(Glyph(ch, _unprepare(part, prep), conf))
    return tuple(glyphs)


def _unprepare(box: Box, prep: _Prepared) -> Box:
    s = prep.scale
    return Box.from_edges((box.x - prep.pad) / s, (box.y - prep.pad) / s,
                          (box.right - prep.pad) / s, (box.bottom - prep.pad) / s)
