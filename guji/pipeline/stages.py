"""The order of stages for one volume, as plain functions over keys and paths.

    begin_volume -> ingest_scan (per scan) -> number_pages -> finish_page (per page)
                 -> finish_volume (QA, full text, records, then `_complete`)

Prefect tasks in guji.flows wrap these one to one; nothing here knows about Prefect.
"""

from __future__ import annotations

import functools
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guji import __version__
from guji.pipeline import progress
from guji.pipeline.archive import Archive
from guji.pipeline.catalogue import (
    DERIVATION,
    INGESTION,
    OCR,
    PUBLICATION,
    VALIDATION,
    Catalogue,
    PageRow,
)
from guji.pipeline.errors import GujiError
from guji.pipeline.model import (
    CatalogueRecord,
    Scan,
    access_key,
    complete_key,
    iiif_prefix,
    ocr_key,
    thumb_key,
)
from guji.pipeline.settings import Settings, redacted, reveal
from guji.pipeline.storage import Store, content_type_for, open_store

if TYPE_CHECKING:
    from guji.ocr.page import OcrPage

FULLTEXT = "fulltext.txt"
OCR_FORMATS = ("txt", "hocr", "alto.xml", "json")
# Top-level temporaries (collection.json) may belong to another volume's run that is
# writing now; only ones this old are surely abandoned.
TOP_LEVEL_TEMP_AGE_S = 900


@dataclass(frozen=True)
class RunContext:
    """What every task needs, small enough to travel with its inputs."""

    settings: Settings
    workdir: str
    run_id: str = ""

    def __post_init__(self) -> None:
        # The context travels as Prefect parameters, kept in its database and shown in its
        # UI: the database password stays out of it; `catalogue` reveals it in-process.
        object.__setattr__(self, "settings", redacted(self.settings))

    @property
    def store(self) -> Store:
        return _store(self.settings.store)

    @property
    def catalogue(self) -> Catalogue:
        return _catalogue(reveal(self.settings.db_url))

    @property
    def archive(self) -> Archive:
        return Archive(self.store, self.catalogue)

    def volume_dir(self, volume_id: str) -> Path:
        path = Path(self.workdir) / volume_id
        path.mkdir(parents=True, exist_ok=True)
        return path


@functools.lru_cache(maxsize=8)
def _store(uri: str) -> Store:
    return open_store(uri)


@functools.lru_cache(maxsize=8)
def _catalogue(url: str) -> Catalogue:
    return Catalogue.open(url)


@dataclass(frozen=True)
class PageWork:
    """A page coming out of a scan: either freshly prepared or already archived."""

    side: str
    image: str  # corrected page image in the work dir; "" when reused
    width: int
    height: int
    skew_deg: float | None = None
    page_box: list[int] | None = None
    frame_box: list[int] | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    verdict: str | None = None
    reasons: list[str] = field(default_factory=list)
    reused_seq: int | None = None


@dataclass(frozen=True)
class ScanOutcome:
    scan: Scan
    info: dict[str, Any]
    pages: tuple[PageWork, ...]


@dataclass(frozen=True)
class PageJob:
    scan: Scan
    info: dict[str, Any]
    seq: int
    work: PageWork


# --- volume -------------------------------------------------------------------------------
def begin_volume(ctx: RunContext, record: CatalogueRecord, source: str) -> None:
    """Register the volume and withdraw `_complete` so nothing reads it while it changes;
    the collection stops listing it now, whatever happens later in the run."""
    ctx.catalogue.register_volume(record, source=source)
    # What a killed writer of this volume left: temporary files, unfinished uploads.
    ctx.store.remove_temporaries(record.volume_id)
    ctx.store.remove_temporaries("", older_than_s=TOP_LEVEL_TEMP_AGE_S)
    shutil.rmtree(Path(ctx.workdir) / record.volume_id, ignore_errors=True)
    if ctx.archive.unpublish(record.volume_id):
        from guji.publish import publish_collection

        publish_collection(ctx.store, ctx.catalogue, ctx.settings)


def withdraw_stale(ctx: RunContext, volume_id: str, pages: int, scans: int) -> list[str]:
    """Withdraw the pages and masters of an earlier run that the source no longer has."""
    return ctx.archive.withdraw_beyond(volume_id, pages=pages, scans=scans)


def fail_volume(ctx: RunContext, volume_id: str, error: BaseException) -> str:
    message = str(error) if isinstance(error, GujiError) else f"{type(error).__name__}: {error}"
    ctx.catalogue.set_status(volume_id, "failed", error=message)
    ctx.catalogue.log_event(volume_id, INGESTION, "failure", message)
    shutil.rmtree(Path(ctx.workdir) / volume_id, ignore_errors=True)
    return message


# --- scans --------------------------------------------------------------------------------
def ingest_scan(ctx: RunContext, scan: Scan, split: str, *, reuse: bool = True,
                frame_size_cm: tuple[float, float] | None = None) -> ScanOutcome:
    """Validate a scan, archive its master byte for byte, and prepare its page(s)."""
    from guji.imaging import prepare_scan
    from guji.ingest.validate import Limits, inspect_image

    catalogue = ctx.catalogue
    source = Path(scan.source)
    info = inspect_image(source, Limits(ctx.settings.max_page_pixels,
                                        ctx.settings.max_file_bytes))
    if reuse and (done := _archived_pages(ctx, scan, info.sha256)):
        progress.report(ctx.run_id, scan.volume_id, "scan")
        return ScanOutcome(scan, info.to_dict(), done)
    catalogue.log_event(scan.volume_id, VALIDATION, "success",
                        f"{source.name}: {info.format} {info.width}x{info.height} "
                        f"{info.bits_per_sample}-bit {info.colour_space}, dpi {info.dpi_x}",
                        page_seq=scan.scan_seq)
    _archive_master(ctx, scan, info.sha256, info.size)
    prepared = prepare_scan(source, ctx.volume_dir(scan.volume_id) / "pages", split=split,
                            profile=ctx.settings.qa_profile, expected_size_cm=frame_size_cm)
    pages = tuple(
        PageWork(side=p.side, image=str(p.image), width=p.width, height=p.height,
                 skew_deg=p.skew_deg, page_box=list(p.page_box),
                 frame_box=list(p.frame_box) if p.frame_box else None,
                 metrics=dict(p.metrics), verdict=p.verdict, reasons=list(p.reasons))
        for p in prepared
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
        PageWork(side=p.side, image="", width=p.width, height=p.height, skew_deg=p.skew_deg,
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


# --- pages --------------------------------------------------------------------------------
def finish_page(ctx: RunContext, job: PageJob) -> int:
    """Derivatives and OCR of a prepared page, stored and catalogued; returns its seq."""
    scan, work, seq = job.scan, job.work, job.seq
    volume_id = scan.volume_id
    catalogue = ctx.catalogue
    if work.reused_seq is not None:
        progress.report(ctx.run_id, volume_id, "page")
        return seq
    from guji.derivatives import make_derivatives

    outdir = ctx.volume_dir(volume_id) / "derived"
    made = make_derivatives(Path(work.image), outdir, volume_id=volume_id, seq=seq,
                            settings=ctx.settings)
    _put(ctx, volume_id, seq, access_key(volume_id, seq), made.access, "access")
    _put(ctx, volume_id, seq, thumb_key(volume_id, seq), made.thumb, "thumb")
    prefix = iiif_prefix(volume_id, seq)
    catalogue.forget_files(volume_id, prefix + "/")
    # info.json goes last: a tile tree is only referenced once every tile is there.
    tiles = sorted(p for p in made.tiles.rglob("*") if p.is_file() and p.name != "info.json")
    for tile in [*tiles, made.tiles / "info.json"]:
        _put(ctx, volume_id, seq, f"{prefix}/{tile.relative_to(made.tiles).as_posix()}", tile,
             "tiles")
    catalogue.log_event(volume_id, DERIVATION, "success",
                        f"access, thumbnail and {len(tiles)} IIIF tiles", page_seq=seq)
    read = _ocr_page(ctx, volume_id, seq, Path(work.image)) if ctx.settings.ocr else None
    info = job.info
    catalogue.put_page(PageRow(
        volume_id=volume_id, seq=seq, scan_seq=scan.scan_seq, side=work.side,
        source_name=Path(scan.source).name, master_key=scan.master_key,
        master_ext=scan.extension, master_sha256=info["sha256"], master_size=info["size"],
        image_info=info, width=made.width, height=made.height, skew_deg=work.skew_deg,
        page_box=work.page_box, frame_box=work.frame_box, metrics=work.metrics,
        verdict=work.verdict, reasons=work.reasons,
        # Leaf and juan numbers as the OCR stage read them, typed: never parsed again.
        leaf_number=read.leaf_number if read else None, juan=read.juan if read else None,
        ocr_confidence=read.confidence if read else None,
        ocr_expected_cer=read.expected_cer if read else None))
    shutil.rmtree(made.tiles, ignore_errors=True)
    progress.report(ctx.run_id, volume_id, "page")
    return seq


def _put(ctx: RunContext, volume_id: str, seq: int | None, key: str, path: Path,
         role: str) -> None:
    stored = ctx.store.put_file(key, path)
    ctx.catalogue.record_file(volume_id, key, role=role, size=stored.size,
                              sha256=stored.sha256, mime=content_type_for(key), page_seq=seq)


def _put_bytes(ctx: RunContext, volume_id: str, seq: int | None, key: str, data: bytes,
               role: str) -> None:
    stored = ctx.store.put_bytes(key, data)
    ctx.catalogue.record_file(volume_id, key, role=role, size=stored.size,
                              sha256=stored.sha256, mime=content_type_for(key), page_seq=seq)


def _ocr_page(ctx: RunContext, volume_id: str, seq: int, image: Path) -> OcrPage:
    from guji.ocr import get_engine, recognize_page
    from guji.ocr.formats import page_outputs

    # The imaging stage has already deskewed the page.
    engine = get_engine(ctx.settings.ocr_engine, model=ctx.settings.ocr_model or None)
    page = recognize_page(image, engine=engine, deskew=False)
    for fmt, data in page_outputs(page).items():
        _put_bytes(ctx, volume_id, seq, ocr_key(volume_id, seq, fmt), data, "ocr")
    chars = len(page.text.replace("\n", ""))
    ctx.catalogue.log_event(volume_id, OCR, "success",
                            f"{engine.describe()}: {chars} characters, expected CER "
                            f"{page.expected_cer:.3f}", page_seq=seq)
    return page


# --- the whole volume ---------------------------------------------------------------------
def finish_volume(ctx: RunContext, volume_id: str, page_count: int) -> dict[str, Any]:
    """QA report, full text and records; `_complete` is written last."""
    catalogue, store = ctx.catalogue, ctx.store
    catalogue.prune_pages(volume_id, page_count)
    pages = catalogue.pages(volume_id)
    qa = _write_qa(ctx, volume_id, pages)
    if ctx.settings.ocr:
        _write_fulltext(ctx, volume_id, pages)
    from guji.publish import publish_collection, publish_volume
    from guji.publish.review import settle_review

    keys = publish_volume(store, catalogue, volume_id, ctx.settings)  # records its files too
    catalogue.log_event(volume_id, PUBLICATION, "success", ", ".join(keys))
    # Tiles, pages or masters an earlier run stored and this one did not: never served again.
    ctx.archive.withdraw_unrecorded(volume_id)
    _put_bytes(ctx, volume_id, None, complete_key(volume_id), json.dumps({
        "volume": volume_id, "pages": len(pages), "guji": __version__,
    }).encode(), "marker")
    catalogue.set_status(volume_id, "complete", page_count=len(pages))
    # Failed pages or a rare book: archived, but published only after review.
    settle_review(catalogue, volume_id, ctx.settings)
    publish_collection(store, catalogue, ctx.settings)
    shutil.rmtree(Path(ctx.workdir) / volume_id, ignore_errors=True)
    return qa


def _write_qa(ctx: RunContext, volume_id: str, pages: list[PageRow]) -> dict[str, Any]:
    from guji.qa import volume_report

    page_dicts = [{
        "seq": p.seq, "scan_seq": p.scan_seq, "side": p.side, "source": p.source_name,
        "skew_deg": p.skew_deg, "page_box": p.page_box, "frame_box": p.frame_box,
        "metrics": p.metrics, "verdict": p.verdict, "reasons": p.reasons,
        "phash": p.metrics.get("phash"),
        "ocr": None if p.ocr_expected_cer is None else {
            "confidence": p.ocr_confidence, "expected_cer": p.ocr_expected_cer},
    } for p in pages]
    thumbs = {p.seq: ctx.store.get_bytes(thumb_key(volume_id, p.seq)) for p in pages}
    sources = sorted({p.source_name for p in pages})
    viewer = f"{ctx.settings.base_url.rstrip('/')}/view/{volume_id}"
    qa, html = volume_report(volume_id, page_dicts, scan_names=sources, viewer_url=viewer,
                             thumbs=thumbs, profile=ctx.settings.qa_profile)
    for entry in qa.get("pages", []):
        if "seq" in entry and "verdict" in entry:
            ctx.catalogue.update_page(volume_id, entry["seq"], verdict=entry["verdict"],
                                      reasons=list(entry.get("reasons", [])))
    _put_bytes(ctx, volume_id, None, f"{volume_id}/qa.json",
               json.dumps(qa, ensure_ascii=False, indent=1).encode("utf-8"), "qa")
    _put_bytes(ctx, volume_id, None, f"{volume_id}/qa.html", html.encode("utf-8"), "qa")
    return qa


def _write_fulltext(ctx: RunContext, volume_id: str, pages: list[PageRow]) -> None:
    parts = []
    for page in pages:
        text = ctx.store.get_bytes(ocr_key(volume_id, page.seq, "txt")).decode("utf-8")
        parts.append(f"=== {page.seq:04d} ===\n{text.rstrip()}\n")
    _put_bytes(ctx, volume_id, None, f"{volume_id}/{FULLTEXT}",
               "\n".join(parts).encode("utf-8"), "fulltext")


def outcome_summary(ctx: RunContext, volume_id: str) -> dict[str, Any]:
    row = ctx.catalogue.volume(volume_id)
    pages = ctx.catalogue.pages(volume_id) if row else []
    verdicts = [p.verdict for p in pages]
    return {"volume_id": volume_id, "status": row.status if row else "unknown",
            "pages": len(pages), "warn": verdicts.count("warn"),
            "fail": verdicts.count("fail"), "error": row.error if row else None,
            "review": row.review if row else None,
            "review_reason": row.review_reason if row else None}
