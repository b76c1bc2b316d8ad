"""Small inline SVG plots of a metric across the pages of a volume (no script, no fonts
to fetch: they render in any browser and in the archived file forever)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

W, H = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 34
COLOURS = {"pass": "#2e7d32", "warn": "#ef6c00", "fail": "#c62828"}


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = hi - lo or 1.0
    raw = span / count
    step = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * step:
            step *= m
            break
    first = math.ceil(lo / step) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step) + 1)]


def series_plot(title: str, points: Sequence[tuple[int, float, str]], *, y_label: str,
                limits: Sequence[tuple[float, str]] = (), css_class: str = "plot") -> str:
    """An SVG line-and-dot plot of (page seq, value, verdict) with dashed limit lines."""
    values = [v for _, v, _ in points] + [v for v, _ in limits]
    seqs = [s for s, _, _ in points] or [1]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    pad = 0.08 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    s0, s1 = min(seqs), max(seqs)
    if s1 == s0:
        s0, s1 = s0 - 1, s1 + 1

    def px(seq: float) -> float:
        return LEFT + (seq - s0) / (s1 - s0) * (W - LEFT - RIGHT)

    def py(v: float) -> float:
        return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM)

    out = [f'<svg class="{escape(css_class)}" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
           f'aria-label="{escape(title)}">',
           f'<title>{escape(title)}</title>',
           f'<text x="{LEFT}" y="18" class="plot-title">{escape(title)}</text>',
           f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
           'fill="none" stroke="#999"/>']
    for t in _ticks(lo, hi):
        y = py(t)
        out.append(f'<line x1="{LEFT - 4}" x2="{LEFT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#999"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
    for t in _ticks(s0, s1, 8):
        if float(t).is_integer():
            x = px(t)
            out.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{t:g}</text>')
    out.append(f'<text x="{(W + LEFT) / 2:.0f}" y="{H - 4}" text-anchor="middle">page</text>'
               f'<text x="12" y="{(H - BOTTOM + TOP) / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 12 {(H - BOTTOM + TOP) / 2:.0f})">{escape(y_label)}</text>')
    for value, label in limits:
        y = py(value)
        out.append(f'<line class="limit" x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="#c62828" stroke-dasharray="5 4"/>'
                   f'<text x="{W - RIGHT - 4}" y="{y - 4:.1f}" text-anchor="end" '
                   f'fill="#c62828">{escape(label)}</text>')
    if len(points) > 1:
        path = " ".join(f"{px(s):.1f},{py(v):.1f}" for s, v, _ in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#607d8b" stroke-width="1"/>')
    for s, v, verdict in points:
        out.append(f'<circle class="point {escape(verdict)}" cx="{px(s):.1f}" cy="{py(v):.1f}" '
                   f'r="3.5" fill="{COLOURS.get(verdict, "#333")}">'
                   f'<title>page {s}: {v:g} ({escape(verdict)})</title></circle>')
    out.append("</svg>")
    return "\n".join(out)
