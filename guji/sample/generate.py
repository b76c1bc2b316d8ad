"""Writing generated scans: whole volumes with a catalogue, or a flat evaluation set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Literal

from guji.pipeline.errors import UsageError
from guji.pipeline.model import ACCESS_LEVELS
from guji.sample.catalogue import catalogue_row, merge_catalogue
from guji.sample.fonts import FONT_POOLS, FontPool
from guji.sample.imagefile import BITS, EXTENSIONS, IMAGE_FORMATS, ImageFormat
from guji.sample.plan import (
    PLANNING,
    LayoutChoice,
    choose_edition,
    plan_loose_scan,
    plan_volume,
    scan_rng,
    volume_seals,
)
from guji.sample.scan import ScanLayout, ScanPlan, render_scan
from guji.sample.truth import write_truth

FormatChoice = Literal["tif", "tif-grey", "tif16", "tif16-grey", "jpg", "mixed"]
Progress = Callable[[Path], None]
# Mixed volumes cycle through these, so three volumes show each kind of master once.
MIXED_FORMATS: tuple[ImageFormat, ...] = ("tif", "jpg", "tif16")
MIXED_LAYOUTS: tuple[ScanLayout, ...] = ("half-leaf", "opening")
LOOSE_VOLUME = "flat"


def _check(image_format: str, layout: str, dpi: int, count: int, fonts: str = "sample") -> None:
    if fonts not in FONT_POOLS:
        raise UsageError(f"font pool {fonts!r} is not one of {', '.join(FONT_POOLS)}")
    if image_format not in (*IMAGE_FORMATS, "mixed"):
        raise UsageError(f"image format {image_format!r} is not one of "
                         f"{', '.join((*IMAGE_FORMATS, 'mixed'))}")
    if layout not in ("half-leaf", "opening", "mixed"):
        raise UsageError(f"layout {layout!r} is not half-leaf, opening or mixed")
    if not 72 <= dpi <= 1200:
        raise UsageError(f"dpi {dpi} is out of range", hint="use 72 to 1200; masters are 300–600")
    if count < 1:
        raise UsageError("ask for at least one page")


def _format_of(image_format: FormatChoice, index: int) -> ImageFormat:
    return MIXED_FORMATS[index % len(MIXED_FORMATS)] if image_format == "mixed" else image_format


def _render_one(job: tuple[ScanPlan, int, str, int, Path, ImageFormat]) -> Path:
    """Render and write one scan (top level so a process pool can run it)."""
    from guji.sample.imagefile import write_scan

    plan, seed, volume_id, index, path, image_format = job
    rgb, truth = render_scan(plan, scan_rng(seed, volume_id, index), path.name)
    truth["bits_per_sample"] = BITS[image_format]
    write_scan(rgb, path, image_format, plan.dpi)
    write_truth(truth, path)
    return path


def _run(jobs: list[tuple[ScanPlan, int, str, int, Path, ImageFormat]], workers: int,
         progress: Progress | None) -> list[Path]:
    paths: list[Path] = []
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            paths.append(_render_one(job))
            if progress:
                progress(paths[-1])
        return paths
    # Spawned, not forked: a caller that has used libvips (a benchmark, a test) holds its
    # thread pool's locks, and a forked child that writes an image waits on them forever.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for path in pool.map(_render_one, jobs):
            paths.append(path)
            if progress:
                progress(path)
    return paths


def generate_volume(outdir: Path, volume_id: str, *, pages: int, seed: int,
                    layout: ScanLayout = "half-leaf", image_format: FormatChoice = "tif",
                    dpi: int = 300, workers: int = 1, access: str = "public",
                    fonts: FontPool = "sample", progress: Progress | None = None) -> list[Path]:
    """Write `pages` scans of one volume into outdir/volume_id (0001.tif …); returns the images."""
    return _volume(outdir, volume_id, pages=pages, seed=seed, layout=layout,
                   image_format=image_format, dpi=dpi, workers=workers, access=access,
                   fonts=fonts, progress=progress)[0]


def _volume(outdir: Path, volume_id: str, *, pages: int, seed: int, layout: ScanLayout,
            image_format: FormatChoice, dpi: int, workers: int, access: str, fonts: FontPool,
            progress: Progress | None) -> tuple[list[Path], dict[str, str]]:
    _check(image_format, layout, dpi, pages, fonts)
    rng = scan_rng(seed, volume_id, 0, PLANNING)
    edition = choose_edition(rng, fonts=fonts)
    plans = plan_volume(edition, scans=pages, layout=layout, dpi=dpi, rng=rng)
    folder = outdir / volume_id
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for index, plan in enumerate(plans):
        fmt = _format_of(image_format, index)
        jobs.append((plan, seed, volume_id, index, folder / f"{index + 1:04d}.{EXTENSIONS[fmt]}",
                     fmt))
    row = catalogue_row(volume_id, edition.work, edition.fmt, volume_seals(plans), access, rng)
    return _run(jobs, workers, progress), row


def generate_samples(outdir: Path, *, volumes: int, pages: int, seed: int,
                     layout: LayoutChoice = "half-leaf", image_format: FormatChoice = "tif",
                     dpi: int = 300, workers: int = 1, access: str | None = None,
                     fonts: FontPool = "sample", progress: Progress | None = None) -> list[Path]:
    """Volume folders `px<seed>-<n>` plus catalogue.csv; `mixed` cycles formats and layouts
    by volume. Rows of other volumes already in outdir's catalogue.csv are kept, so several
    runs with different seeds build one archive. Without `access`, the second volume is
    `reading-room`, the fourth `restricted`, the others `public`."""
    _check(image_format, layout, dpi, pages, fonts)
    if volumes < 1:
        raise UsageError("ask for at least one volume")
    if access is not None and access not in ACCESS_LEVELS:
        raise UsageError(f"access {access!r} is not one of {', '.join(ACCESS_LEVELS)}")
    rows: list[dict[str, str]] = []
    written: list[Path] = []
    for index in range(volumes):
        vol_layout: ScanLayout = (MIXED_LAYOUTS[index % 2] if layout == "mixed" else layout)
        vol_format = _format_of(image_format, index)
        # One volume is held back from the public, so every access level gets exercised.
        vol_access = access or {1: "reading-room", 3: "restricted"}.get(index, "public")
        volume_id = f"px{seed:03d}-{index + 1:02d}"
        paths, row = _volume(outdir, volume_id, pages=pages, seed=seed, layout=vol_layout,
                             image_format=vol_format, dpi=dpi, workers=workers,
                             access=vol_access, fonts=fonts, progress=progress)
        written += paths
        rows.append(row)
    merge_catalogue(outdir / "catalogue.csv", rows)
    return written


def generate_flat(outdir: Path, *, pages: int, seed: int, layout: LayoutChoice = "half-leaf",
                  image_format: FormatChoice = "tif", dpi: int = 300, workers: int = 1,
                  fonts: FontPool = "sample", shuffle: bool = False,
                  progress: Progress | None = None,
                  only: Sequence[int] | None = None) -> list[Path]:
    """An evaluation set: `pages` unrelated scans with truth in one folder (0001.tif …).
    `fonts="reserved"` makes a held-out set: evaluate on it, never tune on it.
    `shuffle` prints the same pages with their text shuffled character by character.
    `only` prints just those scans (numbered from 1) as the whole set prints them: one
    page of a large set, again, for a test."""
    _check(image_format, layout, dpi, pages, fonts)
    outdir.mkdir(parents=True, exist_ok=True)
    jobs = []
    for index in range(pages):
        if only is not None and index + 1 not in only:
            continue
        rng = scan_rng(seed, LOOSE_VOLUME, index, PLANNING)
        scan_layout: ScanLayout = layout if layout != "mixed" else (
            "opening" if rng.random() < 0.3 else "half-leaf")
        plan = plan_loose_scan(rng, layout=scan_layout, dpi=dpi, fonts=fonts,
                               shuffle=seed * 100_003 + index if shuffle else None)
        fmt = _format_of(image_format, index)
        jobs.append((plan, seed, LOOSE_VOLUME, index, outdir / f"{index + 1:04d}.{EXTENSIONS[fmt]}",
                     fmt))
    return _run(jobs, workers, progress)


__all__: Sequence[str] = ("generate_flat", "generate_samples", "generate_volume")
