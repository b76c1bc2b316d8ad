"""Ground truth for OCR evaluation, from the two formats a folder may hold.

* `NNNN.gt.json` beside `NNNN.tif|jpg|png` (guji-gt/1, docs/ground-truth.md): written
  by `guji sample`; text in reading order and the leaf number of each centre strip.
* `STEM.gt_columns.tsv` beside `STEM.png` (or a lone `gt_columns.tsv` beside the one
  image of its folder): one row per column in reading order, the transcription in the
  `text_plain` field (Kanripo-derived near ground truth of real pages).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from guji.pipeline.errors import InputError

IMAGE_SUFFIXES = (".tif", ".tiff", ".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class TruthPage:
    """An image and what it says: columns in reading order, and leaf numbers per half-page
    (None where a half-page has no strip or the format does not record one)."""

    image: Path
    columns: tuple[str, ...]
    leaves: tuple[int | None, ...]
    source: Path
    typeface: str | None = None  # the font the page was printed with, where known

    @property
    def text(self) -> str:
        return "".join(f"{c}\n" for c in self.columns)


def find_truth(folder: Path) -> list[TruthPage]:
    """Every image in `folder` (not recursive) that has ground truth, by file name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder", hint="give a folder of images with ground truth")
    images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    pages = []
    for image in images:
        gt_json = image.with_name(f"{image.stem}.gt.json")
        tsv = image.with_name(f"{image.stem}.gt_columns.tsv")
        if gt_json.is_file():
            pages.append(read_gt_json(gt_json, image))
        elif tsv.is_file():
            pages.append(read_columns_tsv(tsv, image))
        elif (folder / "gt_columns.tsv").is_file() and len(images) == 1:
            pages.append(read_columns_tsv(folder / "gt_columns.tsv", image))
    return pages


def read_gt_json(path: Path, image: Path) -> TruthPage:
    """A page of the generator's ground truth (guji-gt/1)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        columns = [c["text"] for page in data["pages"] for c in page["columns"]]
        leaves = [(page.get("centre_strip") or {}).get("leaf") for page in data["pages"]]
        typeface = data.get("typeface")
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path}: not readable as guji-gt/1 ground truth ({e})",
                         hint="regenerate it with `guji sample`") from e
    return TruthPage(image=image, columns=tuple(columns),
                     leaves=tuple(int(v) if v is not None else None for v in leaves), source=path,
                     typeface=str(typeface) if typeface else None)


def read_columns_tsv(path: Path, image: Path) -> TruthPage:
    """Columns from a TSV with a `text_plain` field, rows in reading order."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        columns = [r["text_plain"] for r in rows]
    except (OSError, KeyError, csv.Error) as e:
        raise InputError(f"{path}: no text_plain column ({e})",
                         hint="the TSV needs a header row with a text_plain field") from e
    return TruthPage(image=image, columns=tuple(columns), leaves=(), source=path)
