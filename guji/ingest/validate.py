"""Validate a master by decoding every pixel, and record its technical metadata.

check_header() reads only a file's header: its size, format and pixel count are checked
against the limits before anything is decoded, so a decompression bomb (a small file that
declares a huge image) is refused in milliseconds instead of filling the scratch disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyvips

from guji.pipeline.errors import CorruptImageError, InputError
from guji.pipeline.model import ImageInfo
from guji.pipeline.storage import sha256_file

_BITS = {"uchar": 8, "char": 8, "ushort": 16, "short": 16, "uint": 32, "int": 32,
         "float": 32, "double": 64}
_FORMATS = {"tiffload": "tiff", "jpegload": "jpeg", "pngload": "png"}
# The file extensions each format is archived under (the master key keeps the extension).
_SUFFIXES = {"tiff": (".tif", ".tiff"), "jpeg": (".jpg", ".jpeg"), "png": (".png",)}


@dataclass(frozen=True)
class Limits:
    """What a single scan may be; the defaults are the settings' defaults."""

    max_pixels: int = 300_000_000
    max_bytes: int = 4_000_000_000


def check_header(path: Path, limits: Limits | None = None) -> tuple[str, int, int]:
    """(format, width, height) from the header alone; InputError naming the file when it
    is empty, too large, not what its name says, several images, or over the pixel limit."""
    limits = limits or Limits()
    size = path.stat().st_size
    if size == 0:
        raise CorruptImageError(f"{path} is empty (0 bytes)",
                                hint="copy or export the file again, then run the ingest again")
    if size > limits.max_bytes:
        raise InputError(f"{path} is {size:,} bytes, over the limit of {limits.max_bytes:,} "
                         "(max_file_bytes)",
                         hint="if it is a genuine master, raise max_file_bytes "
                              "(GUJI_MAX_FILE_BYTES or guji.toml) and run the ingest again")
    try:
        image = pyvips.Image.new_from_file(str(path), access="sequential", fail_on="warning")
        loader = image.get("vips-loader").removesuffix("_source")
        pages = image.get("n-pages") if "n-pages" in image.get_fields() else 1
    except pyvips.Error as e:
        raise CorruptImageError(f"{path} is not a readable image: {_reason(e)}",
                                hint="rescan or re-export this file, then run the ingest again"
                                ) from e
    fmt = _FORMATS.get(loader)
    if fmt is None:
        raise CorruptImageError(f"{path} is not a TIFF, JPEG or PNG image (read by {loader})",
                                hint="export masters as TIFF, JPEG or PNG")
    if path.suffix.lower() not in _SUFFIXES[fmt]:
        raise InputError(f"{path} is a {fmt.upper()} file named {path.suffix}",
                         hint=f"rename it to {path.stem}{_SUFFIXES[fmt][0]}, so its "
                              "master is archived under the right type")
    if pages > 1:
        raise InputError(f"{path} holds {pages} images (a multi-page file); only one would "
                         "be archived", hint="save one file per scan")
    pixels = image.width * image.height
    if pixels > limits.max_pixels:
        raise InputError(f"{path} declares {image.width}×{image.height} = {pixels:,} pixels, "
                         f"over the limit of {limits.max_pixels:,} (max_page_pixels); it was "
                         "not decoded",
                         hint="if it is a genuine scan, raise max_page_pixels "
                              "(GUJI_MAX_PAGE_PIXELS or guji.toml) and run the ingest again")
    return fmt, image.width, image.height


def inspect_image(path: Path, limits: Limits | None = None, *, decode: bool = True
                  ) -> ImageInfo:
    """Check the header against the limits, then decode the whole image (streaming) and
    describe it; CorruptImageError if it fails, InputError if a limit refuses it.

    decode=False leaves the full decode to the caller, who must make one before trusting
    the file (the pipeline's guji.imaging.decode_scan checks every pixel as it reduces
    the scan: one decode instead of two)."""
    fmt, _, _ = check_header(path, limits)
    try:
        # fail_on="warning": a truncated strip or a bad JPEG marker must fail ingest, not
        # turn into grey pixels in the archive.
        image = pyvips.Image.new_from_file(str(path), access="sequential", fail_on="warning")
        if decode:
            image.avg()  # forces a full decode
    except pyvips.Error as e:
        raise CorruptImageError(
            f"{path} does not decode: {_reason(e)}",
            hint="rescan or re-export this file, then run the ingest again",
        ) from e
    return ImageInfo(
        format=fmt,
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


def _reason(error: pyvips.Error) -> str:
    # libvips puts the useful part (the codec's complaint) after its own first line.
    lines = [ln.strip() for ln in str(error).splitlines() if ln.strip()]
    return "; ".join(lines[-2:])[:300] if lines else "unreadable"


def _dpi(pixels_per_mm: float) -> float | None:
    # libvips reports 1 px/mm when a file states no resolution.
    if abs(pixels_per_mm - 1.0) < 1e-9 or pixels_per_mm <= 0:
        return None
    return round(pixels_per_mm * 25.4, 2)
