"""Descriptive and structural records of a volume: MODS 3.7, Dublin Core (oai_dc), METS 1.12.

Builders are plain functions over a `VolumeView`; `ArchiveUrls` gives every stable URL."""

from guji.metadata.dc import build_dc, dc_bytes
from guji.metadata.mets import build_mets, mets_bytes
from guji.metadata.mods import build_mods, mods_bytes
from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import Box, EventView, FileView, OcrColumn, PageView, VolumeView

__all__ = [
    "ArchiveUrls", "Box", "EventView", "FileView", "OcrColumn", "PageView", "VolumeView",
    "build_dc", "build_mets", "build_mods", "dc_bytes", "mets_bytes", "mods_bytes",
]
