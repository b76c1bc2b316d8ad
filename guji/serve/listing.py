"""Listings a visitor sees: the IIIF collection and the volumes their standing opens."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from guji.iiif import collection_bytes
from guji.metadata.urls import ArchiveUrls
from guji.pipeline.catalogue import VolumeRow
from guji.publish import collection_entries, published_volumes
from guji.serve.archive import IIIF_JSON, cache_headers
from guji.serve.config import ServeConfig


def visible_volumes(config: ServeConfig, levels: tuple[str, ...]) -> list[VolumeRow]:
    """Complete volumes whose access level is among the visitor's levels."""
    return published_volumes(config.store, config.catalogue, levels)


def collection(config: ServeConfig, request: Request) -> Response:
    """The collection of public volumes, built now from the catalogue: a volume closed
    since the last run of the pipeline disappears at once, not at the next publish."""
    entries = collection_entries(config.store, config.catalogue, config.settings)
    data = collection_bytes(entries, ArchiveUrls(str(request.base_url)))
    headers = cache_headers("public") | {"Cache-Control": "public, max-age=60"}
    return Response(data, media_type=IIIF_JSON["collection.json"], headers=headers)
