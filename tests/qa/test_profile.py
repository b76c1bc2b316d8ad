"""Profiles turn metrics into verdicts with reasons; docs/qa.md documents every threshold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guji.pipeline.errors import UsageError
from guji.qa.profile import PROFILES, get_profile, is_blank, judge_page, worst

DOC = Path(__file__).resolve().parents[2] / "docs" / "qa.md"
GOOD = {"dpi": 400.0, "sharpness": 0.9, "clipped_shadows": 0.0, "clipped_highlights": 0.001,
        "dynamic_range": 200.0, "skew_deg": 0.4, "ink_coverage": 0.08, "blank": False}


def test_a_good_page_passes_without_reasons() -> None:
    assert judge_page(GOOD, get_profile("default")) == ("pass", ())


@pytest.mark.parametrize(("change", "verdict", "words"), [
    ({"dpi": 250.0}, "warn", "resolution"),
    ({"dpi": 150.0}, "fail", "resolution"),
    ({"dpi": None}, "warn", "no resolution"),
    ({"effective_dpi": 180.0, "size_offset": -0.55}, "fail", "resolution"),
    ({"size_offset": 0.08}, "warn", "frame size"),
    ({"sharpness": 0.3}, "warn", "sharpness"),
    ({"sharpness": 0.1}, "fail", "sharpness"),
    ({"clipped_shadows": 0.01}, "warn", "clipped shadows"),
    ({"clipped_highlights": 0.2}, "fail", "clipped highlights"),
    ({"dynamic_range": 100.0}, "warn", "dynamic range"),
    ({"dynamic_range": 40.0}, "fail", "dynamic range"),
    ({"skew_deg": -3.5}, "warn", "skew"),
    ({"skew_deg": 5.8}, "fail", "skew"),
    ({"blank": True, "sharpness": 0.0, "dynamic_range": 20.0}, "warn", "blank"),
])
def test_each_check_flags_with_a_reason(change: dict, verdict: str, words: str) -> None:
    got, reasons = judge_page({**GOOD, **change}, get_profile("default"))
    assert got == verdict
    assert any(words in r for r in reasons), reasons


def test_a_blank_page_is_not_failed_for_having_no_ink() -> None:
    verdict, reasons = judge_page({**GOOD, "blank": True, "sharpness": 0.0,
                                   "dynamic_range": 12.0}, get_profile("default"))
    assert verdict == "warn"
    assert not any("sharpness" in r or "dynamic range" in r for r in reasons)


def test_profiles_differ_where_they_should() -> None:
    page = {**GOOD, "dpi": 350.0, "clipped_highlights": 0.3}
    assert judge_page(page, get_profile("strict"))[0] == "fail"
    assert judge_page(page, get_profile("lenient"))[0] == "pass"


def test_blankness_follows_the_profile() -> None:
    assert is_blank({"ink_coverage": 0.0005}, get_profile("default"))
    assert not is_blank({"ink_coverage": 0.05}, get_profile("default"))


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(UsageError) as info:
        get_profile("gold")
    assert "default" in str(info.value)


def test_worst_verdict() -> None:
    assert worst() == "pass"
    assert worst("pass", "warn", "pass") == "warn"
    assert worst("warn", "fail") == "fail"


def test_docs_list_every_threshold_of_every_profile() -> None:
    rows = {m.group(1): [c.strip() for c in m.group(2).split("|")]
            for m in re.finditer(r"^\| `([a-z_]+)` \|(.*)\|$", DOC.read_text(encoding="utf-8"),
                                 flags=re.M)}
    names = ["default", "strict", "lenient"]
    assert set(PROFILES) == set(names)
    for field in PROFILES["default"].to_dict():
        if field in {"name", "description"}:
            continue
        assert field in rows, f"docs/qa.md lacks {field}"
        for i, name in enumerate(names):
            assert float(rows[field][i]) == getattr(PROFILES[name], field), (field, name)
