"""Stored files are readable by other users as the umask allows, and what a killed writer
leaves behind (temporary files, unfinished multipart uploads) is cleared."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from guji.pipeline.errors import StorageError
from guji.pipeline.storage.local import LocalStore
from guji.pipeline.storage.s3 import S3Store
from tests.servers import S3Server


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_files_respect_the_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    store = LocalStore(tmp_path / "archive")
    store.put_bytes("vol/manifest.json", b"{}")
    source = tmp_path / "leaf.tif"
    source.write_bytes(b"II*\x00" + os.urandom(1000))
    store.put_file("vol/master/0001.tif", source)
    for key in ("vol/manifest.json", "vol/master/0001.tif"):
        assert stat.S_IMODE((tmp_path / "archive" / key).stat().st_mode) == mode


def test_local_temporaries_are_removed(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "archive")
    store.put_bytes("vol/access/0001.jpg", b"jpeg")
    store.put_bytes("other/access/0001.jpg", b"jpeg")
    left = [tmp_path / "archive/vol/access/.tmp-abc.jpg", tmp_path / "archive/vol/.tmp-x.json",
            tmp_path / "archive/other/.tmp-y.json"]
    for path in left:
        path.write_bytes(b"half")
    assert list(store.list("vol")) == ["vol/access/0001.jpg"]
    assert store.remove_temporaries("vol", older_than_s=3600) == 0  # too fresh
    assert store.remove_temporaries("vol") == 2
    assert not left[0].exists() and not left[1].exists()
    assert left[2].exists(), "another volume's writer may still be running"
    assert store.get_bytes("vol/access/0001.jpg") == b"jpeg"


@pytest.mark.s3
def test_unfinished_multipart_uploads_are_aborted(s3_env: S3Server) -> None:
    bucket = s3_env.make_bucket()
    store = S3Store.from_uri(f"s3://{bucket}/archive")
    client = s3_env.client()
    # What a writer killed in the middle of a multipart upload leaves behind.
    for key in ("archive/vol/master/0001.tif", "archive/other/master/0001.tif"):
        upload = client.create_multipart_upload(Bucket=bucket, Key=key)
        client.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1,
                           Body=os.urandom(1000))

    def pending() -> list[str]:
        return sorted(u["Key"] for u in
                      client.list_multipart_uploads(Bucket=bucket).get("Uploads", []))

    assert pending() == ["archive/other/master/0001.tif", "archive/vol/master/0001.tif"]
    assert store.remove_temporaries("vol") == 1
    assert pending() == ["archive/other/master/0001.tif"]
    assert list(store.list("vol")) == []


def test_a_deleted_prefix_leaves_no_empty_folders(tmp_path: Path) -> None:
    # A withdrawn page's tiles once left a tree of empty folders behind, which a reader of
    # the folder took for a page that was still published.
    root = tmp_path / "archive"
    store = LocalStore(root)
    for key in ("vol/iiif/0004/full/max/0/default.jpg", "vol/iiif/0004/info.json",
                "vol/iiif/0005/info.json", "vol/busy/a.jpg"):
        store.put_bytes(key, b"x")
    assert store.delete_prefix("vol/iiif/0004") == 2
    assert not (root / "vol" / "iiif" / "0004").exists()
    assert list(store.list()) == ["vol/busy/a.jpg", "vol/iiif/0005/info.json"]

    # A writer's temporary file keeps its folder: the writer is about to rename into it.
    (root / "vol" / "busy" / ".tmp-abc.jpg").write_bytes(b"half")
    assert store.delete_prefix("vol/busy") == 1
    assert (root / "vol" / "busy" / ".tmp-abc.jpg").exists()

    # The folder is made again for the next write.
    store.put_bytes("vol/iiif/0004/info.json", b"y")
    assert store.get_bytes("vol/iiif/0004/info.json") == b"y"


def _master(tmp_path: Path, size: int = 3 * (1 << 20) + 12345) -> tuple[Path, bytes]:
    data = os.urandom(size)
    source = tmp_path / "scan.tif"
    source.write_bytes(data)
    return source, data


def test_a_file_is_stored_byte_for_byte_by_the_kernel_copy(tmp_path: Path) -> None:
    source, data = _master(tmp_path)
    stored = LocalStore(tmp_path / "store").put_file("v/masters/0001.tif", source)
    assert (tmp_path / "store" / "v" / "masters" / "0001.tif").read_bytes() == data
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("failure", [errno.EXDEV, errno.ENOSYS])
def test_a_file_is_copied_by_hand_where_the_kernel_cannot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: int) -> None:
    """Where copy_file_range is refused (across file systems on an old kernel, no system
    call), after a first part or before any, the rest is read and written."""
    source, data = _master(tmp_path)
    real = os.copy_file_range
    calls = []

    def refuse_second(src: int, dst: int, count: int, *args: object) -> int:
        calls.append(count)
        if len(calls) > 1:
            raise OSError(failure, os.strerror(failure))
        return real(src, dst, min(count, 1 << 20))

    monkeypatch.setattr(os, "copy_file_range", refuse_second)
    stored = LocalStore(tmp_path / "store").put_file("v/0001.tif", source)
    assert (tmp_path / "store" / "v" / "0001.tif").read_bytes() == data
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert len(calls) == 2


def test_a_copy_that_fails_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk is not worked around: the write fails, naming the key, and neither the
    key nor a temporary file is left."""
    source, _ = _master(tmp_path)

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "copy_file_range", full)
    store = LocalStore(tmp_path / "store")
    with pytest.raises(StorageError, match="v/0001.tif"):
        store.put_file("v/0001.tif", source)
    assert not [p for p in (tmp_path / "store").rglob("*") if p.is_file()]
