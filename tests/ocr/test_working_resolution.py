"""OCR works at glyph resolution: a fine scan is reduced to about 300 dpi before layout
and recognition, a pyvips image reads like its file, and boxes come back in the pixels
of the image as given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pyvips

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import WORK_DPI, load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.layout.recall import score_layout
from guji.ocr.truth import TruthPage, find_truth

FINE_DPI = 450


@pytest.fixture(scope="module")
def fine(tmp_path_factory: pytest.TempPathFactory) -> TruthPage:
    """One half-leaf scanned at 450 dpi (reduced by 2/3 for OCR)."""
    from guji.sample import generate_flat

    root = tmp_path_factory.mktemp("ocr-fine")
    generate_flat(root, pages=1, seed=2, layout="half-leaf", dpi=FINE_DPI, workers=1)
    [truth] = find_truth(root)
    return truth


def test_a_fine_scan_is_read_at_working_resolution(fine: TruthPage) -> None:
    full = pyvips.Image.new_from_file(str(fine.image))
    page = load_upright(fine.image)
    assert page.scale == pytest.approx(WORK_DPI / FINE_DPI, abs=0.01)
    assert page.width == pytest.approx(full.width * page.scale, abs=2)
    assert (page.source_width, page.source_height) == (full.width, full.height)
    # The columns found on the reduced page map back onto the truth's, in scan pixels.
    truth = json.loads(fine.image.with_suffix(".gt.json").read_text(encoding="utf-8"))
    score = score_layout(truth, analyse_layout(page.rgb, skew_deg=page.skew_deg),
                         page.to_source)
    assert score.detected == score.truth and score.matched == score.truth


def test_a_pyvips_image_reads_like_its_file_at_any_depth(fine: TruthPage) -> None:
    from_file = recognize_page(Path(fine.image))
    distance, length = cer_counts(from_file.text, fine.text)
    assert distance / length <= 0.05
    image = pyvips.Image.new_from_file(str(fine.image))
    assert recognize_page(image).text == from_file.text
    # A 16-bit grey master, as a scanner writes it: the same reading.
    grey16 = (image.colourspace("b-w")[0].cast("ushort") * 257).cast("ushort").copy(
        interpretation="grey16")
    page = recognize_page(grey16)
    assert (page.width, page.height) == (image.width, image.height)
    distance16, _ = cer_counts(page.text, fine.text)
    assert distance16 <= distance + 2
    # Boxes are in the given image's pixels, not the working copy's.
    right = max(line.box.right for c in page.columns for line in c.lines)
    assert right > 0.5 * image.width
