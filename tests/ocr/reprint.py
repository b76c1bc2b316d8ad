"""One page of a training set printed again on its own: the page a layout rule was
found on, for the test of that rule (`guji.sample.generate_flat(..., only=[N])` prints
it as the whole set prints it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guji.ocr.truth import TruthPage, find_truth
from guji.sample import generate_flat
from guji.sample.plan import LayoutChoice


def reprint(root: Path, face: str, *, pages: int, seed: int, page: int,
            layout: LayoutChoice = "mixed") -> TruthPage:
    """Page `page` of `guji sample --flat --pages PAGES --seed SEED --layout LAYOUT
    --fonts train`, skipped where it does not print in `face` (another set of training
    faces installed)."""
    generate_flat(root, pages=pages, seed=seed, layout=layout, fonts="train", only=[page])
    [truth] = find_truth(root)
    if truth.typeface != face:
        pytest.skip(f"the page prints in {truth.typeface}, not {face}: another set of "
                    "training faces is installed (run.sh setup installs them all)")
    return truth
