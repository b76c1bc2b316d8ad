from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.ingest.discover import discover_volumes
from guji.ingest.validate import inspect_image
from guji.pipeline.errors import CorruptImageError, UsageError


def make_image(path: Path, *, bits: int = 8, dpi: float | None = 300, bands: int = 1) -> Path:
    rng = np.random.default_rng(1)
    high = 65535 if bits == 16 else 255
    dtype = np.uint16 if bits == 16 else np.uint8
    array = rng.integers(0, high, size=(120, 90, bands), dtype=dtype)
    image = pyvips.Image.new_from_array(array)
    if bits == 16:
        image = image.copy(interpretation="grey16" if bands == 1 else "rgb16")
    if dpi:
        image = image.copy(xres=dpi / 25.4, yres=dpi / 25.4)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.write_to_file(str(path))
    return path


def test_discovers_volume_folders_in_natural_order(tmp_path: Path) -> None:
    for name in ["10.tif", "2.tif", "1.tif"]:
        make_image(tmp_path / "vol-a" / name)
    make_image(tmp_path / "vol-b" / "0001.jpg")
    volumes = discover_volumes(tmp_path)
    assert [v.volume_id for v in volumes] == ["vol-a", "vol-b"]
    assert [p.name for p in volumes[0].scans] == ["1.tif", "2.tif", "10.tif"]
    assert all(not v.problems for v in volumes)


def test_every_other_file_is_named_not_dropped(tmp_path: Path) -> None:
    make_image(tmp_path / "vol-a" / "1.tif")
    (tmp_path / "vol-a" / "notes.txt").write_text("x")
    make_image(tmp_path / "vol-a" / ".hidden.tif")
    (tmp_path / "empty").mkdir()
    volumes = {v.volume_id: v for v in discover_volumes(tmp_path)}
    assert [p.name for p in volumes["vol-a"].scans] == ["1.tif"]
    hidden, notes = volumes["vol-a"].problems
    assert ".hidden.tif: a hidden file" in hidden
    assert "notes.txt: not a page image" in notes and "--ignore" in notes
    (empty,) = volumes["empty"].problems
    assert "holds no page images" in empty and volumes["empty"].scans == ()


def test_ignore_patterns_and_known_non_pages(tmp_path: Path) -> None:
    make_image(tmp_path / "vol-a" / "0001.tif")
    for name in ["notes.txt", "0001.gt.txt", "0001.gt.json", "Thumbs.db", ".DS_Store"]:
        (tmp_path / "vol-a" / name).write_text("x")
    (volume,) = discover_volumes(tmp_path, ignore=["*.txt"])
    assert [p.name for p in volume.scans] == ["0001.tif"] and not volume.problems
    assert volume.notes == ("5 file(s) that are not pages left aside",)

def test_a_single_volume_folder(tmp_path: Path) -> None:
    make_image(tmp_path / "v9" / "0001.png")
    (volume,) = discover_volumes(tmp_path / "v9")
    assert volume.volume_id == "v9"


def test_no_images_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no page images"):
        discover_volumes(tmp_path)


def test_unsafe_volume_folder_name(tmp_path: Path) -> None:
    make_image(tmp_path / "卷 一" / "1.tif")
    with pytest.raises(UsageError, match="not a safe volume id"):
        discover_volumes(tmp_path)


@pytest.mark.parametrize(("suffix", "fmt"), [(".tif", "tiff"), (".jpg", "jpeg"), (".png", "png")])
def test_technical_metadata(tmp_path: Path, suffix: str, fmt: str) -> None:
    path = make_image(tmp_path / f"a{suffix}", bands=3)
    info = inspect_image(path)
    assert (info.format, info.width, info.height, info.bands) == (fmt, 90, 120, 3)
    assert info.bits_per_sample == 8
    assert info.dpi_x == pytest.approx(300, abs=0.5)
    assert info.size == path.stat().st_size
    import hashlib

    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_sixteen_bit_tiff(tmp_path: Path) -> None:
    info = inspect_image(make_image(tmp_path / "a.tif", bits=16))
    assert info.bits_per_sample == 16 and info.colour_space == "grey16"


def test_missing_dpi_is_none(tmp_path: Path) -> None:
    assert inspect_image(make_image(tmp_path / "a.png", dpi=None)).dpi_x is None


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_files_fail_naming_the_file(tmp_path: Path, keep: float) -> None:
    for suffix in (".tif", ".jpg"):
        path = make_image(tmp_path / f"whole{suffix}", bands=3)
        data = path.read_bytes()
        broken = tmp_path / f"broken{suffix}"
        broken.write_bytes(data[: int(len(data) * keep)])
        with pytest.raises(CorruptImageError) as info:
            inspect_image(broken)
        assert str(broken) in str(info.value) and "rescan" in str(info.value)


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "x.tif"
    path.write_text("this is not a TIFF")
    with pytest.raises(CorruptImageError, match="x.tif"):
        inspect_image(path)


def test_page_numbers_twice_are_refused_and_unnumbered_names_are_not(tmp_path: Path) -> None:
    for name in ["2.tif", "02.png", "3.tif"]:
        make_image(tmp_path / "twice" / name)
    for name in ["0001a.tif", "0001b.tif", "0002a.tif"]:
        make_image(tmp_path / "recto-verso" / name)
    volumes = {v.volume_id: v for v in discover_volumes(tmp_path)}
    (problem,) = volumes["twice"].problems
    assert "02.png, 2.tif" in problem and "same page number 2" in problem
    # Names that are not one numbered series keep their natural order, unjudged.
    assert not volumes["recto-verso"].problems and not volumes["recto-verso"].notes
    assert [p.name for p in volumes["recto-verso"].scans] == ["0001a.tif", "0001b.tif",
                                                              "0002a.tif"]
