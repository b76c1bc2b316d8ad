"""HTML pages: the index of visible volumes, the Mirador viewer of a volume, and the door
to the reading room."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from guji.metadata.urls import ArchiveUrls
from guji.serve.access import COOKIE, PUBLIC
from guji.serve.archive import Verdict, cache_headers, gate, refusal, visitor_levels
from guji.serve.config import ServeConfig
from guji.serve.listing import visible_volumes

# Mirador's own default list of annotation motivations it shows.
MIRADOR_MOTIVATIONS = ["oa:commenting", "oa:tagging", "sc:painting", "commenting", "tagging"]
_STYLE = """body{font-family:"Noto Serif CJK TC","Source Han Serif TC",serif;margin:0;background:#f6f1e7;color:#222}
header{padding:.6em 1em;background:#5a2e1b;color:#fff}header a{color:#fff}main{padding:1em}
li{margin:.4em 0}#viewer{position:absolute;top:2.6em;bottom:0;left:0;right:0}
header h1{font-size:1.1em;margin:0;display:inline}header nav{float:right}"""


def _page(title: str, body: str, *, head: str = "", status: int = 200,
          headers: dict[str, str] | None = None) -> HTMLResponse:
    html = (f'<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_STYLE}</style>{head}</head>"
            f"<body>{body}</body></html>")
    return HTMLResponse(html, status_code=status, headers=headers)


def _urls(request: Request) -> ArchiveUrls:
    return ArchiveUrls(str(request.base_url))


def index(config: ServeConfig, request: Request) -> Response:
    """Every volume this visitor may open, with its records and downloads."""
    urls = _urls(request)
    levels = visitor_levels(config, request)
    items = []
    for row in visible_volumes(config, levels):
        vid = row.volume_id
        room = "" if row.access == PUBLIC else "（閱覽室 reading room）"
        items.append(
            f'<li><a href="{escape(urls.viewer(vid))}">{escape(row.title)}</a> '
            f"<small>{escape(vid)}{room} · "
            f'<a href="{escape(urls.manifest(vid))}">IIIF</a> · '
            f'<a href="{escape(urls.mods(vid))}">MODS</a> · '
            f'<a href="{escape(urls.dc(vid))}">DC</a> · '
            f'<a href="{escape(urls.mets(vid))}">METS</a> · '
            f'<a href="{escape(urls.fulltext(vid))}">全文 text</a></small></li>')
    listing = "<ul>" + "".join(items) + "</ul>" if items else "<p>尚無公開古籍。No volumes yet.</p>"
    body = (f'<header><h1>萍鄉市圖書館古籍 · Pingxiang Library ancient books</h1><nav>'
            f'<a href="{escape(urls.collection())}">IIIF collection</a> · '
            f'<a href="{escape(urls.oai())}?verb=Identify">OAI-PMH</a></nav></header>'
            f'<main><form action="search"><input name="q" placeholder="全文檢索 Search the text">'
            f"<button>檢索</button></form>{listing}</main>")
    return _page("萍鄉市圖書館古籍", body, headers={"Cache-Control": "no-store"})


def _canvas_number(request: Request, pages: int) -> int | None:
    """?canvas=N, counted from 1 in reading order; anything else opens the first page."""
    raw = request.query_params.get("canvas", "")
    if raw.isdigit() and 1 <= int(raw) <= pages:
        return int(raw)
    return None


def viewer(config: ServeConfig, request: Request, volume_id: str) -> Response:
    """Mirador on one volume, opened as a right-to-left book at ?canvas=N."""
    decision = gate(config, volume_id, visitor_levels(config, request))
    if decision.verdict is not Verdict.ok or decision.volume is None:
        return refusal(decision.verdict)
    if config.mirador_dir is None:
        return PlainTextResponse(
            "Mirador is not installed. Run `npm ci` in the project folder (see "
            "docs/publishing.md), then restart `guji serve`.\n", 503)
    urls = _urls(request)
    pages = len(config.catalogue.pages(volume_id))
    n = _canvas_number(request, pages)
    window: dict[str, object] = {"manifestId": urls.manifest(volume_id), "view": "book",
                                 "thumbnailNavigationPosition": "far-bottom"}
    if n is not None:
        window["canvasId"] = urls.canvas(volume_id, n)
    # A link from the search results: the search is run once the manifest is in
    # (static/search2.js), and the page it names stays in view.
    query = request.query_params.get("q", "").strip()[:50]
    settings = {
        "id": "viewer",
        "language": "zh-TW",
        # Mirador shows only the motivations listed; the OCR text is "supplementing".
        "annotations": {"filteredMotivations": [*MIRADOR_MOTIVATIONS, "supplementing"]},
        "windows": [window],
        "window": {"allowClose": False, "allowMaximize": False, "defaultView": "book",
                   "sideBarOpenByDefault": False, "switchCanvasOnSearch": n is None,
                   "panels": {"info": True, "attribution": True, "canvas": True,
                              "annotations": True, "search": True, "layers": False}},
        "workspace": {"type": "mosaic", "showZoomControls": True},
        "workspaceControlPanel": {"enabled": False},
    }
    open_search = (f"window.gujiOpenSearch(window.guji, {_js_string(query)});" if query else "")
    # JSON inside <script>: "</" would end the element early.
    config_js = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
    title = decision.volume.title
    body = (f'<header><h1><a href="{escape(urls.base)}/">古籍</a> · {escape(title)}</h1></header>'
            f'<div id="viewer"></div>'
            f'<script src="{escape(urls.base)}/vendor/mirador/mirador.min.js"></script>'
            f"<script>{_search2_js()}</script>"
            f"<script>const settings = {config_js};\n"
            "settings.requests = {postprocessors: [window.gujiSearch2]};\n"
            "window.guji = Mirador.viewer(settings);\n"
            f"{open_search}</script>")
    return _page(title, body, headers=cache_headers(decision.volume.access))


def _js_string(value: str) -> str:
    """A string as a JavaScript literal that cannot end the <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def _search2_js() -> str:
    """The Content Search 2.0 adapter for Mirador 4.0 (static/search2.js)."""
    return (Path(__file__).parent / "static" / "search2.js").read_text(encoding="utf-8")


def mirador_asset(config: ServeConfig, name: str) -> Response:
    if config.mirador_dir is None or name not in {"mirador.min.js", "LICENSE"}:
        return PlainTextResponse("404 Not Found\n", 404)
    path = config.mirador_dir / name
    if not path.is_file():
        return PlainTextResponse("404 Not Found\n", 404)
    return FileResponse(path, media_type="text/javascript" if name.endswith(".js") else "text/plain",
                        headers={"Cache-Control": "public, max-age=86400"})


def reading_room(config: ServeConfig, request: Request) -> Response:
    """/reading-room?token=…: a reading-room terminal shows the token once and keeps a cookie."""
    token = request.query_params.get("token", "")
    if not config.policy.token_matches(token):
        return PlainTextResponse("403 Forbidden: wrong or missing reading-room token.\n", 403)
    response = RedirectResponse(f"{str(request.base_url).rstrip('/')}/", status_code=303)
    response.set_cookie(COOKIE, config.policy.cookie_value(), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response
