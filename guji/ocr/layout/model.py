"""What layout analysis finds on a page: plain frozen records, boxes in page pixels.

Everything is read top to bottom within a line and lines right to left (`vertical-rl`);
tuples are already in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from guji.ocr.geometry import Box

Direction = Literal["vertical-rl"]
SegmentKind = Literal["main", "note"]
PageSide = Literal["single", "right", "left"]
VERTICAL_RL: Direction = "vertical-rl"


# A maybe note covering this share of its main text's height is the whole of it.
WHOLE_SHARE = 0.8


@dataclass(frozen=True)
class Segment:
    """A run down a column: main text, or double-line small commentary (雙行小注).

    `lines` are the boxes read one after the other: the segment itself for main text,
    the right sub-column then the left one for a note.
    """

    kind: SegmentKind
    box: Box
    lines: tuple[Box, ...]
    # False for a short note that might be main text with gaps inside its characters;
    # recognition reads it both ways and keeps the reading it is surer of.
    certain: bool = True
    # Main text only: stretches of it that may be notes in glyphs as tall as the main
    # text's (only narrower), read as notes where the main reading fails there.
    maybe_notes: tuple[Segment, ...] = ()

    def as_note(self) -> Segment | None:
        """The note this main text wholly may be (a maybe note as tall as it, near
        enough), or None: where a proofread truth says note, that note's lines."""
        return next((m for m in self.maybe_notes if m.box.h >= WHOLE_SHARE * self.box.h),
                    None)


@dataclass(frozen=True)
class ColumnLayout:
    """One printed column (行) between rulings, its segments top to bottom."""

    box: Box
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class CentreStripLayout:
    """The centre strip (版心): title, juan and leaf number, split at fish-tails and rules."""

    box: Box
    parts: tuple[Segment, ...]


@dataclass(frozen=True)
class HalfPageLayout:
    """A half-leaf (one page of the bound book) and its columns, right to left."""

    side: PageSide
    frame: Box
    columns: tuple[ColumnLayout, ...]
    centre_strip: CentreStripLayout | None


@dataclass(frozen=True)
class PageLayout:
    """The layout of one image, in the coordinates of the upright (deskewed) image.

    `skew_deg` is the counter-clockwise skew that was corrected before analysis; the
    upright image has the same size as the input, rotated about its centre.
    """

    width: int
    height: int
    skew_deg: float
    glyph: float  # typical width of a full-size glyph, in pixels
    half_pages: tuple[HalfPageLayout, ...]
    seals: tuple[Box, ...]
    direction: Direction = VERTICAL_RL

    @property
    def columns(self) -> tuple[ColumnLayout, ...]:
        """Every body column of the image in reading order (right half-page first)."""
        return tuple(c for page in self.half_pages for c in page.columns)
