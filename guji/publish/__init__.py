"""Publishing: a volume's records written into the store, the collection of public
volumes, and researchers' BagIt exports."""

from guji.publish.collection import (
    collection_entries,
    is_complete,
    is_published,
    publish_collection,
    published_volumes,
)
from guji.publish.gather import volume_view
from guji.publish.review import hold_reason, is_released
from guji.publish.volume import publish_volume

__all__ = ["collection_entries", "hold_reason", "is_complete", "is_published", "is_released",
           "publish_collection", "publish_volume", "published_volumes", "volume_view"]
