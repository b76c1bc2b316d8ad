"""Progress events from tasks to whoever is watching this process (the CLI's bars).

Tasks only know a run id (a string, so it travels with their inputs). A task on a Dask
worker sends its report to the scheduler as a worker event; the run's process subscribes to
them (guji.flows.cluster) and hands them on here. Elsewhere nobody listens and reports are
dropped, which is what we want."""

from __future__ import annotations

import threading
from collections.abc import Callable

Listener = Callable[[str, str, int], None]  # (volume_id, what, amount)
_listeners: dict[str, Listener] = {}
_lock = threading.Lock()


def listen(run_id: str, listener: Listener) -> None:
    with _lock:
        _listeners[run_id] = listener


def forget(run_id: str) -> None:
    with _lock:
        _listeners.pop(run_id, None)


def report(run_id: str, volume_id: str, what: str, amount: int = 1) -> None:
    with _lock:
        listener = _listeners.get(run_id)
    if listener is not None:
        listener(volume_id, what, amount)
    else:
        _send_from_worker(run_id, volume_id, what, amount)


TOPIC = "guji-progress"


def _send_from_worker(run_id: str, volume_id: str, what: str, amount: int) -> None:
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):  # not on a Dask worker
        return
    worker.log_event(TOPIC, [run_id, volume_id, what, amount])


def receive(event: tuple[float, list[object]]) -> None:
    """A worker's report as the scheduler hands it to a subscriber: (time, message)."""
    run_id, volume_id, what, amount = event[1]
    report(str(run_id), str(volume_id), str(what), int(amount))  # type: ignore[call-overload]
