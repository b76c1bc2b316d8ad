"""Real page scans and the bad-input corpus built from them, shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.conftest import prefect_harness  # noqa: F401  (a fixture for the flow tests)
from tests.ingest.corpus import Case, build_batch


@pytest.fixture(scope="session")
def real_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two generated scans of one volume (150 dpi TIFF), the raw material of the corpus."""
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("pages")
    return generate_volume(root, "p", pages=2, seed=5, layout="half-leaf",
                           image_format="tif", dpi=150)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory,
           real_pages: list[Path]) -> tuple[Path, dict[str, Case]]:
    """The corpus's batch folder and what each of its volumes must come to."""
    root = tmp_path_factory.mktemp("corpus") / "batch"
    return root, build_batch(root, real_pages)
