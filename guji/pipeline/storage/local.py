"""A store in a local folder. Writes go to a temporary file beside the target and are
renamed into place, so a key never names half-written bytes."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from guji.pipeline.errors import StorageError
from guji.pipeline.storage.base import CHUNK, StoredObject, check_key, sha256_file


def current_umask() -> int:
    """The process's umask, read without changing it where Linux allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(mask)
    return mask


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.uri = f"file://{self.root.resolve()}"
        # mkstemp makes 0600 files whatever the umask; published files must be readable by
        # the web server's user, as any file the user's tools would write (0644 under 022).
        self.file_mode = 0o666 & ~current_umask()

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def _write(self, key: str, fill) -> StoredObject:  # type: ignore[no-untyped-def]
        tmp, stored = self._written(key, fill, sync=True)
        self._rename(tmp, key)
        return stored

    def _written(self, key: str, fill, *, sync: bool) -> tuple[str, StoredObject]:  # type: ignore[no-untyped-def]
        """The bytes of `fill()` (chunks), or of a file, in a temporary file beside key's
        path, hashed as written (a file: as read back once written); fsynced when `sync`."""
        target = self._path(key)
        try:
            fd, tmp = self._temporary(target)
            digest = hashlib.sha256()
            size = 0
            try:
                os.fchmod(fd, self.file_mode)
                with os.fdopen(fd, "wb") as out:
                    if isinstance(fill, Path):
                        size = _copy_file(fill, out)
                    else:
                        for chunk in fill():
                            out.write(chunk)
                            digest.update(chunk)
                            size += len(chunk)
                    out.flush()
                    if sync:
                        os.fsync(out.fileno())
                sha256 = sha256_file(Path(tmp)) if isinstance(fill, Path) else digest.hexdigest()
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise StorageError(f"cannot write {key} in {self.root}: {e.strerror or e}",
                               hint="check the folder exists, is writable and has space") from e
        return tmp, StoredObject(key, size, sha256, read_back=isinstance(fill, Path))

    def _rename(self, tmp: str, key: str) -> None:
        try:
            os.replace(tmp, self._path(key))
        except OSError as e:
            Path(tmp).unlink(missing_ok=True)
            raise StorageError(f"cannot write {key} in {self.root}: {e.strerror or e}",
                               hint="check the folder exists, is writable and has space") from e

    @staticmethod
    def _temporary(target: Path) -> tuple[int, str]:
        # The folder is made only when missing: a page's few hundred tiles share a few
        # folders, and asking for each of them first cost more than the fsync.
        # A delete_prefix beside it may remove a folder it finds empty between this
        # writer's mkdir and its mkstemp; the writer then makes it again.
        for attempt in range(3):
            try:
                return tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
            except FileNotFoundError:
                if attempt == 2:
                    raise
                target.parent.mkdir(parents=True, exist_ok=True)
        raise AssertionError("unreachable")

    def put_file(self, key: str, path: Path) -> StoredObject:
        # Copied by the kernel, not through Python's buffers, and hashed from the copy: a
        # 36 MB master took 0.04 s of a core instead of 0.06 (docs/performance.md).
        return self._write(key, Path(path))

    def put_files(self, files: list[tuple[str, Path | bytes]]) -> list[StoredObject]:
        # A page's few hundred tiles: one fsync each cost more than writing them. All are
        # written to temporary files, made durable with one sync of the file system, and
        # only then renamed into place in order, so that no key names bytes a crash
        # could lose (the same promise as one file's fsync before its rename).
        written: list[tuple[str, StoredObject]] = []
        try:
            for key, content in files:
                fill = content if isinstance(content, Path) else (lambda data=content: iter([data]))
                written.append(self._written(key, fill, sync=False))
            _sync_file_system(self.root, [tmp for tmp, _ in written])
            for i, (tmp, stored) in enumerate(written):
                self._rename(tmp, stored.key)
                written[i] = ("", stored)
        finally:
            for tmp, _ in written:
                if tmp:
                    Path(tmp).unlink(missing_ok=True)
        return [stored for _, stored in written]

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        return self._write(key, lambda: iter([data]))

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StorageError(f"{key} is not in the archive at {self.root}") from None

    def get_file(self, key: str, dest: Path) -> Path:
        src = self._path(key)
        if not src.is_file():
            raise StorageError(f"{key} is not in the archive at {self.root}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        return dest

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int | None:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            return None

    def sha256(self, key: str) -> str:
        path = self._path(key)
        if not path.is_file():
            raise StorageError(f"{key} is not in the archive at {self.root}")
        return sha256_file(path)

    def list(self, prefix: str = "") -> Iterator[str]:
        base = self.root / prefix if prefix else self.root
        if base.is_file():
            yield prefix
            return
        if not base.is_dir():
            return
        # Keys by string, not by Path: a volume's tile trees are thousands of files, and a
        # Path made and made relative for each took longer than the walk.
        start, head = len(os.path.join(str(base), "")), prefix.strip("/")
        keys = []
        for dirpath, _dirs, files in os.walk(base):
            folder = "/".join(p for p in (head, dirpath[start:].replace(os.sep, "/")) if p)
            keys += [f"{folder}/{name}" if folder else name
                     for name in files if not name.startswith(".tmp-")]
        yield from sorted(keys)

    def delete_prefix(self, prefix: str) -> int:
        count = 0
        for key in list(self.list(prefix)):
            self._path(key).unlink(missing_ok=True)
            count += 1
        if prefix:
            self._remove_empty_folders(self.root / prefix)
        return count

    def _remove_empty_folders(self, base: Path) -> None:
        """Remove base and the folders under it that hold nothing any more, deepest first,
        as an object store holds no prefix without keys. A folder a writer has put a
        temporary file in is not empty and stays."""
        if not base.is_dir() or base.resolve() == self.root.resolve():
            return
        for dirpath, _dirs, _files in os.walk(base, topdown=False):
            # Not empty: a key or a writer's temporary file is in it.
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)

    def local_path(self, key: str) -> Path | None:
        return self._path(key)

    def remove_temporaries(self, prefix: str, *, older_than_s: float = 0.0) -> int:
        """Delete `.tmp-*` files a killed writer left under prefix; returns how many."""
        base = self._path(prefix) if prefix else self.root
        if not base.is_dir():
            return 0
        cutoff = time.time() - older_than_s
        count = 0
        # Under the root itself only its own folder: other volumes' writers may be running.
        walk = os.walk(base) if prefix else [(str(base), [], os.listdir(base))]
        for dirpath, _dirs, files in walk:
            for name in files:
                path = Path(dirpath, name)
                if name.startswith(".tmp-") and _mtime(path) <= cutoff:
                    path.unlink(missing_ok=True)
                    count += 1
        return count


def _copy_file(source: Path, out: BinaryIO) -> int:
    """Copy a file's bytes to `out` (nothing written to it yet) in the kernel
    (copy_file_range), falling back to reading and writing where the file system or the
    platform cannot; its size."""
    with Path(source).open("rb") as src:
        size = os.fstat(src.fileno()).st_size
        copied = 0
        try:
            while copied < size:
                step = os.copy_file_range(src.fileno(), out.fileno(), size - copied)
                if step == 0:
                    break  # the file shrank while it was copied: nothing more to read below
                copied += step
        except (OSError, AttributeError) as e:
            # Not offered between these two files (an old kernel across file systems, a
            # FUSE mount) or not on this platform: copy what is left by hand.
            if isinstance(e, OSError) and e.errno not in _NO_KERNEL_COPY:
                raise
        # Both offsets stand where the kernel left them; anything past `size` (a file that
        # grew) or not copied is read here.
        src.seek(copied)
        out.seek(copied)
        while chunk := src.read(CHUNK):
            out.write(chunk)
            copied += len(chunk)
    return copied


_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM,
                   errno.EBADF}


def _sync_file_system(root: Path, paths: list[str]) -> None:
    """Make the files at `paths`, all on root's file system, durable: one syncfs(2)
    where the C library offers it, else an fsync of each."""
    if not paths:
        return
    libc = _libc()
    if libc is not None:
        fd = os.open(root, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "syncfs") else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")
