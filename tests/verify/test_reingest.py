"""Against real ingests: `guji verify` finds a flipped bit that a re-ingest then repairs from
the source; pages no longer in the source, and volumes no longer public, are withdrawn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from guji.cli import cli
from guji.flows import ingest_batch
from guji.ingest.discover import discover_volumes
from guji.ingest.records import read_catalogue
from guji.pipeline.catalogue import DEACCESSION, Catalogue
from guji.pipeline.catalogue.leases import holder_name
from guji.pipeline.settings import Settings
from guji.pipeline.storage import open_store
from guji.publish import publish_collection
from guji.stages import RunContext

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

CATALOGUE = "volume_id,title,access\nvol-a,論語集解,{access}\n"


@pytest.fixture
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("scans")
    generate_volume(root, "vol-a", pages=3, seed=11, layout="half-leaf", image_format="tif",
                    dpi=150)
    for gt in root.rglob("*.gt.*"):
        gt.unlink()
    (root / "catalogue.csv").write_text(CATALOGUE.format(access="public"), encoding="utf-8")
    return root


def ingest(scans: Path, archive: Path, tmp_path: Path, run_id: str = "") -> str:
    settings = Settings(store=str(archive), workers=2, ocr=False)
    ctx = RunContext(settings=settings, workdir=str(tmp_path / "work"), run_id=run_id)
    (outcome,) = ingest_batch(ctx, discover_volumes(scans), read_catalogue(scans / "catalogue.csv"))
    return f"{outcome.status}: {outcome.error or ''}"


def verify(archive: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["verify", "--store", str(archive), "--json"])
    return result.exit_code, json.loads(result.stdout or "{}")


def listed(archive: Path) -> list[str]:
    collection = json.loads((archive / "collection.json").read_bytes())
    return [item["id"].rsplit("/", 2)[-2] for item in collection["items"]]


def test_flipped_master_found_then_repaired_and_removed_page_withdrawn(
        scans: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    assert ingest(scans, archive, tmp_path).startswith("complete")
    code, report = verify(archive)
    assert code == 0 and report["findings"] == [] and report["checked"] > 20

    master = archive / "vol-a" / "master" / "0002.tif"
    good = master.read_bytes()
    master.write_bytes(good[:5000] + bytes([good[5000] ^ 0x10]) + good[5001:])
    code, report = verify(archive)
    assert code == 1
    assert [(f["key"], f["kind"]) for f in report["findings"]] == [
        ("vol-a/master/0002.tif", "altered")]

    # The re-ingest reads the master back, finds it altered and restores it from the source.
    assert ingest(scans, archive, tmp_path).startswith("complete")
    assert master.read_bytes() == good
    assert verify(archive)[0] == 0

    # A page taken out of the source: everything of it leaves the archive in the next run.
    removed = scans / "vol-a" / "0003.tif"
    removed_bytes = removed.read_bytes()
    removed.unlink()
    assert ingest(scans, archive, tmp_path).startswith("complete")
    store = open_store(str(archive))
    left = [k for k in store.list("vol-a/") if "0003" in k]
    # Only the master is kept, moved aside where nothing is published.
    assert len(left) == 1 and left[0].startswith("vol-a/withdrawn/"), left
    assert left[0].endswith("/master/0003.tif")
    assert store.get_bytes(left[0]) == removed_bytes
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    assert [p.seq for p in catalogue.pages("vol-a")] == [1, 2]
    manifest = json.loads(store.get_bytes("vol-a/manifest.json"))
    assert len(manifest["items"]) == 2
    assert any(e.event_type == DEACCESSION and "vol-a/master/0003.tif" in e.detail
               for e in catalogue.events("vol-a"))
    assert verify(archive)[0] == 0


def test_a_volume_made_restricted_leaves_the_collection_even_if_the_run_fails(
        scans: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    assert ingest(scans, archive, tmp_path).startswith("complete")
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    catalogue.set_review("vol-a", "approved")  # released, whatever review decided
    publish_collection(open_store(str(archive)), catalogue, Settings(store=str(archive)))
    assert listed(archive) == ["vol-a"]

    (scans / "catalogue.csv").write_text(CATALOGUE.format(access="restricted"), encoding="utf-8")
    bad = scans / "vol-a" / "0002.tif"
    shutil.copyfile(bad, tmp_path / "good.tif")
    bad.write_bytes(bad.read_bytes()[:3000])  # the run will fail on this file
    assert ingest(scans, archive, tmp_path).startswith("failed")
    assert listed(archive) == []
    assert not (archive / "vol-a" / "_complete").exists()


def test_a_volume_leased_by_another_run_is_skipped(scans: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    catalogue.leases.acquire("vol-a", "cataloguer@scanner-room run 1", ttl_s=600)
    outcome = ingest(scans, archive, tmp_path, run_id="second")
    assert outcome.startswith("skipped: vol-a is being ingested by cataloguer@scanner-room")
    assert not (archive / "vol-a").exists(), "the second run must not do the work"
    assert catalogue.volume("vol-a") is None
    catalogue.leases.release("vol-a", "cataloguer@scanner-room run 1")
    assert ingest(scans, archive, tmp_path, run_id="third").startswith("complete")
    assert catalogue.leases.get("vol-a") is None, "released at the end of the run"
    assert holder_name("third").endswith("run third")
