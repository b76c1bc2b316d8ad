"""Juan ranges, folio labels and the METS logical structMap of generated volumes, ingested
by the real flow with real OCR, against the generator's ground truth; and staff
corrections of the structure, which re-publish and survive a re-ingest."""

from __future__ import annotations

import json
import shutil
from itertools import groupby
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from guji.cli import cli
from guji.flows import ingest_batch
from guji.ingest.discover import discover_volumes
from guji.ingest.records import read_catalogue
from guji.pipeline.numerals import to_chinese
from guji.pipeline.storage import open_store
from tests.flows.conftest import context, prefect_harness  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
CATALOGUE = "volume_id,title,access\nhalf-1,孟子,public\nopen-1,千字文,public\n"
Truth = tuple[int, int, str]  # juan, leaf, side of one page


def _truth(volume: Path) -> list[Truth]:
    """(juan, leaf, side) of every page, in reading order, from the .gt.json files."""
    pages: list[Truth] = []
    for gt in sorted(volume.glob("*.gt.json")):
        data = json.loads(gt.read_text(encoding="utf-8"))
        for page in data["pages"]:
            strip = page["centre_strip"]
            if page["side"] == "single":
                # A recto's strip is at the left of its frame, a verso's at the right.
                side = "a" if strip["box"][0] < page["frame_box"][0] else "b"
            else:
                # An opening: the right page is the verso of leaf n, the left the recto of n+1.
                side = "b" if page["side"] == "right" else "a"
            pages.append((strip["juan"], strip["leaf"], side))
    return pages


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Two generated volumes (half-leaves over two juan; openings) ingested with OCR."""
    from guji.sample import generate_volume

    root = tmp_path_factory.mktemp("truth")
    scans, truth = root / "scans", root / "truth"
    generate_volume(truth, "half-1", pages=3, seed=1, layout="half-leaf", image_format="tif",
                    dpi=200)
    generate_volume(truth, "open-1", pages=3, seed=2, layout="opening", image_format="jpg",
                    dpi=200)
    shutil.copytree(truth, scans, ignore=shutil.ignore_patterns("*.gt.*"))
    (scans / "catalogue.csv").write_text(CATALOGUE, encoding="utf-8")
    store = str(root / "archive")
    ctx = context(store, "", root)
    outcomes = ingest_batch(ctx, discover_volumes(scans), read_catalogue(scans / "catalogue.csv"))
    assert [o.status for o in outcomes] == ["complete", "complete"]
    return truth, scans, store


@pytest.mark.parametrize("volume", ["half-1", "open-1"])
def test_labels_ranges_and_mets_agree_with_the_truth(ingested: tuple[Path, Path, str],
                                                     volume: str) -> None:
    truth_dir, _, store_uri = ingested
    truth = _truth(truth_dir / volume)
    store = open_store(store_uri)
    manifest = json.loads(store.get_bytes(f"{volume}/manifest.json"))
    labels = [c["label"]["zh-Hant"][0] for c in manifest["items"]]
    assert labels == [f"第{seq}頁（葉{leaf}{side}）"
                      for seq, (_, leaf, side) in enumerate(truth, start=1)]
    want_ranges = [(f"卷{to_chinese(juan)}", [f"{i:04d}" for i, _ in group]) for juan, group in
                   groupby(enumerate((t[0] for t in truth), start=1), key=lambda x: x[1])]
    ranges = [(r["label"]["zh-Hant"][0], [item["id"][-4:] for item in r["items"]])
              for r in manifest["structures"]]
    assert ranges == want_ranges
    mets = etree.fromstring(store.get_bytes(f"{volume}/mets.xml"))
    juan_divs = mets.xpath("//mets:structMap[@TYPE='LOGICAL']//mets:div[@TYPE='juan']",
                           namespaces=NS)
    assert [d.get("LABEL") for d in juan_divs] == [label for label, _ in want_ranges]
    for div, (_, seqs) in zip(juan_divs, want_ranges, strict=True):
        linked = mets.xpath(f"//mets:smLink[@xlink:from='{div.get('ID')}']/@xlink:to",
                            namespaces=NS)
        assert linked == [f"PHYS_{s}" for s in seqs]
    pages = mets.xpath("//mets:div[@TYPE='page']/@ORDERLABEL", namespaces=NS)
    # METS says what the manifest says.
    assert [f"第{i}頁（葉{folio}）" for i, folio in enumerate(pages, start=1)] == labels


def test_a_correction_republishes_is_logged_and_survives_reingest(
        ingested: tuple[Path, Path, str]) -> None:
    _, scans, store_uri = ingested
    runner = CliRunner()
    args = ["--store", store_uri]
    done = runner.invoke(cli, ["structure", "half-1", "--set", "2:juan=3,leaf=7,side=a",
                               "--by", "conservator", *args])
    assert done.exit_code == 0, done.output
    store = open_store(store_uri)
    manifest = json.loads(store.get_bytes("half-1/manifest.json"))
    assert manifest["items"][1]["label"]["zh-Hant"] == ["第2頁（葉7a）"]
    assert "卷三" in [r["label"]["zh-Hant"][0] for r in manifest["structures"]]
    mets = etree.fromstring(store.get_bytes("half-1/mets.xml"))
    assert "卷三" in mets.xpath("//mets:div[@TYPE='juan']/@LABEL", namespaces=NS)
    from guji.pipeline.catalogue import Catalogue

    catalogue = Catalogue.open(context(store_uri, "", scans).settings.db_url)
    events = [e for e in catalogue.events("half-1") if e.event_type == "metadata modification"]
    assert [(e.page_seq, e.agent) for e in events] == [(2, "conservator")]
    assert "juan 3, leaf 7, side a" in events[0].detail

    ctx = context(store_uri, "", scans.parent / "again")
    ingest_batch(ctx, discover_volumes(scans / "half-1"), read_catalogue(scans / "catalogue.csv"))
    manifest = json.loads(open_store(store_uri).get_bytes("half-1/manifest.json"))
    assert manifest["items"][1]["label"]["zh-Hant"] == ["第2頁（葉7a）"]

    shown = runner.invoke(cli, ["structure", "half-1", "--json", *args])
    pages = json.loads(shown.stdout)["pages"]
    assert [(p["seq"], p["corrected"]) for p in pages][:2] == [(1, False), (2, True)]
    cleared = runner.invoke(cli, ["structure", "half-1", "--clear", "all", *args])
    assert cleared.exit_code == 0, cleared.output
    manifest = json.loads(open_store(store_uri).get_bytes("half-1/manifest.json"))
    assert "卷三" not in [r["label"]["zh-Hant"][0] for r in manifest["structures"]]
