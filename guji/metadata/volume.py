"""What the records and the manifest say about one volume, as small frozen values.

Builders (MODS, DC, METS, IIIF) are plain functions over a `VolumeView`; the publish stage
fills it from the catalogue and the store, tests fill it by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from guji.pipeline.geometry import Box
from guji.pipeline.keys import seq_name
from guji.pipeline.model import CatalogueRecord

# Reading directions of a column of OCR text, as kraken names them.
VERTICAL_RL = "vertical-rl"


@dataclass(frozen=True)
class OcrColumn:
    """One recognised column of text on a page."""

    text: str
    box: Box
    kind: str = "main"  # "main", "commentary" (雙行小注), "centre-strip" (版心), ...
    direction: str = VERTICAL_RL


@dataclass(frozen=True)
class PageView:
    """A page of the volume in reading order, with what was derived from it."""

    seq: int
    width: int
    height: int
    side: str = "single"
    leaf_number: int | None = None
    juan: int | None = None
    columns: tuple[OcrColumn, ...] = ()
    # Which half of its leaf the page is: "a" recto (前半葉), "b" verso, None if unknown.
    folio_side: str | None = None

    @property
    def name(self) -> str:
        return seq_name(self.seq)

    @property
    def folio(self) -> str | None:
        """The folio label as cataloguers write it (1a, 12b), or None without a leaf number."""
        if self.leaf_number is None:
            return None
        return f"{self.leaf_number}{self.folio_side or ''}"


@dataclass(frozen=True)
class FileView:
    """A stored file of the volume: key relative to the store, role and fixity."""

    key: str
    role: str  # "master", "access", "thumb", "tiles", "ocr", "record", "fulltext", ...
    mime: str
    size: int
    sha256: str
    page_seq: int | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class EventView:
    """A preservation event (PREMIS-style) from the catalogue's log."""

    id: int
    event_type: str
    outcome: str
    at: datetime
    detail: str = ""
    agent: str = "guji"
    agent_version: str = ""
    page_seq: int | None = None


@dataclass(frozen=True)
class VolumeView:
    """Everything published about a volume: its record, pages, files and history."""

    record: CatalogueRecord
    pages: tuple[PageView, ...]
    files: tuple[FileView, ...] = ()
    events: tuple[EventView, ...] = ()
    has_fulltext: bool = True

    @property
    def volume_id(self) -> str:
        return self.record.volume_id

    def juan_numbers(self) -> list[int]:
        """The juan met in the volume, in reading order, each once."""
        seen: list[int] = []
        for page in self.pages:
            if page.juan is not None and page.juan not in seen:
                seen.append(page.juan)
        return seen

    def pages_of_juan(self, juan: int) -> list[PageView]:
        return [p for p in self.pages if p.juan == juan]
