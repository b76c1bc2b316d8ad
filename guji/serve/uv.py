"""Universal Viewer, the second IIIF viewer `guji serve` offers (/uv/{volume}): a check that
the manifests and the level-0 image services work beyond Mirador, and the viewer many
readers know. Installed from the npm registry at setup time, like Mirador."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from guji.metadata.urls import ArchiveUrls
from guji.serve.archive import Verdict, cache_headers, gate, refusal, visitor_levels
from guji.serve.config import ServeConfig

PACKAGE_VENDOR = Path(__file__).parent / "static" / "vendor" / "uv"
# A development checkout where `npm ci` ran but its copy step did not.
CHECKOUT_NODE_MODULES = (Path(__file__).resolve().parents[2] / "node_modules" / "universalviewer"
                         / "dist")


def find_uv() -> Path | None:
    """The folder holding umd/UV.js and uv.css, installed from the npm registry."""
    for folder in (PACKAGE_VENDOR, CHECKOUT_NODE_MODULES):
        if (folder / "umd" / "UV.js").is_file() and (folder / "uv.css").is_file():
            return folder
    return None


def viewer(config: ServeConfig, request: Request, volume_id: str) -> Response:
    """Universal Viewer on one volume, at ?canvas=N (counted from 1)."""
    decision = gate(config, volume_id, visitor_levels(config, request))
    if decision.verdict is not Verdict.ok or decision.volume is None:
        return refusal(decision.verdict)
    if find_uv() is None:
        return PlainTextResponse(
            "Universal Viewer is not installed. Run `npm ci` in the project folder (see "
            "docs/publishing.md), then restart `guji serve`.\n", 503)
    urls = ArchiveUrls(str(request.base_url))
    raw = request.query_params.get("canvas", "")
    pages = len(config.catalogue.pages(volume_id))
    index = int(raw) - 1 if raw.isdigit() and 1 <= int(raw) <= pages else 0
    data = json.dumps({"manifest": urls.manifest(volume_id), "canvasIndex": index,
                       "embedded": True}).replace("</", "<\\/")
    base = escape(urls.base)
    html = (f'<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(decision.volume.title)}</title>"
            f'<link rel="stylesheet" href="{base}/vendor/uv/uv.css">'
            f'<script src="{base}/vendor/uv/umd/UV.js"></script>'
            "<style>html,body{margin:0;height:100%;overflow:hidden}#uv{width:100vw;height:100vh}"
            '</style></head><body><div id="uv" class="uv"></div>'
            f"<script>window.guji = UV.init('uv', {data});</script></body></html>")
    return HTMLResponse(html, headers=cache_headers(decision.volume.access))


def asset(name: str) -> Response:
    """A file of the installed viewer (its scripts load further chunks by relative URL)."""
    folder = find_uv()
    if folder is None:
        return PlainTextResponse("404 Not Found\n", 404)
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        return PlainTextResponse("404 Not Found\n", 404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})
