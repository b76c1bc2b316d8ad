"""Prefect's API for a run without a configured server: the ephemeral one, started while the
run gets ready rather than when its first flow asks for it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable


def start_ephemeral_api() -> Callable[[], None]:
    """Start Prefect's ephemeral API server in the background when this run will use one;
    returns the wait to call before the first flow runs.

    The server is a process of its own that takes seconds of a core to start (its imports
    and database); started by the first flow, it kept the run idle for them. Started here,
    it comes up on the other core while the run imports its stages and checks its input.
    A start that fails is tried again, and its error raised, by the flow itself."""
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return lambda: None
    # The same instance the flow's client starts (one per port, none given): once it is
    # running, the flow finds it and starts nothing.
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()

    def start() -> None:
        # A failure is left to the flow's own start, which tries again and names it.
        with contextlib.suppress(Exception):
            server.start()

    thread = threading.Thread(target=start, name="prefect-api-start", daemon=True)
    thread.start()
    # Until the server answers, `running` is already true: a flow must not start before.
    return thread.join
