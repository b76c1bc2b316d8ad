"""The records passed between stage tasks: numbers and keys, never images or local files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guji.pipeline.model import Scan


@dataclass(frozen=True)
class PageWork:
    """A page coming out of a scan: where to cut it from its master, or already archived.

    Only numbers travel: a page ingest_scan could not finish itself is rendered again
    from the stored master by finish_page (see there why), so any worker can finish it."""

    side: str
    width: int
    height: int
    skew_deg: float | None = None
    page_box: list[int] | None = None
    frame_box: list[int] | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    verdict: str | None = None  # None until finish_page has measured the page
    reasons: list[str] = field(default_factory=list)
    reused_seq: int | None = None
    area: list[int] | None = None  # the page in corrected coordinates (guji.imaging.geometry)
    background: list[float] | None = None  # paper colour for the corners the rotation turns in
    frame_size_cm: list[float] | None = None  # the catalogued frame size, height × width
    finished_seq: int | None = None  # finished by ingest_scan as this page (see there)


@dataclass(frozen=True)
class ScanOutcome:
    scan: Scan
    info: dict[str, Any]
    pages: tuple[PageWork, ...]


@dataclass(frozen=True)
class PageJob:
    scan: Scan
    info: dict[str, Any]
    seq: int
    work: PageWork

    @property
    def finished(self) -> bool:
        """Whether ingest_scan finished this page under the seq it has in the end."""
        return self.work.finished_seq == self.seq
