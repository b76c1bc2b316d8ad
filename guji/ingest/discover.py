"""Find volumes: a folder of volume folders, or a single volume folder of page images."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guji.ingest.records import is_safe_id
from guji.pipeline.errors import UsageError

IMAGE_SUFFIXES = {".tif": "tif", ".tiff": "tif", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}


@dataclass(frozen=True)
class VolumeSource:
    volume_id: str
    folder: Path
    scans: tuple[Path, ...]


def natural_key(path: Path) -> list[object]:
    """Sort 2.tif before 10.tif, as scanning software numbers files."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", path.name)]


def scan_files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.iterdir()
         if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in IMAGE_SUFFIXES),
        key=natural_key,
    )


def discover_volumes(source: Path) -> list[VolumeSource]:
    """Volume folders under source (or source itself when it holds images)."""
    if not source.is_dir():
        raise UsageError(f"{source} is not a folder",
                         hint="give a folder of volume folders, or one volume folder")
    own = scan_files(source)
    if own:
        folders = [source]
    else:
        folders = sorted((p for p in source.iterdir() if p.is_dir() and not p.name.startswith(".")),
                         key=natural_key)
    volumes = []
    for folder in folders:
        scans = scan_files(folder)
        if not scans:
            continue
        if not is_safe_id(folder.name):
            raise UsageError(f"volume folder {folder} is not a safe volume id",
                             hint="rename it with letters, digits, '.', '_' and '-' only")
        volumes.append(VolumeSource(folder.name, folder, tuple(scans)))
    if not volumes:
        raise UsageError(f"no page images (.tif, .jpg, .png) found in {source} or its subfolders")
    return volumes
