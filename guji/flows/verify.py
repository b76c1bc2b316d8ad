"""The fixity audit as a Prefect flow, `verify-archive`, to run by hand or on a schedule.

    guji verify --serve-schedule "0 3 * * 0"     # serve it as a deployment, weekly
    prefect deploy --name weekly-fixity          # or deploy it from prefect.yaml to a work pool
"""

from __future__ import annotations

from typing import Any

from prefect import flow, serve, task
from prefect.deployments.runner import RunnerDeployment

from guji.flows.ingest import RETRIED
from guji.pipeline.archive import Archive, AuditReport
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.fixity import Finding, VolumeAudit
from guji.pipeline.settings import load_settings, reveal
from guji.pipeline.storage import open_store

DEPLOYMENT = "scheduled-fixity"


def _archive(store: str | None, db: str | None) -> Archive:
    settings = load_settings({"store": store, "db": reveal(db) if db else None})
    return Archive(open_store(settings.store), Catalogue.open(settings.db_url))


@task(name="audit-volume", task_run_name="audit {volume_id}", **RETRIED)
def audit_volume(store: str | None, db: str | None, volume_id: str, sample: float,
                 seed: int | None) -> VolumeAudit:
    import random

    return _archive(store, db).audit_volume(volume_id, sample=sample, rng=random.Random(seed))


@task(name="audit-outside", **RETRIED)
def audit_outside(store: str | None, db: str | None) -> list[Finding]:
    return _archive(store, db).audit_outside()


@flow(name="verify-archive", validate_parameters=False)
def verify_archive(store: str | None = None, db: str | None = None,
                   volumes: list[str] | None = None, sample: float = 1.0,
                   seed: int | None = None) -> AuditReport:
    """Read back stored objects and compare them with the catalogue; every volume when
    `volumes` is empty. Store and catalogue default to the settings (GUJI_STORE, GUJI_DB,
    guji.toml), so a scheduled deployment needs no parameters."""
    names = list(volumes) if volumes else _archive(store, db).volume_ids()
    audits = [audit_volume(store, db, name, sample, seed) for name in names]
    outside = [] if volumes else audit_outside(store, db)
    return AuditReport(audits, outside)


def scheduled_deployment(cron: str, parameters: dict[str, Any]) -> RunnerDeployment:
    """`verify-archive` as a deployment that runs on the cron schedule."""
    deployment = verify_archive.to_deployment(name=DEPLOYMENT, cron=cron, parameters=parameters,
                                              description="Fixity audit of the guji archive")
    # Outside an event loop Prefect's sync/async dual method returns the deployment itself.
    assert isinstance(deployment, RunnerDeployment)
    return deployment


def serve_schedule(cron: str, parameters: dict[str, Any]) -> None:
    """Register the scheduled deployment and run it from this process until stopped."""
    serve(scheduled_deployment(cron, parameters))
