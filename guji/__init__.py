"""guji: digitization pipeline and digital archive for ancient Chinese books."""

import os
import sys

__version__ = "0.1.0"


def _load_pillow_freetype_first() -> bool:
    """Load Pillow's FreeType binding so it keeps its own libfreetype.

    libvips brings the system libfreetype; a Pillow binding loaded after it resolves its
    calls there and draws garbage or nothing, without an error (see guji.sample.glyphs).
    RTLD_DEEPBIND makes the binding prefer its own copy. Returns whether Pillow's text
    rendering can be trusted in this process.
    """
    if "PIL._imagingft" in sys.modules:
        # Loaded before guji: sound only if libvips was not loaded before it.
        return "pyvips" not in sys.modules
    flags = sys.getdlopenflags()
    sys.setdlopenflags(flags | getattr(os, "RTLD_DEEPBIND", 0))
    try:
        from PIL import ImageFont  # noqa: F401
    except ImportError:
        return True
    finally:
        sys.setdlopenflags(flags)
    return True


PILLOW_FREETYPE_SAFE = _load_pillow_freetype_first()
