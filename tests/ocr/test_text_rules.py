"""Numerals of centre strips, the variant table and text normalisation."""

from __future__ import annotations

import pytest

from guji.ocr.numerals import parse_numeral, strip_fields
from guji.ocr.variants import normalize, variant_table


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十七", 37), ("一百", 100),
    ("二百十三", 213), ("廿一", 21), ("一二", 12), ("〇", 0), ("—", 1),
])
def test_parse_numeral(text: str, value: int) -> None:
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "卷", "十a", "學"])
def test_not_a_numeral(text: str) -> None:
    assert parse_numeral(text) is None


def test_strip_fields_from_parts() -> None:
    f = strip_fields(["孟子卷二", "十"])
    assert (f.title, f.juan, f.leaf) == ("孟子", 2, 10)
    f = strip_fields(["欽定四庫全書", "五禮通考卷二百十三", "十六"])
    assert (f.title, f.juan, f.leaf) == ("五禮通考", 213, 16)
    f = strip_fields(["大學卷一"])
    assert (f.title, f.juan, f.leaf) == ("大學", 1, None)
    assert strip_fields([]).leaf is None


def test_variant_table_holds_the_real_pages_pairs() -> None:
    table = variant_table()
    pairs = [("罏", "鑪"), ("逰", "遊"), ("眀", "明"), ("毎", "每"), ("輙", "輒"),
             ("窓", "窗"), ("粧", "妝")]
    for variant, form in pairs:
        assert normalize(variant) == normalize(form), variant
    # Folding is to one form: no chains, no cycles.
    assert not set(table.values()) & set(table)


def test_normalize_drops_whitespace_and_punctuation_only() -> None:
    assert normalize("　子曰：「學而，時習之。」\n|~") == "子曰學而時習之"
    assert normalize("〇一二") == "〇一二"
