"""Real pages from ../shared (evaluation only: nothing here is tuned on them).

Layout facts stated in their READMEs are checked; the CER bound on the Ming print is a
regression guard well above what the benchmark reports (benchmarks/ocr_cer.py).
"""

from __future__ import annotations

from pathlib import Path

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from guji.ocr.truth import find_truth


def test_ming_print_half_leaf(shared_dir: Path, tmp_path: Path) -> None:
    folder = shared_dir / "data" / "real-pages" / "chat-demo"
    page = load_upright(folder / "yutaixinyong.png")
    layout = analyse_layout(page.rgb)
    # 10 columns in a boxed frame, one half-leaf (README).
    assert [h.side for h in layout.half_pages] == ["single"]
    assert len(layout.columns) == 10
    image = tmp_path / "yutaixinyong.png"
    image.symlink_to(folder / "yutaixinyong.png")
    (tmp_path / "yutaixinyong.gt_columns.tsv").symlink_to(folder / "yutaixinyong.gt_columns.tsv")
    [truth] = find_truth(tmp_path)
    distance, length = cer_counts(recognize_page(image).text, truth.text)
    assert distance / length < 0.6


def test_siku_spread_is_four_half_pages_of_eight_columns(shared_dir: Path) -> None:
    page = load_upright(shared_dir / "data" / "real-pages" / "siku-wuli-tongkao" / "siku_1.png")
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    # Two leaves, one above the other, each split at its centre strip (README).
    assert [h.side for h in layout.half_pages] == ["right", "left", "right", "left"]
    assert [len(h.columns) for h in layout.half_pages] == [8, 8, 8, 8]
    assert all(h.centre_strip is not None for h in layout.half_pages)
    assert layout.half_pages[0].frame.y < layout.half_pages[2].frame.y
    notes = sum(s.kind == "note" for c in layout.columns for s in c.segments)
    assert notes >= 10  # double-line commentary throughout
