"""Short notes whose sub-columns touch: two or three rows a side, parted only by a crack,
between main characters (guji/ocr/layout/segments.py, CROWDED_ROWS). Pages of fresh
training sets (`guji sample --flat --pages 10 --seed S --fonts train`), printed again."""

from __future__ import annotations

import pytest

from guji.ocr import recognize_page
from guji.ocr.evaluate import cer_counts
from guji.ocr.image import load_upright
from guji.ocr.layout import analyse_layout
from tests.ocr.reprint import reprint


def test_a_short_note_between_main_characters_is_found(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Seed 9733, page 6 (Noto Serif CJK TC): 道可道 / 謂經術政・教之道也 / 非常道 / ...
    # and, in the ninth column, 以道化 / 民也 between main characters.
    truth = reprint(tmp_path_factory.mktemp("short-crowded"), "Noto Serif CJK TC Regular",
                    pages=10, seed=9733, page=6, layout="half-leaf")
    page = load_upright(truth.image)
    layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
    [half] = layout.half_pages
    # The third column: four notes of four rows a side (謂經術政 / 教之道也 …). Two are
    # crowded to a crack, and a crowded stretch had to be 2.2 glyphs long: they were
    # main text, each read as one line of four characters.
    assert truth.columns[2].startswith("道可道謂經術政教之道也非常道")
    assert [s.kind for s in half.columns[2].segments] == ["main", "note"] * 4 + ["main"]
    # The ninth: 以道化 / 民也, three rows and two, alone: main text that may be a note,
    # read both ways.
    assert truth.columns[8].startswith("為之事行不言之教以道化民也萬物")
    [main] = half.columns[8].segments
    [maybe] = main.maybe_notes
    assert 8 * layout.glyph < maybe.box.y - main.box.y < 9 * layout.glyph
    errors, characters = cer_counts(recognize_page(truth.image).text, truth.text)
    # 19 of 199 with the short notes dropped whole; 1 now.
    assert errors <= 4, (errors, characters)


def test_two_main_characters_split_alike_stay_main_text(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    # Seed 9750, page 2 (AR PL UMing Light): 根綿 part at one crack into 木艮 / 糸帛, two
    # rows of small pieces a side. Taken for a note they read 艮帛木幺 (4 wrong).
    truth = reprint(tmp_path_factory.mktemp("split-alike"), "AR PL UMing TW Light",
                    pages=10, seed=9750, page=2, layout="half-leaf")
    errors, characters = cer_counts(recognize_page(truth.image).text, truth.text)
    assert errors <= 1, (errors, characters)
