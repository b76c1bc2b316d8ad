"""The Store contract, run against both the local folder and a real S3 server."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from guji.pipeline.errors import StorageError
from guji.pipeline.storage import Store, open_store
from guji.pipeline.storage.local import LocalStore
from guji.pipeline.storage.s3 import MULTIPART_THRESHOLD, S3Store
from tests.servers import S3Server


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "local":
        yield LocalStore(tmp_path / "archive")
        return
    server: S3Server = request.getfixturevalue("s3_env")
    # Under a prefix, so the store must keep its keys inside it.
    yield S3Store.from_uri(f"s3://{server.make_bucket()}/archive")


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


def test_put_bytes_round_trip(store: Store) -> None:
    data = b'{"title": "\xe8\x90\x8d\xe4\xb9\xa1\xe5\x8e\xbf\xe5\xbf\x97"}'
    stored = store.put_bytes("vol1/manifest.json", data)
    assert stored.key == "vol1/manifest.json"
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.get_bytes("vol1/manifest.json") == data
    assert store.exists("vol1/manifest.json")
    assert store.size("vol1/manifest.json") == len(data)
    assert store.sha256("vol1/manifest.json") == stored.sha256


def test_put_file_and_get_file(store: Store, tmp_path: Path) -> None:
    src = tmp_path / "leaf.tif"
    src.write_bytes(os.urandom(70_000))
    stored = store.put_file("vol1/masters/0001.tif", src)
    assert stored.size == 70_000
    assert stored.sha256 == hashlib.sha256(src.read_bytes()).hexdigest()
    dest = store.get_file("vol1/masters/0001.tif", tmp_path / "out" / "copy.tif")
    assert dest.read_bytes() == src.read_bytes()
    # No stray temporary file beside the download.
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.tif"]


def test_overwrite_replaces(store: Store) -> None:
    store.put_bytes("a/b.txt", b"old")
    store.put_bytes("a/b.txt", b"newer")
    assert store.get_bytes("a/b.txt") == b"newer"
    assert store.size("a/b.txt") == 5


def test_missing_key(store: Store, tmp_path: Path) -> None:
    assert not store.exists("vol9/none.json")
    assert store.size("vol9/none.json") is None
    with pytest.raises(StorageError, match="vol9/none.json"):
        store.get_bytes("vol9/none.json")
    with pytest.raises(StorageError, match="vol9/none.json"):
        store.sha256("vol9/none.json")
    with pytest.raises(StorageError, match="vol9/none.json"):
        store.get_file("vol9/none.json", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_unicode_keys(store: Store) -> None:
    key = "萍乡县志/卷一 序/0001 图.jpg"
    store.put_bytes(key, b"\xff\xd8jpeg")
    assert store.get_bytes(key) == b"\xff\xd8jpeg"
    assert list(store.list("萍乡县志")) == [key]


@pytest.mark.parametrize("key", ["", "/abs", "a//b", "a/./b", "../escape", "a/..", "a/"])
def test_invalid_keys_rejected(store: Store, key: str) -> None:
    with pytest.raises(StorageError, match="invalid storage key"):
        store.put_bytes(key, b"x")
    with pytest.raises(StorageError, match="invalid storage key"):
        store.get_bytes(key)


def test_list_is_sorted_and_segment_bounded(store: Store) -> None:
    keys = ["vol1/b.json", "vol1/a.json", "vol1/sub/c.txt", "vol10/x.json", "vol2/y.json"]
    for key in keys:
        store.put_bytes(key, key.encode())
    assert list(store.list()) == sorted(keys)
    # "vol1" is a path segment: vol10/… is not under it.
    assert list(store.list("vol1")) == ["vol1/a.json", "vol1/b.json", "vol1/sub/c.txt"]
    assert list(store.list("vol1/")) == ["vol1/a.json", "vol1/b.json", "vol1/sub/c.txt"]
    assert list(store.list("vol1/a.json")) == ["vol1/a.json"]
    assert list(store.list("nothing")) == []


def test_delete_prefix(store: Store) -> None:
    for key in ["vol1/a.json", "vol1/sub/b.txt", "vol10/c.json"]:
        store.put_bytes(key, b"x")
    assert store.delete_prefix("vol1") == 2
    assert list(store.list()) == ["vol10/c.json"]
    assert store.delete_prefix("vol1") == 0


def test_local_path(store: Store) -> None:
    store.put_bytes("vol1/a.txt", b"x")
    path = store.local_path("vol1/a.txt")
    if isinstance(store, LocalStore):
        assert path is not None and path.read_bytes() == b"x"
    else:
        assert path is None


def test_large_file_round_trips(store: Store, tmp_path: Path) -> None:
    # Above the multipart threshold, so S3 takes it in parts.
    src = tmp_path / "big.tif"
    size = MULTIPART_THRESHOLD + 4 * (1 << 20) + 123
    with src.open("wb") as fh:
        fh.write(os.urandom(size))
    expected = hashlib.sha256(src.read_bytes()).hexdigest()
    stored = store.put_file("vol1/masters/big.tif", src)
    assert (stored.size, stored.sha256) == (size, expected)
    assert store.size("vol1/masters/big.tif") == size
    assert store.sha256("vol1/masters/big.tif") == expected
    dest = store.get_file("vol1/masters/big.tif", tmp_path / "back.tif")
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == expected
    if isinstance(store, S3Store):
        head = store._client.head_object(Bucket=store.bucket, Key="archive/vol1/masters/big.tif")
        assert head["ETag"].strip('"').endswith("-2"), "expected a two-part multipart upload"
        assert head["Metadata"]["sha256"] == expected


def test_open_store_picks_backend(tmp_path: Path, s3_env: S3Server) -> None:
    assert isinstance(open_store(str(tmp_path)), LocalStore)
    assert isinstance(open_store(f"file://{tmp_path}"), LocalStore)
    s3 = open_store("s3://some-bucket/pre/fix/")
    assert isinstance(s3, S3Store)
    assert (s3.bucket, s3.prefix, s3.uri) == ("some-bucket", "pre/fix", "s3://some-bucket/pre/fix")


def test_put_files_stores_each_in_order(store: Store, tmp_path: Path) -> None:
    files = []
    for i in range(5):
        path = tmp_path / f"t{i}.jpg"
        path.write_bytes(f"tile {i}".encode() * (i + 1))
        files.append((f"v/iiif/1/0,0,{i}/default.jpg", path))
    stored = store.put_files(files)
    assert [s.key for s in stored] == [key for key, _ in files]
    for (key, path), s in zip(files, stored, strict=True):
        assert store.get_bytes(key) == path.read_bytes()
        assert s.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(store.list("v/")) == sorted(key for key, _ in files)


def test_put_files_with_an_unreadable_file_names_it(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "a.jpg"
    good.write_bytes(b"a")
    with pytest.raises((StorageError, OSError)):
        store.put_files([("w/a.jpg", good), ("w/b.jpg", tmp_path / "missing.jpg")])
    # A local batch renames nothing before every file is written: no key, no temporary.
    if isinstance(store, LocalStore):
        assert list(store.list("w/")) == []
        assert not any(p.name.startswith(".tmp-") for p in (store.root / "w").rglob("*"))
