"""catalogue.csv: one row per volume, `volume_id,title` required, the rest optional."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from guji.pipeline.errors import UsageError
from guji.pipeline.model import ACCESS_LEVELS, RECORD_FIELDS, CatalogueRecord

# A volume id names a folder and a storage prefix: keep it to characters that are safe in
# both, and in URLs, on every filesystem.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_safe_id(volume_id: str) -> bool:
    return bool(SAFE_ID.match(volume_id)) and ".." not in volume_id


def read_catalogue(path: Path) -> dict[str, CatalogueRecord]:
    """Parse catalogue.csv; every bad row is reported at once, by its line number."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"catalogue file {path} does not exist") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"catalogue file {path} is not UTF-8 ({e.reason} at byte {e.start})",
                         hint="save the spreadsheet as CSV UTF-8") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    if "volume_id" not in columns or "title" not in columns:
        raise UsageError(f"catalogue file {path} needs the columns volume_id and title",
                         hint=f"its header is: {','.join(columns) or '(empty)'}")
    records: dict[str, CatalogueRecord] = {}
    problems: list[str] = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        problem = _row_problem(row, records)
        if problem:
            problems.append(f"row {line}: {problem}")
            continue
        extra = {k: v for k, v in row.items()
                 if k not in RECORD_FIELDS and k not in {"volume_id", "title", "split"} and v}
        fields = {k: row.get(k, "") for k in RECORD_FIELDS}
        fields["access"] = fields["access"] or "public"
        records[row["volume_id"]] = CatalogueRecord(
            volume_id=row["volume_id"], title=row["title"], split=row.get("split") or "auto",  # type: ignore[arg-type]
            extra=extra, **fields)  # type: ignore[arg-type]
    if problems:
        raise UsageError(f"catalogue file {path} has bad rows:\n  " + "\n  ".join(problems),
                         hint="fix those rows; nothing was ingested")
    return records


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
    access = row.get("access") or "public"
    if access not in ACCESS_LEVELS:
        return f"access {access!r} is not one of {', '.join(ACCESS_LEVELS)}"
    if row.get("split") and row["split"] not in {"auto", "always", "never"}:
        return f"split {row['split']!r} is not auto, always or never"
    date = row.get("date_w3cdtf", "")
    if date and not W3CDTF.match(date):
        return f"date_w3cdtf {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    return None
