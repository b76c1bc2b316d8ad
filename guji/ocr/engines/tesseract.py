"""Tesseract behind the OcrEngine seam: each vertical line re-set as a horizontal one.

Whole pages defeat Tesseract on these books (rulings, commentary, reading order), and
even single columns given to its vertical model (chi_tra_vert, psm 5) are read
unreliably: short columns often come back empty. So each line is scaled to a glyph
size Tesseract reads well, binarised, cut into glyph cells (guji.ocr.glyphs) and the
cells are set side by side as one horizontal line, which the horizontal model reads as
a single text line (chi_tra, psm 7). Cells keep their place in the column, so every
character read comes back with its box. Each line is read at three glyph sizes and the
readings are voted on, character by character. All lines of a page go to one tesseract
run per process (the model loads once), two processes side by side.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from lxml import etree
from PIL import Image
from rapidfuzz.distance import Levenshtein

from guji.ocr.engine import Glyph, LineImage, LineReading
from guji.ocr.engines import tesseract_cli as tesseract
from guji.ocr.geometry import Box
from guji.ocr.glyphs import WIDE_YUE, glyph_cells, without_rulings
from guji.ocr.layout.ink import binarize

LANG = "chi_tra"
XHTML = "http://www.w3.org/1999/xhtml"
# Aligning characters read to glyph cells (see _by_cell): the cost of a cell read as
# nothing, and of a cell read as two characters, against the distance (in cells)
# between a character's box and its cell.
SKIP_COST = 0.8
SHARE_COST = 0.8
# Page segmentation mode 7: the image is a single text line.
PSM = 7
# Reading lines as printed: the vertical model, one uniform block of vertical text.
VERT_LANG = "chi_tra_vert"
VERT_PSM = 5
# Glyph widths (pixels) the line images are scaled to: each line is read at every
# size and the readings vote, character by character (see _reading). Tesseract's
# errors at different sizes are largely independent, so the views put right much of
# what one gets wrong (benchmarks/ocr_cer.py --views 32 against the default).
VIEWS = (32, 44, 26)
# Paper between neighbouring cells and around the line, as shares of the glyph width.
CELL_GAP = 0.15
PAD = 0.5
# Tesseract processes run side by side for one page.
PROCESSES = 2


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


# What one view read in a line: its characters in order, each with its confidence and
# the index of the glyph cell it was put in.
_ViewReading = list[tuple[str, float, int]]


class TesseractEngine:
    """The Tesseract engine: chi_tra, each line read as a horizontal line (psm 7); with
    vertical=True, chi_tra_vert reading each line as it stands (psm 5)."""

    name = "tesseract"

    def __init__(self, *, views: Sequence[int] = VIEWS, processes: int = PROCESSES,
                 vertical: bool = False) -> None:
        if not views or min(views) < 8:
            raise ValueError(f"glyph sizes to read lines at must be 8 px or more, not {views}")
        self.vertical = vertical
        self.lang, self.psm = (VERT_LANG, VERT_PSM) if vertical else (LANG, PSM)
        tesseract.require_language(self.lang)
        self.views = tuple(views)
        self.processes = max(1, processes)
        if vertical:
            self.name = "tesseract-vert"

    def describe(self) -> str:
        how = "lines as printed" if self.vertical else "lines re-set horizontally"
        sizes = "/".join(str(v) for v in self.views)
        return (f"Tesseract {tesseract.version()} ({self.lang}, psm {self.psm}, {how}, "
                f"glyphs at {sizes} px)")

    def read_lines(self, lines: Sequence[LineImage]) -> list[LineReading]:
        if not lines:
            return []
        views = range(len(self.views))
        prepared: list[dict[int, _Prepared]] = [{} for _ in views]  # view -> line -> image
        read: list[list[_ViewReading]] = [[[] for _ in lines] for _ in views]
        with (tempfile.TemporaryDirectory(prefix="guji-ocr-") as tmp,
              ThreadPoolExecutor(max_workers=self.processes + 1) as pool):
            workdir = Path(tmp)

            def prepare(i: int) -> None:
                # The first view cuts the line into cells; the others are cut at the
                # same rows, so that the views' readings of a cell can be compared.
                first = self._prepare(lines[i], workdir / f"{i:04d}-0.png", self.views[0])
                prepared[0][i] = first
                for v in views[1:]:
                    prepared[v][i] = self._prepare(lines[i], workdir / f"{i:04d}-{v}.png",
                                                   self.views[v], first.cells)

            def submit(jobs: list[tuple[int, int]], whitelist: str | None) -> Future[str]:
                return pool.submit(tesseract.recognize_hocr,
                                   [prepared[v][i].path for v, i in jobs], lang=self.lang,
                                   psm=self.psm, workdir=workdir, whitelist=whitelist)

            runs: list[tuple[list[tuple[int, int]], Future[str]]] = []
            # Lines limited to a character set (leaf numbers) need a run of their own;
            # it starts first, loading its model while the other lines are prepared.
            for charset in sorted({ln.charset for ln in lines if ln.charset}):
                limited = [i for i, ln in enumerate(lines) if ln.charset == charset]
                for i in limited:
                    prepare(i)
                jobs = [(v, i) for v in views for i in limited]
                runs.append((jobs, submit(jobs, charset)))
            free = [i for i, ln in enumerate(lines) if not ln.charset]
            for i in free:
                prepare(i)
            jobs = [(v, i) for v in views for i in free]
            for group in _balanced(list(range(len(jobs))),
                                   [len(prepared[0][i].cells) for _v, i in jobs],
                                   self.processes):
                if group:
                    picked = [jobs[k] for k in group]
                    runs.append((picked, submit(picked, None)))
            for picked, future in runs:
                for page, chars in enumerate(_parse_hocr(future.result())):
                    v, i = picked[page]
                    read[v][i] = _by_cell(chars, prepared[v][i], self.vertical)
        return [_reading([read[v][i] for v in views], prepared[0][i])
                for i in range(len(lines))]

    def _prepare(self, line: LineImage, path: Path, gp: int,
                 cut: tuple[_Cell, ...] | None = None) -> _Prepared:
        """Scale to a glyph width of `gp` px, binarise, cut into cells (at the rows of
        `cut` when given) and set them side by side; save as PNG."""
        scale = gp / max(1.0, line.glyph)
        img = Image.fromarray(line.pixels)
        w = max(1, int(round(img.width * scale)))
        h = max(1, int(round(img.height * scale)))
        scaled = np.asarray(img.resize((w, h), Image.Resampling.LANCZOS))
        # The paper level is looked for over two glyphs: heavy strokes of a woodblock
        # print fill a whole glyph's width.
        ink = without_rulings(binarize(scaled, window=2 * gp + 1), gp)
        if cut is None:
            spans = glyph_cells(ink, gp)
        else:
            rows = ink.shape[0]
            spans = [(min(a, rows - 1), min(rows, max(a + 1, b))) for a, b in
                     ((int(round(c.top * scale)), int(round(c.bottom * scale))) for c in cut)]
        if self.vertical:
            return self._save_vertical(ink, spans, scale, line.pixels.shape[1], path, gp)
        pad, gap = int(PAD * gp), int(CELL_GAP * gp)
        tallest = max([b - a for a, b in spans], default=gp)
        w = ink.shape[1]
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
        # Written once and read once: speed over size.
        Image.fromarray(canvas).save(path, compress_level=1)
        return _Prepared(path, line.pixels.shape[1], tuple(cells))


    def _save_vertical(self, ink: np.ndarray, spans: list[tuple[int, int]], scale: float,
                       width: int, path: Path, gp: int) -> _Prepared:
        """The line as printed, padded with paper; cells keep their rows."""
        pad = int(PAD * gp)
        h, w = ink.shape
        canvas = np.full((h + 2 * pad, w + 2 * pad), 255, np.uint8)
        canvas[pad:pad + h, pad:pad + w][ink] = 0
        Image.fromarray(canvas).save(path, compress_level=1)
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


def _parse_hocr(hocr: str) -> list[list[tuple[str, Box, float]]]:
    """The characters of each page of tesseract's hOCR, in its reading order: (text,
    box, confidence 0–1)."""
    if not hocr.strip():
        return []
    root = etree.fromstring(hocr.encode("utf-8"), etree.XMLParser(resolve_entities=False,
                                                                  no_network=True))
    pages = []
    for page in root.iter(f"{{{XHTML}}}div"):
        if page.get("class") != "ocr_page":
            continue
        chars = []
        for span in page.iter(f"{{{XHTML}}}span"):
            text = (span.text or "").strip()
            if span.get("class") != "ocrx_cinfo" or not text:
                continue
            fields = dict(f.strip().split(" ", 1) for f in span.get("title", "").split(";")
                          if f.strip())
            x0, y0, x1, y1 = (int(v) for v in fields["x_bboxes"].split())
            conf = max(0.0, float(fields.get("x_conf", "0"))) / 100.0
            chars.append((text, Box.from_edges(x0, y0, x1, y1), conf))
        pages.append(chars)
    return pages


def _by_cell(chars: list[tuple[str, Box, float]], prep: _Prepared,
             vertical: bool = False) -> _ViewReading:
    """The characters read, put in the glyph cells in tesseract's order. Its boxes of
    single characters are rough (often off by half a cell), so the characters are
    aligned to the cells as a whole: one to a cell wherever that fits, a cell left
    empty or holding two only where the boxes clearly say so."""
    cells = prep.cells
    if not chars or not cells:
        return []
    centres = [(b.y + b.h / 2) if vertical else (b.x + b.w / 2) for _t, b, _c in chars]
    mids = [(c.x0 + c.x1) / 2 for c in cells]
    pitch = max(1.0, (mids[-1] - mids[0]) / (len(mids) - 1)) if len(mids) > 1 else (
        max(1.0, cells[0].x1 - cells[0].x0))

    def far(i: int, j: int) -> float:
        return min(2.0, abs(centres[i] - mids[j]) / pitch)

    n, m = len(chars), len(cells)
    inf = float("inf")
    # cost[i][j]: the first i characters in the first j cells; how[i][j]: how many of
    # them went to cell j-1.
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    how = [[0] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for j in range(1, m + 1):
        for i in range(n + 1):
            options = [(cost[i][j - 1] + SKIP_COST, 0)]
            if i >= 1:
                options.append((cost[i - 1][j - 1] + far(i - 1, j - 1), 1))
            if i >= 2:
                options.append((cost[i - 2][j - 1] + far(i - 2, j - 1) + far(i - 1, j - 1)
                                + SHARE_COST, 2))
            cost[i][j], how[i][j] = min(options)
    i, j = n, m
    if cost[n][m] == inf:
        # More characters than two a cell: crowd the rest into the last cell.
        i = next(k for k in range(n, -1, -1) if cost[k][m] < inf)
    cell_of = [m - 1] * n
    while j > 0:
        k = how[i][j]
        for q in range(i - k, i):
            cell_of[q] = j - 1
        i, j = i - k, j - 1
    return [(ch, conf, cell_of[q]) for q, (text, _b, conf) in enumerate(chars) for ch in text]


def _reading(views: list[_ViewReading], prep: _Prepared) -> LineReading:
    """The views' readings of a line combined: the first view that read anything gives
    the characters and their cells; where another view read a different character in
    the same place (strings aligned, a substitution of equal length), the character
    most views agree on wins, then the surer one. Boxes are the cell's rows and the
    line's width; characters sharing a cell share its height."""
    base = next((v for v in views if v), [])
    votes: list[dict[str, list[float]]] = [{ch: [conf]} for ch, conf, _cell in base]
    a = "".join(ch for ch, _c, _cell in base)
    for other in views:
        if other is base:
            continue
        b = "".join(ch for ch, _c, _cell in other)
        for op in Levenshtein.opcodes(a, b):
            if op.tag in ("equal", "replace") and op.src_end - op.src_start == (
                    op.dest_end - op.dest_start):
                for k in range(op.src_end - op.src_start):
                    ch, conf, _cell = other[op.dest_start + k]
                    votes[op.src_start + k].setdefault(ch, []).append(conf)
    per_cell: dict[int, int] = {}
    for _ch, _c, at in base:
        per_cell[at] = per_cell.get(at, 0) + 1
    glyphs = []
    seen: dict[int, int] = {}
    for (_ch, _c, index), vote in zip(base, votes, strict=True):
        ch, confs = max(vote.items(), key=lambda kv: (len(kv[1]), max(kv[1])))
        cell = prep.cells[index]
        n = seen.get(index, 0)
        seen[index] = n + 1
        if ch == "日" and per_cell[index] == 1 and cell.aspect >= WIDE_YUE:
            ch = "曰"
        part = (cell.bottom - cell.top) / per_cell[index]
        top = cell.top + n * part
        glyphs.append(Glyph(ch, Box.from_edges(0, top, prep.width, top + part), max(confs)))
    return LineReading(tuple(glyphs))


def _nearest_cell(cells: tuple[_Cell, ...], x: float) -> int | None:
    if not cells:
        return None
    return min(range(len(cells)),
               key=lambda i: 0.0 if cells[i].x0 <= x < cells[i].x1
               else min(abs(x - cells[i].x0), abs(x - cells[i].x1)))
