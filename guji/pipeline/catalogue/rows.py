"""Frozen rows the catalogue hands out; callers never see live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from guji.pipeline.model import CatalogueRecord

# Event types, after PREMIS's controlled vocabulary.
INGESTION = "ingestion"
FIXITY_CHECK = "fixity check"
VALIDATION = "validation"
DERIVATION = "derivation"
OCR = "OCR"
PUBLICATION = "publication"
REVIEW = "review"
DEACCESSION = "deaccession"  # stale objects withdrawn from the archive
EVENT_TYPES = (INGESTION, FIXITY_CHECK, VALIDATION, DERIVATION, OCR, PUBLICATION, REVIEW,
               DEACCESSION)


@dataclass(frozen=True)
class VolumeRow:
    volume_id: str
    record: CatalogueRecord
    access: str
    status: str
    error: str | None
    review: str | None
    page_count: int
    source: str | None
    created_at: datetime
    updated_at: datetime
    review_reason: str | None = None  # why it waits for review
    published_at: datetime | None = None  # last made public; kept when withdrawn

    @property
    def title(self) -> str:
        return self.record.title


@dataclass(frozen=True)
class PageRow:
    volume_id: str
    seq: int
    scan_seq: int
    side: str
    source_name: str
    master_key: str
    master_ext: str
    master_sha256: str
    master_size: int
    image_info: dict[str, Any]
    width: int
    height: int
    skew_deg: float | None = None
    page_box: list[int] | None = None
    frame_box: list[int] | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    verdict: str | None = None
    reasons: list[str] = field(default_factory=list)
    leaf_number: int | None = None
    juan: int | None = None
    rescan: bool = False
    rescan_reason: str | None = None
    ocr_confidence: float | None = None
    ocr_expected_cer: float | None = None


@dataclass(frozen=True)
class FileRecord:
    """A stored file to record: what the store read back from it."""

    key: str
    role: str
    size: int
    sha256: str
    mime: str
    page_seq: int | None = None


@dataclass(frozen=True)
class FileRow:
    key: str
    volume_id: str
    page_seq: int | None
    role: str
    size: int
    sha256: str
    mime: str
    created_at: datetime


@dataclass(frozen=True)
class EventRow:
    id: int
    volume_id: str
    page_seq: int | None
    event_type: str
    outcome: str
    detail: str
    agent: str
    agent_version: str
    at: datetime
