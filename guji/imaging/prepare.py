"""One scan in, one page (or two for an opening, right page first) out: deskewed,
cropped to the paper, measured and judged.

Geometry is found on a reduced copy (layout.py); the full-resolution pixels only ever
pass through pyvips: one affine per page, streamed to a tiled TIFF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

from guji.imaging import geometry as geo
from guji.imaging.layout import analyse_scan
from guji.imaging.measure import measure_page
from guji.imaging.source import open_master, vips_call, write_page_tiff
from guji.imaging.split import SPLIT_MODES
from guji.pipeline.errors import UsageError
from guji.qa.profile import get_profile, is_blank, judge_page

Side = Literal["single", "right", "left"]
Verdict = Literal["pass", "warn", "fail"]
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class PreparedPage:
    """A corrected page written to the work folder, with its geometry and QA verdict."""

    side: Side  # right first when an opening is split
    image: Path  # deskewed + cropped full-resolution page, 8-bit lossless TIFF, master's DPI
    width: int
    height: int
    skew_deg: float  # CCW content rotation measured on the master
    page_box: Box  # this page in master pixel coordinates
    frame_box: Box | None  # the printed frame in the corrected page image's coordinates
    metrics: dict[str, Any]  # JSON-able per-page metrics
    verdict: Verdict
    reasons: tuple[str, ...]


def prepare_scan(master: Path, workdir: Path, *, split: str = "auto", profile: str = "default",
                 expected_size_cm: tuple[float, float] | None = None) -> list[PreparedPage]:
    """Deskew, crop and split one master scan; measure and judge each resulting page.

    expected_size_cm is the catalogued printed frame (版框) size, height × width in cm;
    when given, the frame's pixel size gives an effective resolution to check the file's.
    Pages are written to workdir as <stem>_<ext>.tif, or <stem>_<ext>-right.tif and
    <stem>_<ext>-left.tif (0003.tif and 0003.jpg in one volume must not overwrite each other).
    """
    if split not in SPLIT_MODES:
        raise UsageError(f"split mode {split!r} is not one of {', '.join(SPLIT_MODES)}")
    qa = get_profile(profile)
    master = Path(master)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    scan = open_master(master)
    layout = analyse_scan(scan, split)
    skew = layout.skew_deg

    pages: list[PreparedPage] = []
    for page in layout.pages:
        area = page.area
        out_path = workdir / _page_name(master, page.side)
        image = vips_call(master, "deskewing", partial(
            geo.rotate_area, scan.image, skew, area, list(layout.background)))
        write_page_tiff(out_path, image, scan.dpi, master)
        frame = None if page.frame is None else (
            page.frame[0] - area[0], page.frame[1] - area[1], page.frame[2], page.frame[3])
        metrics = measure_page(out_path, scan.dpi, frame, expected_size_cm, skew)
        metrics["blank"] = is_blank(metrics, qa)
        verdict, reasons = judge_page(metrics, qa)
        pages.append(PreparedPage(
            side=page.side, image=out_path, width=area[2], height=area[3], skew_deg=skew,
            page_box=page.page_box, frame_box=frame, metrics=metrics, verdict=verdict,
            reasons=reasons,
        ))
    return pages


def _page_name(master: Path, side: str) -> str:
    base = f"{master.stem}_{master.suffix.lstrip('.').lower()}"
    return f"{base}.tif" if side == "single" else f"{base}-{side}.tif"
