"""`guji inspect IMAGE`: geometry and quality of one scan, for checking a scanner set-up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from guji.commands.common import setting_help
from guji.qa.profile import PROFILES

_LABELS = (
    ("width", "width (px)", "{}"),
    ("height", "height (px)", "{}"),
    ("dpi", "resolution (ppi)", "{:.0f}"),
    ("skew_deg", "skew (° CCW)", "{:+.2f}"),
    ("sharpness", "sharpness", "{:.2f}"),
    ("clipped_shadows", "clipped shadows", "{:.2%}"),
    ("clipped_highlights", "clipped highlights", "{:.2%}"),
    ("dynamic_range", "dynamic range (levels)", "{:.0f}"),
    ("ink_coverage", "text ink coverage", "{:.2%}"),
    ("blank", "blank", "{}"),
    ("page_box", "page box (x, y, w, h)", "{}"),
    ("frame_box", "frame box (x, y, w, h)", "{}"),
)


@click.command()
@click.argument("image", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.option("--profile", type=click.Choice(sorted(PROFILES)), default="default",
              show_default=True, help=setting_help("qa_profile"))
def inspect(image: Path, as_json: bool, profile: str) -> None:
    """Measure one IMAGE as it is: size, resolution, skew, sharpness, clipping, blankness,
    the paper and the printed frame, and the QA verdict under a profile.

    skew_deg is the counter-clockwise rotation of the content (the correction turns by
    -skew_deg). Boxes are x, y, w, h in the image's pixels.
    """
    from guji.imaging.inspect import inspect_scan

    report = inspect_scan(image, profile=profile)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    Console().print(_table(report))


def _table(report: dict[str, Any]) -> Table:
    verdict = report["verdict"]
    colour = {"pass": "green", "warn": "yellow", "fail": "red"}[verdict]
    table = Table(title=f"{report['file']}: [{colour}]{verdict}[/] ({report['profile']} profile)",
                  show_header=False)
    table.add_column("measure", style="bold")
    table.add_column("value")
    for key, label, fmt in _LABELS:
        value = report.get(key)
        if value is None:
            text = "–" if key != "dpi" else "not recorded"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = fmt.format(value)
        table.add_row(label, text)
    if len(report.get("pages", [])) > 1:
        table.add_row("pages", "opening: " + ", ".join(p["side"] for p in report["pages"]))
    for reason in report["reasons"]:
        table.add_row(f"[{colour}]{verdict}[/]", reason)
    return table
