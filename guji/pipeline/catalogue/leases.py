"""Ingest leases: at most one run works on a volume at a time, on SQLite and PostgreSQL.

A lease is a row per volume naming its holder (user@host, pid and run) and when it expires.
Taking one is an INSERT; taking over an expired one (or one whose process is gone from this
host) is a compare-and-swap UPDATE on the old holder, so two runs racing for it cannot both
win. The holder renews it while it works; a run killed with -9 stops renewing and its lease
expires, or is taken over at once from the same host."""

from __future__ import annotations

import getpass
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from guji.pipeline.catalogue.tables import LeaseTable
from guji.pipeline.errors import CatalogueError
from guji.pipeline.scratch import process_alive


@dataclass(frozen=True)
class Lease:
    volume_id: str
    holder: str
    host: str
    pid: int
    acquired_at: datetime
    expires_at: datetime

    def describe(self) -> str:
        return (f"{self.holder} (pid {self.pid}) since {self.acquired_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"expires {self.expires_at:%H:%M:%S} UTC unless renewed")

    def abandoned(self, now: datetime) -> bool:
        """Expired, or held by a process that no longer runs on this host."""
        return self.expires_at <= now or (self.host == socket.gethostname()
                                          and not process_alive(self.pid))


def holder_name(run_id: str = "") -> str:
    """Who this process is, as a lease holder: user@host, and the run when given."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    name = f"{user}@{socket.gethostname()}"
    return f"{name} run {run_id[:12]}" if run_id else f"{name} pid {os.getpid()}"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class Leases:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def acquire(self, volume_id: str, holder: str, *, ttl_s: float) -> Lease:
        """Take the volume's lease if it is free or abandoned; returns whoever holds it now
        (compare its holder with yours)."""
        now = _now()
        lease = Lease(volume_id, holder, socket.gethostname(), os.getpid(), now,
                      now + timedelta(seconds=ttl_s))
        mine = asdict(lease)
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(LeaseTable).values(**mine))
            return lease
        except IntegrityError:
            pass  # held (or left behind) by another run
        except SQLAlchemyError as e:
            raise CatalogueError(f"cannot take the ingest lease of {volume_id}: {e}") from e
        current = self.get(volume_id)
        if current is None:  # released in between: try once more from the start
            return self.acquire(volume_id, holder, ttl_s=ttl_s)
        if current.holder == holder or not current.abandoned(now):
            return current
        with _guard(volume_id), self._engine.begin() as conn:
            taken = conn.execute(update(LeaseTable).where(
                LeaseTable.volume_id == volume_id, LeaseTable.holder == current.holder,
            ).values(**{k: v for k, v in mine.items() if k != "volume_id"})).rowcount
        return lease if taken == 1 else (self.get(volume_id) or current)

    def renew(self, volume_id: str, holder: str, *, ttl_s: float) -> bool:
        """Push the expiry on; False when the lease is no longer ours."""
        with _guard(volume_id), self._engine.begin() as conn:
            count = conn.execute(update(LeaseTable).where(
                LeaseTable.volume_id == volume_id, LeaseTable.holder == holder,
            ).values(expires_at=_now() + timedelta(seconds=ttl_s))).rowcount
        return bool(count == 1)

    def release(self, volume_id: str, holder: str) -> None:
        with _guard(volume_id), self._engine.begin() as conn:
            conn.execute(delete(LeaseTable).where(LeaseTable.volume_id == volume_id,
                                                  LeaseTable.holder == holder))

    def get(self, volume_id: str) -> Lease | None:
        with _guard(volume_id), self._engine.connect() as conn:
            row = conn.execute(select(LeaseTable).where(
                LeaseTable.volume_id == volume_id)).mappings().first()
        return _lease(row) if row else None

    def all(self) -> list[Lease]:
        with _guard(None), self._engine.connect() as conn:
            rows = conn.execute(select(LeaseTable).order_by(LeaseTable.volume_id)).mappings()
            return [_lease(r) for r in rows]


@contextmanager
def in_turn(leases: Leases, name: str, *, ttl_s: float, wait_s: float) -> Iterator[None]:
    """Hold the lease `name` while the block runs, waiting up to wait_s for whoever holds
    it: short work that processes on any host take turns at (publishing the collection).
    CatalogueError naming the holder when the wait runs out."""
    # Threads of one process take turns too: each is a holder of its own.
    holder = f"{holder_name()} thread {threading.get_ident()}"
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while (lease := leases.acquire(name, holder, ttl_s=ttl_s)).holder != holder:
        if time.monotonic() >= deadline:
            raise CatalogueError(f"{name} is held by {lease.describe()}; waited {wait_s:.0f} s",
                                 hint="if that run is stuck, stop it; its turn expires "
                                      f"{ttl_s:.0f} s after it was taken")
        time.sleep(pause)
        pause = min(2 * pause, 0.5)
    try:
        yield
    finally:
        leases.release(name, holder)


@contextmanager
def _guard(volume_id: str | None) -> Iterator[None]:
    """Translate database errors into a CatalogueError naming the volume."""
    try:
        yield
    except SQLAlchemyError as e:
        what = f" of {volume_id}" if volume_id else "s"
        raise CatalogueError(f"the catalogue failed on the ingest lease{what}: {e}",
                             hint="check the catalogue database is reachable") from e


def _lease(row: object) -> Lease:
    data = dict(row)  # type: ignore[call-overload]
    return Lease(volume_id=data["volume_id"], holder=data["holder"], host=data["host"],
                 pid=int(data["pid"]), acquired_at=_aware(data["acquired_at"]),
                 expires_at=_aware(data["expires_at"]))
