"""The `guji serve` web application: archive files, viewer, collection, search, OAI-PMH.

URL space (base = where the server answers; the same paths as the published archive):

    /                               index of the volumes the visitor may open
    /collection.json                IIIF Collection of public volumes
    /{volume}/manifest.json         IIIF manifest; mods.xml, dc.xml, mets.xml, fulltext.txt
    /{volume}/iiif/{seq}/…          level-0 image service (info.json and tiles)
    /{volume}/access|thumb|ocr/…    access JPEGs, thumbnails, OCR (txt, hOCR, ALTO, JSON)
    /view/{volume}?canvas=N         Mirador, opened at page N
    /uv/{volume}?canvas=N           Universal Viewer, the second viewer
    /search?q=…                     full-text search: HTML, or JSON for Accept: application/json
    /{volume}/search?q=…            IIIF Content Search 2.0 inside a public volume
    /oai                            OAI-PMH 2.0
    /reading-room?token=…           grants a browser reading-room access (see access.py)
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from guji.serve import content_search, listing, oai, pages, search, uv
from guji.serve.archive import volume_file
from guji.serve.config import ServeConfig


def create_app(config: ServeConfig) -> Starlette:
    """The ASGI app serving one archive under one access policy."""

    def index(request: Request) -> Response:
        return pages.index(config, request)

    def collection(request: Request) -> Response:
        return listing.collection(config, request)

    def view(request: Request) -> Response:
        return pages.viewer(config, request, request.path_params["volume"])

    def mirador(request: Request) -> Response:
        return pages.mirador_asset(config, request.path_params["name"])

    def uv_view(request: Request) -> Response:
        return uv.viewer(config, request, request.path_params["volume"])

    def uv_asset(request: Request) -> Response:
        return uv.asset(request.path_params["name"])

    def reading_room(request: Request) -> Response:
        return pages.reading_room(config, request)

    def find(request: Request) -> Response:
        return search.search(config, request)

    def search_volume(request: Request) -> Response:
        return content_search.content_search(config, request, request.path_params["volume"])

    async def oai_endpoint(request: Request) -> Response:
        args = list(request.query_params.multi_items())
        if request.method == "POST":
            # OAI-PMH POSTs are urlencoded forms; parsed here, no multipart library needed.
            body = (await request.body()).decode("utf-8", "replace")
            args = parse_qsl(body, keep_blank_values=True)
        # The catalogue and store are blocking; keep them off the event loop.
        return await run_in_threadpool(oai.respond, config, request, args)

    def image_alias(request: Request) -> Response:
        # The tiler's own id form, /iiif/{volume}/{seq}/…, answers like the published one.
        p = request.path_params
        return volume_file(config, request, p["volume"], f"iiif/{p['seq']}/{p['rest']}")

    def archived(request: Request) -> Response:
        return volume_file(config, request, request.path_params["volume"],
                           request.path_params["path"])

    def no_icon(request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", index),
        Route("/favicon.ico", no_icon),
        Route("/collection.json", collection),
        Route("/view/{volume}", view),
        Route("/vendor/mirador/{name}", mirador),
        Route("/uv/{volume}", uv_view),
        Route("/vendor/uv/{name:path}", uv_asset),
        Route("/reading-room", reading_room),
        Route("/search", find),
        Route("/oai", oai_endpoint, methods=["GET", "POST"]),
        Route("/iiif/{volume}/{seq}/{rest:path}", image_alias),
        Route("/{volume}/search", search_volume),
        Route("/{volume}/{path:path}", archived),
    ]
    app = Starlette(routes=routes)
    # No guessing at other paths: /catalogue.db must be a plain 404, not a redirect.
    app.router.redirect_slashes = False
    return app
