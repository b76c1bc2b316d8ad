"""Reading the catalogue's free text the way a rare-book cataloguer writes it."""

from __future__ import annotations

import pytest

from guji.metadata.cataloguing import (
    alternative_titles,
    contributors,
    edition_type,
    layout_parts,
    rarity_en,
    sibu_division,
)
from guji.pipeline.numerals import first_number, to_chinese
from guji.pipeline.numerals import parse_numeral as chinese_number


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十三", 13), ("二十", 20), ("二十三", 23), ("廿三", 23),
    ("一百〇五", 105), ("一〇二", 102), ("一千〇五", 1005), ("123", 123), ("卷", None), ("", None),
])
def test_chinese_numbers_read_as_written_in_juan_and_leaf_numbers(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("n", [1, 9, 10, 11, 20, 23, 100, 105, 110, 999, 1005, 2024])
def test_juan_numbers_written_in_chinese_read_back(n: int) -> None:
    assert chinese_number(to_chinese(n)) == n


def test_counts_are_found_in_extent_text() -> None:
    assert first_number("四卷") == 4
    assert first_number("2冊") == 2
    assert first_number("卷首一卷") == 1


def test_contributors_take_dynasty_in_brackets_and_role_from_the_end() -> None:
    people = contributors("（魏）何晏集解；（梁）皇侃義疏；朱熹撰", "宋")
    assert [(p.name, p.dynasty, p.role_zh, p.role_code) for p in people] == [
        ("何晏", "魏", "集解", "cwt"), ("皇侃", "梁", "義疏", "cwt"), ("朱熹", "宋", "撰", "aut")]
    assert people[0].display == "（魏）何晏集解"


def test_a_dynasty_column_pairs_with_names_in_order() -> None:
    people = contributors("鄭玄注|賈公彥疏", "漢|唐")
    assert [(p.name, p.dynasty, p.role_code) for p in people] == [("鄭玄", "漢", "cwt"), ("賈公彥", "唐", "cwt")]


def test_a_name_without_role_is_kept_whole() -> None:
    assert [(p.name, p.role_zh) for p in contributors("佚名")] == [("佚名", "")]
    # A one-character name that is also a role word is not eaten.
    assert contributors("注")[0].name == "注"


@pytest.mark.parametrize(("edition", "kind", "manuscript"), [
    ("明萬曆刻本", "刻本", False), ("清乾隆木活字本", "活字本", False), ("清抄本", "抄本", True),
    ("據明刻本抄本", "抄本", True), ("稿本", "稿本", True), ("明末朱墨套印本", "套印本", False),
])
def test_edition_type_is_the_last_kind_named(edition: str, kind: str, manuscript: bool) -> None:
    found = edition_type(edition)
    assert found is not None
    assert (found.zh, found.manuscript) == (kind, manuscript)


def test_unknown_edition_has_no_type() -> None:
    assert edition_type("萬曆間") is None


def test_layout_is_split_into_its_parts() -> None:
    parts = layout_parts("半葉九行，行十八字，小字雙行同，黑口，左右雙邊，雙順黑魚尾")
    assert [(p.kind, p.text) for p in parts] == [
        ("lines", "半葉九行，行十八字，小字雙行同"), ("centre-strip", "黑口"),
        ("border", "左右雙邊"), ("fish-tail", "雙順黑魚尾")]


def test_alternative_titles_say_where_they_are_found() -> None:
    titles = alternative_titles("卷端：論語集解義疏; 版心題名:論語 | 論語皇疏")
    assert [(t.title, t.source_zh, t.source_en) for t in titles] == [
        ("論語集解義疏", "卷端題名", "caption title"),
        ("論語", "版心題名", "running title (centre strip)"),
        ("論語皇疏", "", "")]


def test_four_branches_and_rarity_grades() -> None:
    assert sibu_division("史部·地理類") == ("shi", "史部", "Histories")
    assert sibu_division("Other") is None
    assert rarity_en("二級乙等") == "Grade 2, class B"


def test_layout_split_on_spaces_as_well_as_punctuation() -> None:
    parts = layout_parts("半葉十行行十八字 小字雙行同 白口　四周雙邊 單魚尾")
    assert [(p.kind, p.text) for p in parts] == [
        ("lines", "半葉十行行十八字，小字雙行同"), ("centre-strip", "白口"),
        ("border", "四周雙邊"), ("fish-tail", "單魚尾")]


def test_a_title_in_latin_letters_is_pinyin() -> None:
    pinyin, chinese = alternative_titles("Lúnyǔ jízhù；卷端:論語集注")
    assert (pinyin.title, pinyin.romanized, pinyin.bcp47) == ("Lúnyǔ jízhù", True,
                                                             "zh-Latn-pinyin")
    assert pinyin.source_zh == "拼音題名"
    assert (chinese.romanized, chinese.bcp47) == (False, "zh-Hant")
