"""Rectangles on the upright leaf and the one transform that places the leaf in the scan.

Coordinates are continuous pixels: pixel (i, j) covers [i, i+1) × [j, j+1), which is
also how Pillow's affine resampling treats them, so a point mapped here lands exactly
where the warped image shows it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle on the upright leaf: left, top, width, height (pixels)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def corners(self) -> tuple[Point, Point, Point, Point]:
        """Top-right, bottom-right, bottom-left, top-left: clockwise from where a column starts."""
        return ((self.right, self.y), (self.right, self.bottom),
                (self.x, self.bottom), (self.x, self.y))

    def inset(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def overlaps(self, other: Rect) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class Placement:
    """Rotate the leaf counter-clockwise by `angle_deg` about `pivot`, then move it by `shift`.

    Maps leaf coordinates to scan (image) coordinates. A positive angle turns the content
    counter-clockwise as seen on screen (y grows downwards).
    """

    angle_deg: float
    pivot: Point
    shift: Point

    def _cs(self) -> tuple[float, float]:
        a = math.radians(self.angle_deg)
        return math.cos(a), math.sin(a)

    def apply(self, p: Point) -> Point:
        c, s = self._cs()
        dx, dy = p[0] - self.pivot[0], p[1] - self.pivot[1]
        return (self.pivot[0] + self.shift[0] + c * dx + s * dy,
                self.pivot[1] + self.shift[1] - s * dx + c * dy)

    def quad(self, rect: Rect) -> list[list[float]]:
        return [[round(x, 2), round(y, 2)] for x, y in map(self.apply, rect.corners())]

    def box(self, rect: Rect) -> list[int]:
        """Axis-aligned integer box [x, y, w, h] covering the placed rectangle's quad."""
        return bounding_box([(x, y) for x, y in self.quad(rect)])

    def pil_inverse(self) -> tuple[float, float, float, float, float, float]:
        """Coefficients (a, b, c, d, e, f) mapping scan to leaf, as Image.transform wants."""
        c, s = self._cs()
        ox, oy = self.pivot[0] + self.shift[0], self.pivot[1] + self.shift[1]
        # Inverse rotation: leaf = pivot + R(-angle) · (scan - pivot - shift).
        a, b = c, -s
        d, e = s, c
        return (a, b, self.pivot[0] - a * ox - b * oy,
                d, e, self.pivot[1] - d * ox - e * oy)


def bounding_box(points: list[Point]) -> list[int]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, y0 = math.floor(min(xs)), math.floor(min(ys))
    return [x0, y0, math.ceil(max(xs)) - x0, math.ceil(max(ys)) - y0]
