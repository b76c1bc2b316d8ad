"""OAI-PMH 2.0 provider of the public volumes' records (oai_dc and MODS), at /oai.

Sets follow the four branches (四部): `sibu` and `sibu:jing`, `sibu:shi`, `sibu:zi`,
`sibu:ji`, `sibu:cong`. A volume is an item once it has been published (public, complete
and let out by review), datestamped when it was published; a volume published once and
withdrawn, held for review or closed since is reported deleted (deletedRecord=persistent),
so harvesters drop it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlsplit

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from guji.metadata import institution
from guji.metadata.cataloguing import SIBU, sibu_division
from guji.metadata.xml import MODS, OAI_DC, SCHEMA_LOCATIONS, XSI, q, sub
from guji.pipeline.catalogue import VolumeRow
from guji.pipeline.errors import StorageError
from guji.publish import is_published
from guji.serve.access import PUBLIC
from guji.serve.archive import Rebase
from guji.serve.config import ServeConfig
from guji.serve.oai_args import OaiError, Query, parse_query, stamp

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
o = partial(q, OAI)


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    namespace: str
    schema: str
    record_name: str  # the stored record it is read from


FORMATS = {
    "oai_dc": MetadataFormat("oai_dc", OAI_DC, SCHEMA_LOCATIONS[OAI_DC], "dc.xml"),
    "mods": MetadataFormat("mods", MODS, SCHEMA_LOCATIONS[MODS], "mods.xml"),
}


@dataclass(frozen=True)
class Item:
    volume: VolumeRow
    at: datetime
    sets: tuple[str, ...]
    deleted: bool = False

    @property
    def datestamp(self) -> str:
        return stamp(self.at)


def repository_id(config: ServeConfig) -> str:
    """The oai-identifier's namespace: the host of the published base URL, stable across
    whatever host and port `guji serve` happens to answer on."""
    return urlsplit(config.settings.base_url).hostname or "localhost"


def oai_identifier(config: ServeConfig, volume_id: str) -> str:
    return f"oai:{repository_id(config)}:{volume_id}"


def _items(config: ServeConfig) -> list[Item]:
    items = []
    for row in config.catalogue.volumes():
        live = row.access == PUBLIC and is_published(config.store, row)
        if not live and row.published_at is None:
            continue  # never published: harvesters never saw it
        division = sibu_division(row.record.classification)
        sets = ("sibu", f"sibu:{division[0]}") if division else ()
        # A deletion is dated by the change that took the volume away; an archive
        # catalogued before publication dates were kept dates by its last change.
        at = (row.published_at or row.updated_at) if live else row.updated_at
        items.append(Item(row, at, sets, deleted=not live))
    return items


def _select(config: ServeConfig, query: Query) -> list[Item]:
    chosen = []
    for item in _items(config):
        at = item.at.replace(microsecond=0)
        if query.start and at < query.start:
            continue
        if query.until and at > query.until:
            continue
        if query.set_spec and query.set_spec not in item.sets:
            continue
        chosen.append(item)
    return chosen


def _header(parent: etree._Element, config: ServeConfig, item: Item) -> None:
    header = sub(parent, o("header"), status="deleted" if item.deleted else None)
    sub(header, o("identifier"), oai_identifier(config, item.volume.volume_id))
    sub(header, o("datestamp"), item.datestamp)
    for spec in item.sets:
        sub(header, o("setSpec"), spec)


def _record(parent: etree._Element, config: ServeConfig, item: Item, fmt: MetadataFormat,
            rebase: Rebase) -> None:
    if item.deleted:
        # A deleted record is its header alone, as the protocol says.
        _header(sub(parent, o("record")), config, item)
        return
    key = f"{item.volume.volume_id}/{fmt.record_name}"
    try:
        document = etree.fromstring(rebase(config.store.get_bytes(key)))
    except (StorageError, etree.XMLSyntaxError):
        raise OaiError("cannotDisseminateFormat",
                       f"the {fmt.prefix} record of this item is not available") from None
    record = sub(parent, o("record"))
    _header(record, config, item)
    sub(record, o("metadata")).append(document)


def _resumable(parent: etree._Element, query: Query, items: list[Item], page_size: int
               ) -> list[Item]:
    """The page of items this request answers, and its resumptionToken element."""
    if not items:
        raise OaiError("noRecordsMatch", "no records match these arguments")
    if query.offset >= len(items) and query.offset:
        raise OaiError("badResumptionToken", "the resumption token is past the end of the list")
    page = items[query.offset: query.offset + page_size]
    following = query.offset + len(page)
    if query.offset or following < len(items):
        token = sub(parent, o("resumptionToken"), None, {
            "completeListSize": str(len(items)), "cursor": str(query.offset)})
        if following < len(items):
            token.text = query.token(following)
    return page


def _find(config: ServeConfig, identifier: str) -> Item:
    for item in _items(config):
        if oai_identifier(config, item.volume.volume_id) == identifier:
            return item
    raise OaiError("idDoesNotExist", f"{identifier} is not an item of this repository")


def _format(prefix: str) -> MetadataFormat:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"{prefix!r} is not offered: use oai_dc or mods")
    return FORMATS[prefix]


def _answer(config: ServeConfig, query: Query, root: etree._Element, base_url: str,
            rebase: Rebase) -> None:
    verb = sub(root, o(query.verb))
    if query.verb == "Identify":
        items = _items(config)
        earliest = min((i.datestamp for i in items), default="1970-01-01T00:00:00Z")
        for tag, text in (("repositoryName", f"{institution.NAME_ZH}古籍 ({institution.NAME_EN})"),
                          ("baseURL", base_url), ("protocolVersion", "2.0"),
                          ("adminEmail", config.admin_email), ("earliestDatestamp", earliest),
                          ("deletedRecord", "persistent"), ("granularity", "YYYY-MM-DDThh:mm:ssZ")):
            sub(verb, o(tag), text)
    elif query.verb == "ListMetadataFormats":
        if query.identifier:
            _find(config, query.identifier)
        for fmt in FORMATS.values():
            entry = sub(verb, o("metadataFormat"))
            sub(entry, o("metadataPrefix"), fmt.prefix)
            sub(entry, o("schema"), fmt.schema)
            sub(entry, o("metadataNamespace"), fmt.namespace)
    elif query.verb == "ListSets":
        entry = sub(verb, o("set"))
        sub(entry, o("setSpec"), "sibu")
        sub(entry, o("setName"), "四部分類 (Four Branches)")
        for head, (code, english) in SIBU.items():
            entry = sub(verb, o("set"))
            sub(entry, o("setSpec"), f"sibu:{code}")
            sub(entry, o("setName"), f"{head}部 ({english})")
    elif query.verb == "GetRecord":
        fmt = _format(query.metadata_prefix)
        _record(verb, config, _find(config, query.identifier), fmt, rebase)
    else:
        fmt = _format(query.metadata_prefix)
        holder = etree.Element(o("holder"))
        page = _resumable(holder, query, _select(config, query), config.oai_page_size)
        for item in page:
            if query.verb == "ListIdentifiers":
                _header(verb, config, item)
            else:
                _record(verb, config, item, fmt, rebase)
        verb.extend(list(holder))


def respond(config: ServeConfig, request: Request, args: list[tuple[str, str]]) -> Response:
    """The OAI-PMH response to a request's arguments (GET query or POST form)."""
    base_url = f"{str(request.base_url).rstrip('/')}/oai"
    root = etree.Element(o("OAI-PMH"), {q(XSI, "schemaLocation"): f"{OAI} {OAI_SCHEMA}"},
                         nsmap={None: OAI, "xsi": XSI})
    sub(root, o("responseDate"), stamp(datetime.now(UTC)))
    request_element = sub(root, o("request"), base_url)
    try:
        query = parse_query(args)
        for name, value in args:
            request_element.set(name, value)
        _answer(config, query, root, base_url, Rebase.of(config, request))
    except OaiError as error:
        # The partly built verb element goes; the error stands alone, as the protocol says.
        for child in root[2:]:
            root.remove(child)
        sub(root, o("error"), error.message, code=error.code)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return Response(body, media_type="text/xml; charset=utf-8",
                    headers={"Cache-Control": "no-store"})
