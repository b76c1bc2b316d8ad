import json
from pathlib import Path

import numpy as np
import pyvips

from guji.derivatives import make_derivatives
from guji.pipeline.settings import Settings


def page_image(path: Path, width: int = 1300, height: int = 1900) -> Path:
    rng = np.random.default_rng(3)
    array = rng.integers(120, 255, size=(height, width, 3), dtype=np.uint8)
    pyvips.Image.new_from_array(array).copy(interpretation="srgb").tiffsave(str(path))
    return path


def test_access_thumb_and_level0_tiles(tmp_path: Path) -> None:
    settings = Settings(base_url="https://archive.example.org/", access_max_px=1000,
                        thumb_max_px=200, tile_size=256)
    made = make_derivatives(page_image(tmp_path / "p.tif"), volume_id="v1", seq=7,
                            settings=settings)
    access = pyvips.Image.new_from_buffer(made.access, "")
    thumb = pyvips.Image.new_from_buffer(made.thumb, "")
    assert list(made.tiles)[-1] == "info.json"  # stored last: the tree is whole before it
    tiles = made.write(tmp_path / "out")
    assert max(access.width, access.height) == 1000 and access.get("vips-loader") == "jpegload_buffer"
    assert max(thumb.width, thumb.height) == 200
    info = json.loads((tiles / "info.json").read_text())
    assert info["id"] == "https://archive.example.org/v1/iiif/0007"
    assert info["profile"] == "level0" and info["type"] == "ImageService3"
    assert (info["width"], info["height"]) == (1300, 1900) == (made.width, made.height)
    assert info["tiles"][0]["width"] == 256
    # Full-scale tiles (region size == output size) cover the page: 6 columns × 8 rows.
    full = [p for p in tiles.glob("*/*/0/default.jpg")
            if p.parts[-4].split(",")[2:] == p.parts[-3].split(",")]
    assert len(full) == 6 * 8
    # Whole-page images a level-0 client may ask for, and nothing but images and info.json.
    assert info["sizes"] == [{"width": 90, "height": 132}, {"width": 137, "height": 200},
                             {"width": 821, "height": 1200}]
    for size in info["sizes"]:
        for form in (f"{size['width']},{size['height']}", f"{size['width']},"):
            shown = pyvips.Image.new_from_file(str(tiles / "full" / form / "0" / "default.jpg"))
            assert (shown.width, shown.height) == (size["width"], size["height"])
    largest = pyvips.Image.new_from_file(str(tiles / "full/max/0/default.jpg"))
    assert (largest.width, largest.height) == (1300, 1900)
    assert {p.name for p in tiles.rglob("*") if p.is_file()} == {"info.json", "default.jpg"}


def test_small_pages_are_not_upscaled(tmp_path: Path) -> None:
    made = make_derivatives(page_image(tmp_path / "p.tif", 300, 400),
                            volume_id="v1", seq=1, settings=Settings())
    access = pyvips.Image.new_from_buffer(made.access, "")
    assert (access.width, access.height) == (300, 400)


def test_a_grey_page_in_memory_makes_what_its_file_makes(tmp_path: Path) -> None:
    """The pipeline hands over the page it rendered in memory; the tree is the same as
    from the page written to a file, pixel for pixel, and grey stays one band."""
    ramp = np.tile(np.linspace(40, 230, 700).astype(np.uint8), (900, 1))
    page = pyvips.Image.new_from_array(ramp).copy(interpretation="b-w")
    page.tiffsave(str(tmp_path / "p.tif"))
    settings = Settings(tile_size=256)
    from_memory = make_derivatives(page.copy_memory(), volume_id="v", seq=1, settings=settings)
    from_file = make_derivatives(tmp_path / "p.tif", volume_id="v", seq=1, settings=settings)
    files = sorted(name for name in from_memory.tiles if name.endswith(".jpg"))
    assert files == sorted(name for name in from_file.tiles if name.endswith(".jpg"))
    for name in files:
        shown, filed = (pyvips.Image.new_from_buffer(made.tiles[name], "").numpy()
                        for made in (from_memory, from_file))
        assert np.array_equal(shown, filed)
    access = pyvips.Image.new_from_buffer(from_memory.access, "")
    assert access.bands == 1
    # The overview shows the page: its left edge dark, its right edge light, as the ramp.
    overview = pyvips.Image.new_from_buffer(from_memory.tiles["full/90,/0/default.jpg"], "")
    row = overview.numpy()[overview.height // 2]
    assert abs(int(row[1]) - 40) < 8 and abs(int(row[-2]) - 230) < 8


def test_the_access_copy_shrunk_by_opencv_is_the_one_pyvips_makes(tmp_path: Path) -> None:
    """Given the page's pixels, the access copy is shrunk by OpenCV's area average instead
    of pyvips' lanczos: the same size the manifest states, the same picture within a few
    levels."""
    rng = np.random.default_rng(5)
    # Print-like: dark strokes on light paper, with detail at every scale.
    pixels = np.full((2600, 1700, 3), 225, np.uint8)
    for _ in range(300):
        x, y = int(rng.integers(0, 1650)), int(rng.integers(0, 2550))
        pixels[y:y + int(rng.integers(3, 50)), x:x + int(rng.integers(3, 50))] = 30
    page = pyvips.Image.new_from_array(pixels).copy(interpretation="srgb")
    settings = Settings(access_max_px=600, tile_size=256)
    boxed = make_derivatives(page, volume_id="v", seq=1, settings=settings, pixels=pixels)
    plain = make_derivatives(page, volume_id="v", seq=1, settings=settings)
    a, b = (pyvips.Image.new_from_buffer(made.access, "") for made in (boxed, plain))
    assert (a.width, a.height) == (b.width, b.height) == (392, 600)
    diff = np.abs(a.numpy().astype(int) - b.numpy().astype(int))
    assert diff.mean() < 2.0 and np.percentile(diff, 99) < 25
