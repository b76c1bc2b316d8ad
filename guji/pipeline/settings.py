"""The one settings object: built once from flags, environment (GUJI_*) and an optional
TOML file, then passed down. Stages never read os.environ themselves."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guji.pipeline.errors import UsageError
from guji.pipeline.model import ACCESS_LEVELS

ENV_PREFIX = "GUJI_"
DEFAULT_CONFIG = Path("guji.toml")


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every knob of the pipeline, each with the description that --help and docs show."""

    store: str = _setting(
        "./archive",
        "Where the archive is written: a folder path, file:///path or s3://bucket/prefix "
        "(endpoint and credentials from the standard AWS settings).",
    )
    db: str = _setting(
        "",
        "Catalogue database URL (SQLAlchemy), e.g. postgresql+psycopg://user@host/guji. "
        "Empty: SQLite at <store>/catalogue.db for a folder store, ./catalogue.db otherwise.",
    )
    workers: int = _setting(
        0, "Scans and pages processed at the same time by this process, as threads shared by "
        "the volumes in progress (without Dask; a Dask worker takes one page at a time). "
        "0: one per core, and one more without OCR.")
    volumes: int = _setting(
        4, "Volumes of a batch in progress at the same time (their pages share `workers`, "
        "or the Dask workers).")
    processes: int = _setting(
        0, "Run page tasks on a local Dask cluster of this many worker processes of one "
        "core each, as many as the machine has cores (0: threads of this process).")
    dask_address: str = _setting(
        "", "Run page tasks on a running Dask cluster, e.g. tcp://HOST:8786. Needs a "
        "PostgreSQL catalogue, and a store every worker reaches (S3, or one shared folder).")
    ocr: bool = _setting(True, "Run OCR during ingest.")
    ocr_engine: str = _setting(
        "ppocr", "OCR engine: ppocr (neural, the default), ppocr-lunyu (the same with a "
        "language model of 論語, for the Four Books and their like) or tesseract.")
    ocr_model: str = _setting(
        "", "Recognizer model file for the ppocr engine (a model.onnx from `guji ocr-train`). "
        "Empty: the adapted model shipped with guji, else the stock PP-OCR model.")
    split: str = _setting(
        "",
        "Split two-page openings: auto, always or never. Empty: the catalogue's value, else auto.",
    )
    qa_profile: str = _setting("default", "Named quality-threshold profile for page QA.")
    base_url: str = _setting(
        "http://localhost:8000",
        "Public base URL the archive is served from; IIIF ids and links are built on it.",
    )
    tile_size: int = _setting(512, "IIIF tile edge in pixels.")
    access_max_px: int = _setting(3000, "Longest edge of access copies in pixels.")
    thumb_max_px: int = _setting(400, "Longest edge of thumbnails in pixels.")
    jpeg_quality: int = _setting(88, "JPEG quality of access copies and tiles.")
    work_dir: str = _setting("", "Scratch folder for intermediate images. Empty: system temp.")
    max_page_pixels: int = _setting(
        300_000_000,
        "Largest scan accepted, in pixels (width × height), read from the file's header "
        "before any decode: a larger file fails its volume (decompression-bomb guard).")
    max_file_bytes: int = _setting(
        4_000_000_000, "Largest scan file accepted, in bytes; a larger file fails its volume.")
    default_access: str = _setting(
        "reading-room",
        "Access level of a volume with no catalogue row (or an empty access cell): public, "
        "reading-room or restricted. Closed by default, so a missing row never opens a book.")
    review_rare: bool = _setting(
        True, "Hold rare volumes (a rarity_grade in the catalogue, 善本) for review: archived "
        "but not published until `guji review --approve`. Volumes with pages that failed QA "
        "are always held.")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def page_workers(self) -> int:
        """`workers`, or what 0 stands for. Without OCR a page waits for a tenth of its
        time (libvips decoding on one thread, its writes), and a page more than there are
        cores keeps them busy: 5% less time on the benchmark's default set, its process at
        895 MiB (docs/performance.md). With OCR the recognizer's arenas would take that
        worker past 1 GiB, for little: the OCR keeps the cores busy."""
        if self.workers:
            return self.workers
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
            else os.cpu_count() or 1
        return cores if self.ocr else cores + 1

    @property
    def db_url(self) -> str:
        if self.db:
            return self.db
        local = local_store_root(self.store)
        if local is not None:
            return f"sqlite:///{(local / 'catalogue.db').resolve()}"
        return f"sqlite:///{Path('catalogue.db').resolve()}"


def local_store_root(uri: str) -> Path | None:
    """The folder behind a local store URI, or None for a remote store."""
    if uri.startswith("file://"):
        return Path(uri[len("file://"):])
    if "://" in uri:
        return None
    return Path(uri)


def describe() -> list[tuple[str, str, Any]]:
    """(name, help, default) of every setting, for --help and docs."""
    return [
        (f.name, f.metadata["help"], f.default)
        for f in dataclasses.fields(Settings)
    ]


def _coerce(name: str, raw: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(raw, bool):
            return raw
        value = str(raw).strip().lower()
        if value in {"1", "true", "yes", "on"}:
            return True
        if value in {"0", "false", "no", "off"}:
            return False
        raise UsageError(f"setting {name}: {raw!r} is not a yes/no value")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise UsageError(f"setting {name}: {raw!r} is not a whole number") from None
    return str(raw)


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> Settings:
    """Defaults < config file < environment < flags (flags given as None are ignored)."""
    defaults = Settings()
    values: dict[str, Any] = {}
    known = {f.name for f in dataclasses.fields(Settings)}
    env = os.environ if environ is None else environ
    path = config_file or (Path(env[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in env else DEFAULT_CONFIG)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise UsageError(f"config file {path}: {e}", hint="fix the TOML syntax") from e
        section = data.get("guji", data)
        unknown = set(section) - known
        if unknown:
            raise UsageError(f"config file {path}: unknown settings {sorted(unknown)}")
        values.update(section)
    for name in known:
        key = ENV_PREFIX + name.upper()
        if key in env:
            values[name] = env[key]
    for name, value in (flags or {}).items():
        if value is not None and name in known:
            values[name] = value
    coerced = {n: _coerce(n, v, getattr(defaults, n)) for n, v in values.items()}
    settings = defaults.replace(**coerced)
    if settings.split not in {"", "auto", "always", "never"}:
        raise UsageError(f"setting split: {settings.split!r} is not auto, always or never")
    if settings.workers < 0:
        raise UsageError("setting workers: must be 0 (one per core) or more")
    if settings.volumes < 1:
        raise UsageError("setting volumes: must be at least 1")
    _check_cluster(settings)
    _check_limits_and_access(settings)
    check_store_uri(settings.store)
    if settings.db:
        check_db_url(settings.db)
    return settings


def _check_cluster(settings: Settings) -> None:
    if settings.processes < 0:
        raise UsageError("setting processes: must be 0 or more")
    if settings.processes and settings.dask_address:
        raise UsageError("settings processes and dask_address: give one, not both",
                         hint="--processes starts a local cluster; --dask-address uses yours")
    if settings.dask_address and not settings.dask_address.startswith(("tcp://", "tls://",
                                                                       "ucx://", "inproc://")):
        raise UsageError(f"setting dask_address: {settings.dask_address!r} is not a Dask "
                         "scheduler address", hint="e.g. tcp://scheduler-host:8786")
    if settings.dask_address and settings.db_url.startswith("sqlite"):
        # A SQLite file lives on one host; workers elsewhere would each write their own.
        raise UsageError("a Dask cluster (--dask-address) needs a PostgreSQL catalogue, not "
                         f"SQLite ({settings.db_url})",
                         hint="give --db postgresql+psycopg://user@host/guji")


def _check_limits_and_access(settings: Settings) -> None:
    for name in ("max_page_pixels", "max_file_bytes"):
        if getattr(settings, name) < 1:
            raise UsageError(f"setting {name}: must be at least 1")
    if settings.default_access not in ACCESS_LEVELS:
        raise UsageError(f"setting default_access: {settings.default_access!r} is not one of "
                         f"{', '.join(ACCESS_LEVELS)}")


def check_store_uri(uri: str) -> None:
    """UsageError unless the store URI is a folder path, file:///path or s3://bucket/prefix."""
    hint = "use a folder path, file:///path or s3://bucket/prefix"
    if not uri.strip():
        raise UsageError("setting store is empty", hint=hint)
    if "://" not in uri or uri.startswith("file://"):
        return
    scheme, _, rest = uri.partition("://")
    if scheme != "s3":
        raise UsageError(f"setting store: {scheme}:// stores are not supported", hint=hint)
    if not rest.split("/", 1)[0]:
        raise UsageError(f"setting store: {uri!r} names no bucket", hint=hint)


def check_db_url(url: str) -> None:
    """UsageError unless SQLAlchemy can parse the URL and load its database driver."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    hint = "e.g. postgresql+psycopg://user:password@host/guji or sqlite:///path/catalogue.db"
    try:
        parsed = make_url(url)
    except ArgumentError:
        # The URL may hold a password: never echo an unparsable one.
        raise UsageError("setting db is not a database URL", hint=hint) from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise UsageError(f"setting db: no database dialect {parsed.drivername!r}",
                         hint=hint) from None
    try:
        dialect.import_dbapi()
    except ImportError as e:
        raise UsageError(f"setting db: the driver for {parsed.drivername} is not installed "
                         f"({e.name or e})", hint=f"pip install it, or {hint}") from None


# Redacted database URL -> the real one, in this process only. Settings travel into Prefect
# parameters (stored in its database and shown in its UI), so they carry the redacted URL;
# the catalogue is opened with reveal(), here, in the process that was given the password.
_SECRETS: dict[str, str] = {}


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages, logs and parameters."""
    if "@" not in url or "://" not in url:
        return url
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return parsed.render_as_string(hide_password=True)


def redacted(settings: Settings) -> Settings:
    """The settings with the database password hidden; reveal() gives the URL back here."""
    hidden = redact_url(settings.db)
    if hidden == settings.db:
        return settings
    _SECRETS[hidden] = settings.db
    return settings.replace(db=hidden)


def reveal(url: str) -> str:
    """The real URL behind a redacted one made by this process (others come back as is)."""
    return _SECRETS.get(url, url)


def known_secrets() -> dict[str, str]:
    """Redacted URL -> real URL, to hand to worker processes (never to Prefect)."""
    return dict(_SECRETS)


def remember_secrets(secrets: dict[str, str]) -> None:
    """In a worker process: let reveal() give back what the run's process redacted."""
    _SECRETS.update(secrets)
