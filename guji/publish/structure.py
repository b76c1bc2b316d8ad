"""A volume's structure as published (juan boundaries, folio labels) and staff corrections
of it: recorded, logged as events, and the records re-published at once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from guji.metadata.volume import PageView, VolumeView
from guji.pipeline.catalogue import PUBLICATION, Catalogue
from guji.pipeline.catalogue.structure import FOLIO_SIDES, StructureCorrection
from guji.pipeline.errors import UsageError
from guji.pipeline.settings import Settings
from guji.pipeline.storage import Store
from guji.publish.collection import is_complete, publish_collection
from guji.publish.gather import volume_view
from guji.publish.volume import publish_volume

# PREMIS event type for a change to descriptive or structural metadata.
METADATA_MODIFICATION = "metadata modification"
_FIELDS = {"juan": "juan", "leaf": "leaf_number", "side": "folio_side"}


@dataclass(frozen=True)
class JuanSpan:
    """One juan of the volume: its number and the pages it runs over."""

    juan: int
    pages: tuple[PageView, ...]

    @property
    def first(self) -> PageView:
        return self.pages[0]

    @property
    def last(self) -> PageView:
        return self.pages[-1]


def juan_spans(view: VolumeView) -> list[JuanSpan]:
    """The juan of the volume in reading order with their pages (what ranges and METS show)."""
    return [JuanSpan(juan, tuple(view.pages_of_juan(juan))) for juan in view.juan_numbers()]


def parse_assignment(text: str, volume_id: str) -> StructureCorrection:
    """「5:juan=2,leaf=1,side=a」 → a correction of page 5."""
    match = re.fullmatch(r"\s*(\d+)\s*:\s*(.+)", text)
    if not match:
        raise UsageError(f"--set {text!r}: write SEQ:juan=N,leaf=N,side=a|b",
                         hint="e.g. --set 5:juan=2,leaf=1,side=a")
    values: dict[str, str] = {}
    for part in match.group(2).split(","):
        name, _, value = part.partition("=")
        values[name.strip()] = value.strip()
    return _correction(volume_id, int(match.group(1)), values, f"--set {text!r}")


def parse_csv(text: str, volume_id: str) -> list[StructureCorrection]:
    """Rows `seq,juan,leaf,side` (header required, empty cells leave a field as read)."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "seq" not in reader.fieldnames:
        raise UsageError("the corrections CSV needs a header row: seq,juan,leaf,side")
    out = []
    for line, row in enumerate(reader, start=2):
        seq = (row.get("seq") or "").strip()
        if not seq.isdigit():
            raise UsageError(f"corrections CSV row {line}: seq {seq!r} is not a page number")
        values = {k: (row.get(k) or "").strip() for k in _FIELDS}
        out.append(_correction(volume_id, int(seq), values, f"CSV row {line}"))
    return out


def _correction(volume_id: str, seq: int, values: dict[str, str], where: str
                ) -> StructureCorrection:
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise UsageError(f"{where}: unknown field(s) {sorted(unknown)}; use juan, leaf, side")
    fields: dict[str, int | str | None] = {}
    for name in ("juan", "leaf"):
        value = values.get(name, "")
        if value and (not value.isdigit() or int(value) < 1):
            raise UsageError(f"{where}: {name} {value!r} is not a number from 1")
        fields[_FIELDS[name]] = int(value) if value else None
    side = values.get("side", "").lower()
    if side and side not in FOLIO_SIDES:
        raise UsageError(f"{where}: side {side!r} is a (recto, 前半葉) or b (verso, 後半葉)")
    fields["folio_side"] = side or None
    if all(v is None for v in fields.values()):
        raise UsageError(f"{where}: nothing to correct on page {seq}")
    return StructureCorrection(volume_id, seq, **fields)  # type: ignore[arg-type]


def correct_structure(store: Store, catalogue: Catalogue, settings: Settings, volume_id: str,
                      corrections: list[StructureCorrection], agent: str) -> list[str]:
    """Record the corrections (each an event in the log) and re-publish the volume's
    manifest, METS and the other records; returns the keys written."""
    known = {p.seq for p in catalogue.pages(volume_id)}
    missing = sorted({c.seq for c in corrections} - known)
    if missing:
        raise UsageError(f"{volume_id} has no page(s) {missing}",
                         hint=f"`guji structure {volume_id}` lists the pages")
    for fix in corrections:
        catalogue.corrections.put(StructureCorrection(
            volume_id, fix.seq, fix.juan, fix.leaf_number, fix.folio_side, agent=agent))
        catalogue.log_event(volume_id, METADATA_MODIFICATION, "success",
                            f"structure corrected, {fix.describe()}", page_seq=fix.seq,
                            agent=agent)
    return republish(store, catalogue, settings, volume_id)


def clear_corrections(store: Store, catalogue: Catalogue, settings: Settings, volume_id: str,
                      seq: int | None, agent: str) -> list[str]:
    """Drop corrections (of one page, or all): OCR's reading stands again."""
    catalogue.corrections.clear(volume_id, seq)
    what = f"page {seq}" if seq is not None else "every page"
    catalogue.log_event(volume_id, METADATA_MODIFICATION, "success",
                        f"structure corrections withdrawn for {what}", page_seq=seq, agent=agent)
    return republish(store, catalogue, settings, volume_id)


def republish(store: Store, catalogue: Catalogue, settings: Settings, volume_id: str
              ) -> list[str]:
    """Write the records of a complete volume again (an unfinished one publishes at the
    end of its ingest, corrections included)."""
    if not is_complete(store, volume_id):
        return []
    keys = publish_volume(store, catalogue, volume_id, settings)
    catalogue.log_event(volume_id, PUBLICATION, "success", ", ".join(keys))
    publish_collection(store, catalogue, settings)
    return keys


def structure_view(store: Store, catalogue: Catalogue, volume_id: str
                   ) -> tuple[VolumeView, dict[int, StructureCorrection]]:
    """The volume as published and the corrections laid over OCR's reading."""
    return volume_view(store, catalogue, volume_id), catalogue.corrections.of(volume_id)
