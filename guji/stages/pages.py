"""Pages: rendered from the stored master, measured, derived, OCRed, stored, catalogued."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guji.pipeline import progress
from guji.pipeline.catalogue import DERIVATION, OCR, PageRow
from guji.pipeline.errors import StorageError
from guji.pipeline.keys import access_key, iiif_prefix, ocr_key, thumb_key
from guji.pipeline.scratch import scratch_dir
from guji.pipeline.storage import sha256_file
from guji.stages.context import RunContext
from guji.stages.work import PageJob, PageWork

if TYPE_CHECKING:
    import pyvips

    from guji.imaging import Master, PageGeometry, PageQuality, RenderedPage
    from guji.ocr.image import UprightImage
    from guji.ocr.page import OcrPage


def finish_page(ctx: RunContext, job: PageJob) -> int:
    """Render a page from its stored master, measure and judge it, make its derivatives
    and OCR, store and catalogue them; returns its seq."""
    scan, work, seq = job.scan, job.work, job.seq
    volume_id = scan.volume_id
    if work.reused_seq is not None or job.finished:
        progress.report(ctx.run_id, volume_id, "page")
        return seq
    # Nothing of ingest_scan's host is read here: the page may be finished on another
    # machine. The corrected page is rendered again from the archived master instead of
    # being staged in the store: staging would write and read back a lossless
    # full-resolution copy (100-300 MB) per page and keep it for nothing, while one
    # rotate+crop of the master costs less than that transfer, and the master is already
    # where every worker can read it. (Most pages never come here: ingest_scan finishes
    # them from its own decode when it knew their seqs in time.)
    scratch = scratch_dir(ctx.volume_dir(volume_id))
    try:
        # Handed on unnamed: the full-resolution page is let go before the OCR's peak.
        derived = derive_page(ctx, job, render(_master_copy(ctx, job, scratch), job))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    record_page(ctx, job, derived)
    progress.report(ctx.run_id, volume_id, "page")
    return seq


def _master_copy(ctx: RunContext, job: PageJob, scratch: Path) -> Path:
    """The page's master as a local file: the folder store's own, or downloaded and
    checked against its SHA-256 (a damaged transfer must not become derivatives)."""
    store, key = ctx.store, job.scan.master_key
    local = store.local_path(key)
    if local is not None:
        return local
    copy = store.get_file(key, scratch / f"master.{job.scan.extension}")
    if sha256_file(copy) != job.info["sha256"]:
        raise StorageError(f"{key} read back from the store does not match its SHA-256",
                           hint="run `guji verify` on the volume, then ingest it again")
    return copy


@dataclass
class DerivedPage:
    """A page rendered, judged and its images stored; what record_page still needs."""

    quality: PageQuality
    width: int
    height: int
    upright: UprightImage | None  # the OCR's copy at glyph resolution, when OCR is on


def render(master: Path | Master, job: PageJob) -> RenderedPage:
    """The page cut out of its master (a file, or already decoded), with the master's dpi."""
    from guji.imaging import render_page

    return render_page(master, _geometry(job.work))


def _geometry(work: PageWork) -> PageGeometry:
    from guji.imaging import PageGeometry

    def box(value: list[int] | None) -> Any:
        return tuple(value) if value is not None else None  # JSON gives lists back

    return PageGeometry(side=work.side, width=work.width, height=work.height,  # type: ignore[arg-type]
                        skew_deg=work.skew_deg or 0.0, area=box(work.area),
                        background=tuple(work.background or ()), page_box=box(work.page_box),
                        frame_box=box(work.frame_box))


def derive_page(ctx: RunContext, job: PageJob, rendered: RenderedPage) -> DerivedPage:
    """Measure and judge a rendered page (in memory: measuring, every derivative and the
    OCR's copy read it), and store its access copy, thumbnail and tiles."""
    from guji.derivatives import make_derivatives
    from guji.imaging import assess_page

    scan, work, seq = job.scan, job.work, job.seq
    volume_id = scan.volume_id
    size = (work.frame_size_cm[0], work.frame_size_cm[1]) if work.frame_size_cm else None
    quality = assess_page(rendered, _geometry(work), source=Path(scan.source),
                          profile=ctx.settings.qa_profile, expected_size_cm=size)
    made = make_derivatives(rendered.image, volume_id=volume_id, seq=seq, settings=ctx.settings,
                            pixels=rendered.pixels)
    archive = ctx.archive
    archive.put_bytes(volume_id, access_key(volume_id, seq), made.access, role="access",
                      page_seq=seq)
    archive.put_bytes(volume_id, thumb_key(volume_id, seq), made.thumb, role="thumb",
                      page_seq=seq)
    prefix = iiif_prefix(volume_id, seq)
    ctx.catalogue.forget_files(volume_id, prefix + "/")
    # In the tree's order: info.json last, so a tile tree is only referenced once every
    # tile is there.
    archive.put_files(volume_id, [(f"{prefix}/{name}", data) for name, data in made.tiles.items()],
                      role="tiles", page_seq=seq)
    tiles = len(made.tiles) - 1
    ctx.catalogue.log_event(volume_id, DERIVATION, "success",
                            f"access, thumbnail and {tiles} IIIF tiles", page_seq=seq)
    # The OCR reads a copy at glyph resolution; the full-resolution page (300 MB for a
    # 100-MP scan) is let go before the OCR's own peak, not after it.
    upright = _ocr_copy(rendered.image, rendered.dpi) if ctx.settings.ocr else None
    return DerivedPage(quality, made.width, made.height, upright)


def record_page(ctx: RunContext, job: PageJob, derived: DerivedPage) -> None:
    """OCR the page (when on) and store its outputs, then write its catalogue row."""
    scan, work, seq = job.scan, job.work, job.seq
    volume_id = scan.volume_id
    upright, derived.upright = derived.upright, None  # the OCR's copy is let go after it
    read = (_ocr_page(ctx, volume_id, seq, upright, Path(scan.master_key).name)
            if upright is not None else None)
    info, quality = job.info, derived.quality
    ctx.catalogue.put_page(PageRow(
        volume_id=volume_id, seq=seq, scan_seq=scan.scan_seq, side=work.side,
        source_name=Path(scan.source).name, master_key=scan.master_key,
        master_ext=scan.extension, master_sha256=info["sha256"], master_size=info["size"],
        image_info=info, width=derived.width, height=derived.height, skew_deg=work.skew_deg,
        page_box=work.page_box, frame_box=work.frame_box, metrics=quality.metrics,
        verdict=quality.verdict, reasons=list(quality.reasons),
        # Leaf and juan numbers as the OCR stage read them, typed: never parsed again.
        leaf_number=read.leaf_number if read else None, juan=read.juan if read else None,
        ocr_confidence=read.confidence if read else None,
        ocr_expected_cer=read.expected_cer if read else None))


def _ocr_copy(image: pyvips.Image, dpi: float | None) -> UprightImage:
    from guji.ocr.image import load_upright

    # The imaging stage has already deskewed the page.
    return load_upright(image, deskew=False, dpi=dpi)


def _ocr_page(ctx: RunContext, volume_id: str, seq: int, upright: UprightImage,
              image_name: str) -> OcrPage:
    from guji.ocr import get_engine, recognize_upright
    from guji.ocr.formats import page_outputs

    engine = get_engine(ctx.settings.ocr_engine, model=ctx.settings.ocr_model or None)
    page = recognize_upright(upright, engine=engine, name=image_name)
    for fmt, data in page_outputs(page).items():
        ctx.archive.put_bytes(volume_id, ocr_key(volume_id, seq, fmt), data, role="ocr",
                              page_seq=seq)
    chars = len(page.text.replace("\n", ""))
    ctx.catalogue.log_event(volume_id, OCR, "success",
                            f"{engine.describe()}: {chars} characters, expected CER "
                            f"{page.expected_cer:.3f}", page_seq=seq)
    return page
