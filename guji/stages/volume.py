"""A volume's beginning and end: register and unpublish it; QA report, full text,
records, `_complete` last; or its failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from guji import __version__
from guji.pipeline.catalogue import INGESTION, PUBLICATION, PageRow
from guji.pipeline.errors import GujiError
from guji.pipeline.keys import complete_key, fulltext_key, ocr_key, record_key, thumb_key
from guji.pipeline.model import CatalogueRecord
from guji.stages.context import RunContext

# Top-level temporaries (collection.json) may belong to another volume's run that is
# writing now; only ones this old are surely abandoned.
TOP_LEVEL_TEMP_AGE_S = 900


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
    ctx.archive.put_bytes(volume_id, complete_key(volume_id), json.dumps({
        "volume": volume_id, "pages": len(pages), "guji": __version__,
    }).encode(), role="marker")
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
    ctx.archive.put_bytes(volume_id, record_key(volume_id, "qa.json"),
                          json.dumps(qa, ensure_ascii=False, indent=1).encode("utf-8"),
                          role="qa")
    ctx.archive.put_bytes(volume_id, record_key(volume_id, "qa.html"), html.encode("utf-8"),
                          role="qa")
    return qa


def _write_fulltext(ctx: RunContext, volume_id: str, pages: list[PageRow]) -> None:
    parts = []
    for page in pages:
        text = ctx.store.get_bytes(ocr_key(volume_id, page.seq, "txt")).decode("utf-8")
        parts.append(f"=== {page.seq:04d} ===\n{text.rstrip()}\n")
    ctx.archive.put_bytes(volume_id, fulltext_key(volume_id), "\n".join(parts).encode("utf-8"),
                          role="fulltext")


def outcome_summary(ctx: RunContext, volume_id: str) -> dict[str, Any]:
    row = ctx.catalogue.volume(volume_id)
    pages = ctx.catalogue.pages(volume_id) if row else []
    verdicts = [p.verdict for p in pages]
    return {"volume_id": volume_id, "status": row.status if row else "unknown",
            "pages": len(pages), "warn": verdicts.count("warn"),
            "fail": verdicts.count("fail"), "error": row.error if row else None,
            "review": row.review if row else None,
            "review_reason": row.review_reason if row else None}
