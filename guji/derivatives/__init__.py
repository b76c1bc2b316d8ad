"""Access copies, thumbnails and IIIF Image API 3 level-0 tiles, all made with pyvips."""

from guji.derivatives.make import Derivatives, make_derivatives

__all__ = ["Derivatives", "make_derivatives"]
