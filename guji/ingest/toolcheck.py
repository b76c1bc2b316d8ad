"""Before a batch starts: are the programs, libraries and models the run needs here?

A missing libvips saver or Tesseract language would otherwise fail every page of every
volume, hours into a run; found now, it is one usage error (exit 2) that names all that is
missing and what to install. Cheap: it asks libvips for its operations, lists Tesseract's
languages and looks for the model file; nothing is loaded into an engine or run on an image.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from guji.pipeline.errors import GujiError, UsageError
from guji.pipeline.settings import Settings

# What the pipeline asks libvips for: masters are read by these loaders, access copies and
# thumbnails are JPEG, tiles come from dzsave (guji.derivatives, guji.imaging).
VIPS_OPERATIONS = ("tiffload", "jpegload", "pngload", "jpegsave", "dzsave")
# dzsave writes IIIF 3 tile trees (layout="iiif3") from this libvips on.
VIPS_IIIF3 = (8, 13)
_VIPS_HINT = ("install libvips 8.13 or later with TIFF, JPEG and PNG support "
              "(apt-get install libvips42)")
# The Tesseract data each built-in Tesseract engine reads with.
TESSERACT_LANGUAGES = {"tesseract": "chi_tra", "tesseract-vert": "chi_tra_vert"}


@dataclass(frozen=True)
class Missing:
    """One thing the run needs and this machine lacks, and how to get it."""

    what: str
    hint: str


def check_tools(settings: Settings) -> None:
    """UsageError listing everything the configured run needs that is missing here."""
    missing = [*missing_vips(VIPS_OPERATIONS)]
    if settings.ocr:
        missing += missing_ocr(settings.ocr_engine, settings.ocr_model)
    if missing:
        raise UsageError("cannot start the ingest: " + "; ".join(m.what for m in missing),
                         hint="; ".join(dict.fromkeys(m.hint for m in missing)))


def missing_vips(operations: Iterable[str]) -> list[Missing]:
    """libvips itself, a recent enough version, and each of `operations`."""
    try:
        import pyvips
    except (ImportError, OSError) as e:  # pyvips raises OSError when libvips will not load
        return [Missing(f"libvips cannot be loaded ({e})", _VIPS_HINT)]
    found: list[Missing] = []
    if not pyvips.at_least_libvips(*VIPS_IIIF3):
        version = ".".join(str(pyvips.version(i)) for i in range(3))
        found.append(Missing(f"libvips {version} is older than 8.13, which writes IIIF 3 tiles",
                             _VIPS_HINT))
    absent = [op for op in operations if not pyvips.type_find("VipsOperation", op)]
    if absent:
        found.append(Missing(f"libvips lacks {', '.join(absent)}", _VIPS_HINT))
    return found


def missing_ocr(engine: str, model: str) -> list[Missing]:
    """The engine's program and language data, or its runtime and model file."""
    from guji.ocr.engines import engine_names

    if engine not in engine_names():
        return [Missing(f"no OCR engine called {engine!r}",
                        f"set ocr_engine to one of: {', '.join(engine_names())}")]
    if engine in TESSERACT_LANGUAGES:
        if model:
            return [Missing(f"the {engine} engine takes no model file (ocr_model={model})",
                            "ocr_model is for the ppocr engine; leave it empty")]
        return _missing_tesseract(TESSERACT_LANGUAGES[engine])
    if engine in ("ppocr", "ppocr-lunyu"):
        return _missing_ppocr(model)
    return []  # an engine a plug-in registered checks itself when it is built


def _missing_tesseract(language: str) -> list[Missing]:
    from guji.ocr.engines import tesseract_cli

    try:
        tesseract_cli.executable()  # first: languages() is cached from an earlier call
        tesseract_cli.require_language(language)
    except GujiError as e:  # not installed, no such language, or it fails to list them
        return [Missing(e.message, e.hint or "install Tesseract 5 and its chi_tra data")]
    return []


def _missing_ppocr(model: str) -> list[Missing]:
    from guji.ocr.engines.ppocr import default_model

    found: list[Missing] = []
    if importlib.util.find_spec("onnxruntime") is None:
        found.append(Missing("onnxruntime is not installed (the ppocr engine runs on it)",
                             "pip install onnxruntime, or ingest with --no-ocr"))
    if model:
        path = Path(model).expanduser()
        if not path.is_file():
            found.append(Missing(f"no OCR model at {path} (ocr_model)",
                                 "give the model.onnx that `guji ocr-train` wrote"))
    else:
        try:
            default_model()
        except UsageError as e:
            found.append(Missing(e.message, e.hint or "pip install rapidocr"))
    return found
