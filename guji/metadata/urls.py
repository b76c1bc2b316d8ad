"""The archive's stable URLs, all built on one base URL (Settings.base_url).

Every stored object is published at `{base}/{key}`: the URL space mirrors the storage
layout, so the same archive serves unchanged from an S3 website bucket, a CDN or
`guji serve`. Ids that name no stored file (canvases, ranges, annotations) live under the
volume's prefix too, so they stay unique and stable when the archive moves."""

from __future__ import annotations

from dataclasses import dataclass

from guji.pipeline.keys import (
    COLLECTION_KEY,
    access_key,
    fulltext_key,
    iiif_prefix,
    ocr_key,
    record_key,
    seq_name,
    thumb_key,
)


@dataclass(frozen=True)
class ArchiveUrls:
    base: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", self.base.rstrip("/"))

    def key(self, key: str) -> str:
        return f"{self.base}/{key}"

    # --- documents ------------------------------------------------------------------
    def collection(self) -> str:
        return self.key(COLLECTION_KEY)

    def manifest(self, volume_id: str) -> str:
        return self.key(record_key(volume_id, "manifest.json"))

    def mods(self, volume_id: str) -> str:
        return self.key(record_key(volume_id, "mods.xml"))

    def dc(self, volume_id: str) -> str:
        return self.key(record_key(volume_id, "dc.xml"))

    def mets(self, volume_id: str) -> str:
        return self.key(record_key(volume_id, "mets.xml"))

    def fulltext(self, volume_id: str) -> str:
        return self.key(fulltext_key(volume_id))

    def viewer(self, volume_id: str) -> str:
        """The human-facing page of a volume (served by `guji serve`)."""
        return f"{self.base}/view/{volume_id}"

    def oai(self) -> str:
        return f"{self.base}/oai"

    # --- images -----------------------------------------------------------------------
    def image_service(self, volume_id: str, seq: int) -> str:
        return self.key(iiif_prefix(volume_id, seq))

    def access_image(self, volume_id: str, seq: int) -> str:
        return self.key(access_key(volume_id, seq))

    def thumbnail(self, volume_id: str, seq: int) -> str:
        return self.key(thumb_key(volume_id, seq))

    def ocr(self, volume_id: str, seq: int, suffix: str) -> str:
        return self.key(ocr_key(volume_id, seq, suffix))

    # --- ids inside the manifest --------------------------------------------------------
    def canvas(self, volume_id: str, seq: int) -> str:
        return f"{self.base}/{volume_id}/canvas/{seq_name(seq)}"

    def painting(self, volume_id: str, seq: int) -> str:
        return f"{self.canvas(volume_id, seq)}/painting"

    def painting_page(self, volume_id: str, seq: int) -> str:
        return f"{self.canvas(volume_id, seq)}/page"

    def text_page(self, volume_id: str, seq: int) -> str:
        return f"{self.base}/{volume_id}/annotations/{seq_name(seq)}"

    def text_annotation(self, volume_id: str, seq: int, n: int) -> str:
        return f"{self.text_page(volume_id, seq)}/{n}"

    def juan_range(self, volume_id: str, juan: int) -> str:
        return f"{self.base}/{volume_id}/range/juan-{juan}"
