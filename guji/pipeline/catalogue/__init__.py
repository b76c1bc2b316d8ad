"""The catalogue database seam (SQLAlchemy; SQLite or PostgreSQL)."""

from guji.pipeline.catalogue.catalogue import Catalogue
from guji.pipeline.catalogue.rows import (
    DERIVATION,
    EVENT_TYPES,
    FIXITY_CHECK,
    INGESTION,
    OCR,
    PUBLICATION,
    REVIEW,
    VALIDATION,
    EventRow,
    FileRow,
    PageRow,
    VolumeRow,
)

__all__ = [
    "DERIVATION", "EVENT_TYPES", "FIXITY_CHECK", "INGESTION", "OCR", "PUBLICATION", "REVIEW",
    "VALIDATION", "Catalogue", "EventRow", "FileRow", "PageRow", "VolumeRow",
]
