"""Writing a generated scan as a master file: 8- or 16-bit TIFF, or JPEG, with its DPI."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pyvips

from guji.pipeline.errors import GujiError

ImageFormat = Literal["tif", "tif16", "jpg"]
IMAGE_FORMATS: tuple[str, ...] = ("tif", "tif16", "jpg")
EXTENSIONS = {"tif": "tif", "tif16": "tif", "jpg": "jpg"}
BITS = {"tif": 8, "tif16": 16, "jpg": 8}
MM_PER_INCH = 25.4


def write_scan(rgb: np.ndarray, path: Path, image_format: ImageFormat, dpi: int) -> None:
    """Save float RGB in [0, 1] at `path`; resolution goes into the file (pixels per inch)."""
    if image_format == "tif16":
        data = (rgb * 65535 + 0.5).astype(np.uint16)
        image = pyvips.Image.new_from_array(data).copy(interpretation="rgb16")
    else:
        data = (rgb * 255 + 0.5).astype(np.uint8)
        image = pyvips.Image.new_from_array(data).copy(interpretation="srgb")
    res = dpi / MM_PER_INCH  # libvips keeps resolution in pixels per millimetre
    image = image.copy(xres=res, yres=res)
    try:
        if image_format == "jpg":
            image.jpegsave(str(path), Q=90)  # keeps the JFIF density: the DPI
        else:
            # LZW with horizontal differencing: lossless, as masters must be, read everywhere,
            # and several times faster than deflate on noisy scans for the same size.
            image.tiffsave(str(path), compression="lzw", predictor="horizontal",
                           resunit="inch", strip=True)
    except pyvips.Error as e:
        raise GujiError(f"could not write {path}: {e}",
                        hint="check that the folder is writable and the disk has room") from e
