"""IIIF Presentation 3 manifest of a volume, built with iiif-prezi3.

Pages run right to left and are shown as openings (behavior "paged"); every canvas is
painted by the access JPEG with a level-0 Image API 3 service on the static tiles, and
carries its OCR as a supplementing annotation page of vertical column boxes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Class,
    Homepage,
    KeyValueString,
    LinkedResource,
    Manifest,
    Provider,
    ServiceV3,
)

from guji.iiif.labels import juan_label, lang, metadata_pairs, page_label, summary, volume_label
from guji.iiif.search import search_service
from guji.iiif.text import juan_ranges, text_page
from guji.metadata import institution
from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import PageView, VolumeView

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"


@dataclass(frozen=True)
class ImageSizes:
    """Longest edges of the derived images (Settings.access_max_px, thumb_max_px)."""

    access_max_px: int = 3000
    thumb_max_px: int = 400


def scaled(width: int, height: int, max_px: int) -> tuple[int, int]:
    """Size of an image shrunk (never enlarged) to fit max_px on its longest edge."""
    scale = min(1.0, max_px / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def build_manifest(view: VolumeView, urls: ArchiveUrls, sizes: ImageSizes = ImageSizes()
                   ) -> Manifest:
    """The manifest of a volume, as an iiif-prezi3 model (validated as it is built)."""
    rec, vid = view.record, view.volume_id
    manifest = Manifest(
        id=urls.manifest(vid),
        label=volume_label(rec),
        summary=summary(rec, len(view.pages)),
        metadata=[KeyValueString(label=k, value=v) for k, v in metadata_pairs(rec)],
        requiredStatement=KeyValueString(
            label=lang("版權聲明", "Attribution"),
            value=lang(institution.ATTRIBUTION_ZH, institution.ATTRIBUTION_EN)),
        rights=institution.rights_uri(rec.rights),
        provider=[_provider(urls)],
        viewingDirection="right-to-left",
        behavior=["paged"],
        homepage=[Homepage(id=urls.viewer(vid), type="Text", format="text/html",
                           label=lang(f"{rec.title}（在線閱覽）", "Online viewer"))],
        seeAlso=_records(urls, vid),
        items=[_canvas(view, page, urls, sizes) for page in view.pages],
    )
    if view.pages:
        manifest.thumbnail = [_thumbnail(urls, vid, view.pages[0], sizes)]
    if view.has_fulltext:
        manifest.rendering = [LinkedResource(
            id=urls.fulltext(vid), type="Text", format="text/plain",
            label=lang("全文（OCR 識別，未經校對）", "Full text (OCR, uncorrected)"))]
    nav_date = _nav_date(rec.date_w3cdtf)
    if nav_date:
        manifest.navDate = nav_date
    if rec.access == "public":
        manifest.partOf = [Class(id=urls.collection(), type="Collection",
                                 label=lang(f"{institution.NAME_ZH}古籍", f"{institution.NAME_EN} ancient books"))]
        # Only public volumes are indexed for search (guji/search), so only they offer it.
        if any(column.text.strip() for page in view.pages for column in page.columns):
            manifest.service = [ServiceV3(**search_service(urls, vid))]
    ranges = juan_ranges(view, urls, juan_label)
    if ranges:
        manifest.structures = ranges
    return manifest


def manifest_dict(view: VolumeView, urls: ArchiveUrls, sizes: ImageSizes = ImageSizes()
                  ) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(build_manifest(view, urls, sizes).json())
    return data


def manifest_bytes(view: VolumeView, urls: ArchiveUrls, sizes: ImageSizes = ImageSizes()) -> bytes:
    return json.dumps(manifest_dict(view, urls, sizes), ensure_ascii=False, indent=1).encode()


def _provider(urls: ArchiveUrls) -> Provider:
    return Provider(
        id=f"{urls.base}/", label=lang(institution.NAME_ZH, institution.NAME_EN),
        homepage=[Homepage(id=f"{urls.base}/", type="Text", format="text/html",
                           label=lang(f"{institution.NAME_ZH}古籍數字化", f"{institution.NAME_EN} digital archive"))])


def _records(urls: ArchiveUrls, vid: str) -> list[LinkedResource]:
    return [
        LinkedResource(id=urls.mods(vid), type="Dataset", format="application/mods+xml",
                       profile="http://www.loc.gov/mods/v3", label=lang("MODS 著錄", "MODS record")),
        LinkedResource(id=urls.dc(vid), type="Dataset", format="application/xml",
                       profile="http://www.openarchives.org/OAI/2.0/oai_dc/",
                       label=lang("都柏林核心著錄", "Dublin Core record")),
        LinkedResource(id=urls.mets(vid), type="Dataset", format="application/xml",
                       profile="http://www.loc.gov/METS/", label=lang("METS 文件", "METS document")),
    ]


def _thumbnail(urls: ArchiveUrls, vid: str, page: PageView, sizes: ImageSizes) -> AnnotationBody:
    width, height = scaled(page.width, page.height, sizes.thumb_max_px)
    return AnnotationBody(id=urls.thumbnail(vid, page.seq), type="Image", format="image/jpeg",
                          width=width, height=height)


def _canvas(view: VolumeView, page: PageView, urls: ArchiveUrls, sizes: ImageSizes) -> Canvas:
    vid = view.volume_id
    canvas_id = urls.canvas(vid, page.seq)
    width, height = scaled(page.width, page.height, sizes.access_max_px)
    image = AnnotationBody(
        id=urls.access_image(vid, page.seq), type="Image", format="image/jpeg",
        width=width, height=height,
        service=[ServiceV3(id=urls.image_service(vid, page.seq), type="ImageService3",
                           profile="level0")])
    painting = AnnotationPage(id=urls.painting_page(vid, page.seq), items=[Annotation(
        id=urls.painting(vid, page.seq), motivation="painting", body=image, target=canvas_id)])
    canvas = Canvas(id=canvas_id, label=page_label(page.seq, page.folio),
                    width=page.width, height=page.height, items=[painting],
                    thumbnail=[_thumbnail(urls, vid, page, sizes)])
    if any(column.text.strip() for column in page.columns):
        canvas.annotations = [text_page(vid, page, urls)]
    return canvas


def _nav_date(w3cdtf: str) -> str | None:
    """navDate wants a full timestamp; the catalogue gives a year or a date."""
    # A span (1736/1795) is placed at its start.
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", w3cdtf.split("/")[0].strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}T00:00:00Z"
