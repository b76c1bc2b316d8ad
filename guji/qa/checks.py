"""Volume-level checks: what no single page can tell about itself.

Duplicates (perceptual hash), pages much softer than the rest of the volume, and gaps
or repeats in the numbering of the scan files (0001.tif, 0003.tif: 0002 is missing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath
from statistics import median
from typing import Any

from guji.imaging.metrics import hash_distance
from guji.qa.profile import Profile, Verdict

_NUMBER = re.compile(r"(\d+)\D*$")


@dataclass(frozen=True)
class Finding:
    """A reason to flag one page, found by looking at the whole volume."""

    seq: int
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Sequence:
    """Gaps and repeats in the numbers of the scan files."""

    gaps: tuple[int, ...]  # numbers missing between the first and the last
    repeats: tuple[tuple[int, tuple[str, ...]], ...]  # number, the files that share it
    unnumbered: tuple[str, ...]  # files whose names carry no number

    def to_dict(self) -> dict[str, Any]:
        return {"gaps": list(self.gaps),
                "repeats": [{"number": n, "files": list(f)} for n, f in self.repeats],
                "unnumbered": list(self.unnumbered)}


def file_number(name: str) -> int | None:
    """The sequence number in a scan's file name (the last run of digits of its stem)."""
    match = _NUMBER.search(PurePath(name).stem)
    return int(match.group(1)) if match else None


def file_sequence(names: list[str]) -> Sequence:
    """Gaps and repeats among the numbers in `names`."""
    by_number: dict[int, list[str]] = {}
    unnumbered = []
    for name in names:
        n = file_number(name)
        if n is None:
            unnumbered.append(name)
        else:
            by_number.setdefault(n, []).append(name)
    if not by_number:
        return Sequence((), (), tuple(unnumbered))
    present = set(by_number)
    gaps = tuple(n for n in range(min(present), max(present) + 1) if n not in present)
    repeats = tuple((n, tuple(sorted(f))) for n, f in sorted(by_number.items()) if len(f) > 1)
    return Sequence(gaps, repeats, tuple(unnumbered))


def sequence_findings(pages: list[dict[str, Any]], seq: Sequence) -> list[Finding]:
    """Flag the page after each gap (fail: a page is missing) and pages of repeated numbers."""
    findings = []
    numbered = sorted(((file_number(p["source"]), p) for p in pages
                       if file_number(p["source"]) is not None), key=lambda t: (t[0], t[1]["seq"]))
    gaps = set(seq.gaps)
    reported: set[int] = set()
    for number, page in numbered:
        assert number is not None
        missing = []
        n = number - 1
        while n in gaps and n not in reported:
            missing.append(n)
            reported.add(n)
            n -= 1
        if missing:
            names = ", ".join(f"{m:04d}" for m in sorted(missing))
            findings.append(Finding(page["seq"], "fail",
                                    f"scan file(s) {names} missing before {page['source']}: "
                                    "rescan or restore the missing file(s)"))
    repeated = {n: files for n, files in seq.repeats}
    for number, page in numbered:
        if number in repeated:
            others = [f for f in repeated[number] if f != page["source"]]
            if others:
                findings.append(Finding(page["seq"], "warn",
                                        f"file number {number:04d} is also used by "
                                        f"{', '.join(others)}: keep one"))
    return findings


def duplicate_findings(pages: list[dict[str, Any]], profile: Profile) -> tuple[
        list[Finding], list[tuple[int, int, int]]]:
    """Pages whose perceptual hash matches an earlier page's; blank pages are left out,
    since every blank leaf looks like every other."""
    findings: list[Finding] = []
    pairs: list[tuple[int, int, int]] = []
    seen: list[tuple[int, str, str]] = []
    for page in sorted(pages, key=lambda p: p["seq"]):
        h = page.get("phash") or page.get("metrics", {}).get("phash")
        if not h or page.get("metrics", {}).get("blank"):
            continue
        for seq, other_hash, source in seen:
            d = hash_distance(h, other_hash)
            if d <= profile.duplicate_bits:
                pairs.append((seq, page["seq"], d))
                findings.append(Finding(page["seq"], "warn",
                                        f"looks like a duplicate of page {seq} ({source}); "
                                        "check for a double scan and a skipped leaf"))
                break
        seen.append((page["seq"], h, page["source"]))
    return findings, pairs


def sharpness_findings(pages: list[dict[str, Any]], profile: Profile) -> tuple[
        list[Finding], float | None]:
    """Pages much softer than the volume's median (blank pages neither count nor get flagged)."""
    values = {p["seq"]: p.get("metrics", {}).get("sharpness") for p in pages
              if not p.get("metrics", {}).get("blank")}
    known = [v for v in values.values() if isinstance(v, int | float) and v > 0]
    if len(known) < 3:
        return [], (median(known) if known else None)
    mid = float(median(known))
    limit = profile.sharpness_volume_warn * mid
    findings = [Finding(seq, "warn", f"sharpness {v:.2f} is under "
                        f"{profile.sharpness_volume_warn:.0%} of the volume's median {mid:.2f}: "
                        "check focus")
                for seq, v in values.items() if isinstance(v, int | float) and v < limit]
    return findings, mid
