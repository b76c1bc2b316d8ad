"""The columns of one frame: cells between rulings, or between gaps in the text where a
page has no rulings, each told apart as body text, centre strip (版心) or empty.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, signal

from guji.ocr.geometry import Box
from guji.ocr.layout.cells import Cell, ink_box, inner_span
from guji.ocr.layout.frames import STRONG_RULE_COVER, rulings
from guji.ocr.layout.ink import InkMap
from guji.ocr.layout.repeats import self_match
from guji.ocr.layout.ruled_pitch import (
    PITCH_TOLERANCE,
    ruled_pitch,
    text_fits_better,
    worn_between,
)
from guji.ocr.layout.strips import (
    mark_edge_fragments,
    one_side_strip,
    one_strip_at_each_side,
    printed_frame,
    strip_like,
    strips_at_sides_or_middle,
)

# A ruling inked down this share of the frame prints whole; with this many such (the
# sides of a doubled frame are up to four), the page's rulings print well.
WHOLE_RULE_COVER = 0.9
WHOLE_RULES = 5
# The pitch of unruled columns is looked for up to this many glyphs, and its peak in the
# profile's autocorrelation must reach this share of the profile's energy.
TEXT_PITCH_GLYPHS = 4.5
TEXT_PITCH_PEAK = 0.15
# A peak stands this share of the profile's energy above the trough that parts it from
# any higher peak: a step on the rising flank of the pitch's peak is not a peak of its
# own (a training page: 49 px taken on the way up to the peak at 55).
TEXT_PITCH_PROMINENCE = 0.05
# Solid marks joined to text, at least this share of the frame's text and them together:
# the heavy strokes of main characters measured at the notes' glyph size.
HEAVY_STROKES = 0.5
# The blank corridor between the halves of a note is narrower than this share of
# either half (see `_split_at_gaps`).
NOTE_CORRIDOR = 0.2
# A narrow run pairs with the run after it rather than the one before when that gap is
# under this share of the other: a note's corridor is far narrower than the paper
# between columns, while gaps about equal say nothing (a heading between two notes).
NEARER_SHARE = 0.7
# Marks of characters across this many borders between columns, and across this share
# of all of them, say the columns are a note's sub-columns (see `_straddled`). Training
# seeds 41-100: 17-21 marks across 11-19 borders on the three pages measured at half
# the pitch, at most 5 (across 5) where the pitch was right.
STRADDLED = 8
STRADDLED_SHARE = 0.8
# Where the profile's peak at a third of the pitch is below zero, this many pairs of
# neighbouring runs of ink a third apart say it is the pitch (see `_third`).
THIRD_REPEATS = 3
# Half the pitch found from the text is the pitch where glyphs fill less than this share
# of it and at least HALF_REPEATS and HALF_SHARE of neighbouring runs of ink stand that
# far apart, evenly (see `_half`).
HALF_FILL = 0.6
HALF_REPEATS = 4
HALF_SHARE = 0.75
# A run of ink without a blank gap, this many pitches wide, is columns that touch.
TOUCHING_PITCHES = 1.6
# A half-leaf holds at least this many columns (books print 6 to 12, or a few large
# characters); a pitch found from the text that leaves fewer across the frame is two
# pitches where the profile repeats at half of it too (see `_fewer_than_a_page`).
FEWEST_COLUMNS = 5


def frame_cells(m: InkMap, frame: Box) -> tuple[list[Cell], float]:
    """The cells of a frame from right to left, and the pitch of its columns."""
    found = rulings(m, frame)
    strong = _strong_cover(found)
    sure = [x for x, c in found if c >= strong]
    text_pitch = _text_pitch(m, frame)
    ruled = ruled_pitch(sure, m.glyph)
    ruled = worn_between(ruled, found, strong, text_pitch)
    ruled = text_fits_better(ruled, sure, text_pitch, m.glyph)
    # Without rulings enough to measure it, the columns of text give the pitch; then a
    # faint candidate is a long stroke of text, never a ruling.
    measured = ruled or text_pitch
    pitch = measured or 1.3 * m.glyph
    if ruled is None:
        found = [(x, c) for x, c in found if c >= strong]
    rules = _regular_rulings(found, pitch)
    bounds = list(rules)
    if not bounds or bounds[0] > frame.x + 0.25 * pitch:
        bounds = [frame.x, *bounds]
    if bounds[-1] < frame.right - 0.25 * pitch:
        bounds = [*bounds, frame.right]
    spans = _spans(m, frame, bounds, pitch, measured is not None)
    if ruled is None and _straddled(m, frame, spans, pitch):
        # Columns of a note's sub-columns: the pitch measured on the text was half the
        # columns' pitch (a page of notes under a few large main characters).
        pitch *= 2
        spans = _spans(m, frame, bounds, pitch, True)
    # A cell at a side of the frame: the first or last, and reaching the side. A lone
    # column in the middle of blank paper is at no side, whatever its neighbours.
    at_left = bool(spans) and spans[0][0] - frame.x <= pitch
    at_right = bool(spans) and frame.right - spans[-1][1] <= pitch
    # A frame drawn round the text of a page printed without one (see printed_frame):
    # the cells at its sides are bounded by their own ink, as narrow as a glyph, and
    # are no centre strip, whole or cut off at the fold; the solid glyphs of a small or
    # blurred page pass for fish-tails there.
    printed = printed_frame(m, frame)
    cells = [_classify(m, frame, a, b, pitch,
                       edge=(i == 0 and at_left) or (i == len(spans) - 1 and at_right),
                       printed=printed)
             for i, (a, b) in enumerate(spans)]
    inner_rules = rules if len(bounds) > 2 else []
    if printed:
        cells = mark_edge_fragments(cells, pitch, inner_rules)
    cells = one_strip_at_each_side(cells, at_left, at_right, inner_rules)
    cells = strips_at_sides_or_middle(m, frame, cells, pitch)
    cells = one_side_strip(m, frame, cells, pitch)
    return sorted(cells, key=lambda c: -c.x0), pitch


def _spans(m: InkMap, frame: Box, bounds: list[int], pitch: float,
           measured: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a > 1.5 * pitch:
            # No ruling between: an unruled page, or rulings too worn to see.
            spans.extend(_split_at_gaps(m, frame, a, b, pitch, measured))
        else:
            spans.append((a, b))
    return spans


def _straddled(m: InkMap, frame: Box, spans: list[tuple[int, int]], pitch: float) -> bool:
    """Whether the marks of characters reach across the borders between neighbouring
    columns, a quarter of a pitch into each, at STRADDLED or more borders and as many
    times as there are borders: a large character holds a column of its own, so its
    strokes cross the border of two columns only where those are the sub-columns of
    notes below it."""
    borders = [(p[1] + q[0]) / 2 for p, q in zip(spans, spans[1:], strict=False)
               if q[0] - p[1] < 0.5 * pitch]
    if len(borders) < STRADDLED:
        return False
    window = (slice(frame.y, frame.bottom), slice(frame.x, frame.right))
    parts, _ = ndimage.label(m.text[window] | m.blobs[window])
    reach = 0.25 * pitch
    across = 0
    for rows, cols in ndimage.find_objects(parts):
        if rows.stop - rows.start > 3 * m.glyph:
            continue  # a rule's remains, not a character's stroke
        x0, x1 = frame.x + cols.start, frame.x + cols.stop
        across += any(x0 <= b - reach and x1 >= b + reach for b in borders)
    return across >= max(STRADDLED, STRADDLED_SHARE * len(borders))


def _ink_runs(band: np.ndarray, height: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Which x of a band hold text, and the runs [x0, x1) of them two or more wide. Stray
    specks must not bridge a gap: a gap may hold a few inked pixels."""
    inked = band.sum(axis=0) > max(1.0, 0.004 * height)
    idx = np.flatnonzero(inked)
    runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    return inked, [(int(r[0]), int(r[-1]) + 1) for r in runs if r.size >= 2]


def _text_pitch(m: InkMap, frame: Box) -> float | None:
    """The pitch of the columns of text in an unruled frame: the lag at which the
    text's profile across the frame repeats best (autocorrelation), or None when it does
    not repeat (a column or two of text)."""
    band = _text_and_heavy_strokes(m, frame)
    # Where there is text across the frame, not how much: full columns beside short or
    # lightly inked ones (a last line, a column of notes) weigh alike, and the profile
    # repeats at one pitch rather than at two.
    inked, runs = _ink_runs(band, frame.h)
    # The pitch is wider than the widest columns of ink: the halves of commentary stand
    # closer than that and must not pass for columns (nor a low glyph estimate let them).
    widths = [x1 - x0 for x0, x1 in runs]
    widest = float(np.percentile(widths, 90)) if widths else 0.0
    full = self_match(inked)
    lo = int(max(0.9 * m.glyph, widest))
    hi = min(len(full) // 2, int(TEXT_PITCH_GLYPHS * max(m.glyph, widest)))
    if hi <= lo + 2 or full[0] <= 0:
        return None
    lags = np.arange(lo, hi)
    values = full[lo:hi]
    peaks = [i for i in range(1, len(values) - 1)
             if values[i] >= values[i - 1] and values[i] >= values[i + 1]
             and values[i] > TEXT_PITCH_PEAK * full[0]]
    if peaks:
        # A step on the flank of a higher peak is dropped; the highest is kept, whatever
        # its prominence: the window's end may cut it short, the true peak beyond it.
        prominence = signal.peak_prominences(values, peaks)[0]
        top = max(values[i] for i in peaks)
        peaks = [i for i, p in zip(peaks, prominence, strict=True)
                 if p >= TEXT_PITCH_PROMINENCE * full[0] or values[i] >= top]
    if not peaks:
        return None
    # The first strong peak is the pitch; later ones are its multiples.
    best = max(values[i] for i in peaks)
    first = next(i for i in peaks if values[i] >= 0.6 * best)
    pitch = int(lags[first])
    return float(_third(lags, values, pitch, runs) or _half(pitch, runs, m.glyph)
                 or _fewer_than_a_page(lags, values, pitch, frame.w, TEXT_PITCH_PEAK * full[0])
                 or pitch)


def _fewer_than_a_page(lags: np.ndarray, values: np.ndarray, pitch: int, width: int,
                       floor: float) -> int | None:
    """Half the pitch found, where that leaves fewer than FEWEST_COLUMNS across the frame
    and the profile repeats at half of it as well (a peak above `floor`): where
    a page's notes stand as far apart as its columns, and sit beside main text in some
    columns and fill others, the profile repeats best at two pitches (a training page of
    seven columns 75 px apart, its notes' sub-columns 36 px apart: 149 px found, the
    glyph then taken from that pitch three times too large, and 80 of 156 characters
    misread)."""
    if width >= FEWEST_COLUMNS * pitch:
        return None
    best = _peak_near(lags, values, pitch / 2, floor)
    return None if best is None else int(lags[best])


def _peak_near(lags: np.ndarray, values: np.ndarray, lag: float,
               floor: float = -np.inf) -> int | None:
    """The index of the highest peak of the profile's autocorrelation within
    PITCH_TOLERANCE of `lag` and above `floor`, or None."""
    near = [i for i in range(1, len(values) - 1)
            if abs(lags[i] - lag) <= PITCH_TOLERANCE * lag
            and values[i] >= values[i - 1] and values[i] >= values[i + 1]
            and values[i] > floor]
    return max(near, key=lambda i: values[i]) if near else None


def _third(lags: np.ndarray, values: np.ndarray, pitch: int,
           runs: list[tuple[int, int]]) -> int | None:
    """A third of the pitch found, where the profile repeats there too (a peak too weak
    to count on its own) and two neighbouring runs of ink stand about that far apart: on
    a page with blank columns between its few columns of text, the text's profile may
    repeat best at three pitches (two training pages: 474 and 738 px found for columns
    158 and 262 px apart). The halves of a note stand half a pitch apart, not a third."""
    third = pitch / 3
    best = _peak_near(lags, values, third)
    if best is None:
        return None
    middles = [(x0 + x1) / 2 for x0, x1 in runs if x1 - x0 >= 0.3 * third]  # no specks
    apart = np.diff(middles)
    # A peak below zero (columns in pairs between blank ones) counts where runs stand
    # a third apart again and again.
    needed = 1 if values[best] > 0 else THIRD_REPEATS
    if np.sum(np.abs(apart - third) <= PITCH_TOLERANCE * third) < needed:
        return None
    return int(lags[best])


def _half(pitch: int, runs: list[tuple[int, int]], glyph: float) -> float | None:
    """Half the pitch found, where runs of ink stand that far apart, evenly, again and
    again, and glyphs fill little of it: where columns alternate between wide and narrow
    ink (headings between text with its notes), the profile repeats best at two pitches
    (a training page: 139 px found for columns 70 px apart). The halves of a note also
    stand about half a pitch apart, but their glyphs fill it, and they pair: the corridor
    between them is far narrower than the paper between columns."""
    half = pitch / 2
    if glyph > HALF_FILL * half:
        return None
    runs = [r for r in runs if r[1] - r[0] >= 0.3 * glyph]  # no specks
    middles = np.array([(x0 + x1) / 2 for x0, x1 in runs])
    apart = [i for i, d in enumerate(np.diff(middles)) if abs(d - half) <= PITCH_TOLERANCE * half]
    if len(apart) < HALF_REPEATS or len(apart) < HALF_SHARE * (len(runs) - 1):
        return None
    gaps = [runs[i + 1][0] - runs[i][1] for i in apart]
    if min(gaps) < NEARER_SHARE * max(gaps):
        return None
    return float(np.median([middles[i + 1] - middles[i] for i in apart]))


def _text_and_heavy_strokes(m: InkMap, frame: Box) -> np.ndarray:
    """The frame's text, with the solid marks that are parts of characters: on a page of
    small notes the glyph measures at the notes' size, and the heavy strokes of its large
    main characters pass for solid marks until the pitch is known. A solid mark joined to
    no text (a stain, a blot, a fish-tail on its rules) stays out."""
    window = (slice(frame.y, frame.bottom), slice(frame.x, frame.right))
    # Small solid marks are text already (ink.py); the larger ones are not.
    text = m.text[window]
    blobs = m.blobs[window] & ~text
    if not blobs.any():
        return text
    parts, _ = ndimage.label(m.ink[window])
    inked = np.unique(parts[text & (parts > 0)])
    heavy = blobs & np.isin(parts, inked)
    # Bold faces have a few solid dots and hooks wherever the glyph is measured; only
    # where they outweigh the text is the glyph measured too small. Training pages: 0.02
    # to 0.4 of it on pages of ordinary main text (counted, they moved the pitch on five),
    # 0.55 and 0.66 on the two pages of heavy main text over small notes.
    if heavy.sum() < HEAVY_STROKES * (text | heavy).sum():
        return text
    return text | heavy


def _strong_cover(found: list[tuple[int, float]]) -> float:
    """How well inked a ruling must be to be certain: STRONG_RULE_COVER, and well above
    half as well inked as the page's other rulings (on a crisp print, strokes of a
    column of text lined up can reach STRONG_RULE_COVER; its rulings reach far more)."""
    covers = [c for _x, c in found if c >= STRONG_RULE_COVER]
    if not covers:
        return STRONG_RULE_COVER
    # Where rulings besides the frame's sides print whole, a ruling is nearly as well
    # inked as they are: strokes lined up in a column of text reach 0.6-0.7 of the
    # frame's height. Where only the sides print whole, worn rulings are the rest.
    whole = [c for c in covers if c >= WHOLE_RULE_COVER]
    if len(whole) >= WHOLE_RULES:
        # Measured against the whole ones alone: on a page of notes, the strokes of
        # every sub-column line up and would pull the median down to their own cover.
        return max(STRONG_RULE_COVER, 0.75 * float(np.median(whole)))
    return max(STRONG_RULE_COVER, 0.6 * float(np.median(covers)))


def _regular_rulings(found: list[tuple[int, float]], pitch: float) -> list[int]:
    """Rulings: the well-inked ones, and faint ones where the regular spacing expects one.

    A faint candidate off the pitch grid is a long stroke of text, not a ruling.
    """
    limit = _strong_cover(found)
    weak = [x for x, cover in found if cover < limit]
    strong = _on_grid(sorted(x for x, cover in found if cover >= limit), pitch)
    strong = _nearer_the_grid(strong, weak, pitch)
    keep = list(strong)
    for a, b in zip(strong, strong[1:], strict=False):
        n = int(round((b - a) / pitch))
        if n < 2:
            continue
        # The gap between two strong rulings holds n columns: faint rulings belong at
        # the n-1 places that divide it evenly.
        for k in range(1, n):
            expected = a + k * (b - a) / n
            near = sorted((abs(x - expected), x) for x in weak
                          if abs(x - expected) <= PITCH_TOLERANCE * pitch)
            if near:
                keep.append(near[0][1])
    keep.sort()
    # Two rulings closer than a third of a pitch are one double line (frame sides).
    merged: list[int] = []
    for x in keep:
        if merged and x - merged[-1] < 0.35 * pitch:
            continue
        merged.append(x)
    return merged


def _nearer_the_grid(strong: list[int], weak: list[int], pitch: float) -> list[int]:
    """Well-inked candidates, each between two others a whole number of pitches apart
    giving way to a fainter one nearer its place on their grid: the strokes of a note's
    sub-column set against a worn ruling line up beside it and may ink more of the
    frame's height than the ruling itself."""
    out = list(strong)
    for i in range(1, len(strong) - 1):
        prev, x, nxt = strong[i - 1], strong[i], strong[i + 1]
        n = int(round((nxt - prev) / pitch))
        if n < 2 or abs(nxt - prev - n * pitch) > PITCH_TOLERANCE * pitch:
            continue
        step = (nxt - prev) / n
        expected = prev + step * max(1, min(n - 1, round((x - prev) / step)))
        nearer = [w for w in weak if abs(w - expected) < abs(x - expected) / 2]
        if nearer:
            out[i] = min(nearer, key=lambda w: abs(w - expected))
    return out


def _on_grid(strong: list[int], pitch: float) -> list[int]:
    """Well-inked candidates without those that split one column in two: the strokes
    of a column of text lined up (丨 of 謝, 歡, 招 …) can ink as much of the frame's
    height as a worn ruling, but stand between two rulings a single pitch apart."""
    out = list(strong)
    for i in range(1, len(strong) - 1):
        prev, x, nxt = strong[i - 1], strong[i], strong[i + 1]
        if nxt - prev <= (1 + 2 * PITCH_TOLERANCE) * pitch and min(x - prev, nxt - x) > (
                PITCH_TOLERANCE * pitch):
            out.remove(x)
    return out


def _split_at_gaps(m: InkMap, frame: Box, a: int, b: int, pitch: float,
                   measured: bool = True) -> list[tuple[int, int]]:
    """Columns of an unruled stretch: runs of text separated by blank gaps.

    Halves of double-line commentary also stand apart; two narrow runs close together
    are one column, unless the second stands clearly closer to the run after it: glyphs
    filling little of their pitch make columns of main text narrow too, and a note's
    half pairs with its nearer neighbour, the other half. Where the pitch is only a
    guess (a column or two of text, no rulings, glyphs measured at the notes' size), the
    halves of a note are told by their corridor: narrower than a fifth of either half,
    where columns of text filling up to 80% of their pitch stand a quarter of a column
    apart or more.
    """
    band = m.text[frame.y:frame.bottom, a:b]
    prof = band.sum(axis=0)
    inked, runs = _ink_runs(band, frame.h)
    if not inked.any():
        return [(a, b)]
    spans = [(a + x0, a + x1) for x0, x1 in runs]
    merged: list[tuple[int, int]] = []
    for i, s in enumerate(spans):
        if merged:
            p = merged[-1]
            after = spans[i + 1] if i + 1 < len(spans) else None
            halves = _halves(p, s, pitch) and not (
                after is not None and _halves(s, after, pitch)
                and after[0] - s[1] < NEARER_SHARE * (s[0] - p[1]))
            corridor = not measured and s[0] - p[1] < NOTE_CORRIDOR * min(
                p[1] - p[0], s[1] - s[0])
            if halves or s[0] - p[1] < 0.08 * pitch or corridor:
                merged[-1] = (p[0], s[1])
                continue
        merged.append(s)
    if not merged:
        return []  # specks only: no run of ink is long enough to be a column
    # Each column owns the space up to the middle of the gaps on either side; at the
    # ends of the stretch, as much as half a gap between its columns (a lone column of
    # a blank page does not own the page).
    gaps = [q[0] - p[1] for p, q in zip(merged, merged[1:], strict=False)]
    reach = (float(np.median(gaps)) / 2 if gaps
             else 0.2 * float(np.median([x1 - x0 for x0, x1 in merged])))
    out: list[tuple[int, int]] = []
    for i, (x0, x1) in enumerate(merged):
        left = max(a, int(x0 - reach)) if i == 0 else (merged[i - 1][1] + x0) // 2
        right = min(b, int(x1 + reach)) if i == len(merged) - 1 else (x1 + merged[i + 1][0]) // 2
        cuts = _touching_cuts(prof[x0 - a:x1 - a], pitch) if measured else []
        edges = [left, *(x0 + c for c in cuts), right]
        out.extend(zip(edges, edges[1:], strict=False))
    return out


def _touching_cuts(prof: np.ndarray, pitch: float) -> list[int]:
    """Where a run of ink several pitches wide parts into columns: wide glyphs and
    notes filling their pitch leave no blank paper between neighbouring columns, so a
    run wider than TOUCHING_PITCHES is cut at its faintest place near each pitch."""
    n = int(round(len(prof) / pitch))
    if len(prof) < TOUCHING_PITCHES * pitch or n < 2:
        return []
    step = len(prof) / n
    reach = max(1, int(0.25 * pitch))
    cuts = []
    for j in range(1, n):
        expected = int(round(j * step))
        lo, hi = max(1, expected - reach), min(len(prof) - 1, expected + reach + 1)
        cuts.append(lo + int(np.argmin(prof[lo:hi])))
    return cuts


def _halves(p: tuple[int, int], s: tuple[int, int], pitch: float) -> bool:
    """Whether two runs of ink, left to right, may be the halves of one note: both
    narrow, and together no wider than a column."""
    narrow = (p[1] - p[0]) < 0.6 * pitch and (s[1] - s[0]) < 0.6 * pitch
    return narrow and s[1] - p[0] <= 1.15 * pitch


def _classify(m: InkMap, frame: Box, a: int, b: int, pitch: float, *, edge: bool,
              printed: bool) -> Cell:
    inner = inner_span(a, b, pitch)
    if (printed or not edge) and strip_like(m, frame, (a, b), pitch, edge=edge):
        ink = m.text[frame.y:frame.bottom, inner[0]:inner[1]] | m.blobs[
            frame.y:frame.bottom, inner[0]:inner[1]]
        return Cell(*inner, "centre-strip", ink_box(ink, inner[0], frame.y, m.glyph))
    box = ink_box(m.text[frame.y:frame.bottom, inner[0]:inner[1]], inner[0], frame.y, m.glyph)
    if box is None:
        return Cell(*inner, "empty", None)
    return Cell(*inner, "body", box)


