"""A frame cracked in two through its top and bottom rules: each part is narrower than a
frame, and the half-leaf was lost whole. The page is one of a fresh training set
(`guji sample --flat --pages 100 --seed 8585 --layout mixed --fonts train`, page 49:
an opening in Noto Serif CJK TC), printed again on its own."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein

from guji.ocr import recognize_page
from guji.ocr.geometry import Box
from guji.ocr.layout.frames import _parts_joined
from guji.ocr.variants import normalize
from tests.ocr.reprint import reprint

FACE = "Noto Serif CJK TC Regular"


def test_parts_of_one_frame_side_by_side_are_joined() -> None:
    glyph, tall = 24.0, 240.0
    # Page 49's two parts, overlapping at the ruling where the cracks run.
    parts = [Box(844, 231, 291, 816), Box(1123, 231, 293, 816)]
    assert _parts_joined(parts, tall, glyph) == [Box(844, 231, 572, 816)]
    # Seed 8686's page 27: a crack as wide as half a glyph between the parts.
    apart = [Box(733, 143, 203, 552), Box(946, 143, 249, 552)]
    assert _parts_joined(apart, tall, 19.0) == [Box(733, 143, 462, 552)]
    # The two frames of a spread stand apart (the fold between them)...
    frames = [Box(60, 232, 574, 816), Box(844, 231, 572, 816)]
    assert sorted(_parts_joined(frames, tall, glyph), key=lambda b: b.x) == frames
    # ...and the fold's line, from paper edge to paper edge, is no part of a frame.
    fold = Box(736, 93, 7, 1026)
    assert Box(736, 93, 7, 1026) in _parts_joined([fold, Box(600, 231, 140, 816)], tall, glyph)
    # Pieces shorter than a frame (rules, stubs) are left as they are.
    rule = Box(844, 231, 291, 4)
    assert _parts_joined([rule, parts[1]], tall, glyph) == [parts[1], rule]


def test_both_half_leaves_of_the_cracked_frame_are_read(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    truth = reprint(tmp_path_factory.mktemp("cracked-frame"), FACE, pages=49, seed=8585, page=49)
    read = recognize_page(truth.image)
    assert [h.side for h in read.half_pages] == ["right", "left"]
    assert [len(h.columns) for h in read.half_pages] == [9, 9]
    printed = normalize(truth.text)
    assert printed.startswith("子曰弟子入則孝")
    assert Levenshtein.distance(normalize(read.text), printed) <= 5
