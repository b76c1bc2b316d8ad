"""Cutting the block: draws a half-leaf's ink (frame, rules, centre strip, glyphs).

Drawing goes into a single-band coverage image (0 = bare paper, 255 = full ink) on the
upright leaf; colour, paper and wear are added later. Each glyph gets its own ink level,
as hand inking of a block is never even.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from guji.sample.fonts import Typeface
from guji.sample.geometry import Rect
from guji.sample.glyphs import glyph
from guji.sample.leaf import HalfLeaf, PrintFormat
from guji.sample.style import Faces
from guji.sample.typeset import ColumnText, MainRun, NoteRun, chinese_number


@dataclass(frozen=True)
class StripText:
    """What the centre strip prints: short title, juan and leaf numbers."""

    title: str
    juan: int
    leaf: int

    @property
    def juan_text(self) -> str:
        return "卷" + chinese_number(self.juan)

    @property
    def leaf_text(self) -> str:
        return chinese_number(self.leaf)

    @property
    def text(self) -> str:
        return self.title + self.juan_text + self.leaf_text


class BlockCutter:
    """Draws onto a coverage image (mode L), scaled by `scale` (1 at full size)."""

    def __init__(self, layer: Image.Image, faces: Faces, rng: np.random.Generator,
                 scale: float = 1.0, ink: tuple[int, int] = (205, 255)) -> None:
        self.layer = layer
        self.draw = ImageDraw.Draw(layer)
        self.faces = faces
        self.rng = rng
        self.scale = scale
        self.ink = ink

    def _level(self) -> int:
        return int(self.rng.integers(self.ink[0], self.ink[1] + 1))

    def _box(self, r: Rect, fill: int | None = None) -> None:
        s = self.scale
        if r.w <= 0 or r.h <= 0:
            return
        x0, y0 = r.x * s, r.y * s
        self.draw.rectangle([x0, y0, max(x0, r.right * s - 1), max(y0, r.bottom * s - 1)],
                            fill=self._level() if fill is None else fill)

    def _rule(self, x: float, y0: float, y1: float, width: float, ink: float = 0.9,
              broken: bool = False) -> None:
        """A vertical ruling line (see _worn_line)."""
        self._worn_line((x, y0), (x, y1), width, ink=ink, steps=14 if broken else 6,
                        broken=broken)

    def _hrule(self, y: float, x0: float, x1: float, width: float) -> None:
        """A worn horizontal rule: a frame's thin inner rule on a worn block."""
        self._worn_line((x0, y), (x1, y), width, ink=0.9, steps=24, broken=True)

    def _worn_line(self, start: tuple[float, float], end: tuple[float, float], width: float,
                   *, ink: float, steps: int, broken: bool) -> None:
        """A vertical or horizontal line cut by hand, so it wanders a little across its
        length. A worn block prints it `broken`: pieces with gaps between them."""
        s = self.scale
        vertical = start[0] == end[0]
        a, b = (start[1], end[1]) if vertical else (start[0], end[0])
        along = np.linspace(a, b, steps + 1)
        across = (start[0] if vertical else start[1]) + self.rng.normal(0, 0.12 * width, steps + 1)
        xs, ys = (across, along) if vertical else (along, across)
        level = int(self._level() * ink)
        for i in range(steps):
            if broken and self.rng.random() < 0.4:
                continue
            self.draw.line([(xs[i] * s, ys[i] * s), (xs[i + 1] * s, ys[i + 1] * s)],
                           fill=level, width=max(1, round(width * s)))

    def glyph(self, ch: str, cx: float, cy: float, em: float,
              face: Typeface | None = None, width: float | None = None) -> None:
        """One character centred (by its ink) on (cx, cy), a little off, as cut by hand;
        squeezed to `width` where its em is wider (a tall narrow note character)."""
        s = self.scale
        mask = glyph(self.faces.drawing(face or self.faces.text, ch), round(em * s), ch)
        if width is not None and mask.width > width * s:
            mask = mask.resize((max(1, round(width * s)), mask.height), Image.Resampling.LANCZOS)
        jitter = self.rng.normal(0, 0.015 * em, 2)
        x = round((cx + jitter[0]) * s - mask.width / 2)
        y = round((cy + jitter[1]) * s - mask.height / 2)
        self.layer.paste(self._level(), (x, y, x + mask.width, y + mask.height), mask)

    def frame(self, hl: HalfLeaf, fmt: PrintFormat | None = None) -> None:
        """Border lines (single or double), the strip's line and the column rules, as the
        format has them: rulings of its style, cracks across the frame."""
        f, t, line = hl.frame, hl.text_area, hl.line_px
        thin = max(1.5, line * 0.4)
        rules = fmt.rules if fmt else "solid"
        strip_x0 = min(f.x, hl.strip.x)
        strip_x1 = max(f.right, hl.strip.right)
        # Top and bottom borders run on through the centre strip to the fold.
        self._box(Rect(strip_x0, f.y, strip_x1 - strip_x0, line))
        self._box(Rect(strip_x0, f.bottom - line, strip_x1 - strip_x0, line))
        outer_x = f.x if hl.fold == "right" else f.right - line
        self._box(Rect(outer_x, f.y, line, f.h))
        strip_line_x = f.right - line if hl.fold == "right" else f.x
        self._box(Rect(strip_line_x, f.y, line, f.h))
        if hl.border != "single":
            inner_x = t.x - thin if hl.fold == "right" else t.right
            self._box(Rect(inner_x, t.y, thin, t.h))
        if hl.border == "double" and rules == "broken":
            # A worn block wears its thin inner rules into dashes too.
            self._hrule(t.y - thin / 2, t.x, t.right, thin)
            self._hrule(t.bottom + thin / 2, t.x, t.right, thin)
        elif hl.border == "double":
            self._box(Rect(t.x, t.y - thin, t.w, thin))
            self._box(Rect(t.x, t.bottom, t.w, thin))
        if rules != "none":
            width = max(1.0, line * 0.2) if rules in ("thin", "faint") else thin
            for order in range(1, hl.columns):
                self._rule(hl.column_rect(order).x, t.y, t.bottom, width,
                           ink=fmt.rule_ink if fmt else 0.9, broken=rules == "broken")
        for _ in range(fmt.frame_breaks if fmt else 0):
            self._crack(hl)

    def _crack(self, hl: HalfLeaf) -> None:
        """A crack across the block: a gap in one of the frame's lines, paper through it."""
        f, line = hl.frame, hl.line_px
        # Lines are drawn inside these strips; a gap clears the strip a little wider.
        pad = 0.6 * line
        side_x = f.x if hl.fold == "right" else f.right - line
        lines = [Rect(f.x, f.y - pad, f.w, line + 2 * pad),
                 Rect(f.x, f.bottom - line - pad, f.w, line + 2 * pad),
                 Rect(side_x - pad, f.y, line + 2 * pad, f.h)]
        strip = lines[int(self.rng.integers(0, len(lines)))]
        size = float(self.rng.uniform(0.15, 0.6)) * hl.cell_h
        if strip.w > strip.h:
            at = float(self.rng.uniform(strip.x + 0.1 * strip.w, strip.right - 0.1 * strip.w - size))
            self._box(Rect(at, strip.y, size, strip.h), fill=0)
        else:
            at = float(self.rng.uniform(strip.y + 0.1 * strip.h, strip.bottom - 0.1 * strip.h - size))
            self._box(Rect(strip.x, at, strip.w, size), fill=0)

    def column(self, hl: HalfLeaf, order: int, content: ColumnText) -> None:
        col = hl.column_rect(order)
        unit = hl.cell_h / 2
        em = min(hl.cell_h * 0.9, col.w * 0.8)
        small = min(unit * 0.92, col.w * 0.44)
        for run in content.runs:
            face = self.faces.for_run(run)
            if isinstance(run, MainRun):
                for i, ch in enumerate(run.text):
                    cy = col.y + (run.start + 2 * i + 1) * unit
                    self.glyph(ch, col.x + col.w / 2, cy, em, face)
            elif isinstance(run, NoteRun):
                step = run.row_units
                # A tall note character is cut nearly as tall as a main one and as narrow
                # as the ink of a square small one: about 1.8 times as tall as wide.
                tall = 0.85 * min(step * unit, em) if step > 1 else small
                wide = 0.85 * small if step > 1 else small
                half = 0.24 * col.w if run.gap is None else (wide + run.gap * col.w) / 2
                middle = col.x + col.w / 2
                for sub, x in ((run.right, middle + half), (run.left, middle - half)):
                    for i, ch in enumerate(sub):
                        self.glyph(ch, x, col.y + (run.start + (i + 0.5) * step) * unit, tall,
                                   face, width=wide if step > 1 else None)

    def strip(self, hl: HalfLeaf, content: StripText, fish_tails: int,
              black_mouth: bool) -> Rect:
        """The centre strip: mouth, fish tails, title, juan, leaf. Returns the text's extent."""
        st = hl.strip
        cx = st.x + st.w / 2
        line = hl.line_px
        y = st.y + line
        h = st.h - 2 * line
        tail_h = 0.022 * h
        top_tail = y + 0.1 * h
        if black_mouth:
            self._box(Rect(cx - 0.18 * st.w, y, 0.36 * st.w, top_tail - y))
        self._fish_tail(st, top_tail, tail_h, pointing_down=True)
        em = min(st.w * 0.62, hl.cell_h * 0.8)
        pos = top_tail + tail_h + 0.6 * em
        first = pos - 0.55 * em
        for ch in content.title:
            self.glyph(ch, cx, pos, em)
            pos += em * 1.05
        pos += em * 0.5
        for ch in content.juan_text:
            self.glyph(ch, cx, pos, em)
            pos += em * 1.05
        pos = max(pos + em, y + 0.55 * h)
        for ch in content.leaf_text:
            self.glyph(ch, cx, pos, em)
            pos += em * 1.05
        last = pos - 0.45 * em
        if fish_tails == 2:
            self._fish_tail(st, y + 0.86 * h, tail_h, pointing_down=False)
            if black_mouth:
                self._box(Rect(cx - 0.18 * st.w, y + 0.86 * h + tail_h, 0.36 * st.w,
                               y + h - (y + 0.86 * h + tail_h)))
        return Rect(st.x, first, st.w, last - first)

    def _fish_tail(self, st: Rect, y: float, h: float, *, pointing_down: bool) -> None:
        """A 魚尾: a black band across the strip with a V notch cut towards the fold."""
        s = self.scale
        cx = st.x + st.w / 2
        if pointing_down:
            pts = [(st.x, y), (st.right, y), (st.right, y + h), (cx, y + 0.45 * h), (st.x, y + h)]
        else:
            pts = [(st.x, y + h), (st.right, y + h), (st.right, y), (cx, y + 0.55 * h), (st.x, y)]
        self.draw.polygon([(px * s, py * s) for px, py in pts], fill=self._level())
