"""Pages of the independent renderer (benchmarks/independent_pages.py), drawn as its
benchmark draws them, for tests of what was found on them. Its text is the Kanripo 孟子
of ../shared: tests skip where that is absent. Only its tuned seeds (2, 3 and 9) and
held-out seeds (7, 8) in training faces belong in tests, never its reserved seed 6."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from PIL import Image

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def independent_page(seed: int, page: int) -> tuple[Image.Image, str]:
    """The page image and its truth (columns in reading order, one a line)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import independent_pages as ip
    finally:
        sys.path.remove(str(BENCHMARKS))
    text = ip.mengzi_text()
    if not text:
        pytest.skip(f"no Kanripo Mengzi at {ip.MENGZI} (../shared absent)")
    from guji.sample.style import printing_faces

    image, truth, _ = ip.draw_page(random.Random(seed * 1000 + page), printing_faces("train"),
                                   text)
    return image, truth
