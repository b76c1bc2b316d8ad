"""IIIF Presentation 3: the manifest of a volume and the collection of public volumes."""

from guji.iiif.collection import (
    CollectionEntry,
    build_collection,
    collection_bytes,
    collection_dict,
)
from guji.iiif.manifest import ImageSizes, build_manifest, manifest_bytes, manifest_dict, scaled

__all__ = [
    "CollectionEntry", "ImageSizes", "build_collection", "build_manifest", "collection_bytes",
    "collection_dict", "manifest_bytes", "manifest_dict", "scaled",
]
