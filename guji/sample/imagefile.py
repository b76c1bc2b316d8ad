"""Writing a generated scan as a master file: 8- or 16-bit TIFF, or JPEG, with its DPI."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pyvips

from guji.pipeline.errors import GujiError

# tif: 8-bit RGB; tif-grey: 8-bit greyscale; tif16: 16-bit RGB; tif16-grey: 16-bit
# greyscale (greyscale is a third the size, as archives keep text-only books);
# jpg: 8-bit RGB, quality 90.
ImageFormat = Literal["tif", "tif-grey", "tif16", "tif16-grey", "jpg"]
IMAGE_FORMATS: tuple[str, ...] = ("tif", "tif-grey", "tif16", "tif16-grey", "jpg")
EXTENSIONS = {"tif": "tif", "tif-grey": "tif", "tif16": "tif", "tif16-grey": "tif", "jpg": "jpg"}
BITS = {"tif": 8, "tif-grey": 8, "tif16": 16, "tif16-grey": 16, "jpg": 8}
# Rec. 601 luma weights, as libvips uses for sRGB to grey.
LUMA = np.asarray((0.299, 0.587, 0.114), dtype=np.float32)
MM_PER_INCH = 25.4


def write_scan(rgb: np.ndarray, path: Path, image_format: ImageFormat, dpi: int) -> None:
    """Save float RGB in [0, 1] at `path`; resolution goes into the file (pixels per inch).

    `rgb` is scaled in place to save a copy of a large array: do not use it afterwards.
    """
    if image_format == "tif16":
        rgb *= 65535
        rgb += 0.5
        data = rgb.astype(np.uint16)
        image = pyvips.Image.new_from_array(data).copy(interpretation="rgb16")
    elif image_format == "tif16-grey":
        data = (rgb @ LUMA * 65535 + 0.5).astype(np.uint16)
        image = pyvips.Image.new_from_array(data).copy(interpretation="grey16")
    elif image_format == "tif-grey":
        data = (rgb @ LUMA * 255 + 0.5).astype(np.uint8)
        image = pyvips.Image.new_from_array(data).copy(interpretation="b-w")
    else:
        rgb *= 255
        rgb += 0.5
        data = rgb.astype(np.uint8)
        image = pyvips.Image.new_from_array(data).copy(interpretation="srgb")
    res = dpi / MM_PER_INCH  # libvips keeps resolution in pixels per millimetre
    image = image.copy(xres=res, yres=res)
    try:
        if image_format == "jpg":
            image.jpegsave(str(path), Q=90)  # keeps the JFIF density: the DPI
        else:
            # Lossless, as masters must be, with horizontal differencing. LZW is several
            # times faster than deflate at 8 bits for the same size; at 16 bits the noise
            # in the low byte defeats LZW, and deflate still saves a quarter.
            compression = "lzw" if BITS[image_format] == 8 else "deflate"
            image.tiffsave(str(path), compression=compression, predictor="horizontal",
                           resunit="inch", strip=True)
    except pyvips.Error as e:
        raise GujiError(f"could not write {path}: {e}",
                        hint="check that the folder is writable and the disk has room") from e
