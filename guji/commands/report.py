"""`guji report VOLUME`: (re)write a volume's qa.html from its qa.json and thumbnails."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from guji.commands.common import build_settings, console, store_options
from guji.pipeline.errors import StorageError, UsageError
from guji.pipeline.keys import record_key, thumb_key


@click.command()
@click.argument("volume")
@store_options
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write qa.html to this local file instead of into the archive.")
@click.option("--open", "open_it", is_flag=True, help="Open the report in the web browser.")
def report(volume: str, store: str | None, db: str | None, config: Path | None,
           output: Path | None, open_it: bool) -> None:
    """Write the QA report of VOLUME (qa.html: flagged pages first, thumbnails, skew and
    sharpness plots, links to the viewer) from the qa.json the ingest stored.

    Without --output the report is stored in the archive as VOLUME/qa.html.
    """
    from guji.pipeline.storage import open_store
    from guji.qa import render_html

    settings = build_settings(config, store=store, db=db)
    archive = open_store(settings.store)
    key = record_key(volume, "qa.json")
    if not archive.exists(key):
        raise UsageError(f"{volume} has no qa.json in {archive.uri}",
                         hint="check the volume id with `guji status`, or ingest the volume first")
    try:
        qa = json.loads(archive.get_bytes(key).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise StorageError(f"{key} is not valid JSON: {e}",
                           hint="re-run `guji ingest` for the volume to rebuild its QA") from e
    thumbs = {}
    for page in qa.get("pages", []):
        tkey = thumb_key(volume, int(page["seq"]))
        if archive.exists(tkey):
            thumbs[int(page["seq"])] = archive.get_bytes(tkey)
    html = render_html(qa, thumbs).encode("utf-8")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(html)
        target = output
    else:
        # Through the archive's door, so the catalogue's checksum follows the new bytes and
        # `guji verify` does not take the rewritten report for a damaged one.
        from guji.pipeline.archive import Archive
        from guji.pipeline.catalogue import Catalogue

        Archive(archive, Catalogue.open(settings.db_url)).put_bytes(
            volume, record_key(volume, "qa.html"), html, role="qa")
        target = archive.local_path(record_key(volume, "qa.html")) or _scratch_copy(volume, html)
    summary = qa.get("summary", {}).get("verdicts", {})
    console.print(f"{volume}: {summary.get('fail', 0)} fail, {summary.get('warn', 0)} warn, "
                  f"{summary.get('pass', 0)} pass → {target}")
    if open_it:
        click.launch(str(target))


def _scratch_copy(volume: str, html: bytes) -> Path:
    """A local copy to open when the archive is remote."""
    folder = Path(tempfile.mkdtemp(prefix="guji-report-"))
    path = folder / f"{volume}-qa.html"
    path.write_bytes(html)
    return path
