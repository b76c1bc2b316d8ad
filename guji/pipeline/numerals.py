"""Chinese numerals both ways, the one place the project reads or writes them: juan and
leaf numbers in centre strips (卷二百十三, 廿一, 一二), counts in catalogue text (四冊),
and the labels publishing writes (卷二十三).

OCR reads a centre strip into typed integers once (guji.ocr.numerals.strip_fields);
publishing takes those integers and never parses the strip's text again, because two
parsers with different rules disagreed on the juan (「孟子卷一一」 is juan 1, leaf 1)."""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "貳": 2, "參": 3, "肆": 4, "伍": 5,
          "陸": 6, "柒": 7, "捌": 8, "玖": 9}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 廿, 卅 and 卌 are common in centre-strip numbering.
TENS = {"廿": 20, "卅": 30, "卌": 40}
NUMERAL_CHARS = "".join([*DIGITS, *UNITS, *TENS])
_NUMBER = re.compile(rf"[0-9]+|[{NUMERAL_CHARS}]+")
_WRITTEN = "〇一二三四五六七八九"


def parse_numeral(text: str) -> int | None:
    """The value of a numeral in Chinese characters or Arabic digits (二十 → 20,
    二百十三 → 213, 廿一 → 21, 一二 → 12 read digit by digit, "123" → 123); None if not one."""
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if any(c not in NUMERAL_CHARS for c in text):
        return None
    if not any(c in UNITS or c in TENS for c in text):
        # Digits alone are positional (一〇二 = 102), as some blocks print leaf numbers.
        return int("".join(str(DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in TENS:
            total += TENS[c]
            digit = None
        else:
            # A bare unit (十 in 十三) counts one of it.
            total += (1 if digit is None else digit) * UNITS[c]
            digit = None
    return total + (digit or 0)


def first_number(text: str) -> int | None:
    """The first number written in text (四卷 → 4, 2冊 → 2), or None."""
    match = _NUMBER.search(text)
    return parse_numeral(match.group()) if match else None


def to_chinese(n: int) -> str:
    """Write 0..9999 as juan and leaf numbers are printed (十二, 二十, 一百〇五, 一百一十二)."""
    if n <= 0:
        return _WRITTEN[0] if n == 0 else str(n)
    parts: list[str] = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            # A leading ten drops its 一 (十二); inside a larger number it keeps it (一百一十二).
            parts.append(("" if (unit == "十" and digit == 1 and not parts) else _WRITTEN[digit])
                         + unit)
        elif parts and n and parts[-1] != "〇":
            parts.append("〇")
    if n:
        parts.append(_WRITTEN[n])
    return "".join(parts)
