"""The Store protocol every backend implements, and helpers they share."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from guji.pipeline.errors import StorageError

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str
    # True when sha256 was taken of the bytes as stored, read back once written (not of
    # what was sent): the read-back fixity check is then done already.
    read_back: bool = False


def check_key(key: str) -> str:
    """The key itself if it is a clean relative '/'-path; StorageError otherwise."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in {"", ".", ".."} for p in parts):
        raise StorageError(f"invalid storage key {key!r}")
    return key


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


_TYPES = {
    ".json": "application/json",
    ".xml": "application/xml",
    ".hocr": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}


def content_type_for(key: str) -> str:
    suffix = Path(key).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


@runtime_checkable
class Store(Protocol):
    """Where archived objects live. Every write is atomic: a reader sees the whole object or
    nothing, so a killed run never leaves a half-written file behind a key."""

    uri: str

    def put_file(self, key: str, path: Path) -> StoredObject:
        """Copy a local file to key; returns its size and SHA-256."""
        ...

    def put_files(self, files: list[tuple[str, Path | bytes]]) -> list[StoredObject]:
        """Copy local files (or bytes) to their keys, each key appearing in the order
        given, none before every one is written whole."""
        ...

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        """Write bytes to key; returns their size and SHA-256."""
        ...

    def get_bytes(self, key: str) -> bytes:
        """The object's bytes; StorageError if it is missing."""
        ...

    def get_file(self, key: str, dest: Path) -> Path:
        """Download key to dest and return dest."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int | None:
        """Size in bytes, or None if the key is missing."""
        ...

    def sha256(self, key: str) -> str:
        """SHA-256 of the stored bytes, read back from the store (a fixity check)."""
        ...

    def list(self, prefix: str = "") -> Iterator[str]:
        """Keys under prefix, in sorted order."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Delete every key under prefix; returns how many."""
        ...

    def local_path(self, key: str) -> Path | None:
        """A filesystem path for key when the store is local, else None."""
        ...

    def remove_temporaries(self, prefix: str, *, older_than_s: float = 0.0) -> int:
        """Clear what a killed writer left under prefix (temporary files, unfinished
        uploads) older than older_than_s seconds; returns how many."""
        ...
