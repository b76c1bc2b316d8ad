"""What every stage task is given: the settings and where to work, small enough to travel
as Prefect parameters; the store, catalogue and archive are opened from it per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from guji.pipeline.archive import Archive
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.settings import Settings, redacted, reveal
from guji.pipeline.storage import Store, open_store


@dataclass(frozen=True)
class RunContext:
    """What every task needs, small enough to travel with its inputs."""

    settings: Settings
    workdir: str
    run_id: str = ""

    def __post_init__(self) -> None:
        # The context travels as Prefect parameters, kept in its database and shown in its
        # UI: the database password stays out of it; `catalogue` reveals it in-process.
        object.__setattr__(self, "settings", redacted(self.settings))

    @property
    def store(self) -> Store:
        return _store(self.settings.store)

    @property
    def catalogue(self) -> Catalogue:
        return _catalogue(reveal(self.settings.db_url))

    @property
    def archive(self) -> Archive:
        return Archive(self.store, self.catalogue)

    def volume_dir(self, volume_id: str) -> Path:
        path = Path(self.workdir) / volume_id
        path.mkdir(parents=True, exist_ok=True)
        return path


@functools.lru_cache(maxsize=8)
def _store(uri: str) -> Store:
    return open_store(uri)


@functools.lru_cache(maxsize=8)
def _catalogue(url: str) -> Catalogue:
    return Catalogue.open(url)
