"""Fixity audit: the stored objects compared with what the catalogue recorded for them.

Every recorded object's bytes are read back and hashed (or a random sample of them); every
stored key is compared with the catalogue's list. Four kinds of finding:

    missing     recorded, but not in the store
    truncated   shorter than recorded
    altered     same key, other bytes (other size, or same size and another SHA-256)
    unexpected  stored, but recorded nowhere
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from guji.pipeline.catalogue import Catalogue, FileRow
from guji.pipeline.errors import StorageError
from guji.pipeline.storage import Store

MISSING, TRUNCATED, ALTERED, UNEXPECTED = "missing", "truncated", "altered", "unexpected"
# Top-level keys that belong to no volume and are expected: the collection, and the SQLite
# catalogue a folder store keeps beside the volumes (with its journal files).
TOP_LEVEL = ("collection.json", "catalogue.db", "catalogue.db-wal", "catalogue.db-shm",
             "catalogue.db-journal")


@dataclass(frozen=True)
class Finding:
    volume_id: str | None
    key: str
    kind: str
    detail: str
    page_seq: int | None = None


@dataclass
class VolumeAudit:
    volume_id: str
    checked: int = 0
    findings: list[Finding] = field(default_factory=list)


def audit_volume(store: Store, catalogue: Catalogue, volume_id: str, *,
                 sample: float = 1.0, rng: random.Random | None = None) -> VolumeAudit:
    """Compare one volume's stored objects with its catalogue records."""
    result = VolumeAudit(volume_id)
    recorded = {f.key: f for f in catalogue.files(volume_id)}
    stored = set(store.list(f"{volume_id}/"))
    for key in sorted(stored - set(recorded)):
        result.findings.append(Finding(volume_id, key, UNEXPECTED,
                                       "stored but not in the catalogue"))
    for row in _sampled(sorted(recorded.values(), key=lambda f: f.key), sample, rng):
        result.checked += 1
        if row.key not in stored:
            result.findings.append(Finding(volume_id, row.key, MISSING,
                                           f"recorded {row.size} bytes, not in the store",
                                           row.page_seq))
            continue
        finding = check_object(store, row)
        if finding is not None:
            result.findings.append(finding)
    return result


def check_object(store: Store, row: FileRow) -> Finding | None:
    """None when the stored object has the recorded size and SHA-256; else what is wrong."""
    try:
        size = store.size(row.key)
        if size is None:
            return Finding(row.volume_id, row.key, MISSING, "not in the store", row.page_seq)
        if size < row.size:
            return Finding(row.volume_id, row.key, TRUNCATED,
                           f"{size} bytes, recorded {row.size}", row.page_seq)
        if size != row.size:
            return Finding(row.volume_id, row.key, ALTERED,
                           f"{size} bytes, recorded {row.size}", row.page_seq)
        digest = store.sha256(row.key)
    except StorageError as e:
        if store.exists(row.key):
            raise
        return Finding(row.volume_id, row.key, MISSING, f"vanished while read: {e.message}",
                       row.page_seq)
    if digest != row.sha256:
        return Finding(row.volume_id, row.key, ALTERED,
                       f"sha256 {digest}, recorded {row.sha256}", row.page_seq)
    return None


def unexpected_top_level(store: Store, volume_ids: Iterable[str]) -> list[Finding]:
    """Keys outside every catalogued volume's folder, other than the expected top level."""
    known = set(volume_ids)
    return [Finding(None, key, UNEXPECTED, "outside every catalogued volume")
            for key in store.list("")
            if key.split("/", 1)[0] not in known and key not in TOP_LEVEL]


def _sampled(rows: list[FileRow], fraction: float, rng: random.Random | None) -> list[FileRow]:
    if fraction >= 1.0 or not rows:
        return rows
    count = max(1, round(len(rows) * fraction))
    chosen = (rng or random.Random()).sample(rows, count)
    return sorted(chosen, key=lambda f: f.key)
