"""The index follows publication: filled when a public volume is published, withdrawn when
it is closed, awaits review, or is taken apart for a re-ingest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from guji.pipeline.keys import complete_key
from guji.pipeline.model import CatalogueRecord
from guji.publish import publish_collection
from guji.search import SearchIndex
from tests.publish.archive import Archive, VolumeSpec, build_archive

BASE = "https://guji.example.org"


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return build_archive(tmp_path, [
        VolumeSpec(CatalogueRecord("open-1", "論語", access="public"), pages=2),
        VolumeSpec(CatalogueRecord("open-2", "孟子", access="public"), pages=1),
        VolumeSpec(CatalogueRecord("room-1", "縣志", access="reading-room"), pages=1),
        VolumeSpec(CatalogueRecord("shut-1", "家譜", access="restricted"), pages=1),
        VolumeSpec(CatalogueRecord("wip-1", "未完", access="public"), pages=1, complete=False),
    ], BASE)


def _indexed(archive: Archive) -> set[str]:
    return SearchIndex.of(archive.catalogue).volumes()


def _pages_found(archive: Archive, query: str) -> set[tuple[str, int]]:
    return {(p.volume_id, p.seq) for p in SearchIndex.of(archive.catalogue).find(query).pages}


def test_publication_indexes_public_complete_volumes_only(archive: Archive) -> None:
    assert _indexed(archive) == {"open-1", "open-2"}
    # Every page reads 第{seq}頁第{n}行: page 1 of each volume, nothing of the others.
    assert _pages_found(archive, "第1頁") == {("open-1", 1), ("open-2", 1)}


def test_a_volume_closed_to_the_public_leaves_the_index(archive: Archive) -> None:
    row = archive.catalogue.volume("open-1")
    assert row is not None
    for access in ("reading-room", "restricted"):
        archive.catalogue.register_volume(replace(row.record, access=access))
        publish_collection(archive.store, archive.catalogue, archive.settings)
        assert _indexed(archive) == {"open-2"}
        assert _pages_found(archive, "第2頁") == set()
    archive.catalogue.register_volume(replace(row.record, access="public"))
    publish_collection(archive.store, archive.catalogue, archive.settings)
    assert _pages_found(archive, "第2頁") == {("open-1", 2)}


def test_a_volume_taken_apart_for_a_re_ingest_or_awaiting_review_leaves_the_index(
        archive: Archive) -> None:
    # What a re-ingest does first: `_complete` withdrawn, the collection written again.
    archive.store.delete_prefix(complete_key("open-2"))
    publish_collection(archive.store, archive.catalogue, archive.settings)
    assert _indexed(archive) == {"open-1"}
    archive.catalogue.set_review("open-1", "awaiting-review")
    publish_collection(archive.store, archive.catalogue, archive.settings)
    assert _indexed(archive) == set()
    assert _pages_found(archive, "第1行") == set()
