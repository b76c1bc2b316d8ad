"""Image processing of master scans: deskew, crop, opening split and quality metrics."""

from guji.imaging.deskew import estimate_skew
from guji.imaging.prepare import PreparedPage, prepare_scan

__all__ = ["PreparedPage", "estimate_skew", "prepare_scan"]
