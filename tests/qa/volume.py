"""A small volume's page dicts, as the ingest flow collects them, made in the tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyvips

from guji.imaging.metrics import perceptual_hash
from tests.imaging.pages import draw_leaf


def thumb(seed: int) -> bytes:
    """A real JPEG thumbnail of a drawn leaf."""
    leaf = draw_leaf(np.random.default_rng(seed), width=200, height=280).pixels
    return bytes(pyvips.Image.new_from_array(leaf).jpegsave_buffer(Q=80))


def page(seq: int, source: str, *, seed: int, verdict: str = "pass",
         sharpness: float = 0.9, blank: bool = False, skew: float = 0.2,
         reasons: tuple[str, ...] = ()) -> dict[str, Any]:
    leaf = draw_leaf(np.random.default_rng(seed), width=300, height=420,
                     text=not blank).pixels
    h = perceptual_hash(leaf)
    return {
        "seq": seq, "scan_seq": seq, "side": "single", "source": source, "skew_deg": skew,
        "page_box": [10, 12, 300, 420], "frame_box": [30, 40, 230, 330],
        "metrics": {"dpi": 400.0, "sharpness": sharpness, "clipped_shadows": 0.0,
                    "clipped_highlights": 0.0, "dynamic_range": 190.0, "ink_coverage":
                    0.0 if blank else 0.07, "blank": blank, "phash": h, "skew_deg": skew},
        "verdict": verdict, "reasons": list(reasons), "phash": h,
    }
