"""The printed format (版式) of a book and the pixel geometry of one half-leaf.

A block prints a whole leaf: two half-leaves either side of the centre strip (版心).
Folded at the strip, each half-leaf shows part of the strip at its fold edge: on the
left for the recto (a, 前半葉), on the right for the verso (b, 後半葉). In a bound book
the fold is the outer edge, so in an opening the strips lie at the outer edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from guji.sample.geometry import Rect

Border = Literal["single", "double", "lr-double"]
FoldSide = Literal["left", "right"]
# How the 界行 between columns printed: crisp, hair-thin, faint (little ink reached them),
# broken into pieces (a worn block), or not cut at all (no rulings: 無界行).
RuleStyle = Literal["solid", "thin", "faint", "broken", "none"]
RULE_STYLES: tuple[RuleStyle, ...] = ("solid", "thin", "faint", "broken", "none")
RULE_WEIGHTS = (0.35, 0.2, 0.15, 0.15, 0.15)
BORDER_NAMES = {"single": "四周單邊", "double": "四周雙邊", "lr-double": "左右雙邊"}
CM_PER_INCH = 2.54


@dataclass(frozen=True)
class PrintFormat:
    """行款版式 of an edition: sizes in centimetres, counts of columns and characters."""

    paper_w_cm: float
    paper_h_cm: float
    frame_w_cm: float
    frame_h_cm: float
    columns: int  # ruled columns per half-leaf (行)
    chars: int  # characters per column (字)
    border: Border
    fish_tails: int  # 1 (單魚尾) or 2 (雙魚尾)
    black_mouth: bool  # 黑口 (black bar in the strip) or 白口
    strip_w_cm: float = 1.1  # the visible part of the centre strip
    rules: RuleStyle = "solid"
    rule_ink: float = 0.9  # ink of the rulings relative to the text's
    frame_breaks: int = 0  # cracks across the frame's lines (gaps in them)

    def description(self) -> str:
        """The catalogue's 行款 line, e.g. 半葉九行行二十字 小字雙行同 白口 四周雙邊 單魚尾."""
        from guji.sample.typeset import chinese_number

        mouth = "黑口" if self.black_mouth else "白口"
        tails = "雙魚尾" if self.fish_tails == 2 else "單魚尾"
        return (f"半葉{chinese_number(self.columns)}行行{chinese_number(self.chars)}字 "
                f"小字雙行同 {mouth} {BORDER_NAMES[self.border]} {tails}")


def random_format(rng: np.random.Generator) -> PrintFormat:
    """A plausible Ming/Qing format: about 18×26 cm paper, 14×20 cm frame, 6–12 columns of
    14–26 characters, rulings of any kind (or none) and now and then a cracked frame."""
    frame_w = float(rng.uniform(12.8, 15.0))
    frame_h = float(rng.uniform(18.5, 21.5))
    rules = RULE_STYLES[int(rng.choice(len(RULE_STYLES), p=RULE_WEIGHTS))]
    return PrintFormat(
        paper_w_cm=frame_w + 1.1 + float(rng.uniform(2.4, 3.4)),
        paper_h_cm=frame_h + float(rng.uniform(4.8, 6.5)),
        frame_w_cm=frame_w,
        frame_h_cm=frame_h,
        columns=int(rng.integers(6, 13)),
        chars=int(rng.integers(14, 27)),
        border=("single", "double", "lr-double")[int(rng.integers(0, 3))],
        fish_tails=int(rng.integers(1, 3)),
        black_mouth=bool(rng.random() < 0.35),
        rules=rules,
        rule_ink=float(rng.uniform(0.3, 0.5)) if rules == "faint" else 0.9,
        frame_breaks=int(rng.integers(1, 4)) if rng.random() < 0.35 else 0,
    )


@dataclass(frozen=True)
class HalfLeaf:
    """Pixel geometry of one half-leaf on the upright leaf canvas."""

    paper: Rect  # this half-leaf's paper
    frame: Rect  # outer edge of the border lines, strip excluded
    text_area: Rect  # inside the (inner) border lines: the ruled columns
    strip: Rect  # visible part of the centre strip, from the frame to the fold
    fold: FoldSide
    border: Border
    line_px: float  # thickness of the outer border line
    columns: int
    chars: int

    @property
    def column_w(self) -> float:
        return self.text_area.w / self.columns

    @property
    def cell_h(self) -> float:
        return self.text_area.h / self.chars

    def column_rect(self, order: int) -> Rect:
        """The ruled column `order` (1 = rightmost, read first), full height."""
        right = self.text_area.right - (order - 1) * self.column_w
        return Rect(right - self.column_w, self.text_area.y, self.column_w, self.text_area.h)

    def units_rect(self, order: int, start: int, end: int) -> Rect:
        """The part of column `order` between half-cell positions `start` and `end`."""
        col = self.column_rect(order)
        unit = self.cell_h / 2
        return Rect(col.x, col.y + start * unit, col.w, (end - start) * unit)


def half_leaf(fmt: PrintFormat, dpi: int, x0: float, fold: FoldSide,
              top_share: float) -> HalfLeaf:
    """Lay out one half-leaf whose paper starts at x0; `top_share` of the spare height is above."""
    px = dpi / CM_PER_INCH
    paper = Rect(x0, 0.0, fmt.paper_w_cm * px, fmt.paper_h_cm * px)
    frame_w, frame_h, strip_w = fmt.frame_w_cm * px, fmt.frame_h_cm * px, fmt.strip_w_cm * px
    top = (paper.h - frame_h) * top_share
    if fold == "left":
        strip = Rect(x0, top, strip_w, frame_h)
        frame = Rect(x0 + strip_w, top, frame_w, frame_h)
    else:
        strip = Rect(paper.right - strip_w, top, strip_w, frame_h)
        frame = Rect(strip.x - frame_w, top, frame_w, frame_h)
    line = max(2.0, 0.075 * px)  # a border line is about 0.75 mm wide
    inner = line + (0.16 * px if fmt.border != "single" else 0.0)
    top_in = inner if fmt.border == "double" else line
    # The strip side has only the strip's ruling line, as thick as the outer border.
    if fold == "left":
        text_area = Rect(frame.x + line, frame.y + top_in, frame.w - line - inner,
                         frame.h - 2 * top_in)
    else:
        text_area = Rect(frame.x + inner, frame.y + top_in, frame.w - line - inner,
                         frame.h - 2 * top_in)
    return HalfLeaf(paper=paper, frame=frame, text_area=text_area, strip=strip, fold=fold,
                    border=fmt.border, line_px=line, columns=fmt.columns, chars=fmt.chars)
