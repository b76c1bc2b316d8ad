"""Scans: validate, archive the master byte for byte, find the pages; then number them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from guji.pipeline import progress
from guji.pipeline.catalogue import VALIDATION
from guji.pipeline.keys import access_key, iiif_prefix, ocr_key, thumb_key
from guji.pipeline.model import Scan
from guji.stages.context import RunContext
from guji.stages.pages import derive_page, record_page, render
from guji.stages.work import PageJob, PageWork, ScanOutcome

if TYPE_CHECKING:
    from guji.imaging import Master

OCR_FORMATS = ("txt", "hocr", "alto.xml", "json")
# The largest scan kept decoded in memory (8-bit: 3 bytes a pixel, 150 MB) while its pages
# are finished; a larger one is decoded a second time to cut them out instead.
KEEP_DECODED_PIXELS = 50_000_000


def ingest_scan(ctx: RunContext, scan: Scan, split: str, *, reuse: bool = True,
                frame_size_cm: tuple[float, float] | None = None,
                seqs: tuple[int, ...] | None = None) -> ScanOutcome:
    """Validate a scan, archive its master byte for byte, and find its page(s).

    `seqs` are the numbers its pages will have if it gives as many as foreseen
    (likely_seqs): when it does, the pages are finished here too, from this task's own
    decode of the scan, and finish_page has nothing left to do for them."""
    from guji.imaging import decode_master, decode_scan, plan_scan
    from guji.imaging.layout import WORK_EDGE
    from guji.ingest.validate import Limits, inspect_image

    source = Path(scan.source)
    info = inspect_image(source, Limits(ctx.settings.max_page_pixels,
                                        ctx.settings.max_file_bytes), decode=False)
    if reuse and (done := _archived_pages(ctx, scan, info.sha256)):
        progress.report(ctx.run_id, scan.volume_id, "scan")
        return ScanOutcome(scan, info.to_dict(), done)
    # The scan's one full decode: every pixel checked (a truncated file fails here, before
    # its master is archived) and reduced to the copy all geometry is found on; kept in
    # memory for the pages to be cut from unless that would take more than a worker
    # should hold beside them (a 100-MP opening is decoded again instead).
    master: Master | Path = source
    if info.width * info.height <= KEEP_DECODED_PIXELS:
        reduced, master = decode_master(source, WORK_EDGE)
    else:
        reduced = decode_scan(source, WORK_EDGE)
    ctx.catalogue.log_event(scan.volume_id, VALIDATION, "success",
                            f"{source.name}: {info.format} {info.width}x{info.height} "
                            f"{info.bits_per_sample}-bit {info.colour_space}, "
                            f"dpi {info.dpi_x}", page_seq=scan.scan_seq)
    _archive_master(ctx, scan, info.sha256, info.size)
    pages = tuple(
        PageWork(side=p.side, width=p.width, height=p.height, skew_deg=p.skew_deg,
                 page_box=list(p.page_box), frame_box=list(p.frame_box) if p.frame_box else None,
                 area=list(p.area), background=list(p.background),
                 frame_size_cm=list(frame_size_cm) if frame_size_cm else None)
        for p in plan_scan(reduced, split=split)
    )
    progress.report(ctx.run_id, scan.volume_id, "scan")
    outcome = ScanOutcome(scan, info.to_dict(), pages)
    if seqs is None or len(seqs) != len(pages):
        return outcome  # numbered once every scan is planned; finish_page renders them
    held: list[Master | Path] = [master]
    del master  # handed over, to be let go as soon as the last page is cut out of it
    return _finish_here(ctx, outcome, seqs, held)


def _finish_here(ctx: RunContext, outcome: ScanOutcome, seqs: tuple[int, ...],
                 held: list[Master | Path]) -> ScanOutcome:
    """Finish a scan's pages from its decode in memory (`held`, emptied here; or from the
    source file): the second decode of the master that finish_page needs is the largest
    cost this saves (docs/performance.md)."""
    from guji.imaging.source import forget_cached_files

    jobs = [PageJob(outcome.scan, outcome.info, seq, work)
            for seq, work in zip(seqs, outcome.pages, strict=True)]
    derived = []
    for job in jobs:
        rendered = render(held[0], job)
        if job is jobs[-1]:
            # The decode (100 MB for a 33-MP scan) is not kept through the last page's
            # derivatives and OCR, nor by libvips' operation cache of its crops.
            held.clear()
            forget_cached_files()
        derived.append(derive_page(ctx, job, rendered))
        del rendered
    for job, page in zip(jobs, derived, strict=True):
        record_page(ctx, job, page)
        progress.report(ctx.run_id, outcome.scan.volume_id, "page")
    return replace(outcome, pages=tuple(replace(job.work, finished_seq=job.seq)
                                        for job in jobs))


def likely_seqs(scans: list[Scan], split: str) -> list[tuple[int, ...]]:
    """The seqs each scan's pages will most likely have, from the scans' sizes alone
    (guji.imaging.likely_pages): what lets ingest_scan finish its pages itself. A wrong
    guess costs time, never a wrong page: number_pages has the last word."""
    import pyvips

    from guji.imaging import likely_pages

    numbered, seq = [], 0
    for scan in scans:
        try:
            header = pyvips.Image.new_from_file(scan.source)  # the header: nothing decoded
            count = likely_pages(header.width, header.height, split)
        except pyvips.Error:
            count = 1  # the scan's own task names what is wrong with it
        numbered.append(tuple(range(seq + 1, seq + count + 1)))
        seq += count
    return numbered


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
    """Give pages their reading-order seq; scans whose archived pages moved, or were
    written over by a page finished under a seq foreseen wrongly, must be redone."""
    # Seqs a page was finished under: where that was not its own, it overwrote whatever
    # an earlier run archived there.
    written = {p.finished_seq for o in outcomes for p in o.pages if p.finished_seq}
    jobs: list[PageJob] = []
    redo: list[Scan] = []
    seq = 0
    for outcome in sorted(outcomes, key=lambda o: o.scan.scan_seq):
        start = seq + 1
        seq += len(outcome.pages)
        if any(p.reused_seq is not None and (p.reused_seq != start + i or p.reused_seq in written)
               for i, p in enumerate(outcome.pages)):
            redo.append(outcome.scan)
            continue
        jobs += [PageJob(outcome.scan, outcome.info, start + i, p)
                 for i, p in enumerate(outcome.pages)]
    return jobs, redo
