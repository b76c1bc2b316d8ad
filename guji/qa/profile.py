"""Named QA profiles: the thresholds that turn a page's metrics into pass / warn / fail.

The default is modelled on FADGI's guidance for rare books (3-star at 300 ppi, no
clipping, adequate tonal range, sharp focus). docs/qa.md explains every threshold;
a test keeps that page and these numbers in step.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from guji.pipeline.errors import UsageError

Verdict = Literal["pass", "warn", "fail"]
_RANK = {"pass": 0, "warn": 1, "fail": 2}


@dataclass(frozen=True)
class Profile:
    """Warn/fail limits for every per-page and per-volume check."""

    name: str
    description: str
    dpi_warn_below: float          # effective resolution, pixels per inch of the object
    dpi_fail_below: float
    size_warn_off: float           # measured vs. catalogued frame size, relative
    size_fail_off: float
    sharpness_warn_below: float    # edge steepness, see guji.imaging.metrics.sharpness
    sharpness_fail_below: float
    sharpness_volume_warn: float   # share of the volume's median sharpness
    clip_warn_above: float         # share of pixels at 0 (or 255) in the worst band
    clip_fail_above: float
    range_warn_below: float        # luminance levels between the 0.5 and 99.5 percentiles
    range_fail_below: float
    skew_warn_above: float         # degrees; the page is corrected, but was placed badly
    skew_fail_above: float
    blank_ink_below: float         # text-ink coverage under which a page counts as blank
    duplicate_bits: int            # hash bits (of 256) at or under which two pages match

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


PROFILES: dict[str, Profile] = {
    "default": Profile(
        name="default",
        description="FADGI 3-star-like: 300 ppi or better, no clipping, sharp focus.",
        dpi_warn_below=300, dpi_fail_below=200,
        size_warn_off=0.05, size_fail_off=0.15,
        sharpness_warn_below=0.35, sharpness_fail_below=0.2,
        sharpness_volume_warn=0.7,
        clip_warn_above=0.005, clip_fail_above=0.05,
        range_warn_below=120, range_fail_below=60,
        skew_warn_above=3.0, skew_fail_above=5.5,
        blank_ink_below=0.002, duplicate_bits=26,
    ),
    "strict": Profile(
        name="strict",
        description="FADGI 4-star-like for rare books: 400 ppi or better, tighter tone and focus.",
        dpi_warn_below=400, dpi_fail_below=300,
        size_warn_off=0.03, size_fail_off=0.08,
        sharpness_warn_below=0.45, sharpness_fail_below=0.3,
        sharpness_volume_warn=0.8,
        clip_warn_above=0.001, clip_fail_above=0.01,
        range_warn_below=150, range_fail_below=100,
        skew_warn_above=2.0, skew_fail_above=4.0,
        blank_ink_below=0.002, duplicate_bits=26,
    ),
    "lenient": Profile(
        name="lenient",
        description="For legacy or microfilm-derived scans (often bilevel): flags only gross faults.",
        dpi_warn_below=200, dpi_fail_below=150,
        size_warn_off=0.10, size_fail_off=0.25,
        sharpness_warn_below=0.2, sharpness_fail_below=0.1,
        sharpness_volume_warn=0.5,
        clip_warn_above=0.9, clip_fail_above=1.01,
        range_warn_below=60, range_fail_below=30,
        skew_warn_above=4.0, skew_fail_above=6.0,
        blank_ink_below=0.002, duplicate_bits=26,
    ),
}


def get_profile(name: str) -> Profile:
    """The named profile; UsageError listing the known names otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown QA profile {name!r}",
                         hint=f"use one of: {', '.join(sorted(PROFILES))}") from None


def worst(*verdicts: str) -> Verdict:
    """The most severe of the verdicts ('pass' when none)."""
    best: Verdict = "pass"
    for v in verdicts:
        if _RANK[v] > _RANK[best]:
            best = v  # type: ignore[assignment]
    return best


def is_blank(metrics: dict[str, Any], profile: Profile) -> bool:
    """A page with (almost) no text ink: ruled lines and specks alone do not count."""
    coverage = metrics.get("ink_coverage")
    return coverage is not None and coverage < profile.blank_ink_below


def judge_page(metrics: dict[str, Any], profile: Profile) -> tuple[Verdict, tuple[str, ...]]:
    """Verdict and reasons for one page from its metrics (see prepare_scan for the keys)."""
    found: list[tuple[Verdict, str]] = []

    def low(value: Any, warn: float, fail: float, what: str, fmt: str = "{:.3g}") -> None:
        if value is None:
            return
        if value < fail:
            found.append(("fail", f"{what} {fmt.format(value)} is below {fmt.format(fail)}"))
        elif value < warn:
            found.append(("warn", f"{what} {fmt.format(value)} is below {fmt.format(warn)}"))

    def high(value: Any, warn: float, fail: float, what: str, fmt: str) -> None:
        if value is None:
            return
        if value > fail:
            found.append(("fail", f"{what} {fmt.format(value)} is above {fmt.format(fail)}"))
        elif value > warn:
            found.append(("warn", f"{what} {fmt.format(value)} is above {fmt.format(warn)}"))

    dpi = metrics.get("dpi")
    if dpi is None:
        found.append(("warn", "the file records no resolution; set it when exporting"))
    low(metrics.get("effective_dpi") or dpi, profile.dpi_warn_below,
        profile.dpi_fail_below, "resolution (ppi)", "{:.0f}")
    off = metrics.get("size_offset")
    if off is not None:
        high(abs(off), profile.size_warn_off, profile.size_fail_off,
             "frame size differs from the catalogue by", "{:.1%}")
    if not metrics.get("blank"):
        # A blank leaf has no ink: no edges to focus on, no dark end of the tonal range.
        low(metrics.get("sharpness"), profile.sharpness_warn_below,
            profile.sharpness_fail_below, "sharpness", "{:.2f}")
        low(metrics.get("dynamic_range"), profile.range_warn_below,
            profile.range_fail_below, "dynamic range (levels)", "{:.0f}")
    high(metrics.get("clipped_shadows"), profile.clip_warn_above, profile.clip_fail_above,
         "clipped shadows", "{:.2%}")
    high(metrics.get("clipped_highlights"), profile.clip_warn_above, profile.clip_fail_above,
         "clipped highlights", "{:.2%}")
    skew = metrics.get("skew_deg")
    if skew is not None:
        high(abs(skew), profile.skew_warn_above, profile.skew_fail_above, "skew (°)", "{:.2f}")
    if metrics.get("blank"):
        found.append(("warn", "blank page: check it is meant to be blank"))
    verdict = worst(*(v for v, _ in found))
    return verdict, tuple(r for _, r in found)
