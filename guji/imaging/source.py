"""The pyvips boundary: opening masters, the one full decode that makes the reduced copy,
writing corrected pages.

pyvips.Error never leaves this module (or the other pyvips callers in guji.imaging)
untranslated: it becomes a CorruptImageError or ProcessingError naming the file.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import cv2
import numpy as np
import pyvips

from guji.pipeline.errors import CorruptImageError, InputError, ProcessingError

MM_PER_INCH = 25.4
# libvips reports 1 px/mm when a file records no resolution at all.
_NO_RESOLUTION = 1.0

T = TypeVar("T")


@dataclass(frozen=True)
class Master:
    """An opened master scan: the lazy pyvips image (8-bit sRGB or grey) and its facts."""

    path: Path
    image: pyvips.Image
    dpi: float | None  # None when the file records no resolution
    # The decoded pixels (H×W×bands, 8-bit) when the master is held in memory: the same
    # buffer `image` reads, so numpy and OpenCV cut from it without a copy.
    pixels: np.ndarray | None = None

    @property
    def width(self) -> int:
        return int(self.image.width)

    @property
    def height(self) -> int:
        return int(self.image.height)


def vips_call(path: Path, what: str, fn: Callable[[], T]) -> T:
    """Run a pyvips operation on `path`, turning its errors into ProcessingError."""
    try:
        return fn()
    except pyvips.Error as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else "libvips error"
        raise ProcessingError(
            f"{path.name}: {what} failed: {detail}",
            hint="check the file decodes in another viewer and that the work folder has space",
        ) from e


def forget_cached_files() -> None:
    """Drop libvips' operation cache, which would hand back a file's old pixels.

    libvips caches loads by file name; a work file rewritten under the same name (a
    re-run of a scan) must be read afresh, not from the cache.
    """
    size = pyvips.cache_get_max()
    pyvips.cache_set_max(0)
    pyvips.cache_set_max(size)


def open_master(path: Path) -> Master:
    """Open a scan for processing, as 8-bit sRGB or grey with alpha dropped."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such image file", hint="check the volume folder")
    forget_cached_files()
    try:
        # Random access: rotation reads slanted bands, which sequential decoding cannot serve.
        im = pyvips.Image.new_from_file(str(path), access="random", fail=True)
        im = _to_8bit(im)
    except pyvips.Error as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else "libvips error"
        raise CorruptImageError(
            f"{path.name}: cannot be decoded as an image ({detail})",
            hint="re-export or rescan the file; guji reads TIFF, JPEG and PNG masters",
        ) from e
    return Master(path, im, _dpi_of(im))


def _dpi_of(im: pyvips.Image) -> float | None:
    xres = float(im.xres)
    return None if abs(xres - _NO_RESOLUTION) < 1e-6 or xres <= 0 else xres * MM_PER_INCH


def _to_8bit(im: pyvips.Image) -> pyvips.Image:
    if im.hasalpha():
        im = im.flatten(background=[255] * (im.bands - 1))
    # Bands are taken out only when there are more than wanted: libvips copies every
    # pixel through an extract even of all of them (0.1 s of a core on a 33-MP scan).
    if im.bands >= 3:
        im = im.colourspace("srgb") if im.interpretation != "srgb" or im.format != "uchar" else im
        im = im[0:3] if im.bands > 3 else im
    else:
        im = im[0] if im.bands > 1 else im
        if im.format != "uchar":
            im = im.colourspace("b-w") if im.interpretation == "grey16" else im.cast("uchar")
        im = im.copy(interpretation="b-w")
    return im.cast("uchar") if im.format != "uchar" else im


def grey_of(im: pyvips.Image) -> pyvips.Image:
    """Luminance as one 8-bit band."""
    if im.bands >= 3:
        return im.colourspace("b-w")[0]
    return im[0]


def reduced_copy(master: Master, max_edge: int) -> tuple[np.ndarray, float]:
    """A numpy copy (H×W or H×W×3, 8-bit) whose long edge is at most max_edge, and its scale.

    Reduced by a whole factor with a box filter: thin rules keep their mass, the
    scale is exact (1/k), and it is the cheapest pass over a 100 MP master.
    """

    def shrink() -> tuple[np.ndarray, float]:
        k = max(1, math.ceil(max(master.width, master.height) / max_edge))
        im = master.image.shrink(k, k) if k > 1 else master.image
        return np.asarray(im.numpy(), dtype=np.uint8), 1.0 / k

    return vips_call(master.path, "reducing the scan", shrink)


@dataclass(frozen=True)
class ReducedScan:
    """A scan decoded once, kept small: all its geometry is found on this copy."""

    path: Path
    width: int  # the master's full-resolution size
    height: int
    dpi: float | None
    colour: np.ndarray  # H×W or H×W×3 8-bit, each pixel the mean of a k × k block
    scale: float  # 1/k: reduced pixels per master pixel


def decode_scan(path: Path, max_edge: int) -> ReducedScan:
    """Decode every pixel of a master (the integrity check) into a box-reduced copy whose
    long edge is at most max_edge; CorruptImageError naming the file when it does not decode.

    One sequential pass: checking the file and reducing it cost one decode, not two.
    """
    return _decode(Path(path), max_edge, keep=False)[0]


def decode_master(path: Path, max_edge: int) -> tuple[ReducedScan, Master]:
    """decode_scan, keeping the whole decode in memory (8-bit: 100 MB for a 33-MP scan)
    as a Master its pages can be cut from without decoding the file a second time."""
    reduced, master = _decode(Path(path), max_edge, keep=True)
    assert master is not None
    return reduced, master


def _decode(path: Path, max_edge: int, *, keep: bool) -> tuple[ReducedScan, Master | None]:
    if not path.is_file():
        raise InputError(f"{path}: no such image file", hint="check the volume folder")
    try:
        # fail_on="warning": a truncated strip or a bad JPEG marker must fail the scan, not
        # turn into grey pixels in the archive.
        # Random access when streamed in strips: each strip's crop is a pipeline of its own,
        # which a sequential loader would refuse (or cache the whole decode for).
        im = pyvips.Image.new_from_file(str(path), access="sequential" if keep else "random",
                                        fail_on="warning")
        width, height = int(im.width), int(im.height)
        k = max(1, math.ceil(max(width, height) / max_edge))
        if keep:
            whole, pixels = _decoded(_to_8bit(im))
            colour = box_reduce(pixels, k)
        else:
            whole = pixels = None
            colour = _reduced_in_strips(_to_8bit(im), k)
    except pyvips.Error as e:
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        reason = "; ".join(lines[-2:])[:300] if lines else "unreadable"
        raise CorruptImageError(f"{path} does not decode: {reason}",
                                hint="rescan or re-export this file, then run the ingest again"
                                ) from e
    dpi = _dpi_of(im)
    master = Master(path, whole, dpi, pixels) if whole is not None else None
    return ReducedScan(path, width, height, dpi, colour, 1.0 / k), master


# Rows of a scan decoded at a time when it is not held in memory (about 40 MB of a
# 100-MP opening), rounded down to whole blocks of the reduction.
STRIP_ROWS = 1500


def _reduced_in_strips(im: pyvips.Image, k: int) -> np.ndarray:
    """box_reduce of a scan decoded a strip of rows at a time, top to bottom: the same
    pixels as the whole decode reduced, without holding it."""
    rows = k * max(1, STRIP_ROWS // k)
    # Crops of a random-access image: a region fetched strip by strip, or a sequential
    # loader, held the whole decode (450 MB more at the peak for a 100-MP opening).
    strips = [box_reduce(np.asarray(im.crop(0, top, im.width, min(rows, im.height - top))
                                    .numpy(), dtype=np.uint8), k)
              for top in range(0, im.height, rows)]
    return np.concatenate(strips)


def _decoded(im: pyvips.Image) -> tuple[pyvips.Image, np.ndarray]:
    """Decode every pixel into one buffer, shared by a pyvips image and a numpy view."""
    data = im.write_to_memory()
    shape = (im.height, im.width) + ((im.bands,) if im.bands > 1 else ())
    pixels = np.frombuffer(data, dtype=np.uint8).reshape(shape)
    whole = pyvips.Image.new_from_memory(data, im.width, im.height, im.bands, "uchar")
    return whole.copy(interpretation=im.interpretation, xres=im.xres, yres=im.yres), pixels


def box_reduce(pixels: np.ndarray, k: int) -> np.ndarray:
    """Each k × k block's mean (within a level: OpenCV rounds some halves down), the last
    partial blocks completed by repeating the edge, H×W or H×W×B.

    OpenCV's area resize of whole blocks took a quarter of pyvips' shrink of the same
    in-memory pixels (0.04 s against 0.16 s of a core for a 33-MP scan)."""
    if k == 1:
        return pixels.copy()
    height, width = pixels.shape[:2]
    full_h, full_w = height // k * k, width // k * k
    out = np.empty((-(-height // k), -(-width // k), *pixels.shape[2:]), dtype=np.uint8)
    if full_h and full_w:
        out[:full_h // k, :full_w // k] = cv2.resize(
            pixels[:full_h, :full_w], (full_w // k, full_h // k),
            interpolation=cv2.INTER_AREA).reshape(out[:full_h // k, :full_w // k].shape)
    if full_w < width:  # the right-hand column of blocks, rows in whole blocks
        out[:full_h // k, -1] = _edge_blocks(pixels[:full_h, full_w:], k)[:, 0]
    if full_h < height:  # the bottom row of blocks, the corner included
        out[-1, :] = _edge_blocks(pixels[full_h:], k)[0]
    return out


def _edge_blocks(strip: np.ndarray, k: int) -> np.ndarray:
    """Block means of a thin strip, padded to whole blocks by repeating its edge."""
    height, width = strip.shape[:2]
    pad = [(0, -height % k), (0, -width % k)] + [(0, 0)] * (strip.ndim - 2)
    padded = np.pad(strip, pad, mode="edge").astype(np.float64)
    shape = (padded.shape[0] // k, k, padded.shape[1] // k, k, *strip.shape[2:])
    return np.floor(padded.reshape(shape).mean(axis=(1, 3)) + 0.5).astype(np.uint8)


def luminance(arr: np.ndarray) -> np.ndarray:
    """8-bit grey of an H×W or H×W×3 array: Rec. 709 weights on the sRGB values (pyvips'
    "b-w" goes through linear light; the two agree on near-neutral paper and ink)."""
    if arr.ndim == 2:
        return arr
    grey = arr[..., 0] * 0.2126 + arr[..., 1] * 0.7152 + arr[..., 2] * 0.0722
    return np.clip(np.rint(grey), 0, 255).astype(np.uint8)


def write_page_tiff(path: Path, im: pyvips.Image, dpi: float | None, source: Path) -> None:
    """Write a corrected page as a lossless 8-bit TIFF carrying the master's resolution."""
    if dpi is not None:
        ppmm = dpi / MM_PER_INCH
        im = im.copy(xres=ppmm, yres=ppmm)
    vips_call(
        source,
        f"writing {path.name}",
        lambda: im.tiffsave(str(path), compression="lzw", predictor="horizontal",
                            tile=True, tile_width=256, tile_height=256, strip=True),
    )
