"""Validators for the records: the official XSDs (compiled offline) and the IIIF JSON Schema.

Schema imports that name a URL are answered from ../shared/data/schemas, and any other
network fetch is refused, so a test never passes because a schema could not be loaded."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

# Where the official schemas import each other from, and the local copy of each.
_LOCAL = {
    "http://www.loc.gov/standards/xlink/xlink.xsd": "mets/xlink.loc.xsd",
    "http://www.loc.gov/mods/xml.xsd": "mods/xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "mods/xml.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "mods/xml.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2008/02/11/dc.xsd": "dc/dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "oai_dc/simpledc20021212.xsd",
}


class _OfflineResolver(etree.Resolver):
    def __init__(self, schemas: Path) -> None:
        super().__init__()
        self.schemas = schemas

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url in _LOCAL:
            return self.resolve_filename(str(self.schemas / _LOCAL[url]), context)
        if url.startswith(("http://", "https://")):
            raise AssertionError(f"schema import {url} has no local copy")
        return None


def _parser(schemas: Path) -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_OfflineResolver(schemas))
    return parser


@cache
def xsd(schemas: Path, *files: str) -> etree.XMLSchema:
    """The schema in `files` (relative to the schemas folder); several are combined, so a
    METS document is checked together with the MODS it wraps."""
    if len(files) == 1:
        return etree.XMLSchema(etree.parse(str(schemas / files[0]), _parser(schemas)))
    imports = []
    for name in files:
        target = etree.parse(str(schemas / name), _parser(schemas)).getroot().get("targetNamespace")
        imports.append(f'<xs:import namespace="{target}" schemaLocation="{(schemas / name).as_uri()}"/>')
    wrapper = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
               'targetNamespace="urn:guji:tests:combined">' + "".join(imports) + "</xs:schema>")
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _parser(schemas)))


def mods_schema(schemas: Path) -> etree.XMLSchema:
    return xsd(schemas, "mods/mods-3-7.xsd")


def oai_dc_schema(schemas: Path) -> etree.XMLSchema:
    return xsd(schemas, "oai_dc/oai_dc.xsd")


def mets_schema(schemas: Path) -> etree.XMLSchema:
    return xsd(schemas, "mets/mets-1.12.1.xsd", "mods/mods-3-7.xsd")


def xml_errors(schema: etree.XMLSchema, document: bytes | etree._Element) -> list[str]:
    tree = etree.fromstring(document) if isinstance(document, bytes) else document
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


@cache
def iiif_validator(schemas: Path) -> jsonschema.Draft7Validator:
    """The official IIIF Presentation 3 validator's schema, as that validator runs it."""
    schema = json.loads((schemas / "iiif" / "iiif_3_0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def iiif_errors(schemas: Path, document: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}"
            for e in iiif_validator(schemas).iter_errors(document)]
