"""A database password reaches no Prefect parameter, log, task run, event, record or message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guji.flows import ingest_batch
from guji.ingest.discover import discover_volumes
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import CatalogueError
from guji.pipeline.settings import Settings, redact_url, reveal
from guji.stages import RunContext
from tests.servers import PASSWORD


def test_redaction_is_reversible_only_here() -> None:
    url = f"postgresql+psycopg://guji:{PASSWORD}@db.example.org:5432/guji"
    hidden = redact_url(url)
    assert hidden == "postgresql+psycopg://guji:***@db.example.org:5432/guji"
    ctx = RunContext(settings=Settings(db=url), workdir="/tmp")
    assert ctx.settings.db == hidden and PASSWORD not in repr(ctx)
    assert reveal(hidden) == url
    assert redact_url("sqlite:///archive/catalogue.db") == "sqlite:///archive/catalogue.db"


def test_catalogue_errors_hide_the_password() -> None:
    with pytest.raises(CatalogueError) as failed:
        Catalogue.open(f"postgresql+psycopg://guji:{PASSWORD}@127.0.0.1:1/guji")
    assert PASSWORD not in str(failed.value) and "***" in str(failed.value)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_no_password_in_prefect_records_or_archive(postgres_password_url: str, real_pages: list[Path],
                                                   tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client

    source = tmp_path / "scans"
    (source / "ok").mkdir(parents=True)
    shutil.copy(real_pages[0], source / "ok" / "0001.tif")
    (source / "broken").mkdir()
    (source / "broken" / "0001.tif").write_text("not a TIFF")
    archive = tmp_path / "archive"
    settings = Settings(store=str(archive), db=postgres_password_url, ocr=False, workers=1)
    ctx = RunContext(settings=settings, workdir=str(tmp_path / "work"), run_id="secret-test")
    # No catalogue at all: both volumes get default_access, never public.
    outcomes = ingest_batch(ctx, discover_volumes(source), {})
    assert {o.volume_id: o.status for o in outcomes} == {"broken": "failed", "ok": "complete"}
    assert "0001.tif" in (outcomes[0].error or "")

    catalogue = Catalogue.open(postgres_password_url)  # the run really wrote to the password's database
    for volume_id in ("ok", "broken"):
        row = catalogue.volume(volume_id)
        assert row is not None and row.access == "reading-room"
        assert PASSWORD not in (row.error or "") + repr(row.record)
        assert all(PASSWORD not in e.detail for e in catalogue.events(volume_id))
    for path in archive.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path

    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs(limit=200)
                if r.name in {"ok", "broken"} or r.parameters.get("sources")]
        assert runs, "the flow runs must be recorded"
        recorded = [r.model_dump_json() for r in runs]
        recorded += [t.model_dump_json() for t in client.read_task_runs(limit=200)]
        recorded += [log.message for log in client.read_logs(limit=200)]
    assert any("***" in text for text in recorded), "the settings are recorded, redacted"
    for text in recorded:
        assert PASSWORD not in text
