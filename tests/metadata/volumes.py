"""Volumes described by hand, as the catalogue would hand them to the builders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from guji.metadata import Box, EventView, FileView, OcrColumn, PageView, VolumeView
from guji.pipeline.keys import access_key, master_key, ocr_key, thumb_key
from guji.pipeline.model import CatalogueRecord

BASE = "https://guji.example.org/archive"

RICH_RECORD = CatalogueRecord(
    volume_id="px-0001",
    title="論語集解",
    title_alt="卷端:論語集解義疏；版心:論語；書衣:論語皇疏",
    author="（魏）何晏集解；（梁）皇侃義疏",
    edition="明萬曆刻本",
    date_text="明萬曆三十年（1602）",
    date_w3cdtf="1602",
    place="江西南昌",
    publisher="豫章書坊",
    juan="10",
    extent_volumes="4",
    layout="半葉十行，行二十字，小字雙行同，白口，四周單邊，單黑魚尾",
    frame_size_cm="21.5×14.2",
    seals="萍鄉市圖書館藏書印；文德堂珍藏",
    rarity_grade="二級乙等",
    classification="經部·四書類",
    call_number="PX/古/0001",
    access="public",
)

MINIMAL_RECORD = CatalogueRecord(volume_id="px-0002", title="萍鄉縣志")


def _at(minute: int) -> datetime:
    return datetime(2024, 5, 1, 9, minute, tzinfo=UTC)


def _columns(seq: int) -> tuple[OcrColumn, ...]:
    # Columns from right to left: x falls as reading goes on.
    return (
        OcrColumn("學而第一", Box(1800, 150, 90, 1200)),
        OcrColumn("子曰學而時習之不亦說乎", Box(1650, 150, 95, 2300)),
        OcrColumn("馬曰子者男子之通稱", Box(1500, 400, 80, 1800), kind="commentary"),
    ) if seq in (1, 4) else ()


def rich_view(pages: int = 6) -> VolumeView:
    """Six pages, juan 1 on the first three and juan 2 on the rest, OCR on two of them."""
    vid = RICH_RECORD.volume_id
    page_views = tuple(
        PageView(seq=s, width=2000, height=3000, side="right" if s % 2 else "left",
                 leaf_number=(s + 1) // 2, juan=1 if s <= pages // 2 else 2,
                 columns=_columns(s), folio_side="a" if s % 2 else "b")
        for s in range(1, pages + 1))
    files: list[FileView] = []
    for s in range(1, pages + 1):
        files += [
            FileView(master_key(vid, s, "tif"), "master", "image/tiff", 18_000_000, f"{s:064x}", s, _at(1)),
            FileView(access_key(vid, s), "access", "image/jpeg", 900_000, f"{s + 100:064x}", s, _at(2)),
            FileView(thumb_key(vid, s), "thumb", "image/jpeg", 30_000, f"{s + 200:064x}", s, _at(2)),
            FileView(f"{vid}/iiif/{s:04d}/info.json", "tiles", "application/json", 900, f"{s + 300:064x}", s, _at(2)),
            FileView(ocr_key(vid, s, "alto.xml"), "ocr", "application/xml", 5_000, f"{s + 400:064x}", s, _at(3)),
            FileView(ocr_key(vid, s, "txt"), "ocr", "text/plain; charset=utf-8", 500, f"{s + 500:064x}", s, _at(3)),
        ]
    files.append(FileView(f"{vid}/fulltext.txt", "fulltext", "text/plain", 3_000, "f" * 64, None, _at(4)))
    events = (
        EventView(1, "ingestion", "success", _at(1), "6 scans from /scans/px-0001", "guji", "0.1.0"),
        EventView(2, "fixity check", "success", _at(1), "sha256 of master 0001", "guji", "0.1.0", 1),
        EventView(3, "derivation", "success", _at(2), "access copies, thumbnails, IIIF tiles", "guji", "0.1.0"),
        EventView(4, "OCR", "success", _at(3), "tesseract chi_tra_vert", "tesseract", "5.3.0"),
        EventView(5, "publication", "success", _at(4), "", "guji", "0.1.0"),
    )
    return VolumeView(record=RICH_RECORD, pages=page_views, files=tuple(files), events=events)


def minimal_view() -> VolumeView:
    """A volume whose catalogue row has only a title, with one page and nothing derived."""
    return VolumeView(record=MINIMAL_RECORD, pages=(PageView(seq=1, width=1200, height=1800),),
                      has_fulltext=False)


def manuscript_view() -> VolumeView:
    record = replace(RICH_RECORD, volume_id="px-0003", edition="清抄本", date_text="清乾隆間",
                     date_w3cdtf="1736/1795", access="reading-room")
    return replace(rich_view(2), record=record)
