"""The pitch of a frame's columns measured on its rulings: the gaps between the
well-inked ones, worn rulings missing here and there, and where the columns of text
repeat at a fraction of it or fit the gaps better."""

from __future__ import annotations

import numpy as np

# At most this many well-inked rulings, frame sides included, may stand a whole number
# of pitches apart with the rest worn away (see `worn_between`).
WORN_RULINGS = 4
# Up to this many gaps between well-inked rulings, all whole numbers of the shortest,
# measure the pitch as the shortest (see `ruled_pitch`).
FEW_GAPS = 3
# Rulings sit one pitch apart; a ruling within this share of a pitch of the expected
# place is accepted even when worn (see `columns._regular_rulings`).
PITCH_TOLERANCE = 0.18
# Where the pitch measured on the rulings is off its own gaps, the text's pitch may be
# off them by this much and still be taken (see `text_fits_better`).
SIDE_SLACK = 0.25


def ruled_pitch(strong: list[int], glyph: float) -> float | None:
    """Distance between neighbouring rulings; None when too few rulings show it."""
    gaps = ruling_gaps(strong, glyph)
    if gaps.size < 2:
        return None
    pitch = float(np.median(gaps))
    # Worn rulings missing here and there leave gaps of two or three pitches; when they
    # are the majority the median is one of those multiples. The shortest gaps tell.
    # At least two of them: one short gap is as likely a long stroke of text beside a
    # ruling, and halving the pitch cuts every column in two.
    short = float(np.percentile(gaps, 10))
    n = round(pitch / short)
    if n >= 2 and abs(pitch / short - n) < 0.15 * n:
        unit = pitch / n
        if int(np.sum(np.abs(gaps - unit) < 0.15 * unit)) >= 2:
            pitch = unit
    # Each gap is a whole number of pitches: refine on all of them.
    pitch = float(np.median(gaps / np.maximum(1, np.round(gaps / pitch))))
    if gaps.size <= FEW_GAPS and not on_pitch(gaps, pitch) and on_pitch(gaps, gaps.min()):
        # The few rulings left on a worn block: the median of gaps of one and two or three
        # pitches is neither, while the shortest gap divides them all.
        pitch = float(np.median(gaps / np.round(gaps / gaps.min())))
    return pitch


def ruling_gaps(strong: list[int], glyph: float) -> np.ndarray:
    """The gaps between neighbouring rulings that may be whole numbers of pitches."""
    gaps = np.diff(strong)
    # Generous upper bound: thin strokes break glyphs into parts, so `glyph` may be low.
    return gaps[(gaps > 0.9 * glyph) & (gaps < 8.0 * glyph)].astype(float)


def worn_between(ruled: float | None, found: list[tuple[int, float]], strong: float,
                 text: float | None) -> float | None:
    """The ruled pitch, or a whole fraction of it where the rulings are few and the
    columns of text repeat at that fraction: three or four rulings left standing two
    pitches apart (the others worn away) measure twice the pitch, and the glyph bound
    drawn from it doubles. Where more rulings stand, they are believed: measured on
    training pages, halving on the text's word alone cost far more than it gained."""
    if ruled is None or text is None:
        return ruled
    n = round(ruled / text)
    few = sum(1 for _x, c in found if c >= strong) <= WORN_RULINGS
    if few and n >= 2 and abs(ruled / text - n) < PITCH_TOLERANCE * n / 2:
        return ruled / n
    return ruled


def text_fits_better(ruled: float | None, sure: list[int], text: float | None,
                     glyph: float) -> float | None:
    """The text's pitch, refined on the rulings, where the rulings stand whole numbers of
    it apart and not of the pitch measured on them: two or three gaps between the few
    rulings left (one pitch, three pitches) have a median that is neither."""
    if ruled is None or text is None:
        return ruled
    gaps = ruling_gaps(sure, glyph)
    if gaps.size == 0 or on_pitch(gaps, ruled):
        return ruled
    # A frame's side may be the outer line of a doubled border, a sixth of a pitch
    # outside the text's first column: the gap from it is off by that much for either
    # pitch, and the text's is taken where it fits every gap better than the ruled one.
    off = off_pitch(gaps, text)
    if not (off <= PITCH_TOLERANCE or (off <= SIDE_SLACK and off < off_pitch(gaps, ruled))):
        return ruled
    return float(np.median(gaps / np.round(gaps / text)))


def on_pitch(gaps: np.ndarray, pitch: float) -> bool:
    return off_pitch(gaps, pitch) <= PITCH_TOLERANCE


def off_pitch(gaps: np.ndarray, pitch: float) -> float:
    """How far the gap furthest from a whole number of pitches is from it, in pitches
    (infinite where a gap is under half a pitch)."""
    n = np.round(gaps / pitch)
    if not np.all(n >= 1):
        return float("inf")
    return float(np.max(np.abs(gaps / pitch - n)))
