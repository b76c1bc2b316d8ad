"""Ingest leases on SQLite and PostgreSQL: one holder at a time, taken over once abandoned."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from guji.pipeline.archive import Archive
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import VolumeBusyError
from guji.pipeline.storage import open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Catalogue:
    if request.param == "sqlite":
        return Catalogue.open(f"sqlite:///{tmp_path / 'catalogue.db'}")
    return Catalogue.open(request.getfixturevalue("postgres_url"))


def test_one_holder_at_a_time(catalogue: Catalogue) -> None:
    leases = catalogue.leases
    first = leases.acquire("vol-a", "run one", ttl_s=60)
    assert first.holder == "run one"
    assert leases.acquire("vol-a", "run two", ttl_s=60).holder == "run one"
    assert leases.acquire("vol-b", "run two", ttl_s=60).holder == "run two"
    assert [(lease.volume_id, lease.holder) for lease in leases.all()] == [
        ("vol-a", "run one"), ("vol-b", "run two")]
    leases.release("vol-a", "run two")  # not its lease: nothing happens
    assert leases.get("vol-a").holder == "run one"  # type: ignore[union-attr]
    leases.release("vol-a", "run one")
    assert leases.acquire("vol-a", "run two", ttl_s=60).holder == "run two"


def test_an_expired_lease_is_taken_over(catalogue: Catalogue) -> None:
    leases = catalogue.leases
    leases.acquire("vol-a", "run one", ttl_s=0.5)
    assert leases.acquire("vol-a", "run two", ttl_s=60).holder == "run one"
    time.sleep(0.7)
    assert leases.acquire("vol-a", "run two", ttl_s=60).holder == "run two"
    assert not leases.renew("vol-a", "run one", ttl_s=60), "the old holder lost it"


def test_a_killed_holder_frees_its_lease_at_once(catalogue: Catalogue) -> None:
    # A run on this host that was killed: its process is gone though its lease has not expired.
    script = ("import sys; from guji.pipeline.catalogue import Catalogue; "
              "Catalogue.open(sys.argv[1]).leases.acquire('vol-a', 'killed run', ttl_s=3600)")
    subprocess.run([sys.executable, "-c", script, catalogue.url], check=True, timeout=120)
    held = catalogue.leases.get("vol-a")
    assert held is not None and held.holder == "killed run"
    assert catalogue.leases.acquire("vol-a", "next run", ttl_s=60).holder == "next run"


def test_racing_runs_never_both_win(catalogue: Catalogue) -> None:
    catalogue.leases.acquire("vol-a", "abandoned", ttl_s=0.01)
    time.sleep(0.05)
    winners: list[str] = []
    start = threading.Barrier(6)

    def race(name: str) -> None:
        start.wait()
        if catalogue.leases.acquire("vol-a", name, ttl_s=60).holder == name:
            winners.append(name)

    threads = [threading.Thread(target=race, args=(f"run {i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    assert catalogue.leases.get("vol-a").holder == winners[0]  # type: ignore[union-attr]


def test_hold_refuses_a_second_run_and_releases(catalogue: Catalogue, tmp_path: Path) -> None:
    archive = Archive(open_store(str(tmp_path / "archive")), catalogue)
    with archive.hold("vol-a", "run one", ttl_s=0.3):
        with pytest.raises(VolumeBusyError) as caught, archive.hold("vol-a", "run two"):
            pass
        assert "vol-a is being ingested by run one" in caught.value.message
        time.sleep(0.5)  # past the ttl: renewed in the background, so still held
        assert catalogue.leases.acquire("vol-a", "run two", ttl_s=60).holder == "run one"
    assert catalogue.leases.get("vol-a") is None


def test_status_shows_who_holds_a_lease(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from guji.cli import cli

    archive = tmp_path / "archive"
    Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}").leases.acquire(
        "vol-a", "ana@reading-room run 42", ttl_s=600)
    result = CliRunner().invoke(cli, ["status", "--store", str(archive), "--json"])
    assert result.exit_code == 0, result.output
    (lease,) = json.loads(result.stdout)["leases"]
    assert (lease["volume_id"], lease["holder"], lease["pid"]) == (
        "vol-a", "ana@reading-room run 42", os.getpid())
    text = CliRunner().invoke(cli, ["status", "--store", str(archive)])
    assert "Being ingested: vol-a by ana@reading-room run 42" in text.output
