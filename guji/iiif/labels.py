"""Language maps in Traditional Chinese and English, and the descriptive metadata pairs a
manifest shows beside the pages."""

from __future__ import annotations

from guji.metadata.cataloguing import (
    DEFAULT_BINDING,
    alternative_titles,
    binding,
    contributors,
    count_of,
    edition_type,
    juan_text,
    layout_parts,
    rarity_en,
    role_en,
    sibu_division,
    split_list,
    volumes_text,
)
from guji.pipeline.model import CatalogueRecord
from guji.pipeline.numerals import to_chinese

ZH = "zh-Hant"
EN = "en"
LanguageMap = dict[str, list[str]]


def lang(zh: str | list[str], en: str | list[str] | None = None) -> LanguageMap:
    """A language map with the Chinese text and, when there is one, the English."""
    out: LanguageMap = {ZH: zh if isinstance(zh, list) else [zh]}
    if en:
        out[EN] = en if isinstance(en, list) else [en]
    return out


def page_label(seq: int, folio: str | None) -> LanguageMap:
    """「第3頁（葉2a）」: the page's place in the volume and the folio its centre strip gives."""
    if folio is None:
        return lang(f"第{seq}頁", f"p. {seq}")
    return lang(f"第{seq}頁（葉{folio}）", f"p. {seq} (f. {folio})")


def juan_label(juan: int) -> LanguageMap:
    return lang(f"卷{to_chinese(juan)}", f"Juan {juan}")


def volume_label(record: CatalogueRecord) -> LanguageMap:
    english = record.extra.get("title_en") or record.title
    return lang(record.title, english)


def summary(record: CatalogueRecord, pages: int) -> LanguageMap:
    """One sentence in each language: who, when, what kind, how much."""
    people = "；".join(c.display for c in contributors(record.author, record.author_dynasty))
    zh_parts = [p for p in (people, record.edition or record.date_text) if p]
    extent = "".join(p for p in (juan_text(record.juan), volumes_text(record.extent_volumes)) if p)
    if extent:
        zh_parts.append(extent)
    zh_parts.append(f"數字化{pages}頁")
    kind = edition_type(record.edition)
    en_parts = [kind.en.capitalize() if kind else "Ancient Chinese book"]
    if record.date_w3cdtf:
        en_parts[0] += f", {record.date_w3cdtf}"
    juan, volumes = count_of(record.juan), count_of(record.extent_volumes)
    if juan:
        en_parts.append(f"{juan} juan" + (f" in {volumes} volumes" if volumes else ""))
    en_parts.append(f"{pages} digitised pages")
    return lang("。".join(zh_parts) + "。", "; ".join(en_parts) + ".")


def metadata_pairs(record: CatalogueRecord) -> list[tuple[LanguageMap, LanguageMap]]:
    """(label, value) pairs for the manifest's metadata, in cataloguing order."""
    pairs: list[tuple[LanguageMap, LanguageMap]] = [(lang("題名", "Title"), lang(record.title))]
    for alt in alternative_titles(record.title_alt):
        pairs.append((lang(alt.source_zh or "其他題名", (alt.source_en or "other title").capitalize()),
                      {alt.bcp47: [alt.title]}))
    for person in contributors(record.author, record.author_dynasty):
        role = role_en(person.role_zh)
        pairs.append((lang("著者", "Author" if role in ("", "author") else role.capitalize()),
                      lang(person.display)))
    kind = edition_type(record.edition)
    if record.edition:
        pairs.append((lang("版本", "Edition"), lang(record.edition, kind.en if kind else None)))
    if record.date_text or record.date_w3cdtf:
        pairs.append((lang("出版時間", "Date"),
                      lang(record.date_text or record.date_w3cdtf, record.date_w3cdtf or None)))
    if record.place:
        pairs.append((lang("出版地", "Place"), lang(record.place)))
    if record.publisher:
        pairs.append((lang("出版者", "Publisher"), lang(record.publisher)))
    if record.juan:
        n = count_of(record.juan)
        pairs.append((lang("卷數", "Juan"), lang(juan_text(record.juan), str(n) if n else None)))
    if record.extent_volumes:
        n = count_of(record.extent_volumes)
        pairs.append((lang("冊數", "Volumes"),
                      lang(volumes_text(record.extent_volumes), str(n) if n else None)))
    pairs.append((lang("裝幀", "Binding"),
                  lang(binding(record.extra),
                       "thread binding" if binding(record.extra) == DEFAULT_BINDING else None)))
    for part in layout_parts(record.layout):
        pairs.append((lang(part.label_zh, part.label_en), lang(part.text)))
    if record.frame_size_cm:
        pairs.append((lang("版框", "Frame size"), lang(record.frame_size_cm)))
    seals = split_list(record.seals)
    if seals:
        pairs.append((lang("鈐印", "Seals"), lang(seals)))
    if record.rarity_grade:
        pairs.append((lang("古籍定級", "Rarity grade (WH/T 20-2006)"),
                      lang(record.rarity_grade, rarity_en(record.rarity_grade) or None)))
    if record.classification:
        division = sibu_division(record.classification)
        pairs.append((lang("四部分類", "Classification (Four Branches)"),
                      lang(record.classification, division[2] if division else None)))
    if record.call_number:
        pairs.append((lang("索書號", "Call number"), lang(record.call_number)))
    pairs.append((lang("語言", "Language"), lang("文言文（繁體）", "Classical Chinese (Traditional script)")))
    return pairs
