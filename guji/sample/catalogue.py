"""Plausible bibliographic records for generated volumes, written as catalogue.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from guji.pipeline.model import RECORD_FIELDS
from guji.sample.leaf import PrintFormat
from guji.sample.texts import Work
from guji.sample.typeset import chinese_number

COLUMNS: tuple[str, ...] = ("volume_id", "title", *RECORD_FIELDS)
RIGHTS = "原書屬公有領域；數字影像版權歸萍鄉圖書館所有"


@dataclass(frozen=True)
class Bibliography:
    """What the catalogue says of a work, whatever the edition."""

    title_alt: str
    author: str
    dynasty: str
    juan: int
    classification: str


BIBLIOGRAPHY: dict[str, Bibliography] = {
    "lunyu": Bibliography("Lunyu jizhu", "朱熹", "宋", 10, "經部 四書類"),
    "daxue": Bibliography("Daxue zhangju", "朱熹", "宋", 1, "經部 四書類"),
    "zhongyong": Bibliography("Zhongyong zhangju", "朱熹", "宋", 1, "經部 四書類"),
    "daodejing": Bibliography("Daode zhenjing zhu", "河上公", "漢", 4, "子部 道家類"),
    "mengzi": Bibliography("Mengzi zhu", "趙岐", "漢", 14, "經部 四書類"),
    "qianziwen": Bibliography("Qianziwen", "周興嗣", "南朝梁", 1, "經部 小學類"),
    "sanzijing": Bibliography("Sanzijing xungu", "王應麟", "宋", 1, "子部 儒家類"),
}

# Reign, first year (CE), last year, and the grade WH/T 20-2006 gives a typical print of it.
REIGNS: tuple[tuple[str, int, int, str], ...] = (
    ("明嘉靖", 1522, 1566, "二級乙等"),
    ("明萬曆", 1573, 1620, "二級丙等"),
    ("明崇禎", 1628, 1644, "二級丙等"),
    ("清康熙", 1662, 1722, "三級甲等"),
    ("清乾隆", 1736, 1795, "三級乙等"),
    ("清道光", 1821, 1850, "三級丙等"),
    ("清光緒", 1875, 1908, "三級丙等"),
)
PRINTERS: tuple[tuple[str, str], ...] = (
    ("金陵", "富春堂"), ("建陽", "余氏勤有堂"), ("常熟", "汲古閣"), ("蘇州", "掃葉山房"),
    ("萍鄉", "鰲洲書院"), ("南昌", "豫章書院"), ("武昌", "崇文書局"),
)
EDITIONS = ("刻本", "重刻本", "坊刻本", "家刻本", "刻遞修本")


def catalogue_row(volume_id: str, work: Work, fmt: PrintFormat, seals: tuple[str, ...],
                  access: str, rng: np.random.Generator) -> dict[str, str]:
    """One catalogue.csv row describing a generated volume."""
    bib = BIBLIOGRAPHY[work.key]
    reign, first, last, grade = REIGNS[int(rng.integers(0, len(REIGNS)))]
    year_of_reign = int(rng.integers(1, last - first + 2))
    place, printer = PRINTERS[int(rng.integers(0, len(PRINTERS)))]
    edition = EDITIONS[int(rng.integers(0, len(EDITIONS)))]
    year_text = "元" if year_of_reign == 1 else chinese_number(year_of_reign)
    volumes = max(1, bib.juan // 3)
    rare = grade.startswith("二級")
    return {
        "volume_id": volume_id,
        "title": work.title,
        "title_alt": bib.title_alt,
        "author": bib.author,
        "author_dynasty": bib.dynasty,
        "edition": f"{reign[0]}{edition}",
        "date_text": f"{reign}{year_text}年（{first + year_of_reign - 1}）{place}{printer}{edition}",
        "date_w3cdtf": str(first + year_of_reign - 1),
        "place": place,
        "publisher": printer,
        "juan": f"{chinese_number(bib.juan)}卷",
        "extent_volumes": f"{chinese_number(volumes)}冊",
        "layout": fmt.description(),
        "frame_size_cm": f"{fmt.frame_h_cm:.1f}×{fmt.frame_w_cm:.1f}",
        "seals": "；".join(dict.fromkeys(seals)),
        "rarity_grade": grade,
        "classification": bib.classification,
        "call_number": f"{'線善' if rare else '線普'}{int(rng.integers(1, 9999)):04d}",
        "access": access,
        "rights": RIGHTS,
    }


def merge_catalogue(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows into catalogue.csv, replacing rows of the same volumes and keeping others."""
    kept: list[dict[str, str]] = []
    if path.is_file():
        with path.open(encoding="utf-8-sig", newline="") as old:
            new_ids = {row["volume_id"] for row in rows}
            kept = [{k: row.get(k) or "" for k in COLUMNS} for row in csv.DictReader(old)
                    if row.get("volume_id") not in new_ids]
    write_catalogue(path, sorted(kept + rows, key=lambda row: row["volume_id"]))


def write_catalogue(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
