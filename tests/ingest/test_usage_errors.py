"""Usage errors come before any work: exit 2, one line and a hint, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.test_discover_validate import make_image

PASSWORD = "hunter2-not-for-logs"


def guji(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guji", *args], cwd=cwd,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        ) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`guji ARGS` run in this process (no interpreter start-up): exit code and output."""
    from guji.cli import main

    for name in ("PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_ANALYTICS_ENABLED"):
        monkeypatch.setenv(name, os.environ.get(name, "WARNING" if "LEVEL" in name else "false"))

    def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(cwd)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "argv", ["guji", *args])
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main()
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, int(exited.value.code or 0), out.out, out.err)

    return run


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A working folder holding one small volume, `scans/v1`, and nothing else."""
    make_image(tmp_path / "scans" / "v1" / "0001.tif")
    return tmp_path


def written(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def assert_usage(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 3, result.stderr  # the error, its hint (click adds usage)
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert PASSWORD not in result.stderr + result.stdout


@pytest.mark.parametrize(("flags", "fragments"), [
    (["--store", "ftp://archive.example.org/guji"], ["ftp:// stores are not supported",
                                                     "s3://bucket/prefix"]),
    (["--store", "s3:///prefix"], ["names no bucket"]),
    (["--db", f"postgres//guji:{PASSWORD}@db.example.org/guji"], ["not a database URL",
                                                                  "postgresql+psycopg://"]),
    (["--db", f"mysql://guji:{PASSWORD}@db.example.org/guji"], ["driver for mysql is not "
                                                                "installed"]),
    (["--db", f"nosuchdb://guji:{PASSWORD}@db.example.org/guji"], ["no database dialect"]),
    (["--catalogue", "no-such-catalogue.csv"], ["no-such-catalogue.csv", "does not exist"]),
])
def test_bad_locations_are_refused_before_anything_is_written(cli, work: Path,  # type: ignore[no-untyped-def]
                                                              flags: list[str],
                                                              fragments: list[str]) -> None:
    before = written(work)
    start = time.monotonic()
    result = cli("ingest", "scans", *flags, "--no-ocr", cwd=work)
    assert_usage(result, *fragments)
    assert time.monotonic() - start < 10  # no connection attempts, no retries
    assert written(work) == before


def test_a_real_process_refuses_a_bad_store_at_once(work: Path) -> None:
    before = written(work)
    result = guji("ingest", "scans", "--store", "ftp://archive.example.org/guji", cwd=work)
    assert_usage(result, "ftp:// stores are not supported")
    assert written(work) == before


def test_a_missing_ocr_program_is_a_usage_error(cli, work: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = written(work)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    result = cli("ingest", "scans", cwd=work, PATH=str(empty), GUJI_OCR_ENGINE="tesseract")
    assert_usage(result, "tesseract is not installed", "apt-get install tesseract-ocr")
    assert written(work) == before | {"empty-path"}


def test_status_of_a_missing_archive_creates_nothing(cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    before = written(work)
    result = cli("status", "--store", "no-archive-here", cwd=work)
    assert_usage(result, "there is no archive at no-archive-here")
    (work / "empty-archive").mkdir()
    result = cli("status", "--store", "empty-archive", "--json", cwd=work)
    assert_usage(result, "there is no catalogue at")
    assert written(work) == before | {"empty-archive"}


def test_a_missing_ocr_model_is_a_usage_error(cli, work: Path) -> None:  # type: ignore[no-untyped-def]
    before = written(work)
    result = cli("ingest", "scans", cwd=work, GUJI_OCR_ENGINE="ppocr",
                 GUJI_OCR_MODEL=str(work / "no-such-model.onnx"))
    assert_usage(result, "no OCR model at", "no-such-model.onnx")
    assert written(work) == before
