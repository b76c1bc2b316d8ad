"""Normalising text for comparison: whitespace and punctuation out, variants folded.

The table of variant characters (異體字) is guji/ocr/variants.tsv, one pair a line:
the variant, the form it is folded to, and why (docs/ocr.md describes it).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def variant_table() -> dict[str, str]:
    """variant → folded form, from variants.tsv."""
    table: dict[str, str] = {}
    text = resources.files("guji.ocr").joinpath("variants.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variant, form = line.split("\t")[:2]
        table[variant] = form
    return table


def fold_variants(text: str) -> str:
    table = variant_table()
    return "".join(table.get(c, c) for c in text)


def strip_marks(text: str) -> str:
    """Text without whitespace, punctuation, symbols and control characters.

    Letters and numbers stay (〇 is a number); U+3000 indents and the 「」、。 of modern
    editions go, as do the stray | and ~ an engine reads for rulings.
    """
    return "".join(c for c in text if unicodedata.category(c)[0] in ("L", "N"))


def normalize(text: str) -> str:
    """The form in which OCR output and ground truth are compared."""
    return fold_variants(strip_marks(unicodedata.normalize("NFC", text)))
