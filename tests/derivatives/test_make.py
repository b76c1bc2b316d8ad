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
    made = make_derivatives(page_image(tmp_path / "p.tif"), tmp_path / "out", volume_id="v1",
                            seq=7, settings=settings)
    access = pyvips.Image.new_from_file(str(made.access))
    thumb = pyvips.Image.new_from_file(str(made.thumb))
    assert max(access.width, access.height) == 1000 and access.get("vips-loader") == "jpegload"
    assert max(thumb.width, thumb.height) == 200
    info = json.loads((made.tiles / "info.json").read_text())
    assert info["id"] == "https://archive.example.org/v1/iiif/0007"
    assert info["profile"] == "level0" and info["type"] == "ImageService3"
    assert (info["width"], info["height"]) == (1300, 1900) == (made.width, made.height)
    assert info["tiles"][0]["width"] == 256
    # Full-scale tiles (region size == output size) cover the page: 6 columns × 8 rows.
    full = [p for p in made.tiles.glob("*/*/0/default.jpg")
            if p.parts[-4].split(",")[2:] == p.parts[-3].split(",")]
    assert len(full) == 6 * 8
    # Whole-page images a level-0 client may ask for, and nothing but images and info.json.
    assert info["sizes"] == [{"width": 90, "height": 132}, {"width": 137, "height": 200},
                             {"width": 821, "height": 1200}]
    for size in info["sizes"]:
        for form in (f"{size['width']},{size['height']}", f"{size['width']},"):
            shown = pyvips.Image.new_from_file(str(made.tiles / "full" / form / "0" / "default.jpg"))
            assert (shown.width, shown.height) == (size["width"], size["height"])
    largest = pyvips.Image.new_from_file(str(made.tiles / "full/max/0/default.jpg"))
    assert (largest.width, largest.height) == (1300, 1900)
    assert {p.name for p in made.tiles.rglob("*") if p.is_file()} == {"info.json", "default.jpg"}


def test_small_pages_are_not_upscaled(tmp_path: Path) -> None:
    made = make_derivatives(page_image(tmp_path / "p.tif", 300, 400), tmp_path / "o",
                            volume_id="v1", seq=1, settings=Settings())
    access = pyvips.Image.new_from_file(str(made.access))
    assert (access.width, access.height) == (300, 400)


def test_a_grey_page_in_memory_makes_what_its_file_makes(tmp_path: Path) -> None:
    """The pipeline hands over the page it rendered in memory; the tree is the same as
    from the page written to a file, pixel for pixel, and grey stays one band."""
    ramp = np.tile(np.linspace(40, 230, 700).astype(np.uint8), (900, 1))
    page = pyvips.Image.new_from_array(ramp).copy(interpretation="b-w")
    page.tiffsave(str(tmp_path / "p.tif"))
    settings = Settings(tile_size=256)
    from_memory = make_derivatives(page.copy_memory(), tmp_path / "m", volume_id="v", seq=1,
                                   settings=settings)
    from_file = make_derivatives(tmp_path / "p.tif", tmp_path / "f", volume_id="v", seq=1,
                                 settings=settings)
    files = sorted(p.relative_to(from_memory.tiles) for p in from_memory.tiles.rglob("*.jpg"))
    assert files == sorted(p.relative_to(from_file.tiles) for p in from_file.tiles.rglob("*.jpg"))
    for name in files:
        shown, filed = (pyvips.Image.new_from_file(str(tree / name)).numpy()
                        for tree in (from_memory.tiles, from_file.tiles))
        assert np.array_equal(shown, filed)
    access = pyvips.Image.new_from_file(str(from_memory.access))
    assert access.bands == 1
    # The overview shows the page: its left edge dark, its right edge light, as the ramp.
    overview = pyvips.Image.new_from_file(str(from_memory.tiles / "full/90,/0/default.jpg"))
    row = overview.numpy()[overview.height // 2]
    assert abs(int(row[1]) - 40) < 8 and abs(int(row[-2]) - 230) < 8
