"""Image processing of master scans: deskew, crop, opening split and quality metrics."""

from guji.imaging.deskew import estimate_skew
from guji.imaging.prepare import (
    PageGeometry,
    PageQuality,
    PreparedPage,
    RenderedPage,
    assess_page,
    plan_scan,
    prepare_scan,
    render_page,
)
from guji.imaging.source import Master, ReducedScan, decode_master, decode_scan
from guji.imaging.split import likely_pages

__all__ = ["Master", "PageGeometry", "PageQuality", "PreparedPage", "ReducedScan",
           "RenderedPage",
           "assess_page", "decode_master", "decode_scan", "estimate_skew", "likely_pages",
           "plan_scan", "prepare_scan", "render_page"]
