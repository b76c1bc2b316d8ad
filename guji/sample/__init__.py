"""Synthetic scans of thread-bound woodblock books, with exact ground truth (`guji sample`)."""

# Pillow's FreeType must be loaded before pyvips (see guji.sample.glyphs), so first.
from PIL import ImageFont  # noqa: F401, I001

from guji.sample.generate import generate_flat, generate_samples, generate_volume

__all__ = ["generate_flat", "generate_samples", "generate_volume"]
