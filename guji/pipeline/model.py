"""Small frozen records passed between stages: keys and paths, never live images."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from guji.pipeline.keys import master_key

AccessLevel = Literal["public", "reading-room", "restricted"]
ACCESS_LEVELS: tuple[str, ...] = ("public", "reading-room", "restricted")
SplitMode = Literal["auto", "always", "never"]
PageSide = Literal["single", "right", "left"]

# Optional catalogue columns, in the order the CSV documents them.
RECORD_FIELDS: tuple[str, ...] = (
    "title_alt", "author", "author_dynasty", "edition", "date_text", "date_w3cdtf", "place",
    "publisher", "juan", "extent_volumes", "layout", "frame_size_cm", "seals", "rarity_grade",
    "classification", "call_number", "access", "rights",
)


@dataclass(frozen=True)
class CatalogueRecord:
    """One row of catalogue.csv: the bibliographic description of a volume."""

    volume_id: str
    title: str
    title_alt: str = ""
    author: str = ""
    author_dynasty: str = ""
    edition: str = ""
    date_text: str = ""
    date_w3cdtf: str = ""
    place: str = ""
    publisher: str = ""
    juan: str = ""
    extent_volumes: str = ""
    layout: str = ""
    frame_size_cm: str = ""
    seals: str = ""
    rarity_grade: str = ""
    classification: str = ""
    call_number: str = ""
    access: AccessLevel = "public"
    rights: str = ""
    split: SplitMode = "auto"
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def frame_size(self) -> tuple[float, float] | None:
        """The printed frame's (height, width) in cm from `frame_size_cm` ("19.8×13.3")."""
        numbers = re.findall(r"\d+(?:\.\d+)?", self.frame_size_cm)
        if len(numbers) != 2:
            return None
        height, width = (float(n) for n in numbers)
        return (height, width) if height > 0 and width > 0 else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CatalogueRecord:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class ImageInfo:
    """Technical metadata of a master file, recorded at ingest (NISO Z39.87 in spirit)."""

    format: str  # "tiff", "jpeg", "png"
    width: int
    height: int
    bits_per_sample: int
    bands: int
    colour_space: str  # libvips interpretation: "srgb", "b-w", "rgb16", "grey16", ...
    dpi_x: float | None
    dpi_y: float | None
    size: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Scan:
    """A master image file of a volume: its position in the folder's order and its source."""

    volume_id: str
    scan_seq: int
    source: str  # path of the file as ingested
    extension: str  # "tif", "jpg", "png"

    @property
    def master_key(self) -> str:
        return master_key(self.volume_id, self.scan_seq, self.extension)


@dataclass(frozen=True)
class PageRef:
    """A page of the archived volume in reading order; split openings give two per scan."""

    volume_id: str
    seq: int
    scan_seq: int
    side: PageSide = "single"
