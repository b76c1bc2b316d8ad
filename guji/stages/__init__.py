"""The order of stages for one volume, as plain functions over keys and numbers.

    begin_volume -> likely_seqs -> ingest_scan (per scan; finishes its pages when their
                 seqs were foreseen) -> number_pages -> withdraw_stale
                 -> finish_page (per page not finished yet) -> finish_volume (QA, full
                    text, records, then `_complete`)

Prefect tasks in guji.flows wrap these one to one; nothing here knows about Prefect. This
package sits above the stage implementations (imaging, derivatives, OCR, QA, publishing)
and the shared layer (guji.pipeline: settings, model, keys, storage, catalogue, archive),
which depends on none of them. Every write goes through guji.pipeline.archive.Archive.
"""

from guji.stages.context import RunContext
from guji.stages.pages import finish_page
from guji.stages.scans import OCR_FORMATS, ingest_scan, likely_seqs, number_pages
from guji.stages.volume import (
    begin_volume,
    fail_volume,
    finish_volume,
    outcome_summary,
    withdraw_stale,
)
from guji.stages.work import PageJob, PageWork, ScanOutcome

__all__ = [
    "OCR_FORMATS", "PageJob", "PageWork", "RunContext", "ScanOutcome", "begin_volume",
    "fail_volume", "finish_page", "finish_volume", "ingest_scan", "likely_seqs",
    "number_pages",
    "outcome_summary", "withdraw_stale",
]
