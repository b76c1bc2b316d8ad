"""The scan's one decode: the reduced copy all geometry is found on, held or streamed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import pyvips

from guji.imaging import source
from guji.pipeline.errors import CorruptImageError


def block_means(pixels: np.ndarray, k: int) -> np.ndarray:
    """The reference: k × k block means, partial blocks completed by repeating the edge."""
    h, w = pixels.shape[:2]
    padded = np.pad(pixels, [(0, -h % k), (0, -w % k)] + [(0, 0)] * (pixels.ndim - 2),
                    mode="edge").astype(np.float64)
    return padded.reshape(padded.shape[0] // k, k, padded.shape[1] // k, k,
                          *pixels.shape[2:]).mean(axis=(1, 3))


@pytest.mark.parametrize("shape", [(97, 61, 3), (64, 64), (5, 3, 3), (101, 200)])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 7])
def test_box_reduce_is_the_block_mean(shape: tuple[int, ...], k: int) -> None:
    pixels = np.random.default_rng(sum(shape) + k).integers(0, 256, shape, dtype=np.uint8)
    got = source.box_reduce(pixels, k)
    want = block_means(pixels, k)
    assert got.shape == want.shape and got.dtype == np.uint8
    # Rounded to the nearest level, but for some halves OpenCV rounds down.
    assert np.abs(got - want).max() <= 0.5 + 1e-9


@pytest.mark.parametrize("bands", [1, 3])
def test_a_scan_streamed_in_strips_reduces_as_one_held_whole(
        tmp_path: Path, bands: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scans too large to hold are decoded a strip of rows at a time; their reduced copy,
    and so every page found on it, is the one a held decode gives."""
    rng = np.random.default_rng(bands)
    pixels = rng.integers(0, 256, (1003, 707, bands), dtype=np.uint8)
    path = tmp_path / "scan.tif"
    image = pyvips.Image.new_from_array(pixels if bands == 3 else pixels[:, :, 0])
    image.copy(interpretation="srgb" if bands == 3 else "b-w").tiffsave(
        str(path), compression="deflate")
    monkeypatch.setattr(source, "STRIP_ROWS", 100)  # several strips, the last one partial
    streamed = source.decode_scan(path, 300)
    held, master = source.decode_master(path, 300)
    assert streamed.scale == held.scale == 1 / 4
    assert np.array_equal(streamed.colour, held.colour)
    assert np.array_equal(master.pixels, pixels if bands == 3 else pixels[:, :, 0])
    assert np.array_equal(master.image.numpy(), master.pixels)  # one buffer, two views


def test_a_truncated_scan_fails_when_streamed(tmp_path: Path) -> None:
    pixels = np.random.default_rng(0).integers(0, 256, (800, 600, 3), dtype=np.uint8)
    path = tmp_path / "scan.tif"
    pyvips.Image.new_from_array(pixels).copy(interpretation="srgb").tiffsave(str(path))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptImageError, match="scan.tif"):
        source.decode_scan(path, 300)
