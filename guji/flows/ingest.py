"""The ingest flows: a batch flow over volumes, a volume flow, page-level tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prefect import flow, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from guji import stages
from guji.flows.cluster import page_cluster, page_slot
from guji.ingest.discover import VolumeSource
from guji.ingest.preflight import check_volume
from guji.pipeline.catalogue.leases import holder_name
from guji.pipeline.errors import CatalogueError, GujiError, StorageError, VolumeBusyError
from guji.pipeline.model import CatalogueRecord, Scan
from guji.stages import PageJob, RunContext, ScanOutcome

# Storage or database outages get a growing pause before each retry (17 s in all), then the
# volume fails with the last error; the same command later resumes it.
RETRY_DELAYS_S: list[float] = [2, 5, 10]


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry storage, database and network hiccups only: a corrupt scan stays corrupt and
    a bug stays a bug, so neither is tried again."""
    try:
        state.result()
    except Exception as e:  # noqa: BLE001 - the classification is the point
        return is_transient(e)
    return False


def is_transient(error: BaseException) -> bool:
    if isinstance(error, (StorageError, CatalogueError, ConnectionError, TimeoutError)):
        return True
    # Untranslated errors of the storage and database clients: connection lost, database
    # locked by another worker process, throttled.
    kind = type(error)
    return kind.__name__ in _TRANSIENT_FOREIGN and kind.__module__.split(".")[0] in {
        "botocore", "urllib3", "sqlalchemy", "psycopg", "sqlite3"}


_TRANSIENT_FOREIGN = {"OperationalError", "EndpointConnectionError", "ConnectionClosedError",
                      "ReadTimeoutError", "ConnectTimeoutError", "ProtocolError",
                      "InterfaceError"}

# Every task that reaches the store or the catalogue: retried on transient errors only.
RETRIED: dict[str, Any] = {"retries": len(RETRY_DELAYS_S), "retry_delay_seconds": RETRY_DELAYS_S,
                           "retry_condition_fn": _transient, "cache_policy": NO_CACHE}


@task(name="ingest-scan", task_run_name="scan {scan.volume_id}/{scan.scan_seq:04d}", **RETRIED)
def ingest_scan(ctx: RunContext, scan: Scan, split: str, reuse: bool = True,
                frame_size_cm: tuple[float, float] | None = None,
                seqs: tuple[int, ...] | None = None) -> ScanOutcome:
    with page_slot(ctx.settings.page_workers):
        return stages.ingest_scan(ctx, scan, split, reuse=reuse, frame_size_cm=frame_size_cm,
                                  seqs=seqs)


@task(name="finish-page", task_run_name="page {job.scan.volume_id}/{job.seq:04d}", **RETRIED)
def finish_page(ctx: RunContext, job: PageJob) -> int:
    with page_slot(ctx.settings.page_workers):
        return stages.finish_page(ctx, job)


@task(name="finish-volume", task_run_name="volume {volume_id}", **RETRIED)
def finish_volume(ctx: RunContext, volume_id: str, page_count: int) -> dict[str, Any]:
    return stages.finish_volume(ctx, volume_id, page_count)


# The volume's own steps that reach the store are tasks too, retried like the pages': an
# outage while the volume starts or sheds stale pages is as transient as one mid-page.
# They are submitted, not called, so that on Dask they run on a worker like the pages:
# the flow's process only orders the work, however many workers publish volumes.
@task(name="begin-volume", task_run_name="begin {record.volume_id}", **RETRIED)
def begin_volume(ctx: RunContext, record: CatalogueRecord, source: str) -> None:
    stages.begin_volume(ctx, record, source)


@task(name="withdraw-stale", task_run_name="withdraw stale {volume_id}", **RETRIED)
def withdraw_stale(ctx: RunContext, volume_id: str, pages: int, scans: int) -> list[str]:
    return stages.withdraw_stale(ctx, volume_id, pages, scans)


@dataclass(frozen=True)
class VolumeOutcome:
    volume_id: str
    status: str  # complete | failed | skipped (another run holds the volume)
    pages: int = 0
    warn: int = 0
    fail: int = 0
    error: str | None = None
    held: str | None = None  # why it waits for review before it is published


@flow(name="ingest-volume", flow_run_name="{source.volume_id}", validate_parameters=False)
def ingest_volume(ctx: RunContext, source: VolumeSource, record: CatalogueRecord) -> VolumeOutcome:
    """Ingest one volume; a failure is recorded and returned, never raised, so the batch goes on."""
    volume_id = source.volume_id
    split = ctx.settings.split or record.split or "auto"
    scans = [Scan(volume_id, i, str(path), _extension(path.suffix))
             for i, path in enumerate(source.scans, start=1)]
    try:
        # The failure is recorded while the lease is still held, so no second run starts first.
        with ctx.archive.hold(volume_id, holder_name(ctx.run_id)):
            try:
                _ingest(ctx, source, scans, split, record)
            except GujiError as e:
                return VolumeOutcome(volume_id, "failed",
                                     error=stages.fail_volume(ctx, volume_id, e))
            except Exception as e:  # a bug must not lose the rest of the batch either
                return VolumeOutcome(volume_id, "failed",
                                     error=stages.fail_volume(ctx, volume_id, e))
    except VolumeBusyError as e:
        # Another run is doing this work: leave the catalogue as that run keeps it.
        return VolumeOutcome(volume_id, "skipped", error=str(e))
    except GujiError as e:  # the lease itself could not be taken (catalogue down)
        return VolumeOutcome(volume_id, "failed", error=str(e))
    summary = stages.outcome_summary(ctx, volume_id)
    return VolumeOutcome(volume_id, "complete", summary["pages"], summary["warn"],
                         summary["fail"], held=summary["review_reason"])


def _ingest(ctx: RunContext, source: VolumeSource, scans: list[Scan], split: str,
            record: CatalogueRecord) -> None:
    """The volume's stages in order, under its lease."""
    volume_id = source.volume_id
    begin_volume.submit(ctx, record, str(source.folder)).result()
    # Every file named before any is decoded: a bomb or a stray file fails it here.
    check_volume(source, ctx.settings)
    size = record.frame_size
    # Each scan's task finishes its pages too where the seqs foreseen here hold.
    seqs = stages.likely_seqs(scans, split)
    outcomes = ingest_scan.map(ctx, scans, split, frame_size_cm=unmapped(size),
                               seqs=seqs).result()
    jobs, redo = stages.number_pages(list(outcomes))
    if redo:
        # Scans before them changed their page count: number everything afresh.
        again = ingest_scan.map(ctx, redo, split, reuse=False,
                                frame_size_cm=unmapped(size)).result()
        done = [o for o in outcomes if o.scan not in redo]
        jobs, _ = stages.number_pages(done + list(again))
    # Pages and masters the source no longer has go now, before anything can fail.
    withdraw_stale.submit(ctx, volume_id, len(jobs), len(scans)).result()
    finish_page.map(ctx, [job for job in jobs if not job.finished]).result()
    finish_volume.submit(ctx, volume_id, len(jobs)).result()


@task(name="volume", task_run_name="volume {source.volume_id}", cache_policy=NO_CACHE)
def run_volume(ctx: RunContext, source: VolumeSource, record: CatalogueRecord,
               address: str | None) -> VolumeOutcome:
    """One volume's flow, its page tasks on the Dask cluster at `address` or on threads."""
    runner = DaskTaskRunner(address=address) if address else ThreadPoolTaskRunner(
        max_workers=ctx.settings.page_workers)
    volume_flow = ingest_volume.with_options(task_runner=runner)  # type: ignore[arg-type]
    return volume_flow(ctx, source, record)


def ingest_batch(ctx: RunContext, sources: list[VolumeSource],
                 records: dict[str, CatalogueRecord]) -> list[VolumeOutcome]:
    """Ingest every volume, `volumes` of them at a time; see run_volume for the pages."""
    runner: ThreadPoolTaskRunner[Any] = ThreadPoolTaskRunner(max_workers=ctx.settings.volumes)
    return batch_flow.with_options(task_runner=runner)(ctx, sources, records)  # type: ignore[arg-type]


@flow(name="ingest-batch", validate_parameters=False)
def batch_flow(ctx: RunContext, sources: list[VolumeSource],
               records: dict[str, CatalogueRecord]) -> list[VolumeOutcome]:
    """The batch flow: a task per volume, each running the volume's flow."""
    _ = ctx.catalogue  # migrated here, before volumes and workers race to do it
    with page_cluster(ctx.settings) as address:
        futures = []
        for source in sources:
            # Fail closed: a volume the catalogue does not describe gets default_access.
            record = records.get(source.volume_id) or CatalogueRecord(
                source.volume_id, source.volume_id, access=ctx.settings.default_access)  # type: ignore[arg-type]
            futures.append(run_volume.submit(ctx, source, record, address))
        return [f.result() for f in futures]


def _extension(suffix: str) -> str:
    from guji.ingest.discover import IMAGE_SUFFIXES

    return IMAGE_SUFFIXES[suffix.lower()]
