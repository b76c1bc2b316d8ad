"""Ground truth records (`guji-gt/1`, see docs/ground-truth.md) as plain JSON-ready dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from guji.sample.draw import StripText
from guji.sample.geometry import Placement, Rect
from guji.sample.leaf import HalfLeaf, PrintFormat
from guji.sample.seals import Seal
from guji.sample.style import Faces
from guji.sample.typeset import ColumnText, MainRun

SCHEMA = "guji-gt/1"


def column_truth(place: Placement, leaf: HalfLeaf, order: int, column: ColumnText,
                 faces: Faces | None = None) -> dict[str, Any]:
    """One column; a segment printed in a face other than the page's says which, and so
    does the column when all of it is in that face."""
    rect = leaf.units_rect(order, column.runs[0].start, column.runs[-1].end)
    segments: list[dict[str, str]] = []
    for run in column.runs:
        if isinstance(run, MainRun):
            segment = {"kind": "main", "text": run.text}
        else:
            segment = {"kind": "note", "right": run.right, "left": run.left}
        if faces is not None and faces.for_run(run) != faces.text:
            segment["typeface"] = faces.for_run(run).name
        segments.append(segment)
    truth = {"order": order, "box": place.box(rect), "quad": place.quad(rect),
             "text": column.text, "segments": segments}
    named = {s.get("typeface") for s in segments}
    if len(named) == 1 and None not in named:
        truth["typeface"] = segments[0]["typeface"]
    return truth


def page_truth(place: Placement, side: str, leaf: HalfLeaf, columns: tuple[ColumnText, ...],
               strip: StripText, strip_rect: Rect, seals: tuple[Seal, ...],
               faces: Faces | None = None) -> dict[str, Any]:
    """One page: its frame, text columns (blank ones left out, `order` keeps the slot), strip, seals."""
    return {
        "side": side,
        "frame_box": place.box(leaf.frame),
        "frame_quad": place.quad(leaf.frame),
        "columns": [column_truth(place, leaf, order, c, faces)
                    for order, c in enumerate(columns, start=1) if c.runs],
        "centre_strip": {
            "title": strip.title, "juan": strip.juan, "leaf": strip.leaf, "text": strip.text,
            "box": place.box(strip_rect), "quad": place.quad(strip_rect),
        },
        "seals": [{"text": s.legend, "style": s.style, "box": place.box(s.rect),
                   "quad": place.quad(s.rect)} for s in seals],
    }


def scan_truth(*, image: str, dpi: int, size: tuple[int, int], skew_deg: float,
               paper_skew_deg: float, layout: str, page_box: list[int],
               paper_quad: list[list[float]], fold: list[list[float]] | None, typeface: str,
               fmt: PrintFormat, pages: list[dict[str, Any]]) -> dict[str, Any]:
    lines = [c["text"] for page in pages for c in page["columns"]]
    return {
        "schema": SCHEMA,
        "image": image,
        "dpi": dpi,
        "width": size[0],
        "height": size[1],
        "skew_deg": round(skew_deg, 4),
        "paper_skew_deg": round(paper_skew_deg, 4),
        "layout": layout,
        "page_box": page_box,
        "paper_quad": paper_quad,
        "fold": None if fold is None else [[round(v, 2) for v in p] for p in fold],
        "typeface": typeface,
        "format": {"columns": fmt.columns, "chars": fmt.chars, "border": fmt.border,
                   "fish_tails": fmt.fish_tails, "black_mouth": fmt.black_mouth,
                   "rules": fmt.rules, "frame_breaks": fmt.frame_breaks,
                   "description": fmt.description()},
        "pages": pages,
        "text": "\n".join(lines),
    }


def write_truth(truth: dict[str, Any], image_path: Path) -> tuple[Path, Path]:
    """NNNN.gt.json and NNNN.gt.txt beside the image."""
    stem = image_path.with_suffix("")
    json_path = stem.with_name(stem.name + ".gt.json")
    txt_path = stem.with_name(stem.name + ".gt.txt")
    json_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    txt_path.write_text(truth["text"] + "\n", encoding="utf-8")
    return json_path, txt_path


def read_truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
