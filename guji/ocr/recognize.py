"""recognize_page: layout analysis, then every line of the page read by one engine."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pyvips

from guji.ocr.engine import Glyph, LineKind, LineReading, OcrEngine
from guji.ocr.engines import DEFAULT_ENGINE, get_engine
from guji.ocr.engines.ctc import MISSING
from guji.ocr.geometry import Box
from guji.ocr.image import UprightImage, load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.model import PageLayout, Segment
from guji.ocr.lines import Job, line_job, ocr_line
from guji.ocr.numerals import NUMERAL_CHARS, strip_fields, strip_foot
from guji.ocr.page import CentreStrip, OcrColumn, OcrHalfPage, OcrLine, OcrPage, TextKind


def recognize_page(image: Path | pyvips.Image, *, engine: str | OcrEngine = DEFAULT_ENGINE,
                   deskew: bool = True, dpi: float | None = None) -> OcrPage:
    """Layout and text of one page image (a corrected half-leaf, a raw scan or a spread),
    a file or a pyvips image at any resolution; boxes come back in its pixels. The page
    is read at glyph resolution (guji.ocr.image): a 600 dpi page costs what a 300 dpi
    one does. `dpi` overrides the resolution the image records."""
    source = image if isinstance(image, pyvips.Image) else Path(image)
    page = load_upright(source, deskew=deskew, dpi=dpi)
    return recognize_upright(page, engine=engine, name=_image_name(image))


def recognize_upright(page: UprightImage, *, engine: str | OcrEngine = DEFAULT_ENGINE,
                      name: str = "page") -> OcrPage:
    """Layout and text of a page already at working resolution (`load_upright`): the
    caller may let go of the full-resolution image before the OCR's own peak."""
    reader = get_engine(engine) if isinstance(engine, str) else engine
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    return read_layout(layout, page, reader, name=name)


def _image_name(image: Path | pyvips.Image) -> str:
    if isinstance(image, pyvips.Image):
        named = image.get_typeof("filename") != 0
        return Path(str(image.get("filename"))).name if named else "page"
    return Path(image).name


# A reading counts as sure when its glyphs' mean confidence reaches this and no glyph
# is unknown (〓); an unsure stretch is read once more the other way (main text as a
# double-line note, a note as main text) and the surer reading is kept.
SURE = 0.9
# Main text where a note of tall glyphs may stand has failed below this confidence.
FAILED = 0.75
# Stretches read as notes more than this many glyphs apart are two notes.
NOTE_GAP = 1.0
# Characters of main text stand at least this share of a glyph apart (their middles):
# closer, the reading took a note's row, two characters side by side, for main text.
CROWDED = 0.6
# Rows of a note and of the main text read in one split stand this share of a glyph
# apart at least (their middles); closer, they are one row read twice.
ROW_CLEAR = 0.4
# Main text has at most this many characters per full-size glyph of column height
# (glyphs of a column are at least 0.75 of a glyph apart, 一 and 二 included).
MAX_MAIN_DENSITY = 2.0


class _Reader:
    """Jobs for one engine call, their readings kept by index."""

    def __init__(self, page: UprightImage, glyph: float) -> None:
        self.page, self.glyph = page, glyph
        self.jobs: list[Job] = []
        self.readings: list[LineReading] = []

    def add(self, box: Box, kind: LineKind, small: bool, charset: str | None = None) -> int:
        self.jobs.append(line_job(self.page, box, kind, self.glyph, small, charset))
        return len(self.jobs) - 1

    def read(self, engine: OcrEngine) -> None:
        """Read the jobs added since the last call."""
        fresh = self.jobs[len(self.readings):]
        if fresh:
            self.readings.extend(engine.read_lines([j.line for j in fresh]))

    def line(self, i: int, kind: TextKind) -> OcrLine:
        return ocr_line(self.page, self.jobs[i], self.readings[i], kind)


@dataclass
class _Stretch:
    """Main text, or one double-line note, of a column: its readings as laid out and,
    when unsure, the other way."""

    segments: tuple[Segment, ...]
    laid: list[int]
    other: list[int] | None = None
    # Main text only: stretches that may be notes of tall glyphs, with the jobs that
    # read them as notes (see _with_tall_notes).
    tall: list[tuple[Segment, list[int]]] = field(default_factory=list)
    # Main text and a note read as one stretch (_split_way), and the job that reads its
    # main text once more on its own (_main_alone).
    split: _Split | None = None
    alone: int | None = None

    @property
    def top(self) -> int:
        return min(seg.box.y for seg in self.segments)

    @property
    def bottom(self) -> int:
        return max(seg.box.bottom for seg in self.segments)

    @property
    def note(self) -> bool:
        return self.segments[0].kind == "note"

    def kind(self, which: list[int]) -> TextKind:
        note = self.note != (which is self.other)
        return "commentary" if note else "body"


def _plan_other_ways(reader: _Reader, stretch: _Stretch, glyph: float,
                     between_notes: bool) -> None:
    """Add the jobs that read an unsure stretch the other way, and a main stretch's
    places that may be notes of tall glyphs as notes."""
    laid = [reader.readings[i] for i in stretch.laid]
    if not _sure(laid) or (not stretch.note and (
            between_notes or _too_dense(stretch, laid, glyph)
            or _crowded(reader, stretch.laid))):
        stretch.other = [i for seg in stretch.segments for i in _other_way(reader, seg)]
    if not stretch.note:
        stretch.tall = [(alt, [reader.add(b, "note", True) for b in alt.lines])
                        for alt in stretch.segments[0].maybe_notes
                        if _failed(_glyphs_within(reader, stretch.laid[0], alt.box.y,
                                                  alt.box.bottom))]


def _between_notes(stretches: list[_Stretch], k: int, glyph: float) -> bool:
    """Whether stretch k stands between two notes of its column, less than NOTE_GAP
    glyphs from each: where the sub-columns of a note in large glyphs touch, the layout
    loses the path between them and takes rows of the note for main text, which the
    recognizer reads as a few characters, sure of them (至也 for 至也物猶 / 處無不到)."""
    if stretches[k].note or not 0 < k < len(stretches) - 1:
        return False
    above, here, below = stretches[k - 1], stretches[k], stretches[k + 1]
    return (above.note and below.note and here.top - above.bottom <= NOTE_GAP * glyph
            and below.top - here.bottom <= NOTE_GAP * glyph)


def _stretches(reader: _Reader, segments: tuple[Segment, ...]) -> list[_Stretch]:
    """A column's segments as stretches to read. Note segments one under another are one
    note, cut where the layout saw a gap: its right sub-column runs through all of them
    before the left one starts. Blank paper between them parts two notes (NOTE_GAP)."""
    groups: list[list[Segment]] = []
    for seg in segments:
        if (groups and seg.kind == "note" and groups[-1][-1].kind == "note"
                and seg.box.y - groups[-1][-1].box.bottom <= NOTE_GAP * reader.glyph):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    stretches = []
    for group in groups:
        note = group[0].kind == "note"
        depth = max(len(seg.lines) for seg in group)
        boxes = [seg.lines[k] for k in range(depth) for seg in group if k < len(seg.lines)]
        stretches.append(_Stretch(tuple(group), [reader.add(b, group[0].kind, note)
                                                 for b in boxes]))
    return stretches


def read_layout(layout: PageLayout, page: UprightImage, engine: OcrEngine, *,
                name: str) -> OcrPage:
    """Read every line of an analysed page with `engine` (two or three batches per page)."""
    reader = _Reader(page, layout.glyph)
    columns: list[list[list[_Stretch]]] = []
    strips: list[list[tuple[list[int], int | None]]] = []
    for half in layout.half_pages:
        columns.append([_stretches(reader, column.segments) for column in half.columns])
        parts = half.centre_strip.parts if half.centre_strip else ()
        # Below the title the leaf number stands: each lower part is read once more
        # limited to numerals, and the surer reading is kept (_strip_part).
        strips.append([([reader.add(b, "strip", True) for b in seg.lines],
                        reader.add(seg.box, "strip", True, NUMERAL_CHARS) if n else None)
                       for n, seg in enumerate(parts)])
    reader.read(engine)
    glyph = layout.glyph
    for column_stretches in (c for half in columns for c in half):
        for k, stretch in enumerate(column_stretches):
            _plan_other_ways(reader, stretch, glyph,
                             _between_notes(column_stretches, k, glyph))
    reader.read(engine)
    for stretch in (s for half in columns for column in half for s in column):
        stretch.split = _split_way(reader, stretch)
        if stretch.split is not None:
            stretch.alone = reader.add(_main_part(stretch, stretch.split), "main", False)
    reader.read(engine)

    halves = []
    for half, half_columns, strip_plan in zip(layout.half_pages, columns, strips, strict=True):
        read_columns = []
        for column, stretches in zip(half.columns, half_columns, strict=True):
            lines = _one_note_each(reader, column.box, stretches, glyph)
            read_columns.append(OcrColumn(box=page.to_source(column.box), lines=tuple(lines)))
        centre = None
        if half.centre_strip is not None:
            read_parts = [_strip_part(reader, idx, leaf) for idx, leaf in strip_plan]
            fields = strip_fields(["".join(p.text for p in part) for part in read_parts])
            centre = CentreStrip(box=page.to_source(half.centre_strip.box),
                                 lines=tuple(p for part in read_parts for p in part),
                                 title=fields.title, juan=fields.juan, leaf=fields.leaf)
        halves.append(OcrHalfPage(side=half.side, frame=page.to_source(half.frame),
                                  columns=tuple(read_columns), centre_strip=centre))
    return OcrPage(image=name, width=page.source_width, height=page.source_height,
                   skew_deg=page.skew_deg,
                   engine=engine.describe(), half_pages=tuple(halves),
                   seals=tuple(page.to_source(s) for s in layout.seals),
                   direction=layout.direction)


def _one_note_each(reader: _Reader, column: Box, stretches: list[_Stretch],
                   glyph: float) -> list[OcrLine]:
    """A column's lines, stretch by stretch, with the stretches read as notes one under
    another joined into one note: its right sub-column runs through all of them before
    the left one starts. The layout may cut a long note in a hand or a worn block into
    stretches, and one it took for main text may read surer as a note; read one by one,
    their sub-columns would interleave. No book starts a second note where one ends:
    main text stands between them, or blank paper (a note is continuous text, its
    pieces abut)."""
    lines: list[OcrLine] = []
    note: list[list[tuple[int, OcrLine]]] = []  # the note being read: its stretches' lines
    note_bottom = 0.0
    middle = column.x + column.w / 2

    def on_left(part: tuple[int, OcrLine]) -> bool:
        box = reader.jobs[part[0]].box
        return box.x + box.w / 2 < middle

    def close() -> None:
        parts = [p for stretch in note for p in stretch]
        # Each side keeps its top-to-bottom order.
        lines.extend(line for _, line in (sorted(parts, key=on_left) if len(note) > 1
                                          else parts))
        note.clear()

    def add_note(parts: list[tuple[int, OcrLine]], top: float, bottom: float) -> None:
        nonlocal note_bottom
        if note and top - note_bottom > NOTE_GAP * glyph:
            close()  # blank paper between: a note of its own
        note.append(parts)
        note_bottom = bottom

    for stretch in stretches:
        split = stretch.split
        if split is not None:
            note_below, body, parts, (top, bottom) = split
            body = _main_alone(reader, stretch, body)
            if not note_below:  # a note above continues the one read above it
                add_note(parts, top, bottom)
            close()
            lines.append(body)
            if note_below:  # a note below may go on in the next stretch
                add_note(parts, top, bottom)
            continue
        best = _surer_way(stretch, reader.readings, glyph)
        if stretch.kind(best) == "commentary":
            add_note([(i, reader.line(i, "commentary")) for i in best],
                     stretch.top, stretch.bottom)
            continue
        close()
        if best is stretch.laid and stretch.tall:
            lines.extend(_with_tall_notes(reader, stretch))
        else:
            lines.extend(reader.line(i, stretch.kind(best)) for i in best)
    close()
    return lines


_Split = tuple[bool, OcrLine, list[tuple[int, OcrLine]], tuple[float, float]]


def _split_way(reader: _Reader, stretch: _Stretch) -> _Split | None:
    """An unsure stretch read as main text above a note, or as a note above main text,
    where that reads surer than the stretch whole, either way. The layout may see no path
    between the sub-columns of a note whose hand wobbles (a catalogue's title with its
    note below it, 四書蒐註四十二卷 直隸總督採進本), or take a main character the path
    ran through (非, 門) for the last row of a note of tall glyphs. Returns whether the
    note is below, the main line, the note's (job, line) parts and its top and bottom
    rows (upright page)."""
    if stretch.other is None or len(stretch.segments) != 1:
        return None
    if stretch.note:
        if len(stretch.laid) != 2 or len(stretch.other) != 1:
            return None
        (right, left), (main,) = stretch.laid, stretch.other
    else:
        if len(stretch.other) != 2:
            return None
        (main,), (right, left) = stretch.laid, stretch.other
    # Splits between any two glyphs of the three readings: a note's first row need not
    # stand where the main reading put a glyph.
    notes = [m for i in (right, left) for m in _middles(reader, i)]
    rows = sorted({*_middles(reader, main), *notes})
    splits = [_split_at(reader, stretch.note, (main, right, left), notes, (a + b) / 2,
                        note_below)
              for a, b in itertools.pairwise(rows) for note_below in (True, False)]
    scored = [s for s in splits if s is not None]
    whole = max(_score([reader.readings[i] for i in way]) for way in (stretch.laid, stretch.other))
    if not scored:
        return None
    score, best = max(scored, key=lambda s: s[0])
    return best if score > whole else None


def _main_part(stretch: _Stretch, split: _Split) -> Box:
    """The rows of a split stretch that hold its main text (upright page)."""
    note_below, _body, _parts, (top, bottom) = split
    whole = stretch.segments[0].box
    if note_below:
        return Box.from_edges(whole.x, whole.y, whole.right, max(whole.y + 1, int(top)))
    return Box.from_edges(whole.x, min(int(bottom), whole.bottom - 1), whole.right, whole.bottom)


def _main_alone(reader: _Reader, stretch: _Stretch, body: OcrLine) -> OcrLine:
    """A split stretch's main text as read on its own, where that reads no fewer
    characters and as surely: read with the note's rows in the same line, the recognizer
    lost characters of the main text (能慮慮而 as 能而) that it reads on their own."""
    if stretch.alone is None:
        return body
    alone = reader.readings[stretch.alone]
    if len(alone.glyphs) < len(body.glyphs) or _score([alone]) < _score(
            [LineReading(body.glyphs)]):
        return body
    return reader.line(stretch.alone, "body")


def _split_at(reader: _Reader, laid_note: bool, jobs: tuple[int, int, int],
              notes: list[float], y: float, note_below: bool) -> tuple[float, _Split] | None:
    """The reading split at row y (main text above a note, or below it) and its score;
    `notes` are the middles of every glyph of the two note readings.
    None where it does not hold: the stretch as laid out must have failed in the rows the
    split gives the other kind (halves of characters read as characters too: 明 as 日
    and 月), the note's part read surely and the main text's not fail, and every row be
    read once."""
    main, right, left = jobs
    inf = float("inf")
    note_rows, main_rows = ((y, inf), (-inf, y)) if note_below else ((-inf, y), (y, inf))
    body = _glyphs_within(reader, main, *main_rows)
    note = [_glyphs_within(reader, i, *note_rows) for i in (right, left)]
    if not body or not note[0] or not note[1] or _failed(body):
        return None
    if not _sure([LineReading(tuple(g)) for g in note]):
        return None
    # Main text failed where the split finds a note (it read something there), or both
    # sides of a note where it finds main text (one side's 〓 is a note's unknown glyph).
    if laid_note:
        if not all(_failed(_glyphs_within(reader, i, *main_rows)) for i in (right, left)):
            return None
    else:
        wrong = _glyphs_within(reader, main, *note_rows)
        if not wrong or not _failed(wrong):
            return None
    # Each row read once: the main text's glyphs stand apart as main characters do, the
    # note's stand clear of them (the note readings read main characters too, in halves),
    # and no glyph of the note readings between the two is lost.
    edge = _middles_of(reader, main, body)
    if _too_close(reader, edge):
        return None
    clear = ROW_CLEAR * reader.glyph
    near = (max(edge) + clear) if note_below else (min(edge) - clear)
    inside = [m for i, g in zip((right, left), note, strict=True)
              for m in _middles_of(reader, i, g)]
    if (min(inside) < near) if note_below else (max(inside) > near):
        return None
    if any(near <= m < y if note_below else y < m <= near for m in notes):
        return None
    sides = ((right, note[0]), (left, note[1]))
    parts = [(i, _part_line(reader, i, g, "commentary")) for i, g in sides]
    span = (min(reader.jobs[i].box.y + min(g.box.y for g in gs) for i, gs in sides),
            max(reader.jobs[i].box.y + max(g.box.bottom for g in gs) for i, gs in sides))
    score = _score([LineReading(tuple(body + note[0] + note[1]))])
    return score, (note_below, _part_line(reader, main, body, "body"), parts, span)


def _middles(reader: _Reader, i: int) -> list[float]:
    """Rows (upright page) of the middles of job i's glyphs."""
    return _middles_of(reader, i, list(reader.readings[i].glyphs))


def _middles_of(reader: _Reader, i: int, glyphs: list[Glyph]) -> list[float]:
    top = reader.jobs[i].box.y
    return [top + g.box.y + g.box.h / 2 for g in glyphs]


def _part_line(reader: _Reader, i: int, glyphs: list[Glyph], kind: TextKind) -> OcrLine:
    """The line of some of job i's glyphs, boxed to their rows."""
    job = reader.jobs[i]
    y0 = job.box.y + min(g.box.y for g in glyphs)
    y1 = job.box.y + max(g.box.bottom for g in glyphs)
    box = Box.from_edges(job.box.x, y0, job.box.right, y1)
    return ocr_line(reader.page, job, LineReading(tuple(glyphs)), kind, box)


def _other_way(reader: _Reader, seg: Segment) -> list[int]:
    """Jobs reading a segment the other way: a note as one line of main text, main text
    as the two sub-columns of a note (right before left)."""
    box = seg.box
    if seg.kind == "note":
        return [reader.add(box, "main", False)]
    half = box.w // 2
    return [reader.add(Box(box.x + half, box.y, box.w - half, box.h), "note", True),
            reader.add(Box(box.x, box.y, half, box.h), "note", True)]


def _glyphs_within(reader: _Reader, i: int, y0: float, y1: float) -> list[Glyph]:
    """The glyphs of job i's reading whose middles lie between rows y0 and y1 (page)."""
    top = reader.jobs[i].box.y
    return [g for g in reader.readings[i].glyphs if y0 <= top + g.box.y + g.box.h / 2 < y1]


def _failed(glyphs: list[Glyph]) -> bool:
    """Whether main text failed where a note of tall glyphs may stand: nothing read,
    an unknown glyph, or a confidence under FAILED."""
    return (not glyphs or any(g.text == MISSING for g in glyphs)
            or sum(g.confidence for g in glyphs) / len(glyphs) < FAILED)


def _with_tall_notes(reader: _Reader, stretch: _Stretch) -> list[OcrLine]:
    """A main stretch's lines, with each stretch of it that failed as main text and reads
    surely as a note put in as that note. Halves of characters read as characters too
    (明 as 日 and 月), so the note is taken only where the main reading failed."""
    i = stretch.laid[0]
    taken = sorted(((alt, jobs) for alt, jobs in stretch.tall
                    if _sure([reader.readings[j] for j in jobs])), key=lambda t: t[0].box.y)
    if not taken:
        return [reader.line(i, "body")]
    job = reader.jobs[i]
    lines: list[OcrLine] = []
    top = job.box.y
    for alt, jobs in [*taken, (None, [])]:
        bottom = alt.box.y if alt is not None else job.box.bottom + 1
        part = _glyphs_within(reader, i, top, bottom)
        if part:
            lines.append(_part_line(reader, i, part, "body"))
        lines.extend(reader.line(j, "commentary") for j in jobs)
        top = alt.box.bottom if alt is not None else bottom
    return lines


def _too_dense(stretch: _Stretch, readings: list[LineReading], glyph: float) -> bool:
    """Whether a reading as main text holds more characters than the stretch has room
    for: the two sub-columns of a note read as one line come out in small characters,
    two or more for every full-size glyph of height, still read with confidence."""
    height = sum(seg.box.h for seg in stretch.segments)
    return sum(len(r.glyphs) for r in readings) > MAX_MAIN_DENSITY * height / max(glyph, 1.0)


def _crowded(reader: _Reader, jobs: list[int]) -> bool:
    """Whether a reading as main text puts two characters closer than CROWDED glyphs:
    a row of a note, its two characters side by side, read as main text."""
    return any(_too_close(reader, _middles(reader, i)) for i in jobs)


def _too_close(reader: _Reader, middles: list[float]) -> bool:
    return any(b - a < CROWDED * reader.glyph for a, b in itertools.pairwise(middles))


def _surer_way(stretch: _Stretch, readings: list[LineReading], glyph: float) -> list[int]:
    """The jobs whose readings to keep: as laid out, or the other way where surer."""
    if stretch.other is None:
        return stretch.laid
    laid = [readings[i] for i in stretch.laid]
    other = [readings[i] for i in stretch.other]
    main, note = (other, laid) if stretch.note else (laid, other)
    if note and any(r.glyphs for r in note) and _too_dense(stretch, main, glyph):
        return stretch.laid if stretch.note else stretch.other
    return stretch.other if _score(other) > _score(laid) else stretch.laid


def _score(readings: list[LineReading]) -> float:
    """Mean glyph confidence, an unknown glyph (〓) counting as nothing."""
    values = [0.0 if g.text == MISSING else g.confidence for r in readings for g in r.glyphs]
    return sum(values) / len(values) if values else 0.0


def _sure(readings: list[LineReading]) -> bool:
    return _score(readings) >= SURE and all(g.text != MISSING for r in readings
                                            for g in r.glyphs)


def _strip_part(reader: _Reader, free: list[int], numeral: int | None) -> list[OcrLine]:
    """A part of a centre strip, and at its foot the surer of its free reading and the one
    limited to numerals (guji.ocr.numerals.strip_foot)."""
    lines = [reader.line(i, "centre-strip") for i in free]
    if numeral is None:
        return lines
    return strip_foot(lines, reader.line(numeral, "centre-strip"),
                      _score([reader.readings[i] for i in free]))
