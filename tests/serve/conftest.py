"""One small real archive and a server over it, shared by the serving tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from guji.pipeline.model import CatalogueRecord
from guji.serve import AccessPolicy, ServeConfig
from tests.publish.archive import Archive, VolumeSpec, build_archive
from tests.serve.server import running

PUBLISHED_BASE = "https://guji.example.org"
TOKEN = "reading-room-token-0123456789"

SPECS = [
    VolumeSpec(CatalogueRecord("pub-1", "論語集解", classification="經部·四書類", access="public"),
               pages=4, centre_strip=("論語卷一", "論語卷一", "論語卷二", "論語卷二")),
    VolumeSpec(CatalogueRecord("pub-2", "史記", classification="史部·正史類", access="public"), pages=1),
    VolumeSpec(CatalogueRecord("pub-3", "莊子", classification="子部·道家類", access="public"), pages=1),
    VolumeSpec(CatalogueRecord("pub-4", "楚辭", classification="集部·楚辭類", access="public"), pages=1),
    VolumeSpec(CatalogueRecord("pub-5", "孟子", classification="經部·四書類", access="public"), pages=1),
    VolumeSpec(CatalogueRecord("room-1", "萍鄉縣志", classification="史部·地理類",
                               access="reading-room"), pages=1),
    VolumeSpec(CatalogueRecord("closed-1", "某氏家譜", classification="史部·譜牒類",
                               access="restricted"), pages=1),
    VolumeSpec(CatalogueRecord("wip-1", "未完成之書", access="public"), pages=1, complete=False),
]
PUBLIC_IDS = ["pub-1", "pub-2", "pub-3", "pub-4", "pub-5"]


@dataclass(frozen=True)
class Site:
    archive: Archive
    config: ServeConfig
    url: str


@pytest.fixture(scope="session")
def served_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return build_archive(tmp_path_factory.mktemp("served"), SPECS, PUBLISHED_BASE)


def site_config(archive: Archive, policy: AccessPolicy, **kw: object) -> ServeConfig:
    return ServeConfig(store=archive.store, catalogue=archive.catalogue,
                       settings=archive.settings, policy=policy, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def site(served_archive: Archive) -> Iterator[Site]:
    """The archive served with a reading-room token and no reading-room network."""
    config = site_config(served_archive, AccessPolicy.build(token=TOKEN), oai_page_size=2,
                         admin_email="guji@example.org")
    with running(config) as url:
        yield Site(served_archive, config, url)
