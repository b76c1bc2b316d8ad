"""A small archive built through the Archive door, in a folder or in SeaweedFS, to damage."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from guji.pipeline.archive import Archive
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.storage import Store, open_store
from tests.servers import S3Server

VOLUMES = ("vol-a", "vol-b")


@dataclass
class Built:
    archive: Archive
    store_uri: str
    db_url: str
    contents: dict[str, bytes]  # key -> bytes as archived

    @property
    def store(self) -> Store:
        return self.archive.store

    @property
    def catalogue(self) -> Catalogue:
        return self.archive.catalogue


def build(store_uri: str, db_url: str) -> Built:
    archive = Archive(open_store(store_uri), Catalogue.open(db_url))
    contents: dict[str, bytes] = {}
    for volume in VOLUMES:
        archive.catalogue.register_volume(CatalogueRecord(volume, f"title of {volume}"))
        for seq in (1, 2):
            objects = {f"{volume}/master/{seq:04d}.tif": ("master", os.urandom(50_000)),
                       f"{volume}/access/{seq:04d}.jpg": ("access", os.urandom(9_000)),
                       f"{volume}/iiif/{seq:04d}/info.json": ("tiles", b'{"id": "x"}')}
            for key, (role, data) in objects.items():
                archive.put_bytes(volume, key, data, role=role, page_seq=seq)
                contents[key] = data
        archive.put_bytes(volume, f"{volume}/manifest.json", b'{"type": "Manifest"}',
                          role="record")
        contents[f"{volume}/manifest.json"] = b'{"type": "Manifest"}'
    archive.store.put_bytes("collection.json", b"{}")
    return Built(archive, store_uri, db_url, contents)


@pytest.fixture(params=["folder", pytest.param("s3", marks=pytest.mark.s3)])
def built(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Built]:
    if request.param == "folder":
        # SQLite inside the folder, as by default: the audit must not call it unexpected.
        yield build(str(tmp_path / "archive"), f"sqlite:///{tmp_path / 'archive/catalogue.db'}")
        return
    server: S3Server = request.getfixturevalue("s3_env")
    yield build(f"s3://{server.make_bucket()}/archive", f"sqlite:///{tmp_path / 'cat.db'}")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
