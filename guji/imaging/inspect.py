"""Inspecting one image as it is, for staff checking a scanner set-up (`guji inspect`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guji.imaging.layout import analyse_scan
from guji.imaging.measure import measure_image
from guji.imaging.source import open_master, vips_call
from guji.qa.profile import get_profile, is_blank, judge_page


def inspect_scan(path: Path, *, profile: str = "default", split: str = "auto") -> dict[str, Any]:
    """Geometry, quality metrics and verdict of one image, JSON-able.

    Boxes are [x, y, w, h] in the image's own pixels: page_box is the paper, frame_box the
    axis-aligned box of the (possibly skewed) printed frame of the first page; skew_deg is
    the counter-clockwise rotation of the content (correct by turning -skew_deg).
    """
    qa = get_profile(profile)
    path = Path(path)
    scan = open_master(path)
    layout = analyse_scan(scan, split)
    x, y, w, h = layout.paper_box
    # Tone and focus of the leaf itself: the bed around it would distort both.
    page = vips_call(path, "measuring", lambda: scan.image.crop(x, y, w, h))
    metrics = vips_call(path, "measuring",
                        lambda: measure_image(page, scan.dpi, skew_deg=layout.skew_deg))
    metrics["blank"] = is_blank(metrics, qa)
    verdict, reasons = judge_page(metrics, qa)
    first = layout.pages[0]
    return {
        "file": path.name,
        "width": scan.width,
        "height": scan.height,
        "bands": int(scan.image.bands),
        "dpi": metrics["dpi"],
        "skew_deg": round(layout.skew_deg, 3),
        "sharpness": metrics["sharpness"],
        "clipped_shadows": metrics["clipped_shadows"],
        "clipped_highlights": metrics["clipped_highlights"],
        "dynamic_range": metrics["dynamic_range"],
        "ink_coverage": metrics["ink_coverage"],
        "blank": metrics["blank"],
        "bed_found": layout.bed_found,
        "page_box": list(layout.paper_box),
        "frame_box": list(first.frame_in_master) if first.frame_in_master else None,
        "pages": [{"side": p.side, "page_box": list(p.page_box),
                   "frame_box": list(p.frame_in_master) if p.frame_in_master else None}
                  for p in layout.pages],
        "phash": metrics["phash"],
        "profile": qa.name,
        "verdict": verdict,
        "reasons": list(reasons),
    }
