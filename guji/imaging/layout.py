"""Analysing a scan's geometry on a reduced copy: paper, skew, pages and frames.

The result is in full-resolution pixels: boxes in master coordinates and boxes in
corrected coordinates (the master turned upright, see geometry.py), ready for one
pyvips affine per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pyvips

from guji.imaging import geometry as geo
from guji.imaging.deskew import content_mask, estimate_skew
from guji.imaging.frame import frame_box
from guji.imaging.paper import bbox_of, find_paper, paper_level
from guji.imaging.raster import eroded
from guji.imaging.source import Master, ReducedScan, luminance, reduced_copy
from guji.imaging.split import find_gutter

Side = Literal["single", "right", "left"]
Box = tuple[int, int, int, int]

# Long edge of the reduced copy all geometry is found on. 1400 px finds the skew of a
# 600 dpi scan within 0.002° and its frame within 6 px (one reduced pixel) of a 2000 px
# copy, in half the time (2.55 → 1.42 s a page in benchmarks/throughput.py's stage pass).
WORK_EDGE = 1400
# Margin kept around the paper (and frame), as a share of the page's shorter side.
MARGIN_SHARE = 0.01


@dataclass(frozen=True)
class PageLayout:
    """One page of a scan, in full-resolution pixels."""

    side: Side
    area: Box  # what to cut out, in corrected coordinates (paper + margin, frame kept whole)
    page_box: Box  # the page's paper in master coordinates
    frame: Box | None  # printed frame in corrected coordinates
    frame_in_master: Box | None  # axis-aligned box of the (skewed) frame in the master


@dataclass(frozen=True)
class ScanLayout:
    """Everything prepare_scan needs to cut a scan into corrected pages."""

    skew_deg: float
    paper_box: Box  # master coordinates; the whole scan when no bed shows
    bed_found: bool
    background: tuple[float, ...]  # paper colour per band, to fill uncovered corners
    pages: tuple[PageLayout, ...]  # right page first for an opening


def analyse_scan(scan: Master, split: str = "auto") -> ScanLayout:
    """Find the paper, the skew, the page(s) and their frames of an opened master."""
    colour, scale = reduced_copy(scan, WORK_EDGE)
    return analyse_reduced(ReducedScan(scan.path, scan.width, scan.height, scan.dpi, colour,
                                       scale), split)


def analyse_reduced(scan: ReducedScan, split: str = "auto") -> ScanLayout:
    """analyse_scan on a scan already decoded into its reduced copy (see decode_scan)."""
    colour, scale = scan.colour, scan.scale
    grey = luminance(colour)
    paper = find_paper(grey)
    level = paper_level(grey if paper is None else grey[paper])
    # Outside the paper is set to paper: the bed and the crooked leaf edge carry no skew.
    masked = grey if paper is None else np.where(_shrink(paper), grey, level).astype(np.uint8)
    skew = estimate_skew(masked)

    upright, origin = _upright(masked, skew, level)
    ox, oy = origin
    if paper is not None:
        region = geo.bounding(geo.to_corrected(_outline(paper), skew))
        region = geo.intersect(region, (ox, oy, upright.shape[1], upright.shape[0])) or region
    else:
        region = (ox, oy, upright.shape[1], upright.shape[0])
    rx, ry, rw, rh = region
    crop = upright[ry - oy: ry - oy + rh, rx - ox: rx - ox + rw]
    # One ink mask of the crop for the gutter and, when there is one page, its frame (a
    # half's frame needs a mask of its own: the threshold is the half's).
    ink = content_mask(crop)
    gutter = find_gutter(crop, split, ink=ink)
    if gutter is None:
        parts: list[tuple[Side, Box, np.ndarray, np.ndarray | None]] = [
            ("single", region, crop, ink)]
    else:
        parts = [("right", (rx + gutter, ry, rw - gutter, rh), crop[:, gutter:], None),
                 ("left", (rx, ry, gutter, rh), crop[:, :gutter], None)]

    extent = geo.corrected_extent(scan.width, scan.height, skew)
    full = (0, 0, scan.width, scan.height)
    paper_small = bbox_of(paper) if paper is not None else None
    paper_full = geo.scale_box(paper_small, 1 / scale) if paper_small is not None else full
    paper_full = geo.intersect(paper_full, full) or full
    pages = tuple(_page(side, reg, frame_box(pixels, mask), scale, skew, extent, paper_full)
                  for side, reg, pixels, mask in parts)
    return ScanLayout(skew_deg=skew, paper_box=paper_full, bed_found=paper is not None,
                      background=tuple(_paper_colour(colour, grey, paper, level)), pages=pages)


def _page(side: Side, region: Box, frame: Box | None, scale: float, skew: float,
          extent: Box, paper_full: Box) -> PageLayout:
    """Scale one page's reduced geometry up to full-resolution pixels."""
    margin = int(round(MARGIN_SHARE * min(region[2], region[3])))
    keep = geo.grow(region, margin)
    frame_abs = None
    if frame is not None:
        frame_abs = (frame[0] + region[0], frame[1] + region[1], frame[2], frame[3])
        # Never cut into the printed frame, whatever the paper edge did.
        keep = geo.union(keep, geo.grow(frame_abs, margin))
    area = geo.intersect(geo.scale_box(keep, 1 / scale), extent) or extent
    frame_full = geo.scale_box(frame_abs, 1 / scale) if frame_abs is not None else None
    region_full = geo.scale_box(region, 1 / scale)
    in_master = geo.bounding(geo.to_master(geo.corners(region_full), skew))
    frame_master = (geo.bounding(geo.to_master(geo.corners(frame_full), skew))
                    if frame_full is not None else None)
    return PageLayout(side=side, area=area,
                      page_box=geo.intersect(in_master, paper_full) or paper_full,
                      frame=frame_full, frame_in_master=frame_master)


def _shrink(mask: np.ndarray) -> np.ndarray:
    """The paper less a thin band at its edge, where shadows and the cut edge lie."""
    return eroded(mask, max(2, min(mask.shape) // 150))


def _upright(grey: np.ndarray, skew: float, level: float) -> tuple[np.ndarray, tuple[int, int]]:
    """The reduced copy turned upright, and the corrected coordinates of its origin."""
    h, w = grey.shape
    extent = geo.corrected_extent(w, h, skew)
    im = pyvips.Image.new_from_array(np.ascontiguousarray(grey))
    out = geo.rotate_area(im, skew, extent, [level], interpolator="bilinear")
    return np.asarray(out.numpy(), dtype=np.uint8), (extent[0], extent[1])


def _outline(paper: np.ndarray) -> np.ndarray:
    """Outer corners of the paper's edge pixels: all a rotated bounding box needs."""
    edge = paper & ~eroded(paper)
    ys, xs = np.nonzero(edge)
    pts = np.stack([xs, ys], axis=1).astype(np.float64)
    return np.concatenate([pts, pts + 1.0])


def _paper_colour(colour: np.ndarray, grey: np.ndarray, paper: np.ndarray | None,
                  level: float) -> list[float]:
    """The colour of plain paper, per band."""
    blank = grey >= level - 8
    if paper is not None:
        blank &= paper
    if colour.ndim == 2:
        return [float(level)]
    if not blank.any():
        return [float(level)] * colour.shape[2]
    return [float(np.median(colour[..., b][blank])) for b in range(colour.shape[2])]
