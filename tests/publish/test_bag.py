"""`guji export VOLUME --bagit DIR`: a BagIt bag the bagit library validates."""

from __future__ import annotations

from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from guji.cli import cli
from guji.pipeline.errors import StorageError, UsageError
from guji.publish.bag import export_bag
from tests.publish.archive import Archive

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def test_export_writes_a_valid_bag_whose_mets_resolves(archive: Archive, tmp_path: Path) -> None:
    summary = export_bag(archive.store, archive.catalogue, "pub-1", tmp_path / "bag")
    bag = bagit.Bag(str(tmp_path / "bag"))
    bag.validate()  # raises BagValidationError on any missing or altered file
    assert bag.info["External-Identifier"] == "pub-1"
    assert "萍鄉市圖書館" in bag.info["Source-Organization"]
    data = tmp_path / "bag" / "data"
    for name in ("manifest.json", "mods.xml", "dc.xml", "mets.xml", "fulltext.txt",
                 "master/0001.tif", "access/0004.jpg", "ocr/0002.json"):
        assert (data / name).is_file(), name
    assert summary.files == sum(1 for p in data.rglob("*") if p.is_file())
    mets = etree.parse(str(data / "mets.xml"))
    hrefs = [f.get(XLINK_HREF) for f in mets.iter("{http://www.loc.gov/METS/}FLocat")]
    in_bag = [h for h in hrefs if not h.startswith("iiif/")]
    assert in_bag and all((data / h).is_file() for h in in_bag)


def test_a_bag_without_masters(archive: Archive, tmp_path: Path) -> None:
    export_bag(archive.store, archive.catalogue, "pub-1", tmp_path / "bag", masters=False)
    bagit.Bag(str(tmp_path / "bag")).validate()
    assert not (tmp_path / "bag" / "data" / "master").exists()


def test_a_corrupted_file_is_not_exported(fresh_archive: Archive, tmp_path: Path) -> None:
    path = fresh_archive.store.local_path("pub-1/access/0002.jpg")
    assert path is not None
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(StorageError, match="pub-1/access/0002.jpg does not match"):
        export_bag(fresh_archive.store, fresh_archive.catalogue, "pub-1", tmp_path / "bag")


def test_refuses_unfinished_volumes_and_busy_folders(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not complete"):
        export_bag(archive.store, archive.catalogue, "wip-1", tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        export_bag(archive.store, archive.catalogue, "pub-1", tmp_path / "b")


def test_the_command_line(archive: Archive, tmp_path: Path) -> None:
    store = str(archive.settings.store)
    result = CliRunner().invoke(cli, ["export", "pub-1", "--bagit", str(tmp_path / "bag"),
                                      "--store", store])
    assert result.exit_code == 0, result.output
    bagit.Bag(str(tmp_path / "bag")).validate()
    assert "valid BagIt bag" in result.output
