"""Publishing a volume: its manifest, MODS, DC and METS written into the store."""

from __future__ import annotations

import json

from guji.iiif import ImageSizes, manifest_bytes
from guji.metadata import ArchiveUrls, dc_bytes, mets_bytes, mods_bytes
from guji.metadata.volume import VolumeView
from guji.pipeline.archive import Archive
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.keys import iiif_prefix, record_key
from guji.pipeline.settings import Settings
from guji.pipeline.storage import Store
from guji.publish.gather import read_json, volume_view

RECORD_NAMES = ("manifest.json", "mods.xml", "dc.xml", "mets.xml")


def urls_for(settings: Settings) -> ArchiveUrls:
    return ArchiveUrls(settings.base_url)


def sizes_for(settings: Settings) -> ImageSizes:
    return ImageSizes(access_max_px=settings.access_max_px, thumb_max_px=settings.thumb_max_px)


def _put(store: Store, catalogue: Catalogue, volume_id: str, key: str, data: bytes, role: str,
         page_seq: int | None = None) -> None:
    # Through the archive: the catalogue keeps every stored file's checksum, so fixity checks
    # and exports can tell a rewritten record from a corrupted one.
    Archive(store, catalogue).put_bytes(volume_id, key, data, role=role, page_seq=page_seq)


def rebase_image_services(store: Store, catalogue: Catalogue, view: VolumeView,
                          urls: ArchiveUrls) -> list[str]:
    """Point each page's info.json at the URL the manifest gives its service.

    The tiler writes an id for the base URL it knew; publishing again under another base
    URL (a CDN, a new host) must move the ids with the manifest, or viewers would fetch
    tiles from the old place."""
    changed = []
    for page in view.pages:
        key = f"{iiif_prefix(view.volume_id, page.seq)}/info.json"
        info = read_json(store, key)
        want = urls.image_service(view.volume_id, page.seq)
        if info is not None and info.get("id") != want:
            info["id"] = want
            _put(store, catalogue, view.volume_id, key, json.dumps(info, indent=1).encode(),
                 "tiles", page.seq)
            changed.append(key)
    return changed


def publish_volume(store: Store, catalogue: Catalogue, volume_id: str,
                   settings: Settings) -> list[str]:
    """Write manifest.json, mods.xml, dc.xml and mets.xml of a volume; returns the keys
    written (image-service info.json files rebased to the base URL included)."""
    view = volume_view(store, catalogue, volume_id)
    urls = urls_for(settings)
    written = rebase_image_services(store, catalogue, view, urls)
    documents = {
        "manifest.json": manifest_bytes(view, urls, sizes_for(settings)),
        "mods.xml": mods_bytes(view, urls),
        "dc.xml": dc_bytes(view, urls),
        "mets.xml": mets_bytes(view, urls),
    }
    for name in RECORD_NAMES:
        key = record_key(volume_id, name)
        _put(store, catalogue, volume_id, key, documents[name], "record")
        written.append(key)
    return written
