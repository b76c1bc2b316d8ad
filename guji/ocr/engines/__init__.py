"""The OCR engines behind the seam (guji.ocr.engine), and their registry.

`ppocr` (the default) is PaddleOCR's PP-OCR text recognizer run on onnxruntime, with the
weights of an installed package or a model file that `guji ocr-train` wrote;
`ppocr-lunyu` is the same recognizer with its unsure readings weighed by a character
bigram model of 論語 (engines.language), for the Four Books and texts like them; `tesseract`
re-sets each line horizontally for Tesseract's chi_tra model. An engine is built once per
process and name (loading a model costs more than reading a page) and then shared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from guji.ocr.engine import OcrEngine
from guji.pipeline.errors import UsageError

DEFAULT_ENGINE = "ppocr"

# A factory takes the model file to load (None: the engine's own default).
EngineFactory = Callable[[Path | None], OcrEngine]
_FACTORIES: dict[str, EngineFactory] = {}
_BUILT: dict[tuple[str, str | None], OcrEngine] = {}
_lock = threading.Lock()


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available to recognize_page(engine=name) and `guji ocr --engine`."""
    with _lock:
        _FACTORIES[name] = factory
        for key in [k for k in _BUILT if k[0] == name]:
            del _BUILT[key]


def engine_names() -> list[str]:
    _load_builtin()
    return sorted(_FACTORIES)


def get_engine(name: str = DEFAULT_ENGINE, *, model: Path | str | None = None) -> OcrEngine:
    """The engine of that name (with that model file), built on first use in this process.

    UsageError naming the known engines for an unknown name, and the engine's own
    UsageError when its model or program is missing."""
    _load_builtin()
    key = (name, None if model is None else str(Path(model).resolve()))
    with _lock:
        if key in _BUILT:
            return _BUILT[key]
        try:
            factory = _FACTORIES[name]
        except KeyError:
            raise UsageError(f"no OCR engine called {name!r}",
                             hint=f"choose one of: {', '.join(sorted(_FACTORIES))}") from None
        engine = factory(None if model is None else Path(model))
        _BUILT[key] = engine
        return engine


def _no_model(name: str, build: Callable[[], OcrEngine]) -> EngineFactory:
    def factory(model: Path | None) -> OcrEngine:
        if model is not None:
            raise UsageError(f"the {name} engine takes no model file",
                             hint="--model is for the ppocr engine")
        return build()
    return factory


def _load_builtin() -> None:
    # Imported on first use, not at module top: each engine imports the seam, and
    # onnxruntime or Tesseract is loaded only when its engine is asked for.
    if _FACTORIES:
        return
    from guji.ocr.engines.ppocr import PaddleEngine
    from guji.ocr.engines.tesseract import TesseractEngine

    register_engine("ppocr", lambda model: PaddleEngine(model))
    register_engine("ppocr-lunyu", lambda model: PaddleEngine(model, language=True))
    register_engine("tesseract", _no_model("tesseract", TesseractEngine))
    register_engine("tesseract-vert",
                    _no_model("tesseract-vert", lambda: TesseractEngine(vertical=True)))
