"""Make the derivatives of one corrected page image."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pyvips

from guji.pipeline.errors import ProcessingError
from guji.pipeline.model import seq_name
from guji.pipeline.settings import Settings


@dataclass(frozen=True)
class Derivatives:
    access: Path
    thumb: Path
    tiles: Path  # folder holding info.json and the tile tree
    width: int
    height: int


def iiif_base(settings: Settings, volume_id: str) -> str:
    # Published URLs mirror the storage layout ({base}/{key}), see guji.metadata.urls.
    return f"{settings.base_url.rstrip('/')}/{volume_id}/iiif"


def make_derivatives(page_image: Path, outdir: Path, *, volume_id: str, seq: int,
                     settings: Settings) -> Derivatives:
    """Access JPEG, thumbnail and a static level-0 tile tree for page_image, under outdir."""
    name = seq_name(seq)
    outdir.mkdir(parents=True, exist_ok=True)
    access = outdir / f"{name}.access.jpg"
    thumb = outdir / f"{name}.thumb.jpg"
    tiles = outdir / name
    try:
        image = pyvips.Image.new_from_file(str(page_image))
        # sRGB JPEG for every viewer; grey pages stay one band to keep files small.
        pyvips.Image.thumbnail(str(page_image), settings.access_max_px, size="down").jpegsave(
            str(access), Q=settings.jpeg_quality, optimize_coding=True, strip=False)
        pyvips.Image.thumbnail(str(page_image), settings.thumb_max_px, size="down").jpegsave(
            str(thumb), Q=80, optimize_coding=True, strip=True)
        if tiles.exists():
            shutil.rmtree(tiles)
        # dzsave names the tree after the basename and writes info.json with
        # id = {id}/{basename}, which is where the tiles are published.
        image.dzsave(str(outdir / name), layout="iiif3", tile_size=settings.tile_size,
                     id=iiif_base(settings, volume_id), suffix=f".jpg[Q={settings.jpeg_quality}]",
                     overlap=0)
    except pyvips.Error as e:
        raise ProcessingError(f"making derivatives of page {seq} of {volume_id} failed: "
                              f"{str(e).strip()[:300]}") from e
    return Derivatives(access, thumb, tiles, image.width, image.height)
