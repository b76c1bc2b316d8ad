"""Boxes in page pixels: the project's one Box (guji.pipeline.geometry), named here for
the OCR modules that import it from their own package."""

from guji.pipeline.geometry import Box

__all__ = ["Box"]
