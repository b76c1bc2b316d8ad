"""The stage pass of the throughput benchmark: the pipeline's stage functions called one
after another in this process, each call timed and cut at the catalogue events it logs.

Used by benchmarks/throughput.py (`--runs stages`, `--stage-scans`, `--profile`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from guji.pipeline.catalogue import DERIVATION, FIXITY_CHECK, OCR, VALIDATION

# Catalogue event type -> the part of a stage call that ends with it (stages log an event
# as each part finishes); what follows a call's last event gets the name after it.
STAGE_OF_EVENT = {VALIDATION: "scan: read, SHA-256, decode, reduced copy",
                  FIXITY_CHECK: "scan: master stored and read back",
                  DERIVATION: "page: (layout,) render, QA metrics, access, thumb, tiles stored",
                  OCR: "page: OCR, its outputs stored"}
STAGE_AFTER_LAST_EVENT = {"ingest_scan": "scan: after the last event (rows; layout if none)",
                          "finish_page": "page: after the last event (catalogue row)",
                          "finish_volume": "volume: QA report, records, publication"}


def stage_sample(scans: Path, args: argparse.Namespace) -> dict[str, list[Path]]:
    """A few scans of each kind: the first half-leaves, the opening, a 16-bit master."""
    picked: dict[str, list[Path]] = {}
    kinds = [(args.seed, args.stage_scans), (args.seed + 1, 1), (args.seed + 2, 1)]
    for seed, count in kinds:
        folder = scans / f"px{seed:03d}-01"
        if folder.is_dir() and count:
            picked[folder.name] = sorted(folder.glob("*.tif"))[:count]
    return picked


def split_call(call: str, start: float, end: float, events: list[Any]) -> dict[str, float]:
    """Seconds of one stage call, cut at the catalogue events it logged as it went."""
    marks = sorted((e.at.timestamp(), e.event_type) for e in events
                   if start <= e.at.timestamp() <= end and e.event_type in STAGE_OF_EVENT)
    parts: dict[str, float] = {}
    last = start
    for at, kind in marks:
        name = STAGE_OF_EVENT[kind]
        parts[name] = parts.get(name, 0.0) + at - last
        last = at
    name = STAGE_AFTER_LAST_EVENT[call]
    parts[name] = parts.get(name, 0.0) + end - last
    return parts


def stage_pass(picked: dict[str, list[Path]], work: Path, ocr: bool) -> dict[str, Any]:
    """Call the stage functions the flows wrap, one at a time, each timed."""
    from guji import stages
    from guji.pipeline.memory import tune_allocator
    from guji.pipeline.model import CatalogueRecord, Scan
    from guji.pipeline.settings import load_settings

    tune_allocator()  # as `guji ingest` does before anything runs
    settings = load_settings({"store": str(work / "stages-store"), "ocr": ocr})
    ctx = stages.RunContext(settings, str(work / "stages-work"))
    totals: dict[str, float] = {}
    pages = 0
    began = start = time.perf_counter()
    # The stage functions import their domain packages on first use: once a process.
    import guji.derivatives
    import guji.imaging
    import guji.ingest.validate
    import guji.publish
    import guji.qa  # noqa: F401
    totals["imports (once a process)"] = time.perf_counter() - start
    if ocr:
        from guji.ocr import get_engine

        start = time.perf_counter()
        get_engine(settings.ocr_engine, model=settings.ocr_model or None)
        totals["ocr engine load (once a process)"] = time.perf_counter() - start

    def timed(call: str, volume_id: str, fn: Any, *a: Any, **kw: Any) -> Any:
        start = time.time()
        result = fn(*a, **kw)
        end = time.time()
        for name, seconds in split_call(call, start, end,
                                         ctx.catalogue.events(volume_id)).items():
            totals[name] = totals.get(name, 0.0) + seconds
        return result

    for volume_id, images in picked.items():
        stages.begin_volume(ctx, CatalogueRecord(volume_id, volume_id), str(images[0].parent))
        # As the volume flow calls them: each scan finishes its pages when foreseen.
        scans = [Scan(volume_id, i, str(path), "tif") for i, path in enumerate(images, start=1)]
        outcomes = [timed("ingest_scan", volume_id, stages.ingest_scan, ctx, scan, "auto", seqs=seqs)
                    for scan, seqs in zip(scans, stages.likely_seqs(scans, "auto"), strict=True)]
        jobs, _ = stages.number_pages(outcomes)
        for job in [j for j in jobs if not j.finished]:
            timed("finish_page", volume_id, stages.finish_page, ctx, job)
        timed("finish_volume", volume_id, stages.finish_volume, ctx, volume_id, len(jobs))
        pages += len(jobs)
    return {"scans": sum(len(v) for v in picked.values()), "pages": pages,
            "wall_seconds": round(time.perf_counter() - began, 2),
            "seconds": {k: round(v, 2) for k, v in totals.items()},
            "seconds_per_page": {k: round(v / pages, 2) for k, v in totals.items()}}


def profiled(out: Path | None, fn: Any, *a: Any, **kw: Any) -> Any:
    if out is None:
        return fn(*a, **kw)
    from pyinstrument import Profiler

    profiler = Profiler()
    with profiler:
        result = fn(*a, **kw)
    out.write_text(profiler.output_html() if out.suffix == ".html" else
                   profiler.output_text(unicode=True, show_all=False))
    return result
