"""`guji withdraw VOLUME`: take a published volume away from readers, keeping its masters."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from guji.commands.common import build_settings, console, store_options
from guji.commands.status import open_existing_catalogue
from guji.pipeline.errors import UsageError

# The volume's status once withdrawn; a re-ingest of its folder publishes it again.
WITHDRAWN_STATUS = "withdrawn"


@click.command()
@click.argument("volume")
@click.option("--reason", required=True, help="Why, recorded in the event log.")
@click.option("--by", "agent", default="", help="Who decided (default: the login name).")
@store_options
def withdraw(volume: str, reason: str, agent: str, store: str | None, db: str | None,
             config: Path | None) -> None:
    """Withdraw VOLUME from everything served, listed, harvested and searched.

    Its `_complete` marker goes, so the viewer, IIIF, downloads and search answer 404;
    collection.json and the search index are rewritten without it; OAI-PMH reports it
    deleted. Masters, derivatives and the catalogue are kept (a deaccession event is
    logged), so `guji verify` still checks them and a re-ingest publishes it again.
    """
    from guji.pipeline.archive import Archive
    from guji.pipeline.catalogue import DEACCESSION
    from guji.pipeline.storage import open_store
    from guji.publish import publish_collection

    settings = build_settings(config, store=store, db=db)
    catalogue = open_existing_catalogue(settings)
    row = catalogue.volume(volume)
    if row is None:
        raise UsageError(f"volume {volume!r} is not in the catalogue",
                         hint="run `guji status` to list archived volumes")
    archive = Archive(open_store(settings.store), catalogue)
    archive.unpublish(volume)
    catalogue.set_status(volume, WITHDRAWN_STATUS, error=f"withdrawn: {reason}")
    publish_collection(archive.store, catalogue, settings)
    catalogue.log_event(volume, DEACCESSION, "success", f"volume withdrawn: {reason}",
                        agent=agent or getpass.getuser())
    console.print(f"{volume}: withdrawn ({reason}); its masters and records are kept. "
                  "Re-ingest its folder to publish it again.")
