"""IIIF Content Search 2.0 for one volume: /{volume}/search?q=…

The index says which pages of the volume hold the phrase; each page's OCR JSON gives the
glyph boxes of every occurrence. Only volumes in the index answer, and the index holds
only what an anonymous visitor may open; the access gate is asked again all the same, so
a volume closed since it was indexed answers 403 at once."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from guji.iiif.search import Hit, HitSegment, search_answer, union
from guji.metadata.urls import ArchiveUrls
from guji.pipeline.errors import StorageError
from guji.pipeline.keys import ocr_key
from guji.search import PageText, SearchIndex, page_text
from guji.serve.access import PUBLIC
from guji.serve.archive import Verdict, cache_headers, gate, refusal, visitor_levels
from guji.serve.config import ServeConfig

MAX_QUERY = 50
MAX_PAGES = 1000  # more than any volume has
CONTEXT = 10  # characters of context either side of a hit
MEDIA_TYPE = 'application/ld+json;profile="http://iiif.io/api/search/2/context.json"'


def _page(config: ServeConfig, volume_id: str, seq: int) -> PageText | None:
    try:
        data = json.loads(config.store.get_bytes(ocr_key(volume_id, seq, "json")))
    except (StorageError, ValueError):
        return None
    return page_text(seq, data) if isinstance(data, dict) else None


def _segments(page: PageText, start: int, end: int) -> tuple[HitSegment, ...]:
    """The hit's characters grouped by column, each group boxed by its glyphs."""
    segments = []
    n = start
    while n < end:
        column, chars, boxes = page.columns[n], [], []
        while n < end and page.columns[n] == column:
            chars.append(page.text[n])
            box = page.boxes[n]
            if box is not None:
                boxes.append(box)
            n += 1
        if boxes:
            segments.append(HitSegment("".join(chars), union(boxes)))
    return tuple(segments)


def page_hits(page: PageText, needle: str) -> list[Hit]:
    """Every occurrence of the folded needle on the page, in reading order."""
    folded, hits = page.folded, []
    start = folded.find(needle) if needle else -1
    while start >= 0:
        end = start + len(needle)
        hits.append(Hit(seq=page.seq, start=start, exact=page.text[start:end],
                        prefix=page.text[max(0, start - CONTEXT):start],
                        suffix=page.text[end:end + CONTEXT],
                        segments=_segments(page, start, end)))
        start = folded.find(needle, end)
    return hits


def volume_hits(config: ServeConfig, volume_id: str, query: str) -> list[Hit]:
    found = SearchIndex.of(config.catalogue).find(query, volume_id=volume_id, limit=MAX_PAGES)
    hits: list[Hit] = []
    for match in sorted(found.pages, key=lambda m: m.seq):
        page = _page(config, volume_id, match.seq)
        if page is not None:
            hits += page_hits(page, found.query)
    return hits


def content_search(config: ServeConfig, request: Request, volume_id: str) -> Response:
    decision = gate(config, volume_id, visitor_levels(config, request))
    if decision.verdict is not Verdict.ok or decision.volume is None:
        return refusal(decision.verdict)
    if decision.volume.access != PUBLIC:
        # Only public volumes are indexed, so only they offer search.
        return PlainTextResponse("404 Not Found: this volume has no search service.\n", 404)
    query = request.query_params.get("q", "").strip()
    if len(query) > MAX_QUERY:
        return PlainTextResponse(f"400 Bad Request: q= is at most {MAX_QUERY} characters.\n", 400)
    hits = volume_hits(config, volume_id, query) if query else []
    answer = search_answer(ArchiveUrls(str(request.base_url)), volume_id, query, hits)
    return JSONResponse(answer, media_type=MEDIA_TYPE,
                        headers=cache_headers(PUBLIC) | {"Cache-Control": "public, max-age=60"})
