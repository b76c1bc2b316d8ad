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
    workers: int = _setting(2, "Volumes processed at the same time.")
    ocr: bool = _setting(True, "Run OCR during ingest.")
    ocr_engine: str = _setting("tesseract", "OCR engine name (see `guji ocr --help`).")
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

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

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
    if settings.workers < 1:
        raise UsageError("setting workers: must be at least 1")
    return settings
