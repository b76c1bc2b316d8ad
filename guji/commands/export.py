"""`guji export`: a volume as a BagIt bag for researchers and for other repositories."""

from __future__ import annotations

from pathlib import Path

import click

from guji.commands.common import build_settings, console, store_options


@click.command()
@click.argument("volume")
@click.option("--bagit", "bag_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the bag into (new or empty).")
@click.option("--masters/--no-masters", default=True, show_default=True,
              help="Include the master images (large TIFFs) or only access copies.")
@store_options
def export(volume: str, bag_dir: Path, masters: bool, store: str | None, db: str | None,
           config: Path | None) -> None:
    """Export VOLUME as a BagIt bag: images, OCR, full text, manifest, MODS, DC and METS,
    each checked against the checksum recorded when it was archived."""
    from guji.pipeline.catalogue import Catalogue
    from guji.pipeline.storage import open_store
    from guji.publish.bag import export_bag

    settings = build_settings(config, store=store, db=db)
    summary = export_bag(open_store(settings.store), Catalogue.open(settings.db_url), volume,
                         bag_dir, masters=masters)
    if summary.access != "public":
        console.print(f"[yellow]{volume} is {summary.access}: share the bag accordingly")
    console.print(f"Wrote a valid BagIt bag of {volume} at {summary.path}: "
                  f"{summary.files} files, {summary.bytes / 1e6:.1f} MB")
