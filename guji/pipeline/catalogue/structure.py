"""Staff corrections of a volume's structure: a page's juan, leaf number or folio side.

The OCR stage reads juan and leaf from each centre strip; where it misread one, staff
correct it with `guji structure`. A correction is kept in its own table, not in the page
row a re-ingest rewrites, so it survives re-ingest; publishing lays it over what OCR read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from guji.pipeline.catalogue.tables import StructureCorrectionTable
from guji.pipeline.errors import CatalogueError

FOLIO_SIDES = ("a", "b")


@dataclass(frozen=True)
class StructureCorrection:
    """What staff set for one page; None leaves the OCR's reading of that field."""

    volume_id: str
    seq: int
    juan: int | None = None
    leaf_number: int | None = None
    folio_side: str | None = None
    agent: str = ""
    at: datetime | None = None

    def describe(self) -> str:
        parts = [f"juan {self.juan}" if self.juan is not None else "",
                 f"leaf {self.leaf_number}" if self.leaf_number is not None else "",
                 f"side {self.folio_side}" if self.folio_side else ""]
        return f"page {self.seq}: " + ", ".join(p for p in parts if p)


class Corrections:
    """The structure_corrections table, one row per corrected page."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as e:
            session.rollback()
            raise CatalogueError(f"structure corrections failed: {e}") from e
        finally:
            session.close()

    def put(self, correction: StructureCorrection) -> None:
        """Set a page's correction, merged with what was corrected on it before."""
        with self._session() as s:
            row = s.scalar(select(StructureCorrectionTable).where(
                StructureCorrectionTable.volume_id == correction.volume_id,
                StructureCorrectionTable.seq == correction.seq))
            if row is None:
                row = StructureCorrectionTable(volume_id=correction.volume_id,
                                               seq=correction.seq)
                s.add(row)
            for name in ("juan", "leaf_number", "folio_side"):
                value = getattr(correction, name)
                if value is not None:
                    setattr(row, name, value)
            row.agent = correction.agent
            row.at = correction.at or datetime.now(UTC)

    def clear(self, volume_id: str, seq: int | None = None) -> None:
        """Forget a page's corrections (or the whole volume's): OCR's reading stands again."""
        with self._session() as s:
            q = delete(StructureCorrectionTable).where(
                StructureCorrectionTable.volume_id == volume_id)
            if seq is not None:
                q = q.where(StructureCorrectionTable.seq == seq)
            s.execute(q)

    def of(self, volume_id: str) -> dict[int, StructureCorrection]:
        """The volume's corrections by page seq."""
        with self._session() as s:
            rows = s.scalars(select(StructureCorrectionTable).where(
                StructureCorrectionTable.volume_id == volume_id))
            return {r.seq: StructureCorrection(
                volume_id=r.volume_id, seq=r.seq, juan=r.juan, leaf_number=r.leaf_number,
                folio_side=r.folio_side, agent=r.agent,
                at=r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)) for r in rows}
