"""Review before publication: which volumes wait for a conservator before anyone sees them.

A volume is archived in full either way (masters, derivatives, records, `_complete`); what
review decides is whether it is *published*: listed in the collection, harvested over
OAI-PMH, indexed for search and served over HTTP.

    held on ingest   a page failed QA; or the volume is rare (a rarity_grade, 善本)
                     and the setting review_rare is on (the default)
    published        every other volume, at once; a held one after `guji review --approve`
    withdrawn again  pages rejected for rescan (`guji review --reject`)
"""

from __future__ import annotations

from guji.pipeline.catalogue import REVIEW, Catalogue, PageRow, VolumeRow
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.settings import Settings

AWAITING = "awaiting-review"
APPROVED = "approved"
NOT_REQUIRED = "not-required"
RESCAN = "rescan-requested"
PUBLIC = "public"
# Review states in which a complete volume is published.
RELEASED = (None, APPROVED, NOT_REQUIRED)


def hold_reason(record: CatalogueRecord, pages: list[PageRow], settings: Settings) -> str | None:
    """Why this volume must wait for review before it is published, or None."""
    reasons = []
    failed = [p.seq for p in pages if p.verdict == "fail"]
    if failed:
        reasons.append(f"{len(failed)} page(s) failed QA: {', '.join(map(str, failed))}")
    if settings.review_rare and record.rarity_grade.strip():
        reasons.append(f"rare book (善本, {record.rarity_grade.strip()})")
    return "; ".join(reasons) or None


def is_released(row: VolumeRow) -> bool:
    """Has review let this volume out (or did it never need review)?"""
    return row.review in RELEASED


def settle_review(catalogue: Catalogue, volume_id: str, settings: Settings) -> str | None:
    """After a (re-)ingest: hold the volume for review, or publish it now. Returns why
    it is held, or None when it is published."""
    row = catalogue.volume(volume_id)
    if row is None:
        return None
    reason = hold_reason(row.record, catalogue.pages(volume_id), settings)
    if reason:
        catalogue.set_review(volume_id, AWAITING, reason)
        catalogue.log_event(volume_id, REVIEW, "held", f"awaiting review: {reason}")
    else:
        catalogue.set_review(volume_id, NOT_REQUIRED)
        # Only a public volume is harvested, so only its publication is dated.
        catalogue.set_published(volume_id, row.access == PUBLIC)
    return reason


def approve(catalogue: Catalogue, volume_id: str, reviewer: str, note: str = "") -> None:
    """A conservator's approval: the volume is published from now on."""
    row = catalogue.volume(volume_id)
    catalogue.set_review(volume_id, APPROVED)
    catalogue.set_published(volume_id, row is not None and row.access == PUBLIC)
    catalogue.log_event(volume_id, REVIEW, "approved", note or "approved", agent=reviewer)
