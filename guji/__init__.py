"""guji: digitization pipeline and digital archive for ancient Chinese books."""

__version__ = "0.1.0"
