"""recognize_page with the real Tesseract on generated pages: text, leaves, boxes."""

from __future__ import annotations

from guji.ocr import OcrPage
from guji.ocr.evaluate import cer_counts
from guji.ocr.truth import TruthPage

# Tesseract with this layout reads generated 200 dpi pages at a CER near 0.1; reading a
# whole page with Tesseract alone scores above 0.5 on them.
MAX_PAGE_CER = 0.25


def test_text_is_read_in_reading_order(generated: dict[str, TruthPage],
                                       recognized: dict[str, OcrPage]) -> None:
    for name, truth in generated.items():
        distance, length = cer_counts(recognized[name].text, truth.text)
        assert distance / length <= MAX_PAGE_CER, name
        # One line per column, columns in the truth's order.
        lines = recognized[name].text.splitlines()
        assert len(lines) == len(truth.columns)
        first, _ = cer_counts(lines[0], truth.columns[0])
        assert first <= len(truth.columns[0]) // 2, name


def test_leaf_numbers_are_read_from_the_centre_strips(generated, recognized) -> None:  # type: ignore[no-untyped-def]
    read = expected = 0
    for name, truth in generated.items():
        page = recognized[name]
        strips = [h.centre_strip for h in page.half_pages]
        for strip, leaf in zip(strips, truth.leaves, strict=True):
            expected += leaf is not None
            read += strip is not None and strip.leaf == leaf
            # The strip's text stays out of the body text.
            if strip is not None and strip.text:
                assert strip.text not in page.text
    assert read >= expected - 1


def test_boxes_lie_in_the_image_and_glyphs_in_their_lines(recognized) -> None:  # type: ignore[no-untyped-def]
    for page in recognized.values():
        for column in page.columns:
            for line in column.lines:
                b = line.box
                assert b.x >= 0 and b.y >= 0 and b.right <= page.width and b.bottom <= page.height
                for g in line.glyphs:
                    assert 0.0 <= g.confidence <= 1.0
                    centre_y = g.box.y + g.box.h / 2
                    assert b.y - b.h * 0.1 <= centre_y <= b.bottom + b.h * 0.1
            assert column.kind in ("body", "commentary")
        assert page.direction == "vertical-rl"


def test_commentary_lines_are_marked(recognized) -> None:  # type: ignore[no-untyped-def]
    kinds = {line.kind for p in recognized.values() for c in p.columns for line in c.lines}
    assert {"body", "commentary"} <= kinds
