"""Which volumes are published, and the collection.json that lists the public ones."""

from __future__ import annotations

from guji.iiif import CollectionEntry, collection_bytes, scaled
from guji.pipeline.catalogue import Catalogue, VolumeRow
from guji.pipeline.catalogue.leases import in_turn
from guji.pipeline.keys import COLLECTION_KEY, complete_key
from guji.pipeline.settings import Settings
from guji.pipeline.storage import Store
from guji.publish.review import is_released
from guji.publish.volume import urls_for


def is_complete(store: Store, volume_id: str) -> bool:
    """A volume is readable only once the flow has written its `_complete` marker."""
    return store.exists(complete_key(volume_id))


def is_published(store: Store, row: VolumeRow) -> bool:
    """Complete and let out by review: what may be listed, harvested, indexed or served."""
    return is_released(row) and is_complete(store, row.volume_id)


def published_volumes(store: Store, catalogue: Catalogue,
                      levels: tuple[str, ...] = ("public",)) -> list[VolumeRow]:
    """Published volumes whose access level is one of `levels`, by volume id."""
    return [row for row in catalogue.volumes()
            if row.access in levels and is_published(store, row)]


def collection_entries(store: Store, catalogue: Catalogue, settings: Settings
                       ) -> list[CollectionEntry]:
    """What the collection lists: every public, complete volume with its first thumbnail."""
    entries = []
    for row in published_volumes(store, catalogue):
        pages = catalogue.pages(row.volume_id)
        first = pages[0] if pages else None
        entries.append(CollectionEntry(
            record=row.record,
            thumbnail_seq=first.seq if first else None,
            thumbnail_size=scaled(first.width, first.height, settings.thumb_max_px)
            if first and first.width and first.height else None))
    return entries


# Volumes finishing side by side (threads, Dask workers on other hosts) each publish the
# collection: one turn at a time, under a lease in the catalogue that no volume id can name.
# Without it a writer that read the catalogue before another volume was complete could
# write last, and that volume would be missing from the collection and from search.
COLLECTION_TURN = "(collection)"
TURN_TTL_S = 600.0  # a writer killed mid-turn holds it this long (none from this host)
TURN_WAIT_S = 660.0  # long enough for an abandoned turn to expire


def publish_collection(store: Store, catalogue: Catalogue, settings: Settings) -> str:
    """Write collection.json listing every public, complete volume; returns its key."""
    from guji.search import sync_index

    with in_turn(catalogue.leases, COLLECTION_TURN, ttl_s=TURN_TTL_S, wait_s=TURN_WAIT_S):
        entries = collection_entries(store, catalogue, settings)
        store.put_bytes(COLLECTION_KEY, collection_bytes(entries, urls_for(settings)))
        # The search index lists what the collection lists: volumes that left it are
        # withdrawn from search now, those that joined it are indexed.
        sync_index(store, catalogue)
    return COLLECTION_KEY
