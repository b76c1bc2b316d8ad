"""Make the derivatives of one corrected page image."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyvips

from guji.pipeline.errors import ProcessingError
from guji.pipeline.keys import seq_name
from guji.pipeline.settings import Settings


@dataclass(frozen=True)
class Derivatives:
    access: Path
    thumb: Path
    tiles: Path  # folder holding info.json and the tile tree
    width: int
    height: int


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


def _full_images(page: pyvips.Image, shrunk: list[pyvips.Image], tiles: Path,
                 settings: Settings) -> None:
    """Pre-made `full/` images and their `sizes` in info.json: a level-0 server answers
    nothing it has not stored, and viewers ask for whole pages (Universal Viewer's
    thumbnails, `full/max/0/default.jpg`) as well as tiles."""
    quality = f"[Q={settings.jpeg_quality},optimize_coding]"
    sizes = level0_sizes(page.width, page.height, settings)
    for w, h in sizes:
        # The canonical "w,h" form, and "w," that clients build from a width alone.
        canonical, by_width = (tiles / "full" / form / "0" / "default.jpg"
                               for form in (f"{w},{h}", f"{w},"))
        for target in (canonical, by_width):
            target.parent.mkdir(parents=True, exist_ok=True)
        _shrunk([*shrunk, page], w, h).write_to_file(f"{canonical}{quality}")
        shutil.copyfile(canonical, by_width)
    target = tiles / "full" / "max" / "0" / "default.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Without optimized Huffman tables, as the tiles: for a 33-MP page they cost 0.16 s
    # of a core on top of 0.09 s, for files 12% smaller.
    page.write_to_file(f"{target}[Q={settings.jpeg_quality}]")
    info_path = tiles / "info.json"
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["sizes"] = [{"width": w, "height": h} for w, h in sizes]
    info_path.write_text(json.dumps(info, indent=1), encoding="utf-8")
    # libvips' own metadata dump is not part of the image service: never published.
    (tiles / "vips-properties.xml").unlink(missing_ok=True)


def _shrunk(sources: list[pyvips.Image], width: int, height: int) -> pyvips.Image:
    """The page at width × height from the smallest of `sources` (copies of the page,
    smallest first) that is large enough: a 3000 px copy shrinks to 1200 px as well as the
    full page does, at a tenth of the cost."""
    source = next((s for s in sources if s.width >= width and s.height >= height),
                  sources[-1])
    return source.thumbnail_image(width, height=height, size="force")


def iiif_base(settings: Settings, volume_id: str) -> str:
    # Published URLs mirror the storage layout ({base}/{key}), see guji.metadata.urls.
    return f"{settings.base_url.rstrip('/')}/{volume_id}/iiif"


def make_derivatives(page: pyvips.Image | Path, outdir: Path, *, volume_id: str, seq: int,
                     settings: Settings) -> Derivatives:
    """Access JPEG, thumbnail and a static level-0 tile tree of a page image, under outdir.

    `page` is read several times: give it in memory (`copy_memory()`), not lazily."""
    name = seq_name(seq)
    outdir.mkdir(parents=True, exist_ok=True)
    access = outdir / f"{name}.access.jpg"
    thumb = outdir / f"{name}.thumb.jpg"
    tiles = outdir / name
    try:
        image = (page if isinstance(page, pyvips.Image)
                 else pyvips.Image.new_from_file(str(page)).copy_memory())
        # sRGB JPEG for every viewer; grey pages stay one band to keep files small. The
        # smaller images shrink from the access copy, kept in memory for them.
        shown = image.thumbnail_image(settings.access_max_px, size="down").copy_memory()
        shown.jpegsave(str(access), Q=settings.jpeg_quality, optimize_coding=True, strip=False)
        # The small sizes come from the overview: lanczos from 3000 px straight down to a
        # thumbnail took several times as long as to 1200 px and on from there.
        overview = shown.thumbnail_image(OVERVIEW_PX, size="down").copy_memory()
        _shrunk([overview, shown], *fit(image.width, image.height, settings.thumb_max_px)
                ).jpegsave(str(thumb), Q=80, optimize_coding=True, strip=True)
        if tiles.exists():
            shutil.rmtree(tiles)
        # dzsave names the tree after the basename and writes info.json with
        # id = {id}/{basename}, which is where the tiles are published.
        image.dzsave(str(outdir / name), layout="iiif3", tile_size=settings.tile_size,
                     id=iiif_base(settings, volume_id), suffix=f".jpg[Q={settings.jpeg_quality}]",
                     overlap=0)
        _full_images(image, [overview, shown], tiles, settings)
    except pyvips.Error as e:
        raise ProcessingError(f"making derivatives of page {seq} of {volume_id} failed: "
                              f"{str(e).strip()[:300]}") from e
    return Derivatives(access, thumb, tiles, image.width, image.height)
