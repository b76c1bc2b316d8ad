"""Make the derivatives of one corrected page image, in memory: nothing is written to a
scratch folder only to be read back, stored and deleted (the tile tree comes out of
libvips as one uncompressed ZIP)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pyvips

from guji.pipeline.errors import ProcessingError
from guji.pipeline.keys import seq_name
from guji.pipeline.settings import Settings


@dataclass(frozen=True)
class Derivatives:
    access: bytes  # JPEG
    thumb: bytes  # JPEG
    # The page's tile tree: path under its IIIF prefix -> bytes, info.json last (a tree
    # is referenced only once every tile is stored).
    tiles: dict[str, bytes]
    width: int
    height: int

    def write(self, folder: Path) -> Path:
        """The tile tree written under folder (for a look at it); returns folder."""
        for name, data in self.tiles.items():
            path = folder.joinpath(*name.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return folder


# The long edge of the "viewer overview" size: what a viewer shows of a whole page before
# it zooms in on tiles (thumbnail and max are the other pre-made sizes).
OVERVIEW_PX = 1200
# The width viewers' thumbnail strips ask for by default (Universal Viewer asks for
# `full/90,/0/default.jpg` whatever `sizes` says).
STRIP_WIDTH = 90


def fit(width: int, height: int, max_px: int) -> tuple[int, int]:
    """Size of an image shrunk (never enlarged) to fit max_px on its longest edge."""
    scale = min(1.0, max_px / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def level0_sizes(width: int, height: int, settings: Settings) -> list[tuple[int, int]]:
    """The whole-page sizes pre-made beside the tiles (thumbnail, overview), smallest first;
    the full size is served as `full/max`."""
    sizes = {fit(width, height, edge) for edge in (settings.thumb_max_px, OVERVIEW_PX)}
    sizes.add((STRIP_WIDTH, max(1, round(height * STRIP_WIDTH / max(width, 1)))))
    return sorted(s for s in sizes if s[0] < width)


def _full_images(page: pyvips.Image, shrunk: list[pyvips.Image], tiles: dict[str, bytes],
                 settings: Settings) -> None:
    """Pre-made `full/` images and their `sizes` in info.json: a level-0 server answers
    nothing it has not stored, and viewers ask for whole pages (Universal Viewer's
    thumbnails, `full/max/0/default.jpg`) as well as tiles."""
    sizes = level0_sizes(page.width, page.height, settings)
    for w, h in sizes:
        data = _shrunk([*shrunk, page], w, h).jpegsave_buffer(
            Q=settings.jpeg_quality, optimize_coding=True)
        # The canonical "w,h" form, and "w," that clients build from a width alone.
        tiles[f"full/{w},{h}/0/default.jpg"] = tiles[f"full/{w},/0/default.jpg"] = data
    # Without optimized Huffman tables, as the tiles: for a 33-MP page they cost 0.16 s
    # of a core on top of 0.09 s, for files 12% smaller.
    tiles["full/max/0/default.jpg"] = page.jpegsave_buffer(Q=settings.jpeg_quality)
    info = json.loads(tiles.pop("info.json"))
    info["sizes"] = [{"width": w, "height": h} for w, h in sizes]
    tiles["info.json"] = json.dumps(info, indent=1).encode()


def _shrunk(sources: list[pyvips.Image], width: int, height: int) -> pyvips.Image:
    """The page at width × height from the smallest of `sources` (copies of the page,
    smallest first) that is large enough: a 3000 px copy shrinks to 1200 px as well as the
    full page does, at a tenth of the cost."""
    source = next((s for s in sources if s.width >= width and s.height >= height),
                  sources[-1])
    return source.thumbnail_image(width, height=height, size="force")


def _access_copy(image: pyvips.Image, pixels: np.ndarray | None, max_px: int) -> pyvips.Image:
    """The page shrunk to fit max_px, in memory, at the size the manifest states. From the
    page's pixels when given, by OpenCV's area average in one pass: on a 33-MP page it cost
    about two thirds of pyvips' box-then-lanczos thumbnail, and the two agree to a PSNR of
    48 dB."""
    size = fit(image.width, image.height, max_px)
    if size == (image.width, image.height):
        return image.copy_memory()
    if pixels is None:
        return image.thumbnail_image(size[0], height=size[1], size="force").copy_memory()
    shown = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    return pyvips.Image.new_from_array(shown).copy(
        interpretation=image.interpretation, xres=image.xres, yres=image.yres)


def iiif_base(settings: Settings, volume_id: str) -> str:
    # Published URLs mirror the storage layout ({base}/{key}), see guji.metadata.urls.
    return f"{settings.base_url.rstrip('/')}/{volume_id}/iiif"


def make_derivatives(page: pyvips.Image | Path, *, volume_id: str, seq: int,
                     settings: Settings, pixels: np.ndarray | None = None) -> Derivatives:
    """Access JPEG, thumbnail and a static level-0 tile tree of a page image, in memory.

    `page` is read several times: give it in memory (`copy_memory()`), not lazily;
    `pixels`, its buffer as numpy when the caller has it, makes the access copy cheaper."""
    try:
        image = (page if isinstance(page, pyvips.Image)
                 else pyvips.Image.new_from_file(str(page)).copy_memory())
        # sRGB JPEG for every viewer; grey pages stay one band to keep files small. The
        # smaller images shrink from the access copy, kept in memory for them.
        shown = _access_copy(image, pixels, settings.access_max_px)
        access = shown.jpegsave_buffer(Q=settings.jpeg_quality, optimize_coding=True,
                                       strip=False)
        # The small sizes come from the overview: lanczos from 3000 px straight down to a
        # thumbnail took several times as long as to 1200 px and on from there.
        overview = shown.thumbnail_image(OVERVIEW_PX, size="down").copy_memory()
        thumb = _shrunk([overview, shown], *fit(image.width, image.height, settings.thumb_max_px)
                        ).jpegsave_buffer(Q=80, optimize_coding=True, strip=True)
        tiles = _tile_tree(image, seq_name(seq), volume_id, settings)
        _full_images(image, [overview, shown], tiles, settings)
    except pyvips.Error as e:
        raise ProcessingError(f"making derivatives of page {seq} of {volume_id} failed: "
                              f"{str(e).strip()[:300]}") from e
    return Derivatives(access, thumb, tiles, image.width, image.height)


def _tile_tree(image: pyvips.Image, name: str, volume_id: str,
               settings: Settings) -> dict[str, bytes]:
    """dzsave's IIIF tree as path -> bytes, from an uncompressed ZIP made in memory (a
    third cheaper than a few hundred files written, read back and deleted)."""
    # The tree's folder is named after basename, and info.json's id is {id}/{basename}:
    # where the tiles are published.
    packed = image.dzsave_buffer(basename=name, layout="iiif3", tile_size=settings.tile_size,
                                 id=iiif_base(settings, volume_id), overlap=0,
                                 suffix=f".jpg[Q={settings.jpeg_quality}]",
                                 container="zip", compression=0)
    tiles = {}
    with zipfile.ZipFile(io.BytesIO(packed)) as tree:
        for entry in tree.infolist():
            path = entry.filename.removeprefix(f"{name}/")
            # libvips' own metadata dump is not part of the image service: never published.
            if not entry.is_dir() and path != "vips-properties.xml":
                tiles[path] = tree.read(entry)
    return tiles
