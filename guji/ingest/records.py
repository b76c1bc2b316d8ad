"""catalogue.csv: one row per volume, `volume_id,title` required, the rest optional.

Bad text is refused up front, by row and column, before any image is touched: control
characters, line or paragraph separators (U+2028/U+2029), Unicode noncharacters and
over-long cells would otherwise surface as invalid XML or JSON after all the image work.
Line breaks inside a quoted cell are kept in the fields that may hold several lines.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from guji.pipeline.errors import UsageError
from guji.pipeline.model import ACCESS_LEVELS, RECORD_FIELDS, CatalogueRecord

# A volume id names a folder and a storage prefix: keep it to characters that are safe in
# both, and in URLs, on every filesystem.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Fields that may hold several lines: one alternative title, seal or note per line.
MULTILINE_FIELDS = frozenset({"title_alt", "seals", "layout", "rights"})
MAX_FIELD_CHARS = 2000
_SEPARATORS = {"\u2028": "line separator", "\u2029": "paragraph separator"}


def is_safe_id(volume_id: str) -> bool:
    return bool(SAFE_ID.match(volume_id)) and ".." not in volume_id


def read_catalogue(path: Path, *, default_access: str = "reading-room",
                   ) -> dict[str, CatalogueRecord]:
    """Parse catalogue.csv; every bad row is reported at once, by its row and column.

    A row with an empty `access` cell gets default_access: an omission never opens a book."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [c.strip() for c in next(reader, [])]
    except csv.Error as e:
        raise UsageError(f"catalogue file {path}: row 1: {e}") from None
    _check_header(path, header)
    records: dict[str, CatalogueRecord] = {}
    problems: list[str] = []
    row_number = 1
    while True:
        row_number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(f"row {row_number}: {e} (a quote left open?)")
            break
        if not any(c.strip() for c in cells):
            continue
        row, cell_problems = _cells(header, cells)
        problem = "; ".join(cell_problems) or _row_problem(row, records)
        if problem:
            problems.append(f"row {row_number}: {problem}")
            continue
        records[row["volume_id"]] = _record(row, default_access)
    if problems:
        raise UsageError(f"catalogue file {path} has bad rows:\n  " + "\n  ".join(problems),
                         hint="fix those rows; nothing was ingested")
    return records


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"catalogue file {path} does not exist",
                         hint="check the path given to --catalogue") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise UsageError(f"catalogue file {path} is not UTF-8 ({e.reason} at line {line}, "
                         f"byte {e.start})", hint="save the spreadsheet as CSV UTF-8") from None


def _check_header(path: Path, header: list[str]) -> None:
    if "volume_id" not in header or "title" not in header:
        raise UsageError(f"catalogue file {path} needs the columns volume_id and title",
                         hint=f"its header is: {','.join(header) or '(empty)'}")
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated:
        raise UsageError(f"catalogue file {path}: column(s) {', '.join(repeated)} appear "
                         "more than once in the header", hint="keep one column of each name")


def _cells(header: list[str], cells: list[str]) -> tuple[dict[str, str], list[str]]:
    """The row as {column: value} and what is wrong with its cells' text."""
    problems = []
    if len(cells) > len(header):
        problems.append(f"{len(cells)} cells but the header has {len(header)} columns "
                        "(an unquoted comma?)")
    row: dict[str, str] = {}
    for number, (column, raw) in enumerate(zip(header, cells, strict=False), start=1):
        value = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        name = column or f"column {number}"
        if value and not column:
            problems.append(f"{name} has a value but no name in the header")
        problem = text_problem(value, multiline=column in MULTILINE_FIELDS)
        if problem:
            problems.append(f"column {name}: {problem}")
        if column:
            row[column] = value
    return row, problems


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why a catalogue cell cannot go into XML and JSON records as it is, or None."""
    if len(value) > MAX_FIELD_CHARS:
        return f"{len(value)} characters, over the limit of {MAX_FIELD_CHARS}"
    for position, char in enumerate(value, start=1):
        if char == "\n":
            if multiline:
                continue
            return (f"a line break at character {position}; only "
                    f"{', '.join(sorted(MULTILINE_FIELDS))} may hold several lines")
        code = ord(char)
        if char in _SEPARATORS:
            what = _SEPARATORS[char]
        elif unicodedata.category(char) == "Cc":
            what = "control character"
        elif 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:
            what = "Unicode noncharacter"
        else:
            continue
        return f"{what} U+{code:04X} at character {position}; delete it"
    return None


def _record(row: dict[str, str], default_access: str) -> CatalogueRecord:
    extra = {k: v for k, v in row.items()
             if k not in RECORD_FIELDS and k not in {"volume_id", "title", "split"} and v}
    fields = {k: row.get(k, "") for k in RECORD_FIELDS}
    fields["access"] = fields["access"] or default_access
    return CatalogueRecord(
        volume_id=row["volume_id"], title=row["title"], split=row.get("split") or "auto",  # type: ignore[arg-type]
        extra=extra, **fields)  # type: ignore[arg-type]


def _row_problem(row: dict[str, str], seen: dict[str, CatalogueRecord]) -> str | None:
    volume_id = row.get("volume_id", "")
    if not volume_id:
        return "missing volume_id"
    if not is_safe_id(volume_id):
        return (f"volume_id {volume_id!r} is not a safe name (use letters, digits, '.', '_' "
                "and '-', starting with a letter or digit)")
    if volume_id in seen:
        return f"duplicate volume_id {volume_id!r}"
    if not row.get("title"):
        return f"volume {volume_id!r} has no title"
    access = row.get("access", "")
    if access and access not in ACCESS_LEVELS:
        return f"access {access!r} is not one of {', '.join(ACCESS_LEVELS)}"
    if row.get("split") and row["split"] not in {"auto", "always", "never"}:
        return f"split {row['split']!r} is not auto, always or never"
    date = row.get("date_w3cdtf", "")
    if date and not W3CDTF.match(date):
        return f"date_w3cdtf {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    return None
