"""Full-text search over the OCR text of the volumes a visitor may open."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from guji.metadata.urls import ArchiveUrls
from guji.pipeline.errors import StorageError
from guji.serve.archive import visitor_levels
from guji.serve.config import ServeConfig
from guji.serve.listing import visible_volumes

MAX_HITS = 200
MAX_QUERY = 50
SNIPPET = 15  # characters either side of a hit
# fulltext.txt marks each page: "=== 0003 ===".
_PAGE_MARK = re.compile(r"^=== (\d+) ===$", re.M)


@dataclass(frozen=True)
class Hit:
    volume_id: str
    title: str
    page: int
    snippet: str


def pages_of(fulltext: str) -> list[tuple[int, str]]:
    """(page number, text with line breaks removed) for each page of a fulltext.txt."""
    marks = list(_PAGE_MARK.finditer(fulltext))
    pages = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(fulltext)
        # Columns are lines; a phrase may run from one column into the next.
        pages.append((int(mark.group(1)), re.sub(r"\s+", "", fulltext[mark.end():end])))
    return pages


def find(config: ServeConfig, levels: tuple[str, ...], query: str) -> list[Hit]:
    needle = re.sub(r"\s+", "", query)
    hits: list[Hit] = []
    if not needle:
        return hits
    for row in visible_volumes(config, levels):
        try:
            text = config.store.get_bytes(f"{row.volume_id}/fulltext.txt").decode("utf-8")
        except (StorageError, UnicodeDecodeError):
            continue
        for page, page_text in pages_of(text):
            for match in re.finditer(re.escape(needle), page_text):
                start, end = max(0, match.start() - SNIPPET), match.end() + SNIPPET
                hits.append(Hit(row.volume_id, row.title, page, page_text[start:end]))
                if len(hits) >= MAX_HITS:
                    return hits
    return hits


def search(config: ServeConfig, request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    if not query or len(query) > MAX_QUERY:
        return JSONResponse({"error": f"give q=, 1 to {MAX_QUERY} characters"}, 400)
    urls = ArchiveUrls(str(request.base_url))
    hits = find(config, visitor_levels(config, request), query)
    return JSONResponse({
        "query": query,
        "hits": [{"volume": h.volume_id, "title": h.title, "page": h.page, "snippet": h.snippet,
                  "viewer": f"{urls.viewer(h.volume_id)}?canvas={h.page}",
                  "manifest": urls.manifest(h.volume_id)} for h in hits],
        "truncated": len(hits) >= MAX_HITS,
    }, headers={"Cache-Control": "no-store"})
