"""The fixity audit finds every flipped bit, truncation, deletion and stray object, in a
folder and in SeaweedFS, and logs a fixity-check event for each."""

from __future__ import annotations

import hashlib

from guji.pipeline.catalogue import FIXITY_CHECK
from guji.pipeline.fixity import ALTERED, MISSING, TRUNCATED, UNEXPECTED
from tests.verify.conftest import Built


def flip_bit(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def damage(built: Built) -> dict[str, str]:
    """One of each kind of damage, done behind the catalogue's back; returns key -> kind."""
    store, contents = built.store, built.contents
    flipped = "vol-a/master/0002.tif"
    local = store.local_path(flipped)
    if local is not None:  # bit rot on disk: the file is changed in place
        with local.open("r+b") as fh:
            fh.seek(31_337)
            byte = fh.read(1)
            fh.seek(31_337)
            fh.write(bytes([byte[0] ^ 0x01]))
    else:
        store.put_bytes(flipped, flip_bit(contents[flipped], 31_337))
    store.put_bytes("vol-a/access/0001.jpg", contents["vol-a/access/0001.jpg"][:4_000])
    store.delete_prefix("vol-b/iiif/0002/info.json")
    store.put_bytes("vol-b/access/0003.jpg", b"not archived by guji")
    store.put_bytes("stray/readme.txt", b"left by someone")
    return {flipped: ALTERED, "vol-a/access/0001.jpg": TRUNCATED,
            "vol-b/iiif/0002/info.json": MISSING, "vol-b/access/0003.jpg": UNEXPECTED,
            "stray/readme.txt": UNEXPECTED}


def test_an_intact_archive_has_no_findings(built: Built) -> None:
    report = built.archive.audit()
    assert report.findings == []
    assert report.checked == len(built.contents) == 14
    for volume in ("vol-a", "vol-b"):
        (event,) = [e for e in built.catalogue.events(volume) if e.event_type == FIXITY_CHECK]
        assert event.outcome == "success" and "audit of 7 object(s)" in event.detail


def test_every_kind_of_damage_is_found(built: Built) -> None:
    expected = damage(built)
    report = built.archive.audit()
    assert {f.key: f.kind for f in report.findings} == expected
    flipped = next(f for f in report.findings if f.kind == ALTERED)
    # Same size, another checksum: found only by reading the bytes back.
    assert built.store.size(flipped.key) == len(built.contents[flipped.key])
    wrong = hashlib.sha256(flip_bit(built.contents[flipped.key], 31_337)).hexdigest()
    assert wrong in flipped.detail
    assert hashlib.sha256(built.contents[flipped.key]).hexdigest() in flipped.detail
    events = [e for e in built.catalogue.events("vol-a") if e.event_type == FIXITY_CHECK]
    assert sorted(e.detail.split(":")[0] for e in events if e.outcome == "failure"
                  and not e.detail.startswith("audit")) == sorted(
        k for k in expected if k.startswith("vol-a/"))
    assert events[-1].outcome == "failure" and "2 finding(s)" in events[-1].detail
    assert next(e for e in events if "0002.tif" in e.detail).page_seq == 2


def test_named_volumes_only(built: Built) -> None:
    damage(built)
    report = built.archive.audit(["vol-b"])
    assert [v.volume_id for v in report.volumes] == ["vol-b"]
    assert {f.key for f in report.findings} == {"vol-b/iiif/0002/info.json",
                                                "vol-b/access/0003.jpg"}


def test_a_sample_reads_back_a_fraction_but_always_finds_missing_and_stray(
        built: Built) -> None:
    damage(built)
    report = built.archive.audit(["vol-b"], sample=0.3, seed=7)
    assert report.checked == 2  # round(7 * 0.3)
    kinds = {f.key: f.kind for f in report.findings}
    assert kinds["vol-b/access/0003.jpg"] == UNEXPECTED
    # Every object of vol-a read back over a few seeds: the flipped bit is found each time
    # it falls in the sample, never otherwise.
    for seed in range(6):
        audit = built.archive.audit(["vol-a"], sample=0.5, seed=seed).volumes[0]
        assert audit.checked == 4
        found = {f.key for f in audit.findings if f.kind == ALTERED}
        assert found <= {"vol-a/master/0002.tif"}
