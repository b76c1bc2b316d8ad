"""Prefect's ephemeral API, started while `guji ingest` gets ready."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# In a process of its own: the server started here must be the one its flows would use,
# and none of the test session's (the harness's) may be running in it.
STARTED = """
import time, httpx
from guji.flows.api import start_ephemeral_api
from prefect.server.api.server import SubprocessASGIServer
begun = time.perf_counter()
wait = start_ephemeral_api()
returned = time.perf_counter() - begun
wait()
server = SubprocessASGIServer()
print(returned, server.running, httpx.get(server.api_url + "/health").status_code)
"""


@pytest.mark.slow
def test_the_server_starts_in_the_background_and_answers_once_waited_for(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(tmp_path), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
    run = subprocess.run([sys.executable, "-c", STARTED], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    returned, running, health = run.stdout.split()
    # The call hands back at once (the server takes seconds), and once waited for, the
    # server the flows' client would start is up and answering.
    assert float(returned) < 1.0
    assert (running, health) == ("True", "200")


def test_a_configured_server_starts_nothing() -> None:
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from guji.flows.api import start_ephemeral_api

    before = dict(SubprocessASGIServer._instances)
    with temporary_settings({PREFECT_API_URL: "http://prefect.example.org/api"}):
        start_ephemeral_api()()
    assert SubprocessASGIServer._instances == before
