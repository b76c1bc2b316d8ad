"""Volumes of a batch finish side by side, in threads or worker processes, and each writes
the collection again. Each writer reads the catalogue, then writes collection.json: one
that read before another volume was complete must not write last, or that volume is
missing from the collection (and from search) until something publishes it again."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

import guji.publish.collection as collection
from guji.pipeline.catalogue.leases import Leases
from guji.pipeline.errors import CatalogueError
from guji.pipeline.keys import COLLECTION_KEY, complete_key
from guji.pipeline.model import CatalogueRecord
from guji.publish import publish_collection
from guji.search import SearchIndex
from tests.publish.archive import Archive, VolumeSpec, build_archive


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return build_archive(tmp_path, [
        VolumeSpec(CatalogueRecord("early", "論語", access="public"), pages=1),
        VolumeSpec(CatalogueRecord("late", "孟子", access="public"), pages=1, complete=False),
    ], "https://guji.example.org")


def _listed(archive: Archive) -> set[str]:
    doc = json.loads(archive.store.get_bytes(COLLECTION_KEY))
    return {item["id"].rsplit("/", 2)[-2] for item in doc["items"]}


def test_a_writer_that_read_first_does_not_write_last(archive: Archive,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert _listed(archive) == {"early"}
    read = threading.Event()
    real = collection.collection_bytes

    def slow_first_writer(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The first writer has read the catalogue; it dawdles before writing.
        if threading.current_thread().name == "first":
            read.set()
            time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(collection, "collection_bytes", slow_first_writer)
    first = threading.Thread(name="first", target=publish_collection,
                             args=(archive.store, archive.catalogue, archive.settings))
    first.start()
    assert read.wait(10)
    # Meanwhile the other volume completes and publishes the collection.
    archive.store.put_bytes(complete_key("late"), b"{}")
    publish_collection(archive.store, archive.catalogue, archive.settings)
    first.join(10)
    assert _listed(archive) == {"early", "late"}
    assert SearchIndex.of(archive.catalogue).volumes() == {"early", "late"}
    assert archive.catalogue.leases.all() == []  # the turn is given back


def test_a_writer_that_waits_too_long_fails_naming_the_holder(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    leases: Leases = archive.catalogue.leases
    # Another live process (this one, under another name) holds the turn and keeps it.
    leases.acquire(collection.COLLECTION_TURN, "staff@scanner run 1", ttl_s=600)
    monkeypatch.setattr(collection, "TURN_WAIT_S", 0.3)
    with pytest.raises(CatalogueError, match="staff@scanner run 1"):
        publish_collection(archive.store, archive.catalogue, archive.settings)
    leases.release(collection.COLLECTION_TURN, "staff@scanner run 1")
    archive.store.put_bytes(complete_key("late"), b"{}")
    publish_collection(archive.store, archive.catalogue, archive.settings)
    assert _listed(archive) == {"early", "late"}
