"""Chinese numerals as printed in centre strips (卷二百十三, 三十七, 廿一) and the strip's
parts: title, juan (卷) and leaf (葉) number."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from guji.ocr.page import OcrLine
from guji.pipeline import numerals
from guji.pipeline.numerals import NUMERAL_CHARS

# Marks Tesseract reads for 一 in a narrow strip.
_LOOKALIKES = str.maketrans({"—": "一", "－": "一", "-": "一", "ー": "一", "_": "一"})
# What Tesseract reads for numerals in a strip: 上/士/干 for 十, 力/几 for 九, ...
LOOKALIKE_NUMERALS = {"上": "十", "士": "十", "干": "十", "土": "十", "力": "九", "几": "九",
                      "匕": "七", "入": "八", "人": "八", "口": "四", "工": "三", "亖": "四"}
NUMERAL_LOOKALIKES = "".join(LOOKALIKE_NUMERALS)
_RUN = re.compile(f"[{NUMERAL_CHARS}]+")


def parse_numeral(text: str) -> int | None:
    """The value of a numeral read in a strip (dashes read for 一 count as 一); None when
    `text` is not one. The rules are guji.pipeline.numerals', the project's only ones."""
    text = text.translate(_LOOKALIKES).strip()
    if text.isascii():
        # Arabic digits are not what a woodblock strip prints; a read of them is noise.
        return None
    return numerals.parse_numeral(text)


@dataclass(frozen=True)
class StripFields:
    """What a centre strip says: its title, juan number and leaf number (None if unread)."""

    title: str | None
    juan: int | None
    leaf: int | None


def strip_fields(parts: list[str]) -> StripFields:
    """Title, juan and leaf from the strip's parts read top to bottom.

    The juan is the numeral after 卷; the leaf number is the last numeral standing on its
    own (the part nearest the foot of the strip that holds a numeral and no 卷); the title
    is the text before 卷, or the first part that is not a numeral.
    """
    parts = [p.translate(_LOOKALIKES).strip() for p in parts if p.strip()]
    juan = None
    title = None
    juan_part = None
    for i, part in enumerate(parts):
        m = re.search(f"卷([{NUMERAL_CHARS}]+)", part)
        if m:
            juan = parse_numeral(m.group(1))
            juan_part = i
            before = part[:m.start()].strip()
            title = before or (parts[i - 1] if i > 0 and parse_numeral(parts[i - 1]) is None
                               else None)
            break
    leaf = None
    for i in range(len(parts) - 1, -1, -1):
        if i == juan_part:
            if juan_part is not None:
                # The leaf may follow the juan in the same part: 卷二 十 → numerals after.
                tail = re.sub(f"^.*?卷[{NUMERAL_CHARS}]+", "", parts[i])
                runs = _RUN.findall(tail)
                leaf = parse_numeral(runs[-1]) if runs else None
            break
        runs = _RUN.findall(parts[i])
        # A part that is mostly not numerals (a fish-tail's edge read as 【, a carver's
        # name) is not the leaf number.
        if runs and sum(len(r) for r in runs) * 2 > len(parts[i]):
            leaf = parse_numeral(max(runs, key=len))
            break
    if title is None:
        title = next((p for p in parts if parse_numeral(p) is None and "卷" not in p), None)
    return StripFields(title=title or None, juan=juan, leaf=leaf)


def strip_foot(free: list[OcrLine], numeral: OcrLine, free_score: float) -> list[OcrLine]:
    """The foot of a strip: read freely (its mean confidence `free_score`, 〓 counting
    nothing), or read limited to numerals, whichever is surer.

    A reading limited to numerals always finds numerals, even in a carver's name, so it
    wins only where it is a well-formed numeral and at least as sure as the free reading
    with look-alikes (上 for 十) put right."""
    mapped = [replace(line, text=_numeral_text(line.text),
                      glyphs=tuple(replace(g, text=_numeral_text(g.text)) for g in line.glyphs))
              for line in free]
    mapped_text = "".join(line.text for line in mapped)
    if _numeral_rank(mapped_text) >= _numeral_rank(numeral.text) and mapped_text:
        return mapped if parse_numeral(mapped_text) is not None else free
    if parse_numeral(numeral.text) is not None and numeral.confidence >= free_score:
        return [numeral]
    return free


def _numeral_rank(text: str) -> tuple[bool, bool, int]:
    well_formed = parse_numeral(text) is not None and (len(text) == 1 or any(
        c in "十百千廿卅" for c in text))
    return (parse_numeral(text) is not None, well_formed, len(text))


def _numeral_text(text: str) -> str:
    return "".join(LOOKALIKE_NUMERALS.get(c, c) for c in text)
