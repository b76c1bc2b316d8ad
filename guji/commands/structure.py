"""`guji structure VOLUME`: juan boundaries and folio labels, and staff corrections."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import click
from rich.table import Table

from guji.commands.common import build_settings, console, store_options
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import UsageError
from guji.pipeline.numerals import to_chinese
from guji.pipeline.storage import Store, open_store
from guji.publish.structure import (
    clear_corrections,
    correct_structure,
    juan_spans,
    parse_assignment,
    parse_csv,
    structure_view,
)


@click.command()
@click.argument("volume")
@click.option("--set", "assignments", multiple=True, metavar="SEQ:FIELD=VALUE[,…]",
              help="Correct a page: juan=N, leaf=N (the leaf number in its juan), side=a|b "
                   "(recto, verso). Repeatable, e.g. --set 3:juan=2,leaf=1,side=a.")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Corrections from a CSV file with the header seq,juan,leaf,side "
                   "(empty cells leave a field as OCR read it).")
@click.option("--clear", "clear", metavar="SEQ|all",
              help="Withdraw the corrections of one page, or of all pages.")
@click.option("--by", "agent", default="", help="Who corrects (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON on stdout.")
@store_options
def structure(volume: str, assignments: tuple[str, ...], csv_file: Path | None,
              clear: str | None, agent: str, as_json: bool, store: str | None, db: str | None,
              config: Path | None) -> None:
    """Show VOLUME's juan boundaries and folio labels, or correct them.

    Corrections are kept in the catalogue (they survive a re-ingest), logged as events, and
    the manifest, METS, MODS and ranges are published again at once.
    """
    settings = build_settings(config, store=store, db=db)
    catalogue = Catalogue.open(settings.db_url)
    archive = open_store(settings.store)
    if catalogue.volume(volume) is None:
        raise UsageError(f"volume {volume!r} is not in the catalogue",
                         hint="run `guji status` to list archived volumes")
    who = agent or getpass.getuser()
    fixes = [parse_assignment(a, volume) for a in assignments]
    if csv_file is not None:
        fixes += parse_csv(csv_file.read_text(encoding="utf-8-sig"), volume)
    if clear is not None:
        if clear != "all" and not clear.isdigit():
            raise UsageError(f"--clear {clear!r}: give a page number or `all`")
        clear_corrections(archive, catalogue, settings, volume,
                          None if clear == "all" else int(clear), who)
        console.print(f"{volume}: corrections withdrawn ({clear})")
    if fixes:
        keys = correct_structure(archive, catalogue, settings, volume, fixes, who)
        console.print(f"{volume}: {len(fixes)} page(s) corrected"
                      + (f"; re-published {len(keys)} records" if keys else
                         "; the records follow when its ingest completes"))
    _show(archive, catalogue, volume, as_json)


def _show(archive: Store, catalogue: Catalogue, volume: str, as_json: bool) -> None:
    view, fixes = structure_view(archive, catalogue, volume)
    if as_json:
        click.echo(json.dumps({
            "volume_id": volume,
            "juan": [{"juan": s.juan, "first_seq": s.first.seq, "last_seq": s.last.seq}
                     for s in juan_spans(view)],
            "pages": [{"seq": p.seq, "juan": p.juan, "leaf": p.leaf_number,
                       "side": p.folio_side, "folio": p.folio, "corrected": p.seq in fixes}
                      for p in view.pages],
        }, ensure_ascii=False, indent=1))
        return
    spans = Table(title=f"{volume}: juan")
    for col in ("juan", "pages", "folios"):
        spans.add_column(col)
    for span in juan_spans(view):
        spans.add_row(f"卷{to_chinese(span.juan)}", f"{span.first.seq}–{span.last.seq}",
                      f"{span.first.folio or '?'}–{span.last.folio or '?'}")
    console.print(spans)
    pages = Table(title=f"{volume}: pages")
    for col in ("seq", "juan", "folio", "source"):
        pages.add_column(col)
    for p in view.pages:
        pages.add_row(str(p.seq), str(p.juan or ""), f"葉{p.folio}" if p.folio else "",
                      "corrected" if p.seq in fixes else "centre strip (OCR)")
    console.print(pages)
