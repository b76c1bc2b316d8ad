"""Validate a master by decoding every pixel, and record its technical metadata."""

from __future__ import annotations

from pathlib import Path

import pyvips

from guji.pipeline.errors import CorruptImageError
from guji.pipeline.model import ImageInfo
from guji.pipeline.storage import sha256_file

_BITS = {"uchar": 8, "char": 8, "ushort": 16, "short": 16, "uint": 32, "int": 32,
         "float": 32, "double": 64}
_FORMATS = {"tiffload": "tiff", "jpegload": "jpeg", "pngload": "png"}


def inspect_image(path: Path) -> ImageInfo:
    """Decode the whole image (streaming) and describe it; CorruptImageError if it fails."""
    try:
        # fail_on="warning": a truncated strip or a bad JPEG marker must fail ingest, not
        # turn into grey pixels in the archive.
        image = pyvips.Image.new_from_file(str(path), access="sequential", fail_on="warning")
        loader = image.get("vips-loader").removesuffix("_source")
        image.avg()  # forces a full decode
    except pyvips.Error as e:
        # libvips puts the useful part (the codec's complaint) after its own first line.
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        reason = "; ".join(lines[-2:])[:300] if lines else "unreadable"
        raise CorruptImageError(
            f"{path} does not decode: {reason}",
            hint="rescan or re-export this file, then run the ingest again",
        ) from e
    if loader not in _FORMATS:
        raise CorruptImageError(f"{path} is not a TIFF, JPEG or PNG image (read by {loader})",
                                hint="export masters as TIFF, JPEG or PNG")
    return ImageInfo(
        format=_FORMATS[loader],
        width=image.width,
        height=image.height,
        bits_per_sample=_BITS.get(image.format, 8),
        bands=image.bands,
        colour_space=str(image.interpretation),
        dpi_x=_dpi(image.xres),
        dpi_y=_dpi(image.yres),
        size=path.stat().st_size,
        sha256=sha256_file(path),
    )


def _dpi(pixels_per_mm: float) -> float | None:
    # libvips reports 1 px/mm when a file states no resolution.
    if abs(pixels_per_mm - 1.0) < 1e-9 or pixels_per_mm <= 0:
        return None
    return round(pixels_per_mm * 25.4, 2)
