"""Scratch folders of killed runs are removed by the next run; live runs' are kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guji.pipeline.scratch import PREFIX, scratch_dir


def test_the_next_run_removes_a_killed_runs_scratch(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    killed = tmp_path / f"{PREFIX}{int(dead.stdout)}-abc"
    (killed / "vol-a" / "pages").mkdir(parents=True)
    (killed / "vol-a" / "pages" / "0001.tif").write_bytes(b"scratch")
    running = tmp_path / f"{PREFIX}{os.getpid()}-def"
    running.mkdir()
    other = tmp_path / "someone-elses"
    other.mkdir()
    mine = scratch_dir(tmp_path)
    assert mine.name.startswith(f"{PREFIX}{os.getpid()}-") and mine.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, running.name, other.name])
