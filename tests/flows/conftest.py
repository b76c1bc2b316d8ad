"""Volumes of generated scans and a Prefect test harness, shared by the flow tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from guji.pipeline.settings import Settings
from guji.stages import RunContext

CATALOGUE = """volume_id,title,author,author_dynasty,edition,access,juan
vol-a,論語集解,何晏,魏,刻本,public,2
vol-b,孟子,趙岐,漢,刻本,public,1
"""


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def scans_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vol-a: three half-leaves (8-bit TIFF); vol-b: two openings (JPEG). Small, 150 dpi."""
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("scans")
    generate_volume(root, "vol-a", pages=3, seed=11, layout="half-leaf",
                    image_format="tif", dpi=150)
    generate_volume(root, "vol-b", pages=2, seed=12, layout="opening",
                    image_format="jpg", dpi=150)
    for gt in root.rglob("*.gt.*"):
        gt.unlink()  # ground truth is not part of a scanning delivery
    (root / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    return root


@pytest.fixture
def scans(scans_root: Path, tmp_path: Path) -> Path:
    """A private copy the test may damage."""
    copy = tmp_path / "scans"
    shutil.copytree(scans_root, copy)
    return copy


def context(store: str, db: str, tmp_path: Path, **settings: object) -> RunContext:
    base = Settings(store=store, db=db, workers=2)
    return RunContext(settings=base.replace(**settings), workdir=str(tmp_path / "work"))
