"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Material kept beside the project (real pages, corpus, schemas); absent on a user's machine.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (real pages, corpus and schemas) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def schemas_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "schemas"


@pytest.fixture(scope="session")
def catalogue_pages(shared_dir: Path) -> Path:
    """The Siku catalogue's 118 real pages (siku-zongmu): for deskew, crop, QA and layout."""
    folder = shared_dir / "data" / "real-pages" / "siku-zongmu" / "pages"
    if not folder.is_dir():
        pytest.skip("siku-zongmu pages are not in ../shared")
    return folder

# Real servers (SeaweedFS S3, a throwaway PostgreSQL cluster) as session fixtures.
pytest_plugins = ["tests.servers"]
