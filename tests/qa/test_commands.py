"""`guji inspect` and `guji report` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from guji.cli import cli
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.errors import UsageError
from guji.pipeline.keys import thumb_key
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.storage import open_store
from guji.qa import volume_report
from tests.imaging.pages import draw_leaf, on_bed, skewed, write_scan
from tests.qa.volume import page, thumb

INSPECT_KEYS = {"width", "height", "dpi", "skew_deg", "sharpness", "clipped_shadows",
                "clipped_highlights", "blank", "page_box", "frame_box"}


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    leaf = draw_leaf(np.random.default_rng(21), width=480, height=660)
    pixels, _ = on_bed(skewed(leaf.pixels, -1.25), margin=40)
    return write_scan(tmp_path_factory.mktemp("inspect") / "setup.tif", pixels, dpi=400)


def test_inspect_json_prints_one_object(scan: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(scan), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= INSPECT_KEYS
    assert (report["width"], report["height"]) == (560, 740)
    assert report["dpi"] == pytest.approx(400, abs=0.5)
    assert report["skew_deg"] == pytest.approx(-1.25, abs=0.05)
    assert report["blank"] is False
    x, y, w, h = report["frame_box"]
    px, py, pw, ph = report["page_box"]
    assert px <= x and py <= y and x + w <= px + pw and y + h <= py + ph


def test_inspect_prints_a_table_without_json(scan: Path) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(scan)])
    assert result.exit_code == 0, result.output
    assert "skew" in result.output and "frame box" in result.output


def _archived_volume(root: Path) -> None:
    store = open_store(str(root))
    # An ingested volume is in the catalogue, which records the rewritten report.
    Catalogue.open(f"sqlite:///{root / 'catalogue.db'}").register_volume(
        CatalogueRecord("px-03", "論語"))
    pages = [page(1, "0001.tif", seed=1), page(2, "0002.tif", seed=2, sharpness=0.3)]
    thumbs = {p["seq"]: thumb(p["seq"]) for p in pages}
    qa, _ = volume_report("px-03", pages, scan_names=["0001.tif", "0002.tif"],
                          viewer_url="http://localhost:8000/view/px-03", thumbs=thumbs)
    store.put_bytes("px-03/qa.json", json.dumps(qa).encode())
    for seq, data in thumbs.items():
        store.put_bytes(thumb_key("px-03", seq), data)


def test_report_writes_qa_html_into_the_archive(tmp_path: Path) -> None:
    _archived_volume(tmp_path / "archive")
    result = CliRunner().invoke(cli, ["report", "px-03", "--store", str(tmp_path / "archive")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "archive" / "px-03" / "qa.html").read_text(encoding="utf-8")
    assert html.count("data:image/jpeg;base64,") == 2 and "<svg" in html


def test_report_output_goes_to_a_local_file(tmp_path: Path) -> None:
    _archived_volume(tmp_path / "archive")
    out = tmp_path / "reports" / "px-03.html"
    result = CliRunner().invoke(cli, ["report", "px-03", "--store", str(tmp_path / "archive"),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and not (tmp_path / "archive" / "px-03" / "qa.html").exists()


def test_report_on_an_unknown_volume_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "nope", "--store", str(tmp_path)])
    assert isinstance(result.exception, UsageError)
