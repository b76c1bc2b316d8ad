"""The archive's files over HTTP, behind the access gate, at the URLs the manifests name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from guji.pipeline.catalogue import VolumeRow
from guji.pipeline.errors import StorageError
from guji.pipeline.storage import content_type_for
from guji.publish import is_published as volume_published
from guji.serve.access import PUBLIC
from guji.serve.config import ServeConfig

# What of a volume is published; masters, QA reports and markers stay in the store.
PUBLISHED_FILES = {"manifest.json", "mods.xml", "dc.xml", "mets.xml", "fulltext.txt"}
PUBLISHED_FOLDERS = {"access", "thumb", "iiif", "ocr"}
IIIF_JSON = {
    "manifest.json": 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
    "collection.json": 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
    "info.json": 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"',
}


class Verdict(Enum):
    ok = "ok"
    missing = "missing"
    forbidden = "forbidden"


@dataclass(frozen=True)
class Gate:
    verdict: Verdict
    volume: VolumeRow | None = None


def visitor_levels(config: ServeConfig, request: Request) -> tuple[str, ...]:
    client = request.client.host if request.client else None
    return config.policy.levels(client, request.headers, request.cookies)


def gate(config: ServeConfig, volume_id: str, levels: tuple[str, ...]) -> Gate:
    """May a visitor with these levels see this volume? Unfinished volumes, and volumes
    awaiting review, do not exist."""
    row = config.catalogue.volume(volume_id)
    if row is None or not volume_published(config.store, row):
        return Gate(Verdict.missing)
    if row.access not in levels:
        return Gate(Verdict.forbidden, row)
    return Gate(Verdict.ok, row)


def refusal(verdict: Verdict) -> Response:
    """The answer for a volume that is not shown; it names nothing of the volume."""
    if verdict is Verdict.forbidden:
        return PlainTextResponse(
            "403 Forbidden: this volume is not open to the public. 此書不公開。\n", 403)
    return PlainTextResponse("404 Not Found\n", 404)


@dataclass(frozen=True)
class Rebase:
    """Rewrites the base URL the records were published with to the one a visitor used,
    so `guji serve` on any host and port hands out links that work from there."""

    published: str
    requested: str

    @classmethod
    def of(cls, config: ServeConfig, request: Request) -> Rebase:
        return cls(config.settings.base_url.rstrip("/"), str(request.base_url).rstrip("/"))

    def __call__(self, data: bytes) -> bytes:
        if self.published == self.requested:
            return data
        return data.replace(self.published.encode(), self.requested.encode())

    def url(self, url: str) -> str:
        return url.replace(self.published, self.requested, 1)


def is_published(path: str) -> bool:
    parts = path.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        return False
    if len(parts) > 2 and parts[0] == "iiif":
        # An image service is its info.json and images; anything else the tiler left
        # (libvips' vips-properties.xml) is not published.
        return parts[-1] == "info.json" or parts[-1].endswith(".jpg")
    return (len(parts) == 1 and parts[0] in PUBLISHED_FILES) or (
        len(parts) > 1 and parts[0] in PUBLISHED_FOLDERS)


def media_type(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    return IIIF_JSON.get(name) or content_type_for(key)


def cache_headers(access: str) -> dict[str, str]:
    if access == PUBLIC:
        # Open IIIF resources may be used by any viewer on any site.
        return {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600"}
    return {"Cache-Control": "private, no-store", "Vary": "Cookie, Authorization"}


def serve_key(config: ServeConfig, request: Request, key: str, access: str) -> Response:
    """A stored object as a response; JSON and XML have their base URL rebased."""
    headers = cache_headers(access)
    kind = media_type(key)
    textual = key.endswith((".json", ".xml"))
    try:
        local = config.store.local_path(key)
        if local is not None and not textual:
            if not local.is_file():
                return refusal(Verdict.missing)
            return FileResponse(local, media_type=kind, headers=headers)
        if not config.store.exists(key):
            return refusal(Verdict.missing)
        data = config.store.get_bytes(key)
    except StorageError:
        return refusal(Verdict.missing)
    return Response(Rebase.of(config, request)(data) if textual else data, media_type=kind,
                    headers=headers)


def volume_file(config: ServeConfig, request: Request, volume_id: str, path: str) -> Response:
    if not is_published(path):
        return refusal(Verdict.missing)
    decision = gate(config, volume_id, visitor_levels(config, request))
    if decision.verdict is not Verdict.ok or decision.volume is None:
        return refusal(decision.verdict)
    return serve_key(config, request, f"{volume_id}/{path}", decision.volume.access)
