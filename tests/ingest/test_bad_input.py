"""The bad-input corpus (tests/ingest/corpus.py): each case is refused by name before any
decode, or ingested correctly, and a batch of all of them leaves the good volumes complete
and nothing of a failed one published."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import pyvips
from lxml import etree

from guji.ingest.discover import discover_volumes, natural_key
from guji.ingest.preflight import check_volume
from guji.ingest.records import read_catalogue
from guji.ingest.validate import Limits, check_header, inspect_image
from guji.pipeline.errors import InputError, UsageError
from guji.pipeline.settings import Settings
from tests.ingest.corpus import (
    BAD_CATALOGUE_HEADER,
    BAD_CATALOGUE_ROWS,
    GOOD_FIELDS,
    Case,
    bomb_png,
    catalogue_text,
)


# ------------------------------------------------------------------ before any decode
def test_each_case_is_refused_by_name_or_admitted(corpus: tuple[Path, dict[str, Case]]) -> None:
    root, cases = corpus
    volumes = {v.volume_id: v for v in discover_volumes(root)}
    assert set(volumes) == set(cases)
    for volume_id, case in cases.items():
        if case.outcome == "complete":
            check_volume(volumes[volume_id], Settings())
            continue
        with pytest.raises(InputError) as refused:
            if case.stage == "preflight":
                check_volume(volumes[volume_id], Settings())
            else:
                check_volume(volumes[volume_id], Settings())  # passes: the header is sound
                for scan in volumes[volume_id].scans:
                    inspect_image(scan)
        message = str(refused.value)
        for name in case.names:
            assert name in message, (volume_id, name, message)
        assert "run the ingest again" in message or "run the same ingest again" in message


def test_the_bomb_is_valid_and_refused_from_its_header(tmp_path: Path) -> None:
    bomb = bomb_png(tmp_path / "bomb.png")
    assert bomb.stat().st_size < 1_500_000
    image = pyvips.Image.new_from_file(str(bomb), access="sequential")
    assert (image.width, image.height) == (100_000, 100_000)
    # It is a real PNG: its first rows decode to black pixels.
    assert image.crop(0, 0, 100_000, 64).max() == 0
    start = time.monotonic()
    with pytest.raises(InputError) as refused:
        inspect_image(bomb)
    assert time.monotonic() - start < 2.0
    assert "100000×100000 = 10,000,000,000 pixels" in str(refused.value)
    assert "max_page_pixels" in str(refused.value) and str(bomb) in str(refused.value)


def test_limits_come_from_the_settings(real_pages: list[Path], tmp_path: Path) -> None:
    page = real_pages[0]
    fmt, width, height = check_header(page)
    assert fmt == "tiff" and width * height > 1000
    with pytest.raises(InputError, match="over the limit of 1,000 \\(max_page_pixels\\)"):
        check_header(page, Limits(max_pixels=1000))
    with pytest.raises(InputError, match="over the limit of 100 \\(max_file_bytes\\)"):
        check_header(page, Limits(max_bytes=100))
    folder = tmp_path / "v"
    folder.mkdir()
    shutil.copy(page, folder / "0001.tif")
    (volume,) = discover_volumes(folder)
    with pytest.raises(InputError, match="max_page_pixels"):
        check_volume(volume, Settings(max_page_pixels=1000))


def test_gap_is_noted_and_ingested(corpus: tuple[Path, dict[str, Case]]) -> None:
    root, _ = corpus
    gap = next(v for v in discover_volumes(root) if v.volume_id == "gap")
    assert [p.name for p in gap.scans] == ["0001.tif", "0003.tif"]
    assert gap.notes == ("numbering skips 2: check no page is missing",)


@pytest.mark.parametrize(("rows", "message"), BAD_CATALOGUE_ROWS,
                         ids=[m[:40] for _, m in BAD_CATALOGUE_ROWS])
def test_bad_catalogue_text_is_refused_by_row_and_column(tmp_path: Path, rows: bytes,
                                                         message: str) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_bytes(BAD_CATALOGUE_HEADER + rows)
    with pytest.raises(UsageError) as refused:
        read_catalogue(path)
    assert message in str(refused.value)


def test_special_text_and_quoted_newlines_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(catalogue_text(["good", "other"]).replace("\n", "\r\n"), encoding="utf-8")
    records = read_catalogue(path)
    good = records["good"].to_dict()
    for field, value in GOOD_FIELDS.items():
        assert good[field] == value, field
    assert records["good"].seals.split("\n") == ["萍鄉圖書館藏 <&>\"'", "讀書之樂"]


# ------------------------------------------------------------------ the whole batch
def guji(*args: str, cwd: Path, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "guji", *args], cwd=cwd,
                          env=env or dict(os.environ), capture_output=True, text=True,
                          timeout=900)


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_batch_of_every_case(corpus: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    root, cases = corpus
    source = tmp_path / "batch"
    shutil.copytree(root, source)
    env = dict(os.environ, PREFECT_API_URL=str(PREFECT_API_URL.value()))
    result = guji("ingest", str(source), "--store", "archive", "--no-ocr", cwd=tmp_path,
                  env=env)
    assert result.returncode == 1, result.stderr
    assert "odd-names: no catalogue row; titled by its id, access reading-room" in result.stderr
    assert "gap: numbering skips 2" in result.stderr
    status = guji("status", "--store", "archive", "--json", cwd=tmp_path)
    volumes = {v["volume_id"]: v for v in json.loads(status.stdout)["volumes"]}
    archive = tmp_path / "archive"
    collection = json.loads((archive / "collection.json").read_text())
    listed = json.dumps(collection)
    for volume_id, case in cases.items():
        row = volumes[volume_id]
        assert row["status"] == case.outcome, (volume_id, row)
        if case.outcome == "failed":
            for name in case.names:
                assert name in row["error"], (volume_id, name, row["error"])
            assert not (archive / volume_id / "_complete").exists()
            assert not (archive / volume_id / "manifest.json").exists()
            assert f"/{volume_id}/" not in listed
        else:
            assert (archive / volume_id / "_complete").exists()
    assert volumes["odd-names"]["access"] == "reading-room"
    assert volumes["good"]["access"] == "public"
    # Masters are the delivered bytes, in the files' natural order, whatever their names.
    odd = sorted((source / "odd-names").iterdir(), key=natural_key)
    assert [p.name for p in odd] == ["page #2 & more.tif", "第 1 頁 (scan).tif"]
    for seq, path in enumerate(odd, start=1):
        assert (archive / f"odd-names/master/{seq:04d}.tif").read_bytes() == path.read_bytes()
    _records_are_valid(archive / "good")
    _variants_match_their_source(archive)


def _records_are_valid(folder: Path) -> None:
    title = GOOD_FIELDS["title"]
    for name in ("mods.xml", "dc.xml", "mets.xml"):
        tree = etree.parse(str(folder / name))  # raises on invalid XML
        texts = {t.strip() for t in tree.getroot().itertext()}
        assert title in texts, name
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert title in [text for texts in manifest["label"].values() for text in texts]
    mods = etree.parse(str(folder / "mods.xml"))
    assert GOOD_FIELDS["author"] in {t.strip() for t in mods.getroot().itertext()}


def _variants_match_their_source(archive: Path) -> None:
    """16-bit, CMYK and grey+alpha renderings of page 2 of `good` give its access copy."""
    def grey(path: Path) -> np.ndarray:
        image = pyvips.Image.new_from_file(str(path)).colourspace("b-w")[0]
        return np.ndarray(buffer=image.write_to_memory(), dtype=np.uint8,
                          shape=(image.height, image.width))

    reference = grey(archive / "good/access/0002.jpg")
    for seq in (1, 2, 3):
        copy = grey(archive / f"variants/access/{seq:04d}.jpg")
        assert copy.shape == reference.shape, seq
        # JPEG and the CMYK round trip move levels a little; a wrong conversion moves many.
        assert abs(float(copy.mean()) - float(reference.mean())) < 4, seq
        assert float(np.abs(copy.astype(int) - reference).mean()) < 6, seq
