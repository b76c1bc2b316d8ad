"""Scratch folders for intermediate images, and the clean-up of those a killed run left.

A run's scratch folder is named after its process (`guji-run-{pid}-…`); a run removes it when
it ends, and the next run removes those whose process is gone, so a `kill -9` leaks nothing
for long."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "guji-run-"


def scratch_dir(parent: Path | None = None) -> Path:
    """A new scratch folder for this process, after removing those of dead processes."""
    base = Path(parent) if parent else Path(tempfile.gettempdir())
    reap(base)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))


def reap(parent: Path) -> list[Path]:
    """Remove the scratch folders under parent whose process no longer runs."""
    removed = []
    for folder in parent.glob(f"{PREFIX}*"):
        pid = folder.name[len(PREFIX):].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs on this host (someone else's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
