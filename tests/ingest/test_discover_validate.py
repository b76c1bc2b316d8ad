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
    for name in ["10.tif", "2.tif", "1.tif", "notes.txt", ".hidden.tif"]:
        make_image(tmp_path / "vol-a" / name) if name.endswith(".tif") else (
            tmp_path / "vol-a" / name).write_text("x")
    make_image(tmp_path / "vol-b" / "0001.jpg")
    (tmp_path / "empty").mkdir()
    volumes = discover_volumes(tmp_path)
    assert [v.volume_id for v in volumes] == ["vol-a", "vol-b"]
    assert [p.name for p in volumes[0].scans] == ["1.tif", "2.tif", "10.tif"]


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
