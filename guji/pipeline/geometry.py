"""Axis-aligned boxes in page pixel coordinates (x, y from the top-left corner).

The one Box of the project: OCR layout and results, IIIF canvas regions and the
records all use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """A rectangle: left x, top y, width and height in pixels."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    @classmethod
    def from_edges(cls, x0: float, y0: float, x1: float, y1: float) -> Box:
        """The box spanning [x0, x1) × [y0, y1), rounded outwards."""
        ix0, iy0 = int(x0), int(y0)
        return cls(ix0, iy0, max(0, int(-(-x1 // 1)) - ix0), max(0, int(-(-y1 // 1)) - iy0))

    def scaled(self, factor: float) -> Box:
        """The same region in an image resized by `factor` (outward rounding)."""
        return Box.from_edges(self.x * factor, self.y * factor,
                              self.right * factor, self.bottom * factor)

    def shifted(self, dx: int, dy: int) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    def clipped(self, width: int, height: int) -> Box:
        """The part of the box inside an image of this size."""
        x0, y0 = max(0, self.x), max(0, self.y)
        x1, y1 = min(width, self.right), min(height, self.bottom)
        return Box(x0, y0, max(0, x1 - x0), max(0, y1 - y0))

    def union(self, other: Box) -> Box:
        return Box.from_edges(min(self.x, other.x), min(self.y, other.y),
                              max(self.right, other.right), max(self.bottom, other.bottom))

    @property
    def xywh(self) -> str:
        """x,y,w,h: the form of an IIIF media fragment (#xywh=) and a IIIF region."""
        return f"{self.x},{self.y},{self.w},{self.h}"

    def as_list(self) -> list[int]:
        """[x, y, w, h], the form the JSON output and the ground truth use."""
        return [self.x, self.y, self.w, self.h]

    def corners(self) -> tuple[tuple[float, float], ...]:
        return ((self.x, self.y), (self.right, self.y),
                (self.right, self.bottom), (self.x, self.bottom))
