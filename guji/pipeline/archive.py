"""The archive: a store and its catalogue behind one door.

Storing an object records its size and SHA-256 in the same call; withdrawing one deletes it
and its record and logs a deaccession event; an audit reads objects back and logs a fixity
check. `hold` keeps a volume's ingest lease for the length of a run.
"""

from __future__ import annotations

import json
import random
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from guji.pipeline.catalogue import DEACCESSION, FIXITY_CHECK, INGESTION, Catalogue, FileRecord
from guji.pipeline.errors import GujiError, StorageError, UsageError, VolumeBusyError
from guji.pipeline.fixity import Finding, VolumeAudit, audit_volume, unexpected_top_level
from guji.pipeline.keys import complete_key, withdrawn_key
from guji.pipeline.storage import Store, StoredObject, content_type_for

# Page folders: everything in them belongs to one page and is recorded with it, so a key
# there that the catalogue does not know is a stale leftover of an earlier run.
PAGE_FOLDERS = ("master", "access", "thumb", "iiif", "ocr")
WITHDRAWN = "withdrawn"  # role and folder of masters moved aside
LEASE_TTL_S = 300.0
COLLECTION_KEY = "collection.json"


@dataclass(frozen=True)
class AuditReport:
    volumes: list[VolumeAudit]
    outside: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        return [f for v in self.volumes for f in v.findings] + self.outside

    @property
    def checked(self) -> int:
        return sum(v.checked for v in self.volumes)


class Archive:
    def __init__(self, store: Store, catalogue: Catalogue) -> None:
        self.store = store
        self.catalogue = catalogue

    # --- storing -------------------------------------------------------------------------
    def put_file(self, volume_id: str, key: str, path: Path, *, role: str,
                 page_seq: int | None = None) -> StoredObject:
        """Store a file and record its size and SHA-256."""
        return self._record(volume_id, self.store.put_file(key, path), role, page_seq)

    def put_bytes(self, volume_id: str, key: str, data: bytes, *, role: str,
                  page_seq: int | None = None) -> StoredObject:
        return self._record(volume_id, self.store.put_bytes(key, data), role, page_seq)

    def put_files(self, volume_id: str, files: list[tuple[str, Path | bytes]], *, role: str,
                  page_seq: int | None = None) -> list[StoredObject]:
        """Store files in this order, then record them all in one catalogue transaction
        (a page's few hundred tiles: one commit each cost more than storing them)."""
        stored = self.store.put_files(files)
        self.catalogue.record_files(volume_id, [
            FileRecord(s.key, role=role, size=s.size, sha256=s.sha256,
                       mime=content_type_for(s.key), page_seq=page_seq) for s in stored])
        return stored

    def _record(self, volume_id: str, stored: StoredObject, role: str,
                page_seq: int | None) -> StoredObject:
        self.catalogue.record_file(volume_id, stored.key, role=role, size=stored.size,
                                   sha256=stored.sha256, mime=content_type_for(stored.key),
                                   page_seq=page_seq)
        return stored

    def master_intact(self, key: str, sha256: str) -> bool:
        """Whether the stored master's bytes, read back, have this SHA-256."""
        return self.store.exists(key) and self.store.sha256(key) == sha256

    def store_master(self, volume_id: str, key: str, source: Path, source_sha256: str,
                     *, scan_seq: int) -> str:
        """Archive a master byte for byte and read it back; returns what was done.

        A stored master that no longer matches the checksum recorded at first ingest is
        replaced from the source only when the source still matches that checksum; when
        neither does, nothing is touched and a StorageError says which is which."""
        recorded = self.catalogue.file(key)
        stored_sha = self.store.sha256(key) if self.store.exists(key) else None
        if stored_sha == source_sha256:
            outcome = "already archived"
        elif recorded is not None and stored_sha is not None and stored_sha != recorded.sha256:
            self.catalogue.log_event(volume_id, FIXITY_CHECK, "failure",
                                     f"{key}: sha256 {stored_sha}, recorded {recorded.sha256}",
                                     page_seq=scan_seq)
            if source_sha256 != recorded.sha256:
                raise StorageError(
                    f"{key}: the stored master is altered (sha256 {stored_sha}) and the source "
                    f"{source} does not match the checksum recorded at first ingest either "
                    f"(sha256 {source_sha256}, recorded {recorded.sha256}); nothing was replaced",
                    hint="restore the master from a backup copy; if the source is a new scan "
                         "of this page, withdraw the damaged master first",
                )
            outcome = "restored from the source after a failed fixity check"
        elif stored_sha is not None and recorded is not None:
            outcome = "replaced by a new scan"
        else:
            outcome = "stored"
        if outcome != "already archived":
            written = self.store.put_file(key, source)
            if written.sha256 != source_sha256:
                raise StorageError(f"{key}: the stored copy's SHA-256 differs from {source}",
                                   hint="the file changed while it was read; run the ingest again")
            # Fixity: the archived bytes read back and compared with what was validated,
            # unless the store's write hashed them as read back (checked just above). An
            # archived master found intact was read back at the top.
            if not written.read_back and self.store.sha256(key) != source_sha256:
                raise StorageError(f"fixity check failed for {key}", hint="run the ingest again")
        self.catalogue.record_file(volume_id, key, role="master", size=source.stat().st_size,
                                   sha256=source_sha256, mime=content_type_for(key))
        self.catalogue.log_event(volume_id, INGESTION, "success",
                                 f"{source.name} -> {key} ({outcome})", page_seq=scan_seq)
        self.catalogue.log_event(volume_id, FIXITY_CHECK, "success",
                                 f"{key} sha256 {source_sha256}", page_seq=scan_seq)
        return outcome

    # --- withdrawing ---------------------------------------------------------------------
    def withdraw(self, volume_id: str, keys: Iterable[str], reason: str) -> list[str]:
        """Delete objects from the store and the catalogue, with one deaccession event."""
        gone = sorted(set(keys))
        for key in gone:
            self.store.delete_prefix(key)
            self.catalogue.forget_files(volume_id, key)
        if gone:
            self.catalogue.log_event(volume_id, DEACCESSION, "success",
                                     f"{reason}: withdrew {len(gone)} object(s): "
                                     f"{_summary(gone)}")
        return gone

    def withdraw_beyond(self, volume_id: str, *, pages: int, scans: int) -> list[str]:
        """Withdraw pages past `pages` and masters past `scans`: what the source no longer
        has. Derivatives are deleted; masters are moved aside (never served), since a scan
        missing from the source may be a mistake and a master cannot be made again."""
        stale = [f.key for f in self.catalogue.files(volume_id)
                 if (f.page_seq is not None and f.page_seq > pages)
                 or (f.role == "master" and _scan_seq(f.key) > scans)]
        stale += [k for k in self._page_folder_keys(volume_id)
                  if _scan_seq(k) > (scans if "/master/" in k else pages)]
        masters = sorted({k for k in stale if k.split("/")[1:2] == ["master"]})
        aside = [self.move_aside(volume_id, key) for key in masters]
        if aside:
            self.catalogue.log_event(volume_id, DEACCESSION, "success",
                                     "no longer in the source: masters moved aside: "
                                     + ", ".join(f"{k} -> {a}" for k, a in zip(masters, aside,
                                                                              strict=True)))
        self.catalogue.prune_pages(volume_id, pages)
        return masters + self.withdraw(volume_id, set(stale) - set(masters),
                                       "no longer in the source")

    def move_aside(self, volume_id: str, key: str) -> str:
        """Move an object to `{volume}/withdrawn/{UTC time}/…`, checked and recorded; returns
        the new key. Nothing under `withdrawn/` is published."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = withdrawn_key(volume_id, stamp, key)
        with tempfile.TemporaryDirectory(prefix="guji-aside-") as tmp:
            local = self.store.get_file(key, Path(tmp) / Path(key).name)
            moved = self.put_file(volume_id, target, local, role=WITHDRAWN)
        recorded = self.catalogue.file(key)
        if recorded is not None and recorded.sha256 != moved.sha256:
            # Keep both: the original may be the only trace of what was archived.
            raise StorageError(f"{key} no longer matches its recorded checksum; it was copied "
                               f"to {target} but not removed",
                               hint="run `guji verify` and restore the master from a backup")
        self.store.delete_prefix(key)
        self.catalogue.forget_files(volume_id, key)
        return target

    def withdraw_unrecorded(self, volume_id: str) -> list[str]:
        """Withdraw keys in the volume's page folders that the catalogue does not list."""
        recorded = {f.key for f in self.catalogue.files(volume_id)}
        stale = [k for k in self._page_folder_keys(volume_id) if k not in recorded]
        return self.withdraw(volume_id, stale, "left over from an earlier run")

    def _page_folder_keys(self, volume_id: str) -> Iterator[str]:
        for folder in PAGE_FOLDERS:
            yield from self.store.list(f"{volume_id}/{folder}")

    def unpublish(self, volume_id: str) -> bool:
        """Withdraw `_complete`; returns whether collection.json still lists the volume
        (it must then be written again before anything else happens)."""
        self.store.delete_prefix(complete_key(volume_id))
        if not self.store.exists(COLLECTION_KEY):
            return False
        try:
            items = json.loads(self.store.get_bytes(COLLECTION_KEY)).get("items", [])
        except (ValueError, AttributeError):
            return True  # unreadable: rewrite it
        return any(f"/{volume_id}/" in str(item.get("id", "")) for item in items)

    # --- auditing ------------------------------------------------------------------------
    def audit(self, volume_ids: list[str] | None = None, *, sample: float = 1.0,
              seed: int | None = None) -> AuditReport:
        """Fixity check of the named volumes (all when None); keys outside every volume are
        reported too when all volumes are checked."""
        rng = random.Random(seed)
        names = volume_ids if volume_ids is not None else self.volume_ids()
        audits = [self.audit_volume(v, sample=sample, rng=rng) for v in names]
        return AuditReport(audits, self.audit_outside() if volume_ids is None else [])

    def volume_ids(self) -> list[str]:
        return [v.volume_id for v in self.catalogue.volumes()]

    def audit_volume(self, volume_id: str, *, sample: float = 1.0,
                     rng: random.Random | None = None) -> VolumeAudit:
        """One volume's fixity check, logged as one event, plus one per finding."""
        if self.catalogue.volume(volume_id) is None:
            raise UsageError(f"volume {volume_id!r} is not in the catalogue",
                             hint="run `guji status` to list archived volumes")
        audit = audit_volume(self.store, self.catalogue, volume_id, sample=sample, rng=rng)
        for f in audit.findings:
            self.catalogue.log_event(volume_id, FIXITY_CHECK, "failure",
                                     f"{f.key}: {f.kind}, {f.detail}", page_seq=f.page_seq)
        self.catalogue.log_event(
            volume_id, FIXITY_CHECK, "failure" if audit.findings else "success",
            f"audit of {audit.checked} object(s) in {self.store.uri}: "
            f"{len(audit.findings)} finding(s)")
        return audit

    def audit_outside(self) -> list[Finding]:
        """Stored keys outside every catalogued volume (and not collection.json)."""
        return unexpected_top_level(self.store, self.volume_ids())

    # --- leases --------------------------------------------------------------------------
    @contextmanager
    def hold(self, volume_id: str, holder: str, *, ttl_s: float = LEASE_TTL_S) -> Iterator[None]:
        """Hold the volume's ingest lease while the block runs, renewing it; VolumeBusyError
        when another live run holds it."""
        leases = self.catalogue.leases
        lease = leases.acquire(volume_id, holder, ttl_s=ttl_s)
        if lease.holder != holder:
            raise VolumeBusyError(
                f"{volume_id} is being ingested by {lease.describe()}; skipped",
                hint="wait for that run to finish (`guji status` shows who holds it), then "
                     "run the same command again")
        # A killed run stops renewing, and its lease expires after ttl_s.
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(ttl_s / 3):
                # A catalogue hiccup must not end the run; the next beat tries again.
                with suppress(GujiError):
                    leases.renew(volume_id, holder, ttl_s=ttl_s)

        beat = threading.Thread(target=renew, name=f"lease {volume_id}", daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()
            leases.release(volume_id, holder)


def _seq_of(key: str) -> int | None:
    """The page (or scan) number a page-folder key belongs to: vol/access/0003.jpg -> 3."""
    parts = key.split("/")
    if len(parts) < 3:
        return None
    stem = parts[2].split(".", 1)[0]
    return int(stem) if stem.isdigit() else None


def _scan_seq(key: str) -> int:
    """The page or scan number of a page-folder key, 0 when it has none."""
    return _seq_of(key) or 0


def _summary(keys: list[str], most: int = 60) -> str:
    """Keys for an event's detail, each page's tile tree as one entry."""
    entries: dict[str, int] = {}
    for key in keys:
        parts = key.split("/")
        # A tile tree holds hundreds of tiles: one entry per page says enough.
        name = "/".join(parts[:3]) + "/…" if len(parts) > 3 and parts[1] == "iiif" else key
        entries[name] = entries.get(name, 0) + 1
    shown = [f"{k} ({n} objects)" if n > 1 else k for k, n in entries.items()]
    more = f" and {len(shown) - most} more" if len(shown) > most else ""
    return ", ".join(shown[:most]) + more
