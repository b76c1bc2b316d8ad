"""Progress events from tasks to whoever is watching this process (the CLI's bars).

Tasks only know a run id (a string, so it travels with their inputs); when they run in
another process nobody listens and reports are dropped, which is what we want."""

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
