"""The catalogue against SQLite and a real PostgreSQL cluster."""

from pathlib import Path

import pytest

from guji.pipeline.catalogue import INGESTION, REVIEW, Catalogue, PageRow
from guji.pipeline.errors import CatalogueError
from guji.pipeline.model import CatalogueRecord


@pytest.fixture(params=["sqlite", "postgres"])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Catalogue:
    if request.param == "sqlite":
        return Catalogue.open(f"sqlite:///{tmp_path / 'catalogue.db'}")
    return Catalogue.open(request.getfixturevalue("postgres_url"))


def page(seq: int, **kw: object) -> PageRow:
    base = dict(volume_id="v1", seq=seq, scan_seq=seq, side="single", source_name=f"{seq}.tif",
                master_key=f"v1/master/{seq:04d}.tif", master_ext="tif", master_sha256="ab" * 32,
                master_size=10, image_info={"format": "tiff"}, width=100, height=200)
    base.update(kw)
    return PageRow(**base)  # type: ignore[arg-type]


def test_volume_lifecycle(catalogue: Catalogue) -> None:
    record = CatalogueRecord("v1", "論語集解", author="何晏", access="reading-room")
    catalogue.register_volume(record, source="/scans/v1")
    row = catalogue.volume("v1")
    assert row is not None and row.status == "processing" and row.record == record
    catalogue.set_status("v1", "complete", page_count=2, review="awaiting-review")
    row = catalogue.volume("v1")
    assert row is not None
    assert (row.status, row.page_count, row.review, row.access) == (
        "complete", 2, "awaiting-review", "reading-room")
    assert [v.volume_id for v in catalogue.volumes()] == ["v1"]


def test_pages_files_events(catalogue: Catalogue) -> None:
    catalogue.register_volume(CatalogueRecord("v1", "孟子"))
    catalogue.put_page(page(2))
    catalogue.put_page(page(1, skew_deg=1.5, metrics={"sharpness": 3.2}, reasons=["dark"]))
    catalogue.put_page(page(1, skew_deg=-0.5))  # replaces, does not duplicate
    catalogue.update_page("v1", 2, rescan=True, rescan_reason="blurred")
    pages = catalogue.pages("v1")
    assert [(p.seq, p.skew_deg) for p in pages] == [(1, -0.5), (2, None)]
    assert pages[1].rescan and pages[1].rescan_reason == "blurred"
    catalogue.prune_pages("v1", 1)
    assert [p.seq for p in catalogue.pages("v1")] == [1]

    catalogue.record_file("v1", "v1/master/0001.tif", role="master", size=10, sha256="cd" * 32,
                          mime="image/tiff")
    catalogue.record_file("v1", "v1/master/0001.tif", role="master", size=11, sha256="ef" * 32,
                          mime="image/tiff")
    catalogue.record_file("v1", "v1/iiif/0001/info.json", role="tiles", size=5, sha256="0" * 64,
                          mime="application/json", page_seq=1)
    assert [f.size for f in catalogue.files("v1", role="master")] == [11]
    catalogue.forget_files("v1", "v1/iiif/0001/")
    assert [f.key for f in catalogue.files("v1")] == ["v1/master/0001.tif"]

    catalogue.log_event("v1", INGESTION, "success", "stored", page_seq=1)
    catalogue.log_event("v1", REVIEW, "approved", agent="conservator")
    events = catalogue.events("v1")
    assert [(e.event_type, e.agent) for e in events] == [(INGESTION, "guji"),
                                                         (REVIEW, "conservator")]
    assert events[0].at.tzinfo is not None and events[0].agent_version


def test_reopening_keeps_data_and_migrations_are_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    Catalogue.open(url).register_volume(CatalogueRecord("v1", "大學"))
    assert Catalogue.open(url).volume("v1") is not None


def test_unknown_volume_is_a_catalogue_error(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="not in the catalogue"):
        catalogue.set_review("nope", "approved")


def test_unreachable_database_names_the_problem() -> None:
    with pytest.raises(CatalogueError, match="cannot open the catalogue") as info:
        Catalogue.open("postgresql+psycopg://guji:secret@127.0.0.1:1/guji")
    assert "secret" not in str(info.value)
