"""Image processing of master scans: deskew, crop, opening split and quality metrics."""

from guji.imaging.deskew import estimate_skew
from guji.imaging.prepare import (
    PageGeometry,
    PageQuality,
    PreparedPage,
    assess_page,
    plan_scan,
    prepare_scan,
    render_page,
)
from guji.imaging.source import ReducedScan, decode_scan

__all__ = ["PageGeometry", "PageQuality", "PreparedPage", "ReducedScan", "assess_page",
           "decode_scan", "estimate_skew", "plan_scan", "prepare_scan", "render_page"]
