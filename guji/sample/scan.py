"""One scan from a plan: print the leaf upright, lay it crooked on the bed, age it, record truth.

The ground truth is computed with the very `Placement` used to warp the printed layers
into the scan, so every box and quad lands on the pixels that show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageDraw

from guji.sample.aging import Fold, age_scan, low_size, random_look
from guji.sample.draw import BlockCutter, StripText
from guji.sample.fonts import Typeface
from guji.sample.geometry import Placement, Rect, bounding_box
from guji.sample.leaf import FoldSide, HalfLeaf, PrintFormat, half_leaf
from guji.sample.seals import Seal, SealStyle, seal_impression
from guji.sample.style import Faces
from guji.sample.truth import page_truth, scan_truth
from guji.sample.typeset import ColumnText

ScanLayout = Literal["half-leaf", "opening"]
MAX_SKEW_DEG = 3.0
GHOST_SCALE = 0.25  # bleed-through is blurred anyway: print it small and cheap


@dataclass(frozen=True)
class PagePlan:
    """One half-leaf to print: its side, columns (right to left) and strip."""

    side: Literal["single", "right", "left"]
    fold: FoldSide
    columns: tuple[ColumnText, ...]
    strip: StripText
    seals: tuple[str, ...] = ()  # legends to stamp on this page
    behind: tuple[ColumnText, ...] = ()  # what shows through from the other side


@dataclass(frozen=True)
class ScanPlan:
    layout: ScanLayout
    fmt: PrintFormat
    faces: Faces
    seal_face: Typeface
    dpi: int
    pages: tuple[PagePlan, ...]  # reading order: right page first


@dataclass(frozen=True)
class PrintedPage:
    plan: PagePlan
    leaf: HalfLeaf
    strip_rect: Rect
    seals: tuple[Seal, ...]


def render_scan(plan: ScanPlan, rng: np.random.Generator, image_name: str,
                ) -> tuple[np.ndarray, dict[str, Any]]:
    """The scan as float32 RGB in [0, 1] and its ground truth (guji-gt/1)."""
    fmt, dpi = plan.fmt, plan.dpi
    n = len(plan.pages)
    paper_w = fmt.paper_w_cm / 2.54 * dpi
    leaf_size = (math.ceil(paper_w * n), math.ceil(fmt.paper_h_cm / 2.54 * dpi))
    ink = Image.new("L", leaf_size, 0)
    seal_layer = Image.new("L", leaf_size, 0)
    ghost_size = (math.ceil(leaf_size[0] * GHOST_SCALE), math.ceil(leaf_size[1] * GHOST_SCALE))
    ghost = Image.new("L", ghost_size, 0)
    cutter = BlockCutter(ink, plan.faces, rng)
    ghost_cutter = BlockCutter(ghost, plan.faces, rng, scale=GHOST_SCALE)
    top_share = float(rng.uniform(0.55, 0.65))

    printed: list[PrintedPage] = []
    for page in plan.pages:
        # In an opening the right page is the second half of the paper.
        x0 = paper_w if (page.side == "right") else 0.0
        hl = half_leaf(fmt, dpi, x0, page.fold, top_share)
        cutter.frame(hl, fmt)
        strip_rect = cutter.strip(hl, page.strip, fmt.fish_tails, fmt.black_mouth)
        for order, column in enumerate(page.columns, start=1):
            cutter.column(hl, order, column)
        if page.behind:
            _print_behind(ghost_cutter, ghost, fmt, dpi, x0, page, top_share)
        seals = _stamp(seal_layer, hl, page, plan.seal_face, rng)
        printed.append(PrintedPage(page, hl, strip_rect, seals))

    skew = float(rng.uniform(-MAX_SKEW_DEG, MAX_SKEW_DEG))
    paper_skew = skew + float(rng.uniform(-0.6, 0.6))  # the leaf is never cut square to the print
    pivot = (leaf_size[0] / 2, leaf_size[1] / 2)
    paper_outline = _paper_outline(rng, leaf_size)
    turned = [Placement(paper_skew, pivot, (0.0, 0.0)).apply(p) for p in paper_outline]
    bx, by, bw, bh = bounding_box(turned)
    margin = [float(rng.uniform(0.025, 0.07)) * max(leaf_size) for _ in range(4)]
    size = (math.ceil(bw + margin[0] + margin[2]), math.ceil(bh + margin[1] + margin[3]))
    shift = (margin[0] - bx, margin[1] - by)
    content = Placement(skew, pivot, shift)
    paper_place = Placement(paper_skew, pivot, shift)

    outline = [paper_place.apply(p) for p in paper_outline]
    paper_mask = Image.new("L", size, 0)
    ImageDraw.Draw(paper_mask).polygon(outline, fill=255)
    fold = None
    if plan.layout == "opening":
        fold = Fold(paper_place.apply((paper_w, 0.0)), paper_place.apply((paper_w, leaf_size[1])),
                    width_px=0.012 * paper_w * 2)
    warp = content.pil_inverse()
    # Bleed-through goes straight onto the reduced grid the paper is aged on.
    small = low_size(size)
    kx, ky = size[0] / small[0], size[1] / small[1]
    a, b, c, d, e, f = warp
    ghost_warp = tuple(v * GHOST_SCALE for v in (a * kx, b * ky, c, d * kx, e * ky, f))
    rgb = age_scan(
        random_look(rng, dpi), rng,
        ink=ink.transform(size, Image.Transform.AFFINE, warp, Image.Resampling.BILINEAR),
        seal=(seal_layer.transform(size, Image.Transform.AFFINE, warp, Image.Resampling.BILINEAR)
              if any(p.seals for p in printed) else None),
        ghost=ghost.transform(small, Image.Transform.AFFINE, ghost_warp,
                              Image.Resampling.BILINEAR),
        paper=paper_mask, fold=fold)

    pages = [page_truth(content, p.plan.side, p.leaf, p.plan.columns, p.plan.strip, p.strip_rect,
                        p.seals, plan.faces) for p in printed]
    truth = scan_truth(
        image=image_name, dpi=dpi, size=size, skew_deg=skew, paper_skew_deg=paper_skew,
        layout=plan.layout, page_box=bounding_box(outline),
        paper_quad=paper_place.quad(Rect(0, 0, leaf_size[0], leaf_size[1])),
        fold=None if fold is None else [list(fold.top), list(fold.bottom)],
        typeface=plan.faces.text.name, fmt=fmt, pages=pages)
    return rgb, truth


def _print_behind(cutter: BlockCutter, ghost: Image.Image, fmt: PrintFormat, dpi: int,
                  x0: float, page: PagePlan, top_share: float) -> None:
    """The other side of the sheet, seen through the paper: mirrored about this half-leaf."""
    other: FoldSide = "right" if page.fold == "left" else "left"
    hl = half_leaf(fmt, dpi, 0.0, other, top_share)
    w = math.ceil(hl.paper.w * GHOST_SCALE)
    sheet = Image.new("L", (w, ghost.size[1]), 0)
    back = BlockCutter(sheet, cutter.faces, cutter.rng, scale=GHOST_SCALE)
    back.frame(hl, fmt)
    for order, column in enumerate(page.behind, start=1):
        back.column(hl, order, column)
    ghost.paste(sheet.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (round(x0 * GHOST_SCALE), 0))


def _paper_outline(rng: np.random.Generator, leaf_size: tuple[int, int]) -> list[tuple[float, float]]:
    """The leaf's edge, clockwise: trimmed by hand, so each side wanders by a few pixels."""
    w, h = leaf_size
    amp = 0.0025 * max(w, h)
    steps = 24
    pts: list[tuple[float, float]] = []
    sides = [((0, 0), (w, 0)), ((w, 0), (w, h)), ((w, h), (0, h)), ((0, h), (0, 0))]
    for (xa, ya), (xb, yb) in sides:
        nx, ny = (yb - ya), -(xb - xa)
        norm = math.hypot(nx, ny)
        wobble = np.cumsum(rng.normal(0, amp / 4, steps))
        wobble -= np.linspace(wobble[0], wobble[-1], steps)  # corners stay put
        for i in range(steps):
            t = i / steps
            pts.append((xa + (xb - xa) * t + wobble[i] * nx / norm,
                        ya + (yb - ya) * t + wobble[i] * ny / norm))
    return pts


def _stamp(layer: Image.Image, hl: HalfLeaf, page: PagePlan, face: Typeface,
           rng: np.random.Generator) -> tuple[Seal, ...]:
    """Stamp the page's seals where they cover no text: margins, or an empty column foot."""
    taken = [hl.units_rect(order, c.runs[0].start, c.runs[-1].end)
             for order, c in enumerate(page.columns, start=1) if c.runs]
    px = hl.paper.h / 26.0  # about one centimetre of this page
    seals: list[Seal] = []
    for legend in page.seals:
        size = float(rng.uniform(1.7, 2.6)) * px
        spots = _seal_spots(hl, size)
        rng.shuffle(spots)
        for spot in spots:
            if any(spot.overlaps(t) for t in taken) or not _inside(spot, hl.paper):
                continue
            style: SealStyle = "baiwen" if rng.random() < 0.5 else "zhuwen"
            patch = seal_impression(legend, style, round(size), face, rng)
            layer.paste(Image.fromarray(patch), (round(spot.x), round(spot.y)),
                        Image.fromarray(patch))
            seals.append(Seal(legend, style, Rect(round(spot.x), round(spot.y), patch.shape[1],
                                                  patch.shape[0])))
            taken.append(spot)
            break
    return tuple(seals)


def _seal_spots(hl: HalfLeaf, size: float) -> list[Rect]:
    f, p = hl.frame, hl.paper
    gap = 0.15 * size
    top = f.y - size - gap
    spots = [Rect(f.right - size - k * size * 1.2, top, size, size) for k in range(3)]
    spots.append(Rect(f.x + gap, f.bottom + gap, size, size))
    outer_x = p.x + (p.w - f.w - hl.strip.w - size) / 2 if hl.fold == "right" else f.right + gap
    spots += [Rect(outer_x, f.y + k * size * 1.3, size, size) for k in range(3)]
    for order in (1, 2, 3):
        col = hl.column_rect(order)
        spots.append(Rect(col.x + col.w / 2 - size / 2, f.bottom - size - 2 * gap, size, size))
    return spots


def _inside(r: Rect, outer: Rect) -> bool:
    return r.x >= outer.x and r.y >= outer.y and r.right <= outer.right and r.bottom <= outer.bottom
