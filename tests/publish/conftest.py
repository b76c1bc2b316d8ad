"""A small real archive shared by the publishing tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from guji.pipeline.model import CatalogueRecord
from tests.publish.archive import Archive, VolumeSpec, build_archive

BASE = "https://guji.example.org"

SPECS = [
    VolumeSpec(CatalogueRecord("pub-1", "論語集解", author="（魏）何晏集解", edition="明刻本",
                               juan="2", access="public", classification="經部·四書類"),
               pages=4, centre_strip=("論語卷一　一", "論語卷一　二", "論語卷二　一", "")),
    VolumeSpec(CatalogueRecord("room-1", "萍鄉縣志", access="reading-room"), pages=2),
    VolumeSpec(CatalogueRecord("closed-1", "某氏家譜", access="restricted"), pages=2),
    VolumeSpec(CatalogueRecord("wip-1", "未完成", access="public"), pages=1, complete=False),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return build_archive(tmp_path_factory.mktemp("archive"), SPECS, BASE)


@pytest.fixture()
def fresh_archive(tmp_path: Path) -> Archive:
    return build_archive(tmp_path, SPECS[:1], BASE)
