"""The same flows on a Dask cluster: page tasks on two worker processes, writing to the
SeaweedFS S3 store and a PostgreSQL catalogue whose password never travels as a parameter."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import UsageError
from guji.pipeline.settings import load_settings
from guji.pipeline.storage import open_store
from tests.flows.conftest import context
from tests.flows.test_ingest_flow import check_archive, run

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture
def cluster(s3_env) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Two single-threaded worker processes, started after the S3 settings are in place
    (workers read them from their environment, as on a real cluster)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local:
        yield local.scheduler_address


def executed_per_worker(address: str) -> list[int]:
    from distributed import Client

    with Client(address) as client:
        counts = client.run(lambda dask_worker: dask_worker.state.executed_count)
    return sorted(counts.values())


def test_a_batch_on_two_dask_workers(scans: Path, tmp_path: Path, s3_env, cluster: str,
                                     postgres_password_url: str) -> None:  # type: ignore[no-untyped-def]
    bucket = s3_env.make_bucket()
    ctx = context(f"s3://{bucket}/archive", postgres_password_url, tmp_path, ocr=False,
                  dask_address=cluster)
    assert "***" in ctx.settings.db  # the run's parameters hold no password
    outcomes = run(scans, ctx)
    assert [(o.volume_id, o.status) for o in outcomes] == [("vol-a", "complete"),
                                                           ("vol-b", "complete")], outcomes
    store = open_store(f"s3://{bucket}/archive")
    catalogue = Catalogue.open(postgres_password_url)
    check_archive(store, catalogue, scans, "vol-a", 3, ocr=False)
    check_archive(store, catalogue, scans, "vol-b", 4, ocr=False)
    # The work really ran out there, on both workers: 5 scan tasks, which finished the 7
    # pages themselves (every scan gave the pages its size foretold), and each volume's
    # three steps (begin, withdraw stale, finish and publish): nothing ran in the flow.
    counts = executed_per_worker(cluster)
    assert sum(counts) == 5 + 2 * 3 and min(counts) > 0, counts


def test_processes_on_the_embedded_defaults(scans: Path, tmp_path: Path) -> None:
    """`guji ingest --processes 2`: a local cluster of its own, a folder store and SQLite
    written by several processes at once (WAL, retries on a locked database)."""
    from prefect.settings import PREFECT_API_URL

    archive = tmp_path / "archive"
    env = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "guji", "ingest", str(scans), "--store",
                           str(archive), "--no-ocr", "--processes", "2"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    store, catalogue = open_store(str(archive)), Catalogue.open(f"sqlite:///{archive}/catalogue.db")
    check_archive(store, catalogue, scans, "vol-a", 3, ocr=False)
    check_archive(store, catalogue, scans, "vol-b", 4, ocr=False)


def test_a_remote_cluster_refuses_sqlite(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="PostgreSQL"):
        load_settings({"store": str(tmp_path), "dask_address": "tcp://10.0.0.5:8786"},
                      environ={})
    with pytest.raises(UsageError, match="one, not both"):
        load_settings({"processes": 2, "dask_address": "tcp://10.0.0.5:8786"}, environ={})


def _threads_of_worker() -> tuple[int, str | None, int]:
    import os

    import cv2
    import pyvips

    return pyvips.concurrency_get(), os.environ.get("GUJI_OCR_THREADS"), cv2.getNumThreads()


def test_local_workers_keep_to_one_core(tmp_path: Path) -> None:
    """`--processes N` means N cores: a worker whose libvips or OpenCV started a thread
    per core would take the others' cores, and two workers would gain nothing on one."""
    from distributed import Client

    from guji.flows.cluster import page_cluster

    settings = load_settings({"store": str(tmp_path), "processes": 1}, environ={})
    with page_cluster(settings) as address:
        assert address is not None
        with Client(address) as client:
            threads = list(client.run(_threads_of_worker).values())
    assert threads == [(1, "1", 1)]
