"""The object-store seam: one small protocol, a local-folder and an S3 implementation.

Keys are '/'-separated paths under the store's root, as in the documented layout.
"""

from __future__ import annotations

from guji.pipeline.errors import UsageError
from guji.pipeline.settings import local_store_root
from guji.pipeline.storage.base import Store, StoredObject, content_type_for, sha256_file

__all__ = ["Store", "StoredObject", "content_type_for", "open_store", "sha256_file"]


def open_store(uri: str) -> Store:
    """Open the store a URI names: a folder path, file:// URI or s3://bucket/prefix."""
    local = local_store_root(uri)
    if local is not None:
        from guji.pipeline.storage.local import LocalStore

        return LocalStore(local)
    if uri.startswith("s3://"):
        from guji.pipeline.storage.s3 import S3Store

        return S3Store.from_uri(uri)
    raise UsageError(
        f"unsupported store {uri!r}", hint="use a folder path, file:///path or s3://bucket/prefix"
    )
