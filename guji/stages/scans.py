"""Scans: validate, archive the master byte for byte, find the pages; then number them."""

from __future__ import annotations

from pathlib import Path

from guji.pipeline import progress
from guji.pipeline.catalogue import VALIDATION
from guji.pipeline.keys import access_key, iiif_prefix, ocr_key, thumb_key
from guji.pipeline.model import Scan
from guji.stages.context import RunContext
from guji.stages.work import PageJob, PageWork, ScanOutcome

OCR_FORMATS = ("txt", "hocr", "alto.xml", "json")


def ingest_scan(ctx: RunContext, scan: Scan, split: str, *, reuse: bool = True,
                frame_size_cm: tuple[float, float] | None = None) -> ScanOutcome:
    """Validate a scan, archive its master byte for byte, and find its page(s)."""
    from guji.imaging import decode_scan, plan_scan
    from guji.imaging.layout import WORK_EDGE
    from guji.ingest.validate import Limits, inspect_image

    catalogue = ctx.catalogue
    source = Path(scan.source)
    info = inspect_image(source, Limits(ctx.settings.max_page_pixels,
                                        ctx.settings.max_file_bytes), decode=False)
    if reuse and (done := _archived_pages(ctx, scan, info.sha256)):
        progress.report(ctx.run_id, scan.volume_id, "scan")
        return ScanOutcome(scan, info.to_dict(), done)
    # The scan's one full decode: every pixel checked (a truncated file fails here, before
    # its master is archived) while the reduced copy all geometry is found on is made.
    reduced = decode_scan(source, WORK_EDGE)
    catalogue.log_event(scan.volume_id, VALIDATION, "success",
                        f"{source.name}: {info.format} {info.width}x{info.height} "
                        f"{info.bits_per_sample}-bit {info.colour_space}, dpi {info.dpi_x}",
                        page_seq=scan.scan_seq)
    _archive_master(ctx, scan, info.sha256, info.size)
    pages = tuple(
        PageWork(side=p.side, width=p.width, height=p.height, skew_deg=p.skew_deg,
                 page_box=list(p.page_box), frame_box=list(p.frame_box) if p.frame_box else None,
                 area=list(p.area), background=list(p.background),
                 frame_size_cm=list(frame_size_cm) if frame_size_cm else None)
        for p in plan_scan(reduced, split=split)
    )
    progress.report(ctx.run_id, scan.volume_id, "scan")
    return ScanOutcome(scan, info.to_dict(), pages)


def _archive_master(ctx: RunContext, scan: Scan, sha256: str, size: int) -> None:
    ctx.archive.store_master(scan.volume_id, scan.master_key, Path(scan.source), sha256,
                             scan_seq=scan.scan_seq)


def _archived_pages(ctx: RunContext, scan: Scan, sha256: str) -> tuple[PageWork, ...]:
    """This scan's pages when a previous run archived all of them intact, else ()."""
    pages = [p for p in ctx.catalogue.pages(scan.volume_id) if p.scan_seq == scan.scan_seq]
    if not pages or any(p.master_sha256 != sha256 for p in pages):
        return ()
    store = ctx.store
    # By checksum, not size: a flipped bit keeps the size and must not pass as archived.
    if not ctx.archive.master_intact(scan.master_key, sha256):
        return ()
    files = {f.key: f for f in ctx.catalogue.files(scan.volume_id)}
    for page in pages:
        for key in _page_keys(ctx, page.volume_id, page.seq):
            if key not in files or store.size(key) != files[key].size:
                return ()
    return tuple(
        PageWork(side=p.side, width=p.width, height=p.height, skew_deg=p.skew_deg,
                 page_box=p.page_box, frame_box=p.frame_box, metrics=p.metrics,
                 verdict=p.verdict, reasons=p.reasons, reused_seq=p.seq)
        for p in pages
    )


def _page_keys(ctx: RunContext, volume_id: str, seq: int) -> list[str]:
    keys = [access_key(volume_id, seq), thumb_key(volume_id, seq),
            f"{iiif_prefix(volume_id, seq)}/info.json"]
    if ctx.settings.ocr:
        keys += [ocr_key(volume_id, seq, fmt) for fmt in OCR_FORMATS]
    return keys


def number_pages(outcomes: list[ScanOutcome]) -> tuple[list[PageJob], list[Scan]]:
    """Give pages their reading-order seq; scans whose archived pages moved must be redone."""
    jobs: list[PageJob] = []
    redo: list[Scan] = []
    seq = 0
    for outcome in sorted(outcomes, key=lambda o: o.scan.scan_seq):
        start = seq + 1
        seq += len(outcome.pages)
        if any(p.reused_seq not in (None, start + i) for i, p in enumerate(outcome.pages)):
            redo.append(outcome.scan)
            continue
        jobs += [PageJob(outcome.scan, outcome.info, start + i, p)
                 for i, p in enumerate(outcome.pages)]
    return jobs, redo
