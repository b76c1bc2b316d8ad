"""A re-ingest trusts a stored master only by its checksum, and replaces a damaged one only
from a source that still matches the checksum recorded at first ingest."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from guji.pipeline.catalogue import FIXITY_CHECK, INGESTION
from guji.pipeline.errors import StorageError
from tests.verify.conftest import Built

KEY = "vol-a/master/0001.tif"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def source(built: Built, tmp_path: Path) -> Path:
    path = tmp_path / "0001.tif"
    path.write_bytes(built.contents[KEY])
    return path


def test_an_intact_master_is_kept(built: Built, source: Path) -> None:
    outcome = built.archive.store_master("vol-a", KEY, source, sha(source.read_bytes()),
                                         scan_seq=1)
    assert outcome == "already archived"
    assert built.archive.master_intact(KEY, sha(built.contents[KEY]))


def test_a_flipped_bit_is_restored_from_a_matching_source(built: Built, source: Path) -> None:
    good = built.contents[KEY]
    bad = good[:100] + bytes([good[100] ^ 0x80]) + good[101:]
    built.store.put_bytes(KEY, bad)
    assert built.store.size(KEY) == len(good)
    assert not built.archive.master_intact(KEY, sha(good))
    outcome = built.archive.store_master("vol-a", KEY, source, sha(good), scan_seq=1)
    assert outcome.startswith("restored from the source")
    assert built.store.get_bytes(KEY) == good
    events = built.catalogue.events("vol-a")
    failure = next(e for e in events if e.event_type == FIXITY_CHECK and e.outcome == "failure")
    assert sha(bad) in failure.detail and sha(good) in failure.detail
    assert any(e.event_type == INGESTION and "restored" in e.detail for e in events)


def test_neither_copy_matching_stops_and_says_which_is_which(built: Built,
                                                              source: Path) -> None:
    good = built.contents[KEY]
    bad = good[:-1] + bytes([good[-1] ^ 0x01])
    built.store.put_bytes(KEY, bad)
    source.write_bytes(os.urandom(len(good)))  # the source was damaged or replaced too
    with pytest.raises(StorageError) as caught:
        built.archive.store_master("vol-a", KEY, source, sha(source.read_bytes()), scan_seq=1)
    message = caught.value.message
    assert f"stored master is altered (sha256 {sha(bad)})" in message
    assert f"sha256 {sha(source.read_bytes())}, recorded {sha(good)}" in message
    assert built.store.get_bytes(KEY) == bad, "nothing may be overwritten"
    assert built.catalogue.file(KEY).sha256 == sha(good)  # type: ignore[union-attr]


def test_a_new_scan_replaces_an_intact_master(built: Built, source: Path) -> None:
    new = os.urandom(60_000)
    source.write_bytes(new)
    outcome = built.archive.store_master("vol-a", KEY, source, sha(new), scan_seq=1)
    assert outcome == "replaced by a new scan"
    assert built.store.get_bytes(KEY) == new
    row = built.catalogue.file(KEY)
    assert row is not None and (row.sha256, row.size) == (sha(new), len(new))


def test_a_copy_the_store_got_wrong_is_caught_by_its_read_back(
        built: Built, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder store hashes a master's copy as read back, not the bytes it sent: a copy
    that came out different fails the ingest and is never recorded. (The S3 store sends
    the checksum with the object and reads it back afterwards.)"""
    if not hasattr(built.store, "root"):
        pytest.skip("the folder store's own copy; S3 reads back after the upload")
    import guji.pipeline.storage.local as local

    real = local._copy_file
    new = os.urandom(60_000)
    source.write_bytes(new)

    def damaging(path: Path, out: object) -> int:
        size = real(path, out)  # type: ignore[arg-type]
        out.seek(10)  # type: ignore[attr-defined]
        out.write(bytes([new[10] ^ 0xFF]))  # type: ignore[attr-defined]
        return size

    monkeypatch.setattr(local, "_copy_file", damaging)
    with pytest.raises(StorageError, match="differs"):
        built.archive.store_master("vol-a", KEY, source, sha(new), scan_seq=1)
    row = built.catalogue.file(KEY)
    assert row is not None and row.sha256 == sha(built.contents[KEY])
