"""The layout on fresh pages of the diverse generator (training faces): column recall and
precision against the truth, as benchmarks/layout_recall.py measures them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.recall import NONE, score_layout


@pytest.fixture(scope="module")
def diverse_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four scans: unruled, broken and thin rulings, a cracked frame, heavy commentary."""
    from guji.sample import generate_flat

    return generate_flat(tmp_path_factory.mktemp("diverse-layout"), pages=4, seed=33,
                         layout="half-leaf", dpi=200, workers=1, fonts="train")


def test_columns_of_diverse_pages_are_found(diverse_pages: list[Path]) -> None:
    total = NONE
    rules = set()
    for image in diverse_pages:
        truth = json.loads(image.with_name(f"{image.stem}.gt.json").read_text(encoding="utf-8"))
        rules.add(truth["format"]["rules"])
        page = load_upright(image)
        score = score_layout(truth, analyse_layout(page.rgb, skew_deg=page.skew_deg),
                             page.to_source)
        assert score.recall >= 0.9, (image.name, score)
        total += score
    assert total.truth >= 20
    assert total.recall >= 0.97 and total.precision >= 0.95, total
    assert len(rules) >= 2, rules
