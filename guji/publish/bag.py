"""Researchers' downloads: a volume exported as a BagIt bag (RFC 8493).

The bag's payload mirrors the volume's folder in the archive (`data/master/0001.tif`,
`data/mets.xml`, …), so the relative file locations in mets.xml hold inside the bag."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bagit

from guji import __version__
from guji.metadata import institution
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import CatalogueError, StorageError, UsageError
from guji.pipeline.storage import Store, sha256_file
from guji.publish.collection import is_complete
from guji.publish.volume import RECORD_NAMES

# What a bag carries, by catalogue role; tiles are rebuilt from access copies if needed.
BAG_ROLES = ("master", "access", "thumb", "ocr", "fulltext")


@dataclass(frozen=True)
class BagSummary:
    path: Path
    files: int
    bytes: int
    access: str


def _payload(store: Store, catalogue: Catalogue, volume_id: str, masters: bool
             ) -> list[tuple[str, str | None]]:
    """(key, expected sha256) of each file the bag carries, records last."""
    roles = [r for r in BAG_ROLES if masters or r != "master"]
    files: list[tuple[str, str | None]] = [
        (f.key, f.sha256) for f in catalogue.files(volume_id) if f.role in roles]
    if masters and not any(f.role == "master" for f in catalogue.files(volume_id)):
        files += [(p.master_key, p.master_sha256) for p in catalogue.pages(volume_id)]
    files += [(f"{volume_id}/{name}", None) for name in RECORD_NAMES]
    return files


def export_bag(store: Store, catalogue: Catalogue, volume_id: str, dest: Path, *,
               masters: bool = True) -> BagSummary:
    """Write the volume as a valid BagIt bag at dest (which must not exist or be empty).

    Every file is checked against the checksum the catalogue recorded when it was stored,
    so a bag never carries silently corrupted bytes."""
    row = catalogue.volume(volume_id)
    if row is None:
        raise CatalogueError(f"volume {volume_id!r} is not in the catalogue",
                             hint="run `guji status` to list archived volumes")
    if not is_complete(store, volume_id):
        raise UsageError(f"volume {volume_id} is not complete: it has no _complete marker",
                         hint="finish its ingest first (`guji ingest`), then export")
    if dest.exists() and any(dest.iterdir()):
        raise UsageError(f"{dest} is not empty", hint="give a new or empty folder for the bag")
    dest.mkdir(parents=True, exist_ok=True)
    total = count = 0
    for key, expected in _payload(store, catalogue, volume_id, masters):
        target = dest / key.split("/", 1)[1]
        store.get_file(key, target)
        if expected and sha256_file(target) != expected:
            raise StorageError(f"{key} does not match the checksum recorded when it was stored",
                               hint=f"run `guji verify {volume_id}` to list every damaged "
                                    "object; restore them (docs/operations.md) before exporting")
        total += target.stat().st_size
        count += 1
    record = row.record
    info = {
        "Source-Organization": f"{institution.NAME_ZH} {institution.NAME_EN}",
        "External-Identifier": volume_id,
        "External-Description": record.title,
        "Internal-Sender-Identifier": record.call_number or volume_id,
        "Bag-Software-Agent": f"guji {__version__} (bagit-python {bagit.VERSION})",
        "Access-Level": row.access,
    }
    try:
        bag = bagit.make_bag(str(dest), bag_info=info, checksums=["sha256", "sha512"])
        bag.validate()
    except (bagit.BagError, OSError) as e:
        raise StorageError(f"writing the bag at {dest} failed: {e}") from e
    return BagSummary(dest, count, total, row.access)
