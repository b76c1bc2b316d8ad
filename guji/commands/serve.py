"""`guji serve`: the archive, a Mirador viewer, search and OAI-PMH over HTTP."""

from __future__ import annotations

from pathlib import Path

import click

from guji.commands.common import build_settings, console, setting_help, store_options


@click.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--base-url", default=None,
              help=setting_help("base_url") + " Links in the records are rewritten from it to "
              "the address a visitor used.")
@click.option("--reading-room", "reading_room", multiple=True, metavar="CIDR",
              envvar="GUJI_READING_ROOM",
              help="Network of the reading-room terminals (repeatable, e.g. 10.8.0.0/24): "
              "their visitors also see reading-room volumes. Env: GUJI_READING_ROOM.")
@click.option("--reading-room-token", default="", envvar="GUJI_READING_ROOM_TOKEN",
              help="Secret that grants reading-room access by /reading-room?token=… (a "
              "cookie) or an Authorization: Bearer header. Env: GUJI_READING_ROOM_TOKEN.")
@click.option("--admin-email", default="guji@localhost", show_default=True,
              help="Contact address that OAI-PMH Identify reports.")
@click.option("--oai-page-size", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="Records per OAI-PMH list response before a resumption token.")
def serve(store: str | None, db: str | None, config: Path | None, host: str, port: int,
          base_url: str | None, reading_room: tuple[str, ...], reading_room_token: str,
          admin_email: str, oai_page_size: int) -> None:
    """Serve the archive: manifests, tiles and records at their stable URLs, a viewer
    at /view/VOLUME, full-text search at /search and OAI-PMH at /oai.

    Only public volumes are shown to everyone; reading-room volumes to the reading
    room (--reading-room, --reading-room-token); restricted volumes to nobody.
    See docs/publishing.md.
    """
    import uvicorn

    from guji.pipeline.catalogue import Catalogue
    from guji.pipeline.storage import open_store
    from guji.serve import AccessPolicy, ServeConfig, create_app

    settings = build_settings(config, store=store, db=db, base_url=base_url)
    serve_config = ServeConfig(
        store=open_store(settings.store), catalogue=Catalogue.open(settings.db_url),
        settings=settings, policy=AccessPolicy.build(reading_room, reading_room_token),
        oai_page_size=oai_page_size, admin_email=admin_email)
    if serve_config.mirador_dir is None:
        console.print("[yellow]Mirador is not installed: /view pages will say so. "
                      "Run `npm ci` in the project folder.")
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    console.print(f"Serving {settings.store} at http://{shown}:{port}/  (Ctrl-C stops)")
    uvicorn.run(create_app(serve_config), host=host, port=port, log_level="warning",
                proxy_headers=True)
