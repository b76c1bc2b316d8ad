"""Withdrawal removes objects from the store and the catalogue together, with an event."""

from __future__ import annotations

from guji.pipeline.catalogue import DEACCESSION
from guji.pipeline.catalogue.rows import PageRow
from tests.verify.conftest import Built


def page(volume: str, seq: int) -> PageRow:
    return PageRow(volume_id=volume, seq=seq, scan_seq=seq, side="single",
                   source_name=f"{seq}.tif", master_key=f"{volume}/master/{seq:04d}.tif",
                   master_ext="tif", master_sha256="0" * 64, master_size=1, image_info={},
                   width=10, height=10)


def test_pages_past_the_end_are_withdrawn(built: Built) -> None:
    for seq in (1, 2):
        built.catalogue.put_page(page("vol-a", seq))
    # Never recorded (a run killed between the upload and the record): withdrawn as well.
    built.store.put_bytes("vol-a/iiif/0002/0,0,512,512/512,/0/default.jpg", b"tile")
    gone = built.archive.withdraw_beyond("vol-a", pages=1, scans=1)
    assert gone == ["vol-a/master/0002.tif", "vol-a/access/0002.jpg",
                    "vol-a/iiif/0002/0,0,512,512/512,/0/default.jpg",
                    "vol-a/iiif/0002/info.json"]
    kept = sorted(built.store.list("vol-a/"))
    # The master is moved aside, byte for byte, out of every published folder.
    (aside,) = [k for k in kept if k.startswith("vol-a/withdrawn/")]
    assert aside.endswith("/master/0002.tif")
    assert built.store.get_bytes(aside) == built.contents["vol-a/master/0002.tif"]
    assert [k for k in kept if k != aside] == ["vol-a/access/0001.jpg",
                                               "vol-a/iiif/0001/info.json",
                                               "vol-a/manifest.json", "vol-a/master/0001.tif"]
    assert [p.seq for p in built.catalogue.pages("vol-a")] == [1]
    assert sorted(f.key for f in built.catalogue.files("vol-a")) == kept
    moved, deleted = [e.detail for e in built.catalogue.events("vol-a")
                      if e.event_type == DEACCESSION]
    assert moved == f"no longer in the source: masters moved aside: vol-a/master/0002.tif -> {aside}"
    assert "no longer in the source: withdrew 3 object(s)" in deleted
    assert built.archive.audit(["vol-a"]).findings == []
    assert len(list(built.store.list("vol-b/"))) == 7, "other volumes are untouched"


def test_unrecorded_objects_in_page_folders_are_withdrawn(built: Built) -> None:
    built.store.put_bytes("vol-b/iiif/0001/2048,0,512,512/512,/0/default.jpg", b"stale tile")
    built.store.put_bytes("vol-b/ocr/0001.txt", b"stale text")
    assert built.archive.withdraw_unrecorded("vol-b") == [
        "vol-b/iiif/0001/2048,0,512,512/512,/0/default.jpg", "vol-b/ocr/0001.txt"]
    assert built.archive.audit(["vol-b"]).findings == []
    assert built.archive.withdraw_unrecorded("vol-b") == []


def test_unpublish_says_whether_the_collection_still_lists_the_volume(built: Built) -> None:
    built.store.put_bytes("vol-a/_complete", b"{}")
    built.store.put_bytes("collection.json",
                          b'{"items": [{"id": "http://x/vol-a/manifest.json"}]}')
    assert built.archive.unpublish("vol-a") is True
    assert not built.store.exists("vol-a/_complete")
    assert built.archive.unpublish("vol-b") is False
