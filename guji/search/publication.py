"""Keeping the search index in step with what is published.

Only volumes an anonymous visitor may open are indexed: public and published (complete
and let out by review). The index follows the collection: every time the collection is
written (a volume finished, withdrawn for a re-ingest, approved or rejected) the volumes
that left it are withdrawn from the index and those that joined it are indexed."""

from __future__ import annotations

import json

from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import StorageError
from guji.pipeline.keys import ocr_key
from guji.pipeline.storage import Store
from guji.search.index import SearchIndex
from guji.search.text import PageText, page_text

PUBLIC = "public"


def public_volume_ids(store: Store, catalogue: Catalogue) -> set[str]:
    """Volumes an anonymous visitor may open: the only ones the index may hold."""
    from guji.publish import published_volumes

    return {row.volume_id for row in published_volumes(store, catalogue, (PUBLIC,))}


def volume_pages(store: Store, catalogue: Catalogue, volume_id: str) -> list[PageText]:
    """The searchable text of every page of a volume, from its stored OCR JSON."""
    pages = []
    for row in catalogue.pages(volume_id):
        key = ocr_key(volume_id, row.seq, "json")
        try:
            if not store.exists(key):
                continue
            ocr = json.loads(store.get_bytes(key))
        except (StorageError, ValueError):
            # A page whose OCR cannot be read is not searchable; the rest of the volume is.
            continue
        if isinstance(ocr, dict):
            pages.append(page_text(row.seq, ocr))
    return pages


def sync_index(store: Store, catalogue: Catalogue) -> tuple[list[str], list[str]]:
    """Index the public volumes not yet indexed and withdraw those no longer public;
    returns (indexed, withdrawn) volume ids."""
    index = SearchIndex.of(catalogue)
    public, indexed = public_volume_ids(store, catalogue), index.volumes()
    withdrawn = sorted(indexed - public)
    for volume_id in withdrawn:
        index.withdraw(volume_id)
    added = sorted(public - indexed)
    for volume_id in added:
        index.fill(volume_id, volume_pages(store, catalogue, volume_id))
    return added, withdrawn
