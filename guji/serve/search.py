"""Full-text search across the archive: /search?q=…[&page=N]

Answers from the search index (guji/search), which holds only the volumes an anonymous
visitor may open; every hit is checked against the visitor's standing again all the same.
An HTML page of results (templates/search.html) with snippets that open the viewer at the
page, with the hit highlighted; JSON for `Accept: application/json`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from guji.metadata.urls import ArchiveUrls
from guji.search import PageMatch, SearchIndex, fold
from guji.serve.archive import visitor_levels
from guji.serve.config import ServeConfig
from guji.serve.listing import visible_volumes

PER_PAGE = 20
MAX_QUERY = 50
SNIPPET = 15  # characters either side of a hit
SNIPPETS_PER_PAGE = 3
NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Hit:
    volume: str
    title: str
    page: int
    count: int
    snippets: tuple[Snippet, ...]
    viewer: str
    manifest: str


@lru_cache(maxsize=1)
def _templates() -> Environment:
    return Environment(loader=PackageLoader("guji.serve", "templates"),
                       autoescape=select_autoescape(["html"]))


def snippets(match: PageMatch, needle: str) -> tuple[Snippet, ...]:
    """The first occurrences on the page, as printed, with some text either side."""
    out = []
    for start in match.positions(needle)[:SNIPPETS_PER_PAGE]:
        end = start + len(needle)
        out.append(Snippet(match.text[max(0, start - SNIPPET):start], match.text[start:end],
                           match.text[end:end + SNIPPET]))
    return tuple(out)


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def find(config: ServeConfig, request: Request, query: str, page: int
         ) -> tuple[str, int, bool, list[Hit]]:
    """(folded query, pages matching, whether that count is capped, this page's hits)."""
    urls = ArchiveUrls(str(request.base_url))
    visible = {row.volume_id: row for row in visible_volumes(config, visitor_levels(config, request))}
    found = SearchIndex.of(config.catalogue).find(query, limit=PER_PAGE,
                                                  offset=(page - 1) * PER_PAGE)
    hits = []
    for match in found.pages:
        row = visible.get(match.volume_id)
        if row is None:
            # Indexed but not open to this visitor (closed since): never shown.
            continue
        viewer = f"{urls.viewer(match.volume_id)}?{urlencode({'canvas': match.seq, 'q': query})}"
        hits.append(Hit(match.volume_id, row.title, match.seq, match.count,
                        snippets(match, found.query), viewer, urls.manifest(match.volume_id)))
    return found.query, found.total, found.capped, hits


def _link(request: Request, query: str, page: int) -> str:
    return f"{request.url.path}?{urlencode({'q': query, 'page': page})}"


def search(config: ServeConfig, request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    page = _page_number(request)
    error = ""
    if len(query) > MAX_QUERY:
        error = f"檢索詞至多 {MAX_QUERY} 字。Give at most {MAX_QUERY} characters."
    elif query and not fold(query):
        error = "檢索詞須有文字。Give some characters to search for."
    folded, total, capped, hits = (("", 0, False, []) if error or not query
                                   else find(config, request, query, page))
    if wants_json(request):
        if error or not query:
            return JSONResponse({"error": error or f"give q=, 1 to {MAX_QUERY} characters"}, 400,
                                headers=NO_STORE)
        return JSONResponse({
            "query": query, "folded": folded, "total": total, "total_is_capped": capped,
            "page": page,
            "per_page": PER_PAGE,
            "hits": [{"volume": h.volume, "title": h.title, "page": h.page, "count": h.count,
                      "snippet": "".join(f"{s.before}{s.match}{s.after}" for s in h.snippets[:1]),
                      "snippets": [[s.before, s.match, s.after] for s in h.snippets],
                      "viewer": h.viewer, "manifest": h.manifest} for h in hits],
            "truncated": total > page * PER_PAGE,
        }, headers=NO_STORE)
    base = str(request.base_url).rstrip("/")
    html = _templates().get_template("search.html").render(
        query=query, folded=folded, total=f"{total}+" if capped else total, hits=hits,
        error=error, max_query=MAX_QUERY,
        first=(page - 1) * PER_PAGE + 1, home=f"{base}/", action=f"{base}/search",
        previous=_link(request, query, page - 1) if page > 1 else "",
        next=_link(request, query, page + 1) if total > page * PER_PAGE else "")
    return HTMLResponse(html, status_code=400 if error else 200, headers=NO_STORE)
