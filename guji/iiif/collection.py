"""The IIIF Collection of every public, complete volume."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from iiif_prezi3 import AnnotationBody, Collection, KeyValueString, ManifestRef

from guji.iiif.labels import lang, volume_label
from guji.metadata import institution
from guji.metadata.urls import ArchiveUrls
from guji.pipeline.model import CatalogueRecord


@dataclass(frozen=True)
class CollectionEntry:
    """A volume as the collection lists it: its record and its first page's thumbnail."""

    record: CatalogueRecord
    thumbnail_seq: int | None = None
    thumbnail_size: tuple[int, int] | None = None


def build_collection(entries: list[CollectionEntry], urls: ArchiveUrls) -> Collection:
    """A Collection referencing each entry's manifest, in the order given."""
    items = []
    for entry in entries:
        vid = entry.record.volume_id
        ref = ManifestRef(id=urls.manifest(vid), type="Manifest", label=volume_label(entry.record))
        if entry.thumbnail_seq is not None:
            width, height = entry.thumbnail_size or (None, None)
            ref.thumbnail = [AnnotationBody(id=urls.thumbnail(vid, entry.thumbnail_seq),
                                            type="Image", format="image/jpeg",
                                            width=width, height=height)]
        items.append(ref)
    return Collection(
        id=urls.collection(),
        label=lang(f"{institution.NAME_ZH}古籍", f"{institution.NAME_EN}: ancient Chinese books"),
        summary=lang(f"{institution.NAME_ZH}藏古籍數字化成果，共{len(items)}冊。",
                     f"Digitised ancient Chinese books held by {institution.NAME_EN}: "
                     f"{len(items)} volume{'s' if len(items) != 1 else ''}."),
        requiredStatement=KeyValueString(
            label=lang("版權聲明", "Attribution"),
            value=lang(institution.ATTRIBUTION_ZH, institution.ATTRIBUTION_EN)),
        rights=institution.DEFAULT_RIGHTS,
        items=items,
    )


def collection_dict(entries: list[CollectionEntry], urls: ArchiveUrls) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(build_collection(entries, urls).json())
    return data


def collection_bytes(entries: list[CollectionEntry], urls: ArchiveUrls) -> bytes:
    return json.dumps(collection_dict(entries, urls), ensure_ascii=False, indent=1).encode()
