"""Publishing: a volume's records written into the store, the collection of public
volumes, and researchers' BagIt exports."""

from guji.publish.collection import (
    collection_entries,
    is_complete,
    publish_collection,
    published_volumes,
)
from guji.publish.gather import volume_view
from guji.publish.volume import publish_volume

__all__ = ["collection_entries", "is_complete", "publish_collection", "publish_volume", "published_volumes",
           "volume_view"]
