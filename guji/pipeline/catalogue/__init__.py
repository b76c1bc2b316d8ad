"""The catalogue database seam (SQLAlchemy; SQLite or PostgreSQL)."""

from guji.pipeline.catalogue.catalogue import Catalogue
from guji.pipeline.catalogue.leases import Lease
from guji.pipeline.catalogue.rows import (
    DEACCESSION,
    DERIVATION,
    EVENT_TYPES,
    FIXITY_CHECK,
    INGESTION,
    OCR,
    PUBLICATION,
    REVIEW,
    VALIDATION,
    EventRow,
    FileRecord,
    FileRow,
    PageRow,
    VolumeRow,
)

__all__ = [
    "DEACCESSION", "DERIVATION", "EVENT_TYPES", "Lease", "FIXITY_CHECK", "INGESTION", "OCR", "PUBLICATION", "REVIEW",
    "VALIDATION", "Catalogue", "EventRow", "FileRecord", "FileRow", "PageRow", "VolumeRow",
]
