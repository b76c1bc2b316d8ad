"""Training columns cut from proofread pages, in either ground-truth format.

* `NNNN.gt.json` (guji-gt/1, docs/ground-truth.md): each column's quad is exact; its
  segments split it top to bottom, a main character taking one cell and a note row half
  a cell, and a note's right and left sub-columns are its two halves.
* `gt_columns.tsv` (columns in reading order, no boxes; `text_markup` writes a
  double-line note as `(right/left)`): the columns are found by guji's layout analysis
  on the upright image and matched by order; a page whose column count disagrees is
  skipped, and so is a column whose segments do not match the markup's.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from guji.ocr.geometry import Box
from guji.ocr.image import load_upright
from guji.ocr.layout import Segment as LaidSegment
from guji.ocr.layout import analyse_layout
from guji.ocr.train.render import ColumnKind, ColumnSample
from guji.ocr.truth import find_truth
from guji.pipeline.errors import InputError

# Layout analysis crops to the ink; the truth's boxes run between the rulings. Keep this
# share of a truth column's width, about its centre.
INK_SHARE = 0.84
_NOTE = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Segment:
    kind: ColumnKind
    text: str  # main text
    right: str = ""  # note sub-columns
    left: str = ""


def proofread_columns(folders: Sequence[Path], say: Callable[[str], None],
                      ) -> tuple[list[ColumnSample], int]:
    """Columns (main segments and note sub-columns) of every proofread page in the folders,
    and the number of columns skipped."""
    samples: list[ColumnSample] = []
    skipped = 0
    for folder in folders:
        for page in find_truth(folder):
            if page.source.suffix == ".json":
                found, missed = gt_json_columns(page.source, page.image)
            else:
                found, missed = tsv_columns(page.source, page.image, say)
            samples.extend(found)
            skipped += missed
    return samples, skipped


def gt_json_columns(path: Path, image: Path) -> tuple[list[ColumnSample], int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        columns = [c for page in data["pages"] for c in page["columns"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path}: not readable as guji-gt/1 ground truth ({e})") from e
    page = load_upright(image, deskew=False)
    grey = Image.fromarray(page.rgb).convert("L")
    samples = []
    for column in columns:
        segments = [Segment("main", s["text"]) if s["kind"] == "main"
                    else Segment("note", "", s.get("right", ""), s.get("left", ""))
                    for s in column["segments"]]
        # TR, BR, BL, TL in the image's pixels; the page was read at working resolution.
        quad = np.asarray(column["quad"], np.float64) * page.scale
        units = [_units(s) for s in segments]
        total = sum(units) or 1.0
        top = 0.0
        for seg, u in zip(segments, units, strict=True):
            a, b = top / total, (top + u) / total
            top += u
            if seg.kind == "main":
                samples.append(_cut(grey, quad, a, b, (0.0, 1.0), seg.text, "main", path))
            else:  # the right sub-column is the half nearer the TR corner
                for text, span in ((seg.right, (0.5, 1.0)), (seg.left, (0.0, 0.5))):
                    if text:
                        samples.append(_cut(grey, quad, a, b, span, text, "note", path))
    return [s for s in samples if s.text], 0


def _units(seg: Segment) -> float:
    return float(len(seg.text)) if seg.kind == "main" else max(len(seg.right),
                                                               len(seg.left)) / 2


def _cut(grey: Image.Image, quad: np.ndarray, a: float, b: float, span: tuple[float, float],
         text: str, kind: ColumnKind, source: Path) -> ColumnSample:
    """The part of a column quad from `a` to `b` of its height (0 top) and within `span`
    of its width (0 left), made upright."""
    tr, br, bl, tl = quad
    centre = (span[0] + span[1]) / 2
    half = (span[1] - span[0]) * INK_SHARE / 2
    x0, x1 = centre - half, centre + half

    def at(u: float, v: float) -> np.ndarray:  # u across (0 left), v down (0 top)
        return (tl + (tr - tl) * u) * (1 - v) + (bl + (br - bl) * u) * v

    width = float(np.linalg.norm(tr - tl)) * (x1 - x0)
    height = float(np.linalg.norm(bl - tl)) * (b - a)
    w, h = max(2, int(round(width))), max(2, int(round(height)))
    origin, right, down = at(x0, a), at(x1, a), at(x0, b)
    ex, ey = (right - origin) / w, (down - origin) / h
    # PIL's affine maps output (x, y) to input: origin + x·ex + y·ey.
    upright = grey.transform((w, h), Image.Transform.AFFINE,
                             (ex[0], ey[0], origin[0], ex[1], ey[1], origin[1]),
                             resample=Image.Resampling.BILINEAR, fillcolor=255)
    return ColumnSample(np.asarray(upright, np.uint8), text, kind, float(w),
                        f"proofread:{source.name}")


def parse_markup(markup: str) -> list[Segment]:
    """Kanripo markup of a column: main runs and `(right/left)` notes, top to bottom."""
    markup = markup.replace("\u3000", "").replace(" ", "")
    segments, pos = [], 0
    for m in _NOTE.finditer(markup):
        if m.start() > pos:
            segments.append(Segment("main", markup[pos:m.start()]))
        right, _, left = m.group(1).partition("/")
        segments.append(Segment("note", "", right, left))
        pos = m.end()
    if pos < len(markup):
        segments.append(Segment("main", markup[pos:]))
    return segments


def read_tsv_columns(path: Path) -> list[list[Segment]]:
    """Each column's segments, in reading order (`text_markup`, else `text_plain`)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        return [parse_markup(r.get("text_markup") or r["text_plain"]) for r in rows]
    except (OSError, KeyError, csv.Error) as e:
        raise InputError(f"{path}: no text_plain column ({e})",
                         hint="the TSV needs a header row with a text_plain field") from e


def tsv_columns(path: Path, image: Path, say: Callable[[str], None],
                ) -> tuple[list[ColumnSample], int]:
    truth = read_tsv_columns(path)
    upright = load_upright(image)
    layout = analyse_layout(upright.rgb, skew_deg=upright.skew_deg)
    if len(layout.columns) != len(truth):
        say(f"{image.name}: layout found {len(layout.columns)} columns, the truth has "
            f"{len(truth)}: page skipped")
        return [], len(truth)
    grey = np.asarray(Image.fromarray(upright.rgb).convert("L"))
    samples, skipped = [], 0
    for segments, found in zip(truth, layout.columns, strict=True):
        kinds = [s.kind for s in segments]
        settled = _settled(found.segments, kinds)
        if settled is not None:
            for seg, box in zip(segments, settled, strict=True):
                if seg.kind == "main":
                    samples.append(_crop(grey, box.box, seg.text, "main", path))
                elif len(box.lines) == 2:
                    samples.append(_crop(grey, box.lines[0], seg.right, "note", path))
                    samples.append(_crop(grey, box.lines[1], seg.left, "note", path))
        elif kinds == ["main"]:
            samples.append(_crop(grey, found.box, segments[0].text, "main", path))
        else:
            skipped += 1
    return [s for s in samples if s.text], skipped


def _settled(found: tuple[LaidSegment, ...], kinds: Sequence[str]) -> list[LaidSegment] | None:
    """The layout's segments of a column where they match the truth's kinds, or None.
    Main text the layout was unsure of (a note of glyphs as tall as the main text's,
    read both ways when recognized) is the note where the truth says note."""
    if len(found) != len(kinds):
        return None
    settled = [(s.as_note() or s) if k == "note" else s
               for s, k in zip(found, kinds, strict=True)]
    return settled if [s.kind for s in settled] == list(kinds) else None


def _crop(grey: np.ndarray, box: Box, text: str, kind: ColumnKind, source: Path,
          ) -> ColumnSample:
    pixels = np.ascontiguousarray(grey[box.y:box.bottom, box.x:box.right])
    return ColumnSample(pixels, text, kind, float(box.w), f"proofread:{source.name}")
