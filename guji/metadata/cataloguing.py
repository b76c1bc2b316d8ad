"""Reading the catalogue's free-text fields by the habits of Chinese rare-book cataloguing.

The catalogue keeps fields as a cataloguer writes them (「（明）張三撰；（清）李四注」,
「明萬曆三十年刻本」, 「半葉十行，行二十字，白口，四周單邊，單黑魚尾」); the records need them
split into parts. Every parser here keeps the original text when it cannot split it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from guji.pipeline.numerals import first_number

_LIST_SEPARATORS = re.compile(r"\s*[;；|｜\n]\s*")


def split_list(text: str) -> list[str]:
    """Items of a field that holds several values separated by ; ； | or newlines."""
    return [part for part in _LIST_SEPARATORS.split(text.strip()) if part]


# --- titles -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AltTitle:
    title: str
    source_zh: str = ""  # where on the book it is found: 卷端, 版心, 書衣 ...
    source_en: str = ""

    @property
    def romanized(self) -> bool:
        """A title in Latin letters (Mengzi zhu, Lúnyǔ) is the pinyin of the Chinese one."""
        return bool(self.title) and all(
            c.isascii() or unicodedata.category(c).startswith(("L", "M")) and ord(c) < 0x0250
            for c in self.title) and any(c.isalpha() for c in self.title)

    @property
    def bcp47(self) -> str:
        """Its language tag: Traditional Chinese, or Chinese in Hanyu Pinyin."""
        return PINYIN_TAG if self.romanized else "zh-Hant"


PINYIN_TAG = "zh-Latn-pinyin"  # BCP 47: Chinese, Latin script, Hanyu Pinyin variant


_TITLE_SOURCES = {
    "卷端": "caption title", "版心": "running title (centre strip)", "書衣": "cover title",
    "書簽": "label title", "封面": "title page", "內封": "inner cover title",
    "牌記": "colophon title", "目錄": "table of contents title", "序": "preface title",
}


def alternative_titles(text: str) -> list[AltTitle]:
    """「卷端:論語集解; 版心:論語」 -> titles labelled by where they are found."""
    titles = []
    for item in split_list(text):
        source, sep, title = item.replace("：", ":").partition(":")
        source, title = source.strip(), title.strip()
        if not sep or not title:
            alt = AltTitle(item)
            titles.append(alt if not alt.romanized else
                          AltTitle(item, "拼音題名", "romanized title (Hanyu Pinyin)"))
            continue
        key = source.removesuffix("題名").removesuffix("題")
        titles.append(AltTitle(title, f"{key}題名", _TITLE_SOURCES.get(key, "other title")))
    return titles


# --- statements of responsibility --------------------------------------------------------

@dataclass(frozen=True)
class Contributor:
    name: str
    dynasty: str = ""
    role_zh: str = ""
    role_code: str = ""  # MARC relator code

    @property
    def display(self) -> str:
        dynasty = f"（{self.dynasty}）" if self.dynasty else ""
        return f"{dynasty}{self.name}{self.role_zh}"


# Longest first, so 集解 is not read as 解.
ROLES: dict[str, tuple[str, str]] = {
    "集解": ("cwt", "commentator"), "集注": ("cwt", "commentator"),
    "箋注": ("cwt", "commentator"), "輯注": ("cwt", "commentator"),
    "校注": ("cwt", "commentator"), "評點": ("cwt", "commentator"),
    "義疏": ("cwt", "commentator"), "音義": ("cwt", "commentator"),
    "撰": ("aut", "author"), "著": ("aut", "author"), "述": ("aut", "author"),
    "注": ("cwt", "commentator"), "註": ("cwt", "commentator"), "疏": ("cwt", "commentator"),
    "箋": ("cwt", "commentator"), "評": ("cwt", "commentator"), "解": ("cwt", "commentator"),
    "輯": ("com", "compiler"), "編": ("com", "compiler"), "纂": ("com", "compiler"),
    "選": ("com", "compiler"), "校": ("edt", "editor"), "訂": ("edt", "editor"),
    "修": ("edt", "editor"), "譯": ("trl", "translator"), "繪": ("ill", "illustrator"),
    "書": ("cll", "calligrapher"), "刻": ("wde", "wood engraver"),
}
_DYNASTY = re.compile(r"^\s*[（(\[［〔]\s*([^）)\]］〕]+?)\s*[）)\]］〕]\s*")


def contributors(author: str, author_dynasty: str = "") -> list[Contributor]:
    """「（明）張三撰；李四注」 and a dynasty column -> names with dynasty and role."""
    dynasties = split_list(author_dynasty)
    found = []
    for i, item in enumerate(split_list(author)):
        dynasty = ""
        match = _DYNASTY.match(item)
        if match:
            dynasty, item = match.group(1), item[match.end():]
        elif dynasties:
            # One dynasty for all, or one per name in the same order.
            dynasty = dynasties[i] if len(dynasties) > 1 and i < len(dynasties) else dynasties[0]
        name, role = item.strip(), ""
        for word in ROLES:
            if name.endswith(word) and len(name) > len(word):
                name, role = name[: -len(word)].strip(), word
                break
        code = ROLES[role][0] if role else ""
        found.append(Contributor(name, dynasty, role, code))
    return found


def role_en(role_zh: str) -> str:
    return ROLES[role_zh][1] if role_zh in ROLES else ""


# --- edition ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EditionType:
    zh: str
    en: str
    manuscript: bool


EDITION_TYPES: tuple[EditionType, ...] = (
    EditionType("套印本", "multi-colour woodblock print", False),
    EditionType("活字本", "movable-type print", False),
    EditionType("刻本", "woodblock print", False),
    EditionType("刊本", "woodblock print", False),
    EditionType("石印本", "lithographic print", False),
    EditionType("鉛印本", "letterpress print", False),
    EditionType("影印本", "facsimile reprint", False),
    EditionType("抄本", "manuscript copy", True),
    EditionType("鈔本", "manuscript copy", True),
    EditionType("稿本", "autograph manuscript", True),
    EditionType("寫本", "manuscript", True),
    EditionType("拓本", "rubbing", False),
)


def edition_type(edition: str) -> EditionType | None:
    """The kind of edition named last in the statement (「據明刻本抄本」 is a 抄本)."""
    best: tuple[int, EditionType] | None = None
    for kind in EDITION_TYPES:
        at = edition.rfind(kind.zh)
        if at >= 0 and (best is None or at + len(kind.zh) > best[0]):
            best = (at + len(kind.zh), kind)
    return best[1] if best else None


# --- physical description -----------------------------------------------------------------

@dataclass(frozen=True)
class LayoutPart:
    kind: str  # "lines", "border", "centre-strip", "fish-tail", "other"
    text: str

    @property
    def label_zh(self) -> str:
        return _LAYOUT_LABELS.get(self.kind, ("版式", ""))[0]

    @property
    def label_en(self) -> str:
        return _LAYOUT_LABELS.get(self.kind, ("", "Layout"))[1]


_LAYOUT_LABELS = {
    "lines": ("行款", "Lines and characters per half-leaf"), "border": ("邊欄", "Borders"),
    "centre-strip": ("版心", "Centre strip"), "fish-tail": ("魚尾", "Fish-tails"),
}


def layout_parts(layout: str) -> list[LayoutPart]:
    """「半葉十行，行二十字，白口，四周單邊，單黑魚尾」 -> 行款, 版心, 邊欄 and 魚尾 parts."""
    parts: list[LayoutPart] = []
    # Cataloguers separate the parts with punctuation or with spaces (ASCII or 全角).
    for segment in (s for s in re.split(r"[\s\u3000]*[，,、；;。\s\u3000][\s\u3000]*", layout.strip()) if s):
        if "魚尾" in segment:
            kind = "fish-tail"
        elif "邊" in segment or "欄" in segment:
            kind = "border"
        elif segment.endswith("口"):
            kind = "centre-strip"
        elif "行" in segment or "字" in segment:
            kind = "lines"
        else:
            kind = "other"
        if kind == "lines" and parts and parts[-1].kind == "lines":
            # 「半葉十行」「行二十字」 are one 行款 statement.
            parts[-1] = LayoutPart("lines", f"{parts[-1].text}，{segment}")
        else:
            parts.append(LayoutPart(kind, segment))
    return parts


def count_of(text: str) -> int | None:
    """The count in an extent field: 「四卷」, 「4」, 「二冊」."""
    return first_number(text) if text.strip() else None


SIBU: dict[str, tuple[str, str]] = {
    "經": ("jing", "Classics"), "史": ("shi", "Histories"), "子": ("zi", "Masters"),
    "集": ("ji", "Collections"), "叢": ("cong", "Collectanea"),
}


def sibu_division(classification: str) -> tuple[str, str, str] | None:
    """(set code, 部 name, English) of the four-branch (四部) division a class belongs to."""
    head = classification.strip()[:1]
    if head in SIBU:
        code, en = SIBU[head]
        return code, f"{head}部", en
    return None


_GRADES = {"一級": "Grade 1", "二級": "Grade 2", "三級": "Grade 3"}
_CLASSES = {"甲": "A", "乙": "B", "丙": "C"}


def rarity_en(grade: str) -> str:
    """English gloss of a WH/T 20-2006 grade (「二級乙等」 -> "Grade 2, class B")."""
    words = [en for zh, en in _GRADES.items() if zh in grade]
    words += [f"class {en}" for zh, en in _CLASSES.items() if f"{zh}等" in grade]
    if "一般" in grade:
        words.append("ordinary ancient book")
    return ", ".join(words)


# The collection is thread-bound (線裝); a row's extra "binding" column overrides.
DEFAULT_BINDING = "線裝"


def binding(extra: dict[str, str]) -> str:
    return extra.get("binding") or DEFAULT_BINDING


def juan_text(juan: str) -> str:
    """The juan count as catalogued: 「10」 -> 「10卷」, 「四卷」 kept."""
    return f"{juan.strip()}卷" if juan.strip().isdigit() else juan.strip()


def volumes_text(volumes: str) -> str:
    """The volume (冊) count as catalogued: 「4」 -> 「4冊」, 「二冊」 kept."""
    return f"{volumes.strip()}冊" if volumes.strip().isdigit() else volumes.strip()
