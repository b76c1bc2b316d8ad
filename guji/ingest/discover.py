"""Find volumes: a folder of volume folders, or a single volume folder of page images.

Nothing is dropped silently: every file in a volume folder becomes a scan, is named in one
of the volume's problems (which fail it before any work), or matches a pattern of files
that are not pages (the system's folder metadata, guji's ground-truth sidecars, and the
user's --ignore patterns), which is counted in the volume's notes.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guji.ingest.records import is_safe_id
from guji.pipeline.errors import UsageError

IMAGE_SUFFIXES = {".tif": "tif", ".tiff": "tif", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
SUPPORTED = "TIFF (.tif, .tiff), JPEG (.jpg, .jpeg) and PNG (.png)"
# Image formats a scanner or a converter may deliver that are not taken as masters: each is
# refused by name. JPEG 2000 and WebP are refused rather than supported because a master is
# archived byte for byte and must open in every tool for a century; convert losslessly.
REFUSED_FORMATS = {
    ".bmp": "BMP", ".gif": "GIF", ".webp": "WebP", ".jp2": "JPEG 2000", ".j2k": "JPEG 2000",
    ".jpf": "JPEG 2000", ".jpx": "JPEG 2000", ".jxl": "JPEG XL", ".heic": "HEIC",
    ".heif": "HEIF", ".avif": "AVIF", ".pdf": "PDF", ".psd": "Photoshop", ".dng": "raw (DNG)",
    ".cr2": "raw (Canon)", ".nef": "raw (Nikon)", ".arw": "raw (Sony)",
}
# Never pages: folder metadata that Windows and macOS write, and `guji sample`'s ground truth.
NOT_PAGES = ("Thumbs.db", "desktop.ini", ".DS_Store", "._*", "*.gt.txt", "*.gt.json")
CATALOGUE_NAME = "catalogue.csv"


@dataclass(frozen=True)
class VolumeSource:
    volume_id: str
    folder: Path
    scans: tuple[Path, ...]
    # Why the volume cannot be ingested as it is, each naming its file; fails it before work.
    problems: tuple[str, ...] = ()
    # Worth telling the user but not a reason to stop: skipped non-pages, numbering gaps.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Batch:
    volumes: list[VolumeSource]
    notes: list[str] = field(default_factory=list)  # files beside the volume folders


def natural_key(path: Path) -> list[object]:
    """Sort 2.tif before 10.tif, as scanning software numbers files."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", path.name)]


def is_page_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES or path.suffix.lower() in REFUSED_FORMATS


def discover_volumes(source: Path, ignore: Sequence[str] = ()) -> list[VolumeSource]:
    """Volume folders under source (or source itself when it holds images)."""
    return discover_batch(source, ignore).volumes


def discover_batch(source: Path, ignore: Sequence[str] = ()) -> Batch:
    """The volumes under source with their problems and notes; UsageError when there are
    none or a folder's name cannot be a volume id."""
    if not source.is_dir():
        raise UsageError(f"{source} is not a folder",
                         hint="give a folder of volume folders, or one volume folder")
    entries = sorted(source.iterdir(), key=natural_key)
    if any(p.is_file() and is_page_image(p) for p in entries):
        return Batch([_volume(source, ignore, skip={CATALOGUE_NAME})])
    folders = [p for p in entries if p.is_dir() and not p.name.startswith(".")]
    notes = [f"{p.name}: not in a volume folder, not ingested" for p in entries
             if p.is_file() and p.name != CATALOGUE_NAME and not _not_a_page(p.name, ignore)]
    if not folders:
        raise UsageError(f"no page images ({SUPPORTED}) and no volume folders in {source}",
                         hint="give a folder of volume folders, or one volume folder")
    for folder in folders:
        if not is_safe_id(folder.name):
            raise UsageError(f"volume folder {folder} is not a safe volume id",
                             hint="rename it with letters, digits, '.', '_' and '-' only")
    return Batch([_volume(folder, ignore) for folder in folders], notes)


def _not_a_page(name: str, ignore: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in (*NOT_PAGES, *ignore))


def _volume(folder: Path, ignore: Sequence[str], skip: set[str] | None = None) -> VolumeSource:
    if not is_safe_id(folder.name):
        raise UsageError(f"volume folder {folder} is not a safe volume id",
                         hint="rename it with letters, digits, '.', '_' and '-' only")
    scans: list[Path] = []
    problems: list[str] = []
    skipped = 0
    for path in sorted(folder.iterdir(), key=natural_key):
        name = path.name
        if name in (skip or set()) or _not_a_page(name, ignore):
            skipped += 1
        elif path.is_dir():
            problems.append(f"{path}: a folder inside a volume folder; a volume holds page "
                            "images only: move it out, or pass --ignore to leave it")
        elif name.startswith("."):
            # Hidden: a partial copy, an editor's backup; never a page by accident.
            problems.append(f"{path}: a hidden file in a volume folder: remove it, or pass "
                            "--ignore to leave it")
        elif path.suffix.lower() in IMAGE_SUFFIXES:
            scans.append(path)
        elif path.suffix.lower() in REFUSED_FORMATS:
            problems.append(f"{path}: {REFUSED_FORMATS[path.suffix.lower()]} is not accepted "
                            f"as a master: convert it losslessly to TIFF (or PNG)")
        else:
            problems.append(f"{path}: not a page image ({SUPPORTED}): move it out of the "
                            "volume folder, or pass --ignore to leave it")
    if not scans and not problems:
        problems.append(f"{folder}: the volume folder holds no page images ({SUPPORTED})")
    duplicates, gaps = _numbering(scans)
    notes = gaps + ([f"{skipped} file(s) that are not pages left aside"] if skipped else [])
    return VolumeSource(folder.name, folder, tuple(scans), tuple(problems + duplicates),
                        tuple(notes))


def _numbering(scans: list[Path]) -> tuple[list[str], list[str]]:
    """(problems, notes) of a numbered sequence: the same number twice is refused, since
    the reading order would be a guess; a gap is only noted, since numbers are skipped on
    purpose (a blank leaf left out) as often as by mistake."""
    numbered = [re.fullmatch(r"(.*?)(\d+)", p.stem) for p in scans]
    if not scans or any(m is None for m in numbered) or \
            len({m.group(1) for m in numbered if m}) > 1:
        return [], []  # not one numbered series: the natural order is all there is
    by_number: dict[int, list[Path]] = {}
    for path, match in zip(scans, numbered, strict=True):
        assert match is not None
        by_number.setdefault(int(match.group(2)), []).append(path)
    problems = [f"{', '.join(p.name for p in paths)} in {paths[0].parent}: the same page "
                f"number {number} twice; keep one file per page"
                for number, paths in by_number.items() if len(paths) > 1]
    numbers = sorted(by_number)
    missing = [n for n in range(numbers[0], numbers[-1] + 1) if n not in by_number]
    notes = []
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        notes.append(f"numbering skips {shown}: check no page is missing")
    return problems, notes
