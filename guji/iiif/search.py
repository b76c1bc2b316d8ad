"""IIIF Content Search 2.0 inside a volume: the service a manifest declares and the answer
to a query.

The answer is an AnnotationPage. Its `items` are the matched text on the canvases, one
annotation per column a hit touches, targeting the box of the hit's glyphs there; its
`annotations` hold one highlighting annotation per hit, quoting the match with the text
before and after it (TextQuoteSelector) and pointing at the hit's items, so a client can
list hits with context and draw their boxes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import Box

SEARCH_CONTEXT = "http://iiif.io/api/search/2/context.json"
SEARCH_SERVICE_TYPE = "SearchService2"
TEXT_LANGUAGE = "lzh"


def search_service_id(urls: ArchiveUrls, volume_id: str) -> str:
    """Where `guji serve` answers Content Search queries for a volume."""
    return f"{urls.base}/{volume_id}/search"


def search_service(urls: ArchiveUrls, volume_id: str) -> dict[str, str]:
    """The manifest's declaration of the volume's Content Search 2.0 service."""
    return {"id": search_service_id(urls, volume_id), "type": SEARCH_SERVICE_TYPE}


@dataclass(frozen=True)
class HitSegment:
    """The part of a hit in one column: its printed text and the box of its glyphs."""

    text: str
    box: Box


@dataclass(frozen=True)
class Hit:
    seq: int
    start: int  # position of the match among the page's searchable characters
    exact: str  # as printed
    prefix: str
    suffix: str
    segments: tuple[HitSegment, ...]


def union(boxes: list[Box]) -> Box:
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    x1, y1 = max(b.x + b.w for b in boxes), max(b.y + b.h for b in boxes)
    return Box(x0, y0, x1 - x0, y1 - y0)


def _item(urls: ArchiveUrls, vid: str, hit: Hit, n: int, segment: HitSegment) -> dict[str, Any]:
    end = hit.start + len(hit.exact)
    return {
        "id": f"{urls.canvas(vid, hit.seq)}/hit/{hit.start}-{end}/{n}",
        "type": "Annotation",
        "motivation": "supplementing",
        "body": {"type": "TextualBody", "value": segment.text, "format": "text/plain",
                 "language": TEXT_LANGUAGE},
        "target": f"{urls.canvas(vid, hit.seq)}#xywh={segment.box.xywh}",
    }


def _highlight(urls: ArchiveUrls, vid: str, hit: Hit, items: list[dict[str, Any]]
               ) -> dict[str, Any]:
    end = hit.start + len(hit.exact)
    quote = {"type": "TextQuoteSelector", "prefix": hit.prefix, "exact": hit.exact,
             "suffix": hit.suffix}
    return {
        "id": f"{urls.canvas(vid, hit.seq)}/hit/{hit.start}-{end}",
        "type": "Annotation",
        "motivation": "highlighting",
        "target": [{"type": "SpecificResource", "source": item["id"], "selector": [quote]}
                   for item in items],
    }


def search_answer(urls: ArchiveUrls, vid: str, query: str, hits: list[Hit]) -> dict[str, Any]:
    """The Content Search 2.0 response for `query` in a volume, hits in reading order."""
    request_id = f"{search_service_id(urls, vid)}?{urlencode({'q': query})}"
    items: list[dict[str, Any]] = []
    highlights = []
    for hit in hits:
        mine = [_item(urls, vid, hit, n, s) for n, s in enumerate(hit.segments, start=1)]
        items += mine
        if mine:
            highlights.append(_highlight(urls, vid, hit, mine))
    answer: dict[str, Any] = {
        "@context": [SEARCH_CONTEXT],
        "id": request_id,
        "type": "AnnotationPage",
        "items": items,
    }
    if highlights:
        answer["annotations"] = [{"id": f"{request_id}&part=hits", "type": "AnnotationPage",
                                  "items": highlights}]
    return answer
