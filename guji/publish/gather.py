"""Filling a VolumeView from the catalogue and the store: the one place publishing reads."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from guji.metadata.volume import EventView, FileView, PageView, VolumeView
from guji.pipeline.catalogue import Catalogue, FileRow, PageRow
from guji.pipeline.catalogue.structure import StructureCorrection
from guji.pipeline.errors import CatalogueError
from guji.pipeline.keys import iiif_prefix, ocr_key
from guji.pipeline.storage import Store
from guji.publish.folios import number_folios
from guji.publish.ocr_layer import OcrLayer, read_ocr_layer


def read_json(store: Store, key: str) -> dict[str, Any] | None:
    """A stored JSON object, or None when the key is missing or holds no JSON object."""
    if not store.exists(key):
        return None
    try:
        data = json.loads(store.get_bytes(key))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _page(store: Store, row: PageRow, juan_so_far: int | None,
          fix: StructureCorrection | None) -> tuple[PageView, int | None]:
    info = read_json(store, f"{iiif_prefix(row.volume_id, row.seq)}/info.json") or {}
    # The tile tree's size is what a viewer will address; the catalogue's is the fallback.
    width = int(info.get("width") or row.width)
    height = int(info.get("height") or row.height)
    ocr = read_json(store, ocr_key(row.volume_id, row.seq, "json"))
    layer = read_ocr_layer(ocr) if ocr else OcrLayer(())
    # Staff corrections win; then the catalogue; then what OCR typed from the centre strip.
    # A page whose strip was not read (a preface, a blank) stays in the juan before it.
    fix = fix or StructureCorrection(row.volume_id, row.seq)
    juan = _first(fix.juan, row.juan, layer.juan, juan_so_far)
    leaf = _first(fix.leaf_number, row.leaf_number, layer.leaf)
    side = fix.folio_side or layer.folio_side
    return PageView(seq=row.seq, width=width, height=height, side=row.side,
                    leaf_number=leaf, juan=juan, columns=layer.columns, folio_side=side), juan


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _file(row: FileRow) -> FileView:
    return FileView(key=row.key, role=row.role, mime=row.mime, size=row.size, sha256=row.sha256,
                    page_seq=row.page_seq, created=row.created_at)


def volume_view(store: Store, catalogue: Catalogue, volume_id: str) -> VolumeView:
    """Everything the records say about a volume, read from the catalogue and the store."""
    row = catalogue.volume(volume_id)
    if row is None:
        raise CatalogueError(f"volume {volume_id!r} is not in the catalogue",
                             hint="ingest it first, or run `guji status` to list volumes")
    pages: list[PageView] = []
    juan: int | None = None
    corrections = catalogue.corrections.of(volume_id)
    for page_row in catalogue.pages(volume_id):
        page, juan = _page(store, page_row, juan, corrections.get(page_row.seq))
        pages.append(page)
    # Leaves OCR left unread are counted from those it read and the sides between.
    pages = list(number_folios(tuple(pages)))
    files = [_file(f) for f in catalogue.files(volume_id)]
    if not any(f.role == "master" for f in files):
        files += [FileView(key=p.master_key, role="master", mime=f"image/{_mime(p.master_ext)}",
                           size=p.master_size, sha256=p.master_sha256, page_seq=p.seq)
                  for p in catalogue.pages(volume_id)]
    events = [EventView(id=e.id, event_type=e.event_type, outcome=e.outcome, at=e.at,
                        detail=e.detail, agent=e.agent, agent_version=e.agent_version,
                        page_seq=e.page_seq) for e in catalogue.events(volume_id)]
    return VolumeView(record=replace(row.record, access=row.access),  # type: ignore[arg-type]
                      pages=tuple(pages), files=tuple(files), events=tuple(events),
                      has_fulltext=store.exists(f"{volume_id}/fulltext.txt"))


def _mime(ext: str) -> str:
    return {"tif": "tiff", "jpg": "jpeg"}.get(ext, ext)
