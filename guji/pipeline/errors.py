"""One exception root for guji, each class with its exit code.

    GujiError                      exit 1
    ├── UsageError                 exit 2   bad flags, settings or catalogue rows
    ├── InputError                 exit 1   a scan or record that cannot be used
    │   └── CorruptImageError               a file that does not decode
    ├── StorageError               exit 3   the object store refused or lost something
    ├── CatalogueError             exit 4   the catalogue database failed
    ├── VolumeBusyError            exit 1   another run holds the volume's ingest lease
    ├── ProcessingError            exit 1   an image stage failed on a valid image
    └── OcrError                   exit 1   the OCR engine failed

Foreign errors (pyvips, subprocess, botocore, SQLAlchemy) are translated where they are
raised, with the volume and file attached, so messages always say what to do next.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    failed = 1
    usage = 2
    storage = 3
    catalogue = 4
    interrupted = 130


class GujiError(Exception):
    """Root of every error guji raises on purpose."""

    exit_code: ExitCode = ExitCode.failed

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Prefect hands task exceptions between threads and processes: keep the hint.
        return (_rebuild, (type(self), self.message, self.hint))

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class UsageError(GujiError):
    exit_code = ExitCode.usage


class InputError(GujiError):
    """A scan, folder or record that guji cannot use as it is."""


class CorruptImageError(InputError):
    """An image file that does not decode completely."""


class StorageError(GujiError):
    exit_code = ExitCode.storage


class CatalogueError(GujiError):
    exit_code = ExitCode.catalogue


class VolumeBusyError(GujiError):
    """Another run holds the volume's ingest lease: this run leaves it alone."""


class ProcessingError(GujiError):
    """An image-processing stage failed on an image that decoded."""


class OcrError(GujiError):
    """The OCR engine failed or is missing."""


def _rebuild(cls: type[GujiError], message: str, hint: str | None) -> GujiError:
    return cls(message, hint=hint)
