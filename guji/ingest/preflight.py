"""The checks a volume passes before any of it is decoded, archived or published.

Every scan's header is read (format, size, pixel count against the limits) and scans with
the same bytes are found, so a bad file fails its volume at once, with every bad file
named, instead of after the rest of the volume has been processed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from guji.ingest.discover import VolumeSource
from guji.ingest.validate import Limits, check_header
from guji.pipeline.errors import InputError
from guji.pipeline.settings import Settings

# Bytes read from each end of a file to tell scans apart without reading them whole.
_PROBE = 1 << 20


def check_scans(scans: Sequence[Path], limits: Limits) -> list[str]:
    """One message per scan that cannot be ingested (each naming its file), [] if none."""
    problems: list[str] = []
    for path in scans:
        try:
            check_header(path, limits)
        except InputError as e:
            problems.append(str(e))
    problems += _same_bytes(scans)
    return problems


def _same_bytes(scans: Sequence[Path]) -> list[str]:
    """Scans that are byte-identical copies of another: the same page delivered twice."""
    groups: dict[tuple[int, str], list[Path]] = {}
    for path in scans:
        try:
            groups.setdefault(_probe(path), []).append(path)
        except OSError:
            continue  # check_header has named it already
    problems = []
    for paths in groups.values():
        if len(paths) < 2:
            continue
        # Same size, head and tail: only now read them whole to be sure.
        by_hash: dict[str, list[Path]] = {}
        for path in paths:
            by_hash.setdefault(_sha256(path), []).append(path)
        problems += [f"{', '.join(p.name for p in same)} in {same[0].parent} are the same "
                     "file (identical bytes): the same page scanned or copied twice; keep one"
                     for same in by_hash.values() if len(same) > 1]
    return problems


def _probe(path: Path) -> tuple[int, str]:
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as f:
        digest.update(f.read(_PROBE))
        if size > 2 * _PROBE:
            f.seek(-_PROBE, 2)
            digest.update(f.read(_PROBE))
    return size, digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def refuse(volume_id: str, problems: Sequence[str]) -> InputError:
    """The error that fails a volume for these problems, every one of them listed."""
    # The first line is what summaries show: it names a file on its own.
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    lines = "".join(f"\n  {p}" for p in problems[1:])
    return InputError(f"{problems[0]}{more}{lines}",
                      hint="fix or move the files named, then run the same ingest again; "
                           "nothing of this volume was published")


def check_volume(source: VolumeSource, settings: Settings) -> None:
    """Raise the InputError that fails the volume when discovery or its scans' headers
    found anything wrong; return quietly when every file can be ingested."""
    limits = Limits(max_pixels=settings.max_page_pixels, max_bytes=settings.max_file_bytes)
    problems = [*source.problems, *check_scans(source.scans, limits)]
    if problems:
        raise refuse(source.volume_id, problems)
