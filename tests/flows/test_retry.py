"""Which failures a task retries: storage, database and network hiccups; never bad input,
never a bug."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError, ProgrammingError

from guji.flows.ingest import is_transient
from guji.pipeline.errors import (
    CatalogueError,
    CorruptImageError,
    InputError,
    StorageError,
    UsageError,
)


@pytest.mark.parametrize("error", [
    StorageError("s3 put failed"),
    CatalogueError("database went away"),
    ConnectionResetError("reset by peer"),
    TimeoutError("timed out"),
    OperationalError("UPDATE pages", {}, sqlite3.OperationalError("database is locked")),
    sqlite3.OperationalError("database is locked"),
])
def test_transient_failures_are_retried(error: BaseException) -> None:
    assert is_transient(error)


@pytest.mark.parametrize("error", [
    InputError("0003.tif is truncated"),
    CorruptImageError("not a TIFF"),
    UsageError("bad store"),
    KeyError("seq"),
    TypeError("prepare_scan() takes 1 positional argument"),
    ProgrammingError("SELECT nonsense", {}, Exception("syntax error")),
    sqlite3.IntegrityError("UNIQUE constraint failed"),
])
def test_bad_input_and_bugs_are_not(error: BaseException) -> None:
    assert not is_transient(error)
