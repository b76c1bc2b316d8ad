"""`guji ingest` as a user runs it: exit codes, the summary, and a re-run after kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guji.pipeline.catalogue import Catalogue

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def guji_env() -> dict[str, str]:
    """Point the CLI at the harness's Prefect server instead of starting its own."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    return env


def guji(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guji", *args], cwd=cwd, env=guji_env(),
                          capture_output=True, text=True, timeout=600)


def test_exit_codes_and_summary(scans: Path, tmp_path: Path) -> None:
    bad = scans / "vol-b" / "0001.jpg"
    bad.write_bytes(bad.read_bytes()[:2000])
    result = guji("ingest", str(scans), "--store", "archive", "--no-ocr", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "vol-a" in result.stderr and "complete" in result.stderr
    assert "0001.jpg" in result.stderr  # the failure names the file
    status = guji("status", "--store", "archive", "--json", cwd=tmp_path)
    assert status.returncode == 0
    import json

    volumes = {v["volume_id"]: v for v in json.loads(status.stdout)["volumes"]}
    assert volumes["vol-a"]["status"] == "complete"
    assert volumes["vol-b"]["status"] == "failed" and "0001.jpg" in volumes["vol-b"]["error"]

    usage = guji("ingest", str(scans), "--store", "archive", "--workers=-1", cwd=tmp_path)
    assert usage.returncode == 2 and "workers" in usage.stderr
    (scans / "catalogue.csv").write_text("volume_id,title\nvol-a,甲\nvol-a,乙\n")
    dup = guji("ingest", str(scans), "--store", "archive", cwd=tmp_path)
    assert dup.returncode == 2 and "row 3: duplicate volume_id" in dup.stderr


def test_rerun_after_kill_finishes_without_redoing(scans: Path, tmp_path: Path) -> None:
    (scans / "vol-b").rename(tmp_path / "set-aside")
    db = tmp_path / "archive" / "catalogue.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "guji", "ingest", str(scans), "--store", "archive", "--no-ocr",
         "--workers", "1"], cwd=tmp_path, env=guji_env(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists() and _pages(db) >= 1:
                break
            time.sleep(0.2)
    finally:
        # A power cut: the whole process group dies at once, mid-volume.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = _pages(db)
    finished = _page_seqs(db)
    assert 1 <= done_before < 3, "the kill should land mid-volume"
    catalogue = Catalogue.open(f"sqlite:///{db}")
    row = catalogue.volume("vol-a")
    assert row is not None and row.status == "processing"
    assert not (tmp_path / "archive" / "vol-a" / "_complete").exists()

    result = guji("ingest", str(scans), "--store", "archive", "--no-ocr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    row = catalogue.volume("vol-a")
    assert row is not None and row.status == "complete" and row.page_count == 3
    assert (tmp_path / "archive" / "vol-a" / "_complete").exists()
    derivations = [e.page_seq for e in catalogue.events("vol-a") if e.event_type == "derivation"]
    # Pages finished before the kill are not made again; every page is made.
    assert set(derivations) == {1, 2, 3}
    for seq in finished:
        assert derivations.count(seq) == 1


def _page_seqs(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [int(r[0]) for r in conn.execute("select seq from pages")]


def _pages(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute("select count(*) from pages").fetchone()[0])
        except sqlite3.OperationalError:
            return 0
