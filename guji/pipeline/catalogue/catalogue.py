"""The catalogue database: volumes, pages, stored files and the event log.

SQLite by default, PostgreSQL by URL; the schema is created and upgraded by Alembic
migrations on open, so an old archive's catalogue is brought forward in place."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from guji import __version__
from guji.pipeline.catalogue.leases import Leases
from guji.pipeline.catalogue.rows import EventRow, FileRecord, FileRow, PageRow, VolumeRow
from guji.pipeline.catalogue.structure import Corrections
from guji.pipeline.catalogue.tables import EventTable, FileTable, PageTable, VolumeTable
from guji.pipeline.errors import CatalogueError
from guji.pipeline.model import CatalogueRecord

AGENT = "guji"
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _now() -> datetime:
    return datetime.now(UTC)


def _engine(url: str) -> Engine:
    """One engine per URL and process, so tasks in threads share a pool."""
    with _lock:
        if url in _engines:
            return _engines[url]
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(conn, _record):  # type: ignore[no-untyped-def]
                # WAL lets the progress display read while workers write.
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=60000")
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _engines[url] = engine
        return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # Alembic's context is one per process: threads (volumes of a batch) take turns. On
    # PostgreSQL an advisory lock makes processes (Dask workers, two runs) take turns too,
    # so a fresh database is migrated once, not raced.
    with _MIGRATING, engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


_MIGRATING = threading.Lock()
_MIGRATION_LOCK = 0x6775_6A69  # "guji"


class Catalogue:
    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.leases = Leases(engine)
        self.corrections = Corrections(engine)

    @property
    def engine(self) -> Engine:
        """The database engine, for indexes kept beside the catalogue (guji/search)."""
        return self._engine

    @classmethod
    def open(cls, url: str) -> Catalogue:
        try:
            engine = _engine(url)
            migrate(engine)
        except SQLAlchemyError as e:
            raise CatalogueError(
                f"cannot open the catalogue at {_safe(url)}: {e.__class__.__name__}: {e.orig if hasattr(e, 'orig') else e}",
                hint="check --db (or GUJI_DB) and that the database server is running",
            ) from e
        return cls(url, engine)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as e:
            session.rollback()
            raise CatalogueError(f"catalogue at {_safe(self.url)} failed: {e}") from e
        finally:
            session.close()

    # --- volumes -------------------------------------------------------------------
    def register_volume(self, record: CatalogueRecord, *, source: str | None = None) -> None:
        """Insert or refresh a volume's record and mark it as being processed."""
        now = _now()
        with self._session() as s:
            row = s.get(VolumeTable, record.volume_id)
            if row is None:
                row = VolumeTable(volume_id=record.volume_id, created_at=now)
                s.add(row)
            row.title = record.title
            row.record = record.to_dict()
            row.access = record.access
            row.status = "processing"
            row.error = None
            row.source = source
            row.updated_at = now

    def set_status(self, volume_id: str, status: str, *, error: str | None = None,
                   page_count: int | None = None, review: str | None = None) -> None:
        with self._session() as s:
            row = self._volume_row(s, volume_id)
            row.status = status
            row.error = error
            if page_count is not None:
                row.page_count = page_count
            if review is not None:
                row.review = review
            row.updated_at = _now()

    def set_review(self, volume_id: str, review: str, reason: str | None = None) -> None:
        """Set the review state (and why it is so: what a reviewer must look at)."""
        with self._session() as s:
            row = self._volume_row(s, volume_id)
            row.review = review
            row.review_reason = reason
            row.updated_at = _now()

    def set_published(self, volume_id: str, published: bool) -> None:
        """Stamp the moment a volume is made public; a withdrawn one keeps its stamp, so
        OAI-PMH can report it deleted."""
        with self._session() as s:
            row = self._volume_row(s, volume_id)
            if published:
                row.published_at = _now()
            row.updated_at = _now()

    def volume(self, volume_id: str) -> VolumeRow | None:
        with self._session() as s:
            row = s.get(VolumeTable, volume_id)
            return _volume(row) if row else None

    def volumes(self) -> list[VolumeRow]:
        with self._session() as s:
            rows = s.scalars(select(VolumeTable).order_by(VolumeTable.volume_id))
            return [_volume(r) for r in rows]

    def _volume_row(self, s: Session, volume_id: str) -> VolumeTable:
        row = s.get(VolumeTable, volume_id)
        if row is None:
            raise CatalogueError(f"volume {volume_id!r} is not in the catalogue",
                                 hint="run `guji status` to list archived volumes")
        return row

    # --- pages ---------------------------------------------------------------------
    def put_page(self, page: PageRow) -> None:
        """Insert or replace the page at (volume, seq)."""
        fields = {k: getattr(page, k) for k in PageRow.__dataclass_fields__}
        with self._session() as s:
            existing = s.scalar(select(PageTable).where(
                PageTable.volume_id == page.volume_id, PageTable.seq == page.seq))
            if existing is None:
                s.add(PageTable(**fields))
            else:
                for k, v in fields.items():
                    setattr(existing, k, v)

    def update_page(self, volume_id: str, seq: int, **changes: Any) -> None:
        with self._session() as s:
            row = s.scalar(select(PageTable).where(
                PageTable.volume_id == volume_id, PageTable.seq == seq))
            if row is None:
                raise CatalogueError(f"page {seq} of volume {volume_id!r} is not in the catalogue")
            for k, v in changes.items():
                setattr(row, k, v)

    def prune_pages(self, volume_id: str, keep_upto: int) -> None:
        """Drop pages past keep_upto (a re-ingest of a volume that lost scans)."""
        with self._session() as s:
            s.execute(delete(PageTable).where(
                PageTable.volume_id == volume_id, PageTable.seq > keep_upto))

    def pages(self, volume_id: str) -> list[PageRow]:
        with self._session() as s:
            rows = s.scalars(select(PageTable).where(PageTable.volume_id == volume_id)
                             .order_by(PageTable.seq))
            return [_page(r) for r in rows]

    # --- files ---------------------------------------------------------------------
    def record_file(self, volume_id: str, key: str, *, role: str, size: int, sha256: str,
                    mime: str, page_seq: int | None = None) -> None:
        self.record_files(volume_id, [FileRecord(key, role, size, sha256, mime, page_seq)])

    def record_files(self, volume_id: str, files: list[FileRecord]) -> None:
        """Record stored files (insert or replace), all in one transaction."""
        now = _now()
        rows = {f.key: {"key": f.key, "volume_id": volume_id, "page_seq": f.page_seq,
                        "role": f.role, "size": f.size, "sha256": f.sha256, "mime": f.mime,
                        "created_at": now} for f in files}
        with self._session() as s:
            # Replaced as rows, not as ORM objects: a page's ~200 tiles as objects (looked
            # up, then flushed one by one) cost more than writing the tiles.
            for chunk in _chunks(list(rows), 500):
                s.execute(delete(FileTable).where(FileTable.key.in_(chunk))
                          .execution_options(synchronize_session=False))
                s.execute(insert(FileTable), [rows[key] for key in chunk])

    def file(self, key: str) -> FileRow | None:
        with self._session() as s:
            row = s.get(FileTable, key)
            return _file(row) if row else None

    def files(self, volume_id: str, role: str | None = None) -> list[FileRow]:
        with self._session() as s:
            # Rows, not ORM objects: a volume lists thousands of tiles, and made into objects
            # (identity map, instrumented attributes) they took three times as long.
            q = select(*FileTable.__table__.c).where(FileTable.volume_id == volume_id)
            if role:
                q = q.where(FileTable.role == role)
            return [_file(r) for r in s.execute(q.order_by(FileTable.key))]

    def forget_files(self, volume_id: str, prefix: str) -> None:
        with self._session() as s:
            s.execute(delete(FileTable).where(FileTable.volume_id == volume_id,
                                              FileTable.key.startswith(prefix)))

    # --- events --------------------------------------------------------------------
    def log_event(self, volume_id: str, event_type: str, outcome: str, detail: str = "", *,
                  page_seq: int | None = None, agent: str = AGENT,
                  agent_version: str = __version__) -> None:
        with self._session() as s:
            s.add(EventTable(volume_id=volume_id, page_seq=page_seq, event_type=event_type,
                             outcome=outcome, detail=detail, agent=agent,
                             agent_version=agent_version, at=_now()))

    def events(self, volume_id: str | None = None) -> list[EventRow]:
        with self._session() as s:
            q = select(EventTable)
            if volume_id is not None:
                q = q.where(EventTable.volume_id == volume_id)
            return [_event(r) for r in s.scalars(q.order_by(EventTable.id))]


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _volume(r: VolumeTable) -> VolumeRow:
    return VolumeRow(
        volume_id=r.volume_id, record=CatalogueRecord.from_dict(r.record), access=r.access,
        status=r.status, error=r.error, review=r.review, page_count=r.page_count,
        source=r.source, created_at=_aware(r.created_at), updated_at=_aware(r.updated_at),
        review_reason=r.review_reason,
        published_at=_aware(r.published_at) if r.published_at else None)


def _page(r: PageTable) -> PageRow:
    data = {k: getattr(r, k) for k in PageRow.__dataclass_fields__}
    data["metrics"] = data["metrics"] or {}
    data["reasons"] = data["reasons"] or []
    return PageRow(**data)


def _file(r: Any) -> FileRow:  # a FileTable, or a row of its columns
    return FileRow(key=r.key, volume_id=r.volume_id, page_seq=r.page_seq, role=r.role,
                   size=r.size, sha256=r.sha256, mime=r.mime, created_at=_aware(r.created_at))


def _event(r: EventTable) -> EventRow:
    return EventRow(id=r.id, volume_id=r.volume_id, page_seq=r.page_seq,
                    event_type=r.event_type, outcome=r.outcome, detail=r.detail,
                    agent=r.agent, agent_version=r.agent_version, at=_aware(r.at))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    # SQLite allows a few hundred bound parameters in older builds: stay well under.
    for start in range(0, len(items), size):
        yield items[start:start + size]
