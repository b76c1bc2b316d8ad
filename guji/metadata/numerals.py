"""Chinese numerals as they appear in juan numbers and counts (卷二十三, 四冊)."""

from __future__ import annotations

import re

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9, "壹": 1, "貳": 2, "參": 3, "肆": 4, "伍": 5, "陸": 6,
           "柒": 7, "捌": 8, "玖": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 廿 and 卅 are common in banxin (centre-strip) numbering.
_SHORTHAND = {"廿": 20, "卅": 30, "卌": 40}

NUMERAL_CHARS = "".join([*_DIGITS, *_UNITS, *_SHORTHAND])
_NUMBER = re.compile(rf"[0-9]+|[{NUMERAL_CHARS}]+")


def chinese_number(text: str) -> int | None:
    """Value of a numeral written in Chinese characters or Arabic digits; None if not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if any(ch not in _DIGITS and ch not in _UNITS and ch not in _SHORTHAND for ch in text):
        return None
    if not any(ch in _UNITS for ch in text) and len(text) > 1 and all(ch in _DIGITS for ch in text):
        # Digit-by-digit style (一〇二), used for page and year numbers.
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _SHORTHAND:
            total += _SHORTHAND[ch]
            current = 0
        else:
            # A bare unit (十 in 十三) counts as one of it.
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


def first_number(text: str) -> int | None:
    """The first number written in text (四卷 -> 4, 2冊 -> 2), or None."""
    match = _NUMBER.search(text)
    return chinese_number(match.group()) if match else None


_DIGIT_NAMES = "〇一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write 1..9999 in Chinese numerals as a juan number is written (卷二十三)."""
    if n <= 0:
        return str(n)
    parts: list[str] = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            parts.append(("" if (unit == "十" and digit == 1 and not parts) else _DIGIT_NAMES[digit]) + unit)
        elif parts and n and parts[-1] != "〇":
            parts.append("〇")
    if n:
        parts.append(_DIGIT_NAMES[n])
    return "".join(parts)
