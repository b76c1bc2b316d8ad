"""Synthetic scans of thread-bound woodblock books, with exact ground truth (`guji sample`)."""

# Pillow's FreeType binding is loaded safely by guji/__init__.py, before anything here.
from guji.sample.generate import generate_flat, generate_samples, generate_volume

__all__ = ["generate_flat", "generate_samples", "generate_volume"]
