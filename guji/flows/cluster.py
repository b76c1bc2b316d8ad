"""Where page tasks run: threads of this process, a local Dask cluster, or a running one.

Dask is reached through prefect-dask's task runner, so the flows are the same either way;
this module only decides the scheduler address and readies the workers."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from distributed import WorkerPlugin

from guji.pipeline import progress
from guji.pipeline.errors import UsageError
from guji.pipeline.memory import tune_allocator
from guji.pipeline.settings import Settings, known_secrets, remember_secrets

# A local worker process keeps to one core: libvips, onnxruntime and OpenCV would otherwise
# each start a thread per core in every worker, and N workers on N cores would fight over
# them (one worker already took both cores of a 2-core machine: two gained only 1.1 ×).
# OpenCV's pool ignores OMP_NUM_THREADS: it had two threads in every worker, and one
# worker borrowed the second core through them.
ONE_CORE = {"VIPS_CONCURRENCY": "1", "GUJI_OCR_THREADS": "1", "OMP_NUM_THREADS": "1",
            "OPENCV_FOR_THREADS_NUM": "1"}


@contextmanager
def page_cluster(settings: Settings) -> Iterator[str | None]:
    """The Dask scheduler address for page tasks, or None for threads of this process.

    `processes` starts a local cluster of worker processes for the run, one core each:
    one page per process keeps each worker's memory to one page's, and a process per core
    gets past the GIL in the Python parts (layout, OCR decoding)."""
    if settings.dask_address:
        need_prefect_server()
        with _connected(settings.dask_address):
            yield settings.dask_address
        return
    if not settings.processes:
        yield None
        return
    import dask
    from distributed import LocalCluster

    _share_prefect_api()
    # Set before each worker process starts: libvips reads it once, when it loads.
    environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **ONE_CORE}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
            LocalCluster(n_workers=settings.processes, threads_per_worker=1, processes=True,
                         dashboard_address=None, memory_limit=0) as cluster, \
            _connected(cluster.scheduler_address):
        yield cluster.scheduler_address


_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def page_slot(workers: int) -> threading.BoundedSemaphore:
    """At most `workers` scans or pages of this process at once, whatever the volume.

    Each volume's flow has a task runner of its own; without a shared limit, volumes
    running side by side would each hold `workers` full-resolution pages in memory. On a
    single-threaded Dask worker it never waits."""
    with _slots_lock:
        return _slots.setdefault(workers, threading.BoundedSemaphore(workers))


def need_prefect_server() -> None:
    from prefect.settings import PREFECT_API_URL

    if not PREFECT_API_URL.value():
        # Each remote worker would record its task runs in an ephemeral server of its own.
        raise UsageError("a Dask cluster (--dask-address) needs a Prefect server its workers "
                         "reach", hint="start `prefect server start` and set PREFECT_API_URL "
                         "here and on the workers (docs/deployment.md)")


def _share_prefect_api() -> None:
    """Point the local workers at this run's Prefect API before they start.

    Without a configured server, Prefect starts an ephemeral one in this process; a worker
    process would start one of its own and its task runs would be lost to this run."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return  # a real server, or one a test set: the workers are told in each task
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()  # already running for this run's flow: only its address is wanted
    os.environ["PREFECT_API_URL"] = server.api_url


class GujiSecrets(WorkerPlugin):
    """Gives every worker, present and future, the database URL the run redacted.

    Task parameters carry the redacted URL only (Prefect stores them); the real one goes
    over Dask's own connection, once per worker."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self.secrets = secrets

    def setup(self, worker: Any) -> None:
        remember_secrets(self.secrets)


class TunedAllocator(WorkerPlugin):
    """Gives every worker process the allocator settings of `guji` itself (see
    guji.pipeline.memory): a worker is a process of its own, started without our CLI."""

    def setup(self, worker: Any) -> None:
        tune_allocator()


@contextmanager
def _connected(address: str) -> Iterator[None]:
    """Ready the workers for this run and pass their progress reports on while it lasts."""
    from distributed import Client

    with Client(address) as client:
        client.register_plugin(TunedAllocator(), name="guji-allocator")
        secrets = known_secrets()
        if secrets:
            client.register_plugin(GujiSecrets(secrets), name="guji-secrets")
        client.subscribe_topic(progress.TOPIC, progress.receive)
        try:
            yield
        finally:
            client.unsubscribe_topic(progress.TOPIC)
