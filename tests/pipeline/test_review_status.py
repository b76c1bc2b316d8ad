"""`guji review` and `guji status` over a catalogue filled directly."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guji.cli import cli
from guji.pipeline.catalogue import REVIEW, Catalogue, PageRow
from guji.pipeline.model import CatalogueRecord


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    catalogue = Catalogue.open(f"sqlite:///{root / 'catalogue.db'}")
    for vid, status in (("v1", "complete"), ("v2", "failed"), ("v3", "processing")):
        catalogue.register_volume(CatalogueRecord(vid, f"書{vid}"))
        catalogue.set_status(vid, status, error="v2/0003.tif does not decode" if vid == "v2"
                             else None, review="awaiting-review" if vid == "v1" else None)
    for seq in (1, 2, 3):
        catalogue.put_page(PageRow(
            volume_id="v1", seq=seq, scan_seq=seq, side="single", source_name=f"{seq}.tif",
            master_key=f"v1/master/{seq:04d}.tif", master_ext="tif", master_sha256="0" * 64,
            master_size=1, image_info={}, width=10, height=10,
            verdict="warn" if seq == 2 else "pass"))
    catalogue.set_review("v1", "awaiting-review", "rare book (善本, 二級乙等)")
    return root


def invoke(archive: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--store", str(archive)])


def test_status_lists_volumes_failures_and_review(archive: Path) -> None:
    result = invoke(archive, "status", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["volume_id"]: r for r in json.loads(result.stdout)["volumes"]}
    assert rows["v1"]["review"] == "awaiting-review" and rows["v1"]["warn"] == 1
    assert rows["v1"]["review_reason"] == "rare book (善本, 二級乙等)"
    assert rows["v1"]["published"] is False
    assert rows["v2"]["error"] == "v2/0003.tif does not decode"
    text = invoke(archive, "status")
    assert "Awaiting review, not published: v1: rare book (善本, 二級乙等)" in text.output
    assert "v3 was interrupted" in text.output


def test_reject_marks_pages_for_rescan_and_logs_it(archive: Path) -> None:
    result = invoke(archive, "review", "v1", "--reject", "2,3", "--reason", "blurred",
                    "--reviewer", "王")
    assert result.exit_code == 0, result.output
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    assert [p.rescan for p in catalogue.pages("v1")] == [False, True, True]
    events = [e for e in catalogue.events("v1") if e.event_type == REVIEW]
    assert [(e.page_seq, e.outcome, e.agent, e.detail) for e in events] == [
        (2, "rejected", "王", "blurred"), (3, "rejected", "王", "blurred")]
    status = invoke(archive, "status")
    assert "Awaiting rescan: v1 pages 2, 3" in status.output
    volume = json.loads(invoke(archive, "status", "v1", "--json").stdout)
    assert volume["review"] == "rescan-requested"


def test_approve(archive: Path) -> None:
    assert invoke(archive, "review", "v1", "--approve").exit_code == 0
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    volume = catalogue.volume("v1")
    assert volume is not None and volume.review == "approved"
    assert volume.published_at is not None
    rows = json.loads(invoke(archive, "status", "--json").stdout)["volumes"]
    assert [r["published"] for r in rows if r["volume_id"] == "v1"] == [True]
    assert catalogue.events("v1")[-1].outcome == "approved"


@pytest.mark.parametrize(("args", "message"), [
    (["review", "v1"], "exactly one of"),
    (["review", "v1", "--reject", "2"], "needs --reason"),
    (["review", "v1", "--reject", "9", "--reason", "x"], "no such page"),
    (["review", "v1", "--reject", "two", "--reason", "x"], "page numbers like"),
    (["review", "v2", "--approve"], "not a complete volume"),
    (["status", "nope"], "not in the catalogue"),
])
def test_usage_errors(archive: Path, args: list[str], message: str) -> None:
    result = invoke(archive, *args)
    assert result.exit_code != 0
    assert message in str(result.exception)


def test_status_of_a_volume_lists_pages_to_proofread_worst_ocr_first(archive: Path) -> None:
    catalogue = Catalogue.open(f"sqlite:///{archive / 'catalogue.db'}")
    for seq, expected in ((1, 0.04), (2, None), (3, 0.21)):
        catalogue.update_page("v1", seq, ocr_expected_cer=expected,
                              ocr_confidence=None if expected is None else 1 - expected)
    volume = json.loads(invoke(archive, "status", "v1", "--json").stdout)
    assert volume["proofread_first"] == [3, 1]
    assert volume["pages"][2]["ocr_expected_cer"] == 0.21
    text = invoke(archive, "status", "v1").output
    text = " ".join(text.split())  # the console wraps long lines
    assert "Proofread first" in text and text.index("p3 21.0%") < text.index("p1 4.0%")
