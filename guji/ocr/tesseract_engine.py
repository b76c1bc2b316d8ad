"""Tesseract behind the OcrEngine seam: each vertical line re-set as a horizontal one.

Whole pages defeat Tesseract on these books (rulings, commentary, reading order), and
even single columns given to its vertical model (chi_tra_vert, psm 5) are read
unreliably: short columns often come back empty. So each line is scaled to a glyph
size Tesseract reads well, binarised, cut into glyph cells (guji.ocr.glyphs) and the
cells are set side by side as one horizontal line, which the horizontal model reads as
a single text line (chi_tra, psm 7). Cells keep their place in the column, so every
character read comes back with its box. All lines of a page go to one tesseract run
per process (the model loads once), two processes side by side.
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
from guji.ocr.glyphs import glyph_cells, without_rulings
from guji.ocr.layout.ink import binarize

LANG = "chi_tra"
# Page segmentation mode 7: the image is a single text line.
PSM = 7
# Reading lines as printed: the vertical model, one uniform block of vertical text.
VERT_LANG = "chi_tra_vert"
VERT_PSM = 5
# Glyph width (pixels) the line images are scaled to.
GLYPH_PX = 32
# Paper between neighbouring cells and around the line, as shares of the glyph width.
CELL_GAP = 0.15
PAD = 0.5
# Tesseract processes run side by side for one page.
PROCESSES = 2
# Tesseract reads 曰 as 日 more often than not; the two differ in shape only: 日 is
# tall and narrow (ink width / height about 0.6–0.77), 曰 squat (0.8 and more).
WIDE_YUE = 0.78


@dataclass(frozen=True)
class _Cell:
    x0: int  # columns of the horizontal image
    x1: int
    top: float  # rows of the line image (its own pixels)
    bottom: float
    aspect: float  # width / height of the cell's ink


@dataclass(frozen=True)
class _Prepared:
    path: Path
    width: float  # the line image's width, its own pixels
    cells: tuple[_Cell, ...]


class TesseractEngine:
    """The Tesseract engine: chi_tra, each line read as a horizontal line (psm 7); with
    vertical=True, chi_tra_vert reading each line as it stands (psm 5)."""

    name = "tesseract"

    def __init__(self, *, glyph_px: int = GLYPH_PX, processes: int = PROCESSES,
                 vertical: bool = False) -> None:
        self.vertical = vertical
        self.lang, self.psm = (VERT_LANG, VERT_PSM) if vertical else (LANG, PSM)
        tesseract.require_language(self.lang)
        self.glyph_px = glyph_px
        self.processes = max(1, processes)
        if vertical:
            self.name = "tesseract-vert"

    def describe(self) -> str:
        how = "lines as printed" if self.vertical else "lines re-set horizontally"
        return f"Tesseract {tesseract.version()} ({self.lang}, psm {self.psm}, {how})"

    def read_lines(self, lines: Sequence[LineImage]) -> list[LineReading]:
        if not lines:
            return []
        with tempfile.TemporaryDirectory(prefix="guji-ocr-") as tmp:
            workdir = Path(tmp)
            prepared = [self._prepare(line, workdir / f"{i:04d}.png")
                        for i, line in enumerate(lines)]
            free = [i for i, ln in enumerate(lines) if not ln.charset]
            groups: list[tuple[list[int], str | None]] = [
                (g, None) for g in _balanced(free, [len(prepared[i].cells) for i in free],
                                             self.processes)]
            # Lines limited to a character set (leaf numbers) need a run of their own.
            for charset in sorted({ln.charset for ln in lines if ln.charset}):
                groups.append(([i for i, ln in enumerate(lines) if ln.charset == charset],
                               charset))
            readings = [LineReading(())] * len(lines)
            with ThreadPoolExecutor(max_workers=max(1, len(groups))) as pool:
                runs = [(g, pool.submit(tesseract.recognize_tsv, [prepared[i].path for i in g],
                                        lang=self.lang, psm=self.psm, workdir=workdir,
                                        whitelist=cs))
                        for g, cs in groups if g]
                for group, future in runs:
                    for page, words in _parse_tsv(future.result()).items():
                        i = group[page - 1]
                        readings[i] = LineReading(_glyphs(words, prepared[i], self.vertical))
        return readings

    def _prepare(self, line: LineImage, path: Path) -> _Prepared:
        """Scale, binarise, cut into cells and set them side by side; save as PNG."""
        gp = self.glyph_px
        scale = gp / max(1.0, line.glyph)
        img = Image.fromarray(line.pixels)
        w = max(1, int(round(img.width * scale)))
        h = max(1, int(round(img.height * scale)))
        scaled = np.asarray(img.resize((w, h), Image.Resampling.LANCZOS))
        # The paper level is looked for over two glyphs: heavy strokes of a woodblock
        # print fill a whole glyph's width.
        ink = without_rulings(binarize(scaled, window=2 * gp + 1), gp)
        spans = glyph_cells(ink, gp)
        if self.vertical:
            return self._save_vertical(ink, spans, scale, line.pixels.shape[1], path)
        pad, gap = int(PAD * gp), int(CELL_GAP * gp)
        tallest = max([b - a for a, b in spans], default=gp)
        canvas = np.full((tallest + 2 * pad, pad * 2 + sum(w + gap for _ in spans) or 1),
                         255, np.uint8)
        cells = []
        x = pad
        for a, b in spans:
            piece = ink[a:b]
            y = pad + (tallest - (b - a)) // 2
            canvas[y:y + (b - a), x:x + w][piece] = 0
            cells.append(_Cell(x, x + w, a / scale, b / scale, _aspect(piece)))
            x += w + gap
        Image.fromarray(canvas).save(path)
        return _Prepared(path, line.pixels.shape[1], tuple(cells))


    def _save_vertical(self, ink: np.ndarray, spans: list[tuple[int, int]], scale: float,
                       width: int, path: Path) -> _Prepared:
        """The line as printed, padded with paper; cells keep their rows."""
        pad = int(PAD * self.glyph_px)
        h, w = ink.shape
        canvas = np.full((h + 2 * pad, w + 2 * pad), 255, np.uint8)
        canvas[pad:pad + h, pad:pad + w][ink] = 0
        Image.fromarray(canvas).save(path)
        cells = tuple(_Cell(pad + a, pad + b, a / scale, b / scale, _aspect(ink[a:b]))
                      for a, b in spans)
        return _Prepared(path, width, cells)


def _aspect(piece: np.ndarray) -> float:
    cols = np.flatnonzero(piece.any(axis=0))
    return (cols[-1] - cols[0] + 1) / piece.shape[0] if cols.size and piece.shape[0] else 1.0


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


def _glyphs(words: list[tuple[str, Box, float]], prep: _Prepared,
            vertical: bool = False) -> tuple[Glyph, ...]:
    """Characters read, each placed in the cell its share of the word covers (along x
    in a re-set line, along y in a vertical one), with its box in the line image (the
    cell's rows, the line's width)."""
    placed: list[tuple[str, int | None, float]] = []
    for text, box, conf in words:
        chars = [c for c in text if not c.isspace()]
        start, length = (box.y, box.h) if vertical else (box.x, box.w)
        step = length / max(1, len(chars))
        for k, ch in enumerate(chars):
            centre = start + (k + 0.5) * step
            placed.append((ch, _nearest_cell(prep.cells, centre), conf))
    glyphs = []
    for n, (ch, cell_index, conf) in enumerate(placed):
        if cell_index is None:
            continue
        cell = prep.cells[cell_index]
        # Characters sharing a cell share its height.
        same = [i for i, p in enumerate(placed) if p[1] == cell_index]
        part = (cell.bottom - cell.top) / len(same)
        top = cell.top + same.index(n) * part
        if ch == "日" and len(same) == 1 and cell.aspect >= WIDE_YUE:
            ch = "曰"
        glyphs.append(Glyph(ch, Box.from_edges(0, top, prep.width, top + part), conf))
    return tuple(glyphs)


def _nearest_cell(cells: tuple[_Cell, ...], x: float) -> int | None:
    if not cells:
        return None
    return min(range(len(cells)),
               key=lambda i: 0.0 if cells[i].x0 <= x < cells[i].x1
               else min(abs(x - cells[i].x0), abs(x - cells[i].x1)))
