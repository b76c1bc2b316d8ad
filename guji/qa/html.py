"""qa.html: one self-contained file (inline CSS, data-URI thumbnails, inline SVG plots)
that a reviewer can open anywhere, flagged pages first."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from guji.qa.plots import series_plot

_ORDER = {"fail": 0, "warn": 1, "pass": 2}
# Pages listed in the report's proofreading table (qa.json lists them all).
PROOFREAD_LISTED = 20

_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
.summary span{display:inline-block;margin-right:1.2em}
.badge{padding:.1em .5em;border-radius:.6em;color:#fff;font-weight:600}
.pass{background:#2e7d32}.warn{background:#ef6c00}.fail{background:#c62828}
circle.pass,circle.warn,circle.fail{background:none}
.plots{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.plots svg{border:1px solid #ddd;background:#fff;max-width:100%;height:auto}
.plots text{font-size:11px;fill:#333}.plots .plot-title{font-size:13px;font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e0e0e0;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
img.thumb{max-width:120px;max-height:160px;border:1px solid #ccc;background:#eee}
ul.reasons{margin:0;padding-left:1.1em}
.volume-notes li{margin:.2em 0}
"""

_METRIC_COLUMNS = (
    ("dpi", "ppi", "{:.0f}"),
    ("sharpness", "sharpness", "{:.2f}"),
    ("clipped_shadows", "clip ▼", "{:.2%}"),
    ("clipped_highlights", "clip ▲", "{:.2%}"),
    ("dynamic_range", "range", "{:.0f}"),
    ("ink_coverage", "ink", "{:.1%}"),
)


def _data_uri(data: bytes) -> str:
    kind = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else (
        "image/webp" if data[8:12] == b"WEBP" else "image/jpeg")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _fmt(value: Any, fmt: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    try:
        return fmt.format(value)
    except (TypeError, ValueError):
        return escape(str(value))


def page_order(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fail first, then warn, then pass; in page order within each."""
    return sorted(pages, key=lambda p: (_ORDER.get(p.get("verdict", "pass"), 3), p["seq"]))


def render_html(qa: dict[str, Any], thumbs: dict[int, bytes]) -> str:
    """The HTML report of a volume's qa.json content, with its thumbnails embedded."""
    volume = escape(str(qa.get("volume", "")))
    summary = qa.get("summary", {})
    profile = qa.get("profile", {})
    viewer = qa.get("viewer_url")
    pages = qa.get("pages", [])
    limits = profile.get("thresholds", {})
    skew_plot = series_plot(
        "Skew across the volume", [(p["seq"], float(p.get("skew_deg") or 0.0), p["verdict"])
                                   for p in pages],
        y_label="skew (°)", css_class="plot skew-plot",
        limits=[(limits["skew_warn_above"], "warn"), (-limits["skew_warn_above"], "")]
        if "skew_warn_above" in limits else ())
    sharp = [(p["seq"], float(p["metrics"]["sharpness"]), p["verdict"]) for p in pages
             if isinstance(p.get("metrics", {}).get("sharpness"), int | float)]
    sharp_limits = []
    if "sharpness_warn_below" in limits:
        sharp_limits.append((limits["sharpness_warn_below"], "warn"))
    if summary.get("median_sharpness"):
        sharp_limits.append((summary["median_sharpness"] * limits.get("sharpness_volume_warn", 0.7),
                             "vs. volume"))
    sharp_plot = series_plot("Sharpness across the volume", sharp, y_label="sharpness",
                             limits=sharp_limits, css_class="plot sharpness-plot")
    counts = summary.get("verdicts", {})
    head = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>QA report: {volume}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{_CSS}</style></head><body>",
        f"<h1>QA report: {volume}</h1>",
        '<p class="summary">'
        f"<span>{summary.get('pages', len(pages))} pages from {summary.get('scans', '?')} scans</span>"
        + "".join(f'<span class="badge {v}">{counts.get(v, 0)} {v}</span>'
                  for v in ("fail", "warn", "pass"))
        + f"<span>profile <b>{escape(str(profile.get('name', '')))}</b></span>"
        f"<span>generated {escape(str(qa.get('generated', '')))}</span></p>",
        _volume_notes(summary),
        f'<div class="plots">{skew_plot}{sharp_plot}</div>',
        _proofreading(summary.get("proofread_first", []), viewer),
        "<table><thead><tr><th>page</th><th>image</th><th>verdict</th><th>file</th>"
        "<th>skew °</th>" + "".join(f"<th>{escape(label)}</th>" for _, label, _ in _METRIC_COLUMNS)
        + "<th>blank</th><th>reasons</th></tr></thead><tbody>",
    ]
    rows = [_row(p, thumbs.get(p["seq"]), viewer) for p in page_order(pages)]
    tail = ["</tbody></table></body></html>"]
    return "\n".join(head + rows + tail)


def _proofreading(order: list[dict[str, Any]], viewer: str | None) -> str:
    """The pages whose OCR is most likely wrong, worst first (from the engine's confidence)."""
    if not order:
        return ""
    rows = []
    for p in order[:PROOFREAD_LISTED]:
        seq = int(p["seq"])
        link = (f'<a href="{escape(viewer)}?canvas={seq}">{seq}</a>' if viewer else str(seq))
        rows.append(f'<tr><td class="num">{link}</td><td class="num">{p["expected_cer"]:.1%}'
                    f'</td><td class="num">{p["confidence"]:.2f}</td></tr>')
    return ('<section class="proofread"><h2>OCR: proofread these pages first</h2>'
            "<p>Expected share of wrong characters, from the recognizer's own confidence; "
            "〓 marks a character it could not read.</p>"
            '<table class="proofread"><thead><tr><th>page</th><th>expected errors</th>'
            "<th>confidence</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table></section>")


def _volume_notes(summary: dict[str, Any]) -> str:
    notes = []
    seq = summary.get("sequence", {})
    if seq.get("gaps"):
        notes.append("Missing file numbers: " + ", ".join(f"{n:04d}" for n in seq["gaps"]))
    for rep in seq.get("repeats", []):
        notes.append(f"File number {rep['number']:04d} used twice: " + ", ".join(rep["files"]))
    if seq.get("unnumbered"):
        notes.append("Files without a number: " + ", ".join(seq["unnumbered"]))
    for a, b, d in summary.get("duplicates", []):
        notes.append(f"Pages {a} and {b} look alike (hash distance {d})")
    if not notes:
        return '<p class="volume-notes">File sequence complete; no duplicate pages.</p>'
    return '<ul class="volume-notes">' + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"


def _row(page: dict[str, Any], thumb: bytes | None, viewer: str | None) -> str:
    seq = int(page["seq"])
    metrics = page.get("metrics", {})
    verdict = escape(str(page.get("verdict", "pass")))
    label = f"{seq}" + ("" if page.get("side", "single") == "single" else f" ({page['side']})")
    link = f"{viewer}?canvas={seq}" if viewer else None
    cell = escape(label) if link is None else f'<a href="{escape(link)}">{escape(label)}</a>'
    img = (f'<img class="thumb" alt="page {seq}" src="{_data_uri(thumb)}">' if thumb
           else "<i>no thumbnail</i>")
    if link and thumb:
        img = f'<a href="{escape(link)}">{img}</a>'
    reasons = "".join(f"<li>{escape(r)}</li>" for r in page.get("reasons", []))
    cells = "".join(f'<td class="num">{_fmt(metrics.get(k), f)}</td>' for k, _, f in _METRIC_COLUMNS)
    return (f'<tr id="page-{seq}" class="row-{verdict}"><td>{cell}</td><td>{img}</td>'
            f'<td><span class="badge {verdict}">{verdict}</span></td>'
            f"<td>{escape(str(page.get('source', '')))}</td>"
            f'<td class="num">{_fmt(page.get("skew_deg"), "{:+.2f}")}</td>{cells}'
            f"<td>{_fmt(metrics.get('blank'), '{}')}</td>"
            f'<td><ul class="reasons">{reasons}</ul></td></tr>')
