"""Catalogue tables (SQLAlchemy 2 declarative). Changes go through an Alembic migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class VolumeTable(Base):
    __tablename__ = "volumes"

    volume_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    record: Mapped[dict] = mapped_column(JSON)
    access: Mapped[str] = mapped_column(String(32), default="public")
    # pending -> processing -> complete | failed
    status: Mapped[str] = mapped_column(String(32), default="pending")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # awaiting-review -> approved | rejected; None until the volume is complete
    review: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Why the volume waits for review; when it was last made public (migration 0002).
    review_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PageTable(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("volume_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volume_id: Mapped[str] = mapped_column(
        ForeignKey("volumes.volume_id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    scan_seq: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(16), default="single")
    source_name: Mapped[str] = mapped_column(Text)
    master_key: Mapped[str] = mapped_column(Text)
    master_ext: Mapped[str] = mapped_column(String(8))
    master_sha256: Mapped[str] = mapped_column(String(64))
    master_size: Mapped[int] = mapped_column(Integer)
    image_info: Mapped[dict] = mapped_column(JSON)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    skew_deg: Mapped[float | None] = mapped_column(Float, nullable=True)
    page_box: Mapped[list | None] = mapped_column(JSON, nullable=True)
    frame_box: Mapped[list | None] = mapped_column(JSON, nullable=True)
    metrics: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(8), nullable=True)
    reasons: Mapped[list | None] = mapped_column(JSON, nullable=True)
    leaf_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    juan: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # OCR quality: mean glyph confidence and the error rate it predicts (proofread the
    # worst first).
    ocr_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    ocr_expected_cer: Mapped[float | None] = mapped_column(Float, nullable=True)
    rescan: Mapped[bool] = mapped_column(Boolean, default=False)
    rescan_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class FileTable(Base):
    __tablename__ = "files"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    volume_id: Mapped[str] = mapped_column(
        ForeignKey("volumes.volume_id", ondelete="CASCADE"), index=True
    )
    page_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    role: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    mime: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventTable(Base):
    """PREMIS-style event log: what was done to what, by which agent and version."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volume_id: Mapped[str] = mapped_column(String(128), index=True)
    page_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    event_type: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")
    agent: Mapped[str] = mapped_column(String(128))
    agent_version: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StructureCorrectionTable(Base):
    """A page's juan, leaf or folio side as staff corrected it (migration 0002); page rows
    are rewritten by a re-ingest, corrections are not."""

    __tablename__ = "structure_corrections"
    __table_args__ = (UniqueConstraint("volume_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volume_id: Mapped[str] = mapped_column(String(128), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    juan: Mapped[int | None] = mapped_column(Integer, nullable=True)
    leaf_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    folio_side: Mapped[str | None] = mapped_column(String(1), nullable=True)
    agent: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LeaseTable(Base):
    """Who is ingesting a volume now, so a second run does not do the same work."""

    __tablename__ = "leases"

    volume_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SearchPageTable(Base):
    """One page of a public volume's OCR text in the search index (migration 0003,
    guji/search): the text as printed and folded one character for one (variants,
    simplified forms). SQLite adds an FTS5 index of its characters as tokens, PostgreSQL a
    GIN index over its characters and character pairs."""

    __tablename__ = "search_pages"
    __table_args__ = (UniqueConstraint("volume_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    volume_id: Mapped[str] = mapped_column(
        ForeignKey("volumes.volume_id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text)
