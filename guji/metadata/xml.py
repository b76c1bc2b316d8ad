"""Namespaces and serialisation shared by the MODS, DC and METS builders."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

MODS = "http://www.loc.gov/mods/v3"
METS = "http://www.loc.gov/METS/"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PREMIS = "http://www.loc.gov/premis/v3"

SCHEMA_LOCATIONS = {
    MODS: "http://www.loc.gov/standards/mods/v3/mods-3-7.xsd",
    METS: "http://www.loc.gov/standards/mets/version1121/mets.xsd",
    OAI_DC: "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    PREMIS: "http://www.loc.gov/standards/premis/v3/premis.xsd",
}


def q(namespace: str, name: str) -> str:
    """Clark notation {namespace}name, as lxml wants it."""
    return f"{{{namespace}}}{name}"


def schema_location(*namespaces: str) -> dict[str, str]:
    """The xsi:schemaLocation attribute naming the official XSD of each namespace."""
    return {q(XSI, "schemaLocation"): " ".join(f"{ns} {SCHEMA_LOCATIONS[ns]}" for ns in namespaces)}


def sub(parent: etree._Element, tag: str, text: str | None = None,
        attrib: Mapping[str, str | None] | None = None, **kw: str | None) -> etree._Element:
    """Append a child element; attributes given as None or "" are left out."""
    merged = {**(attrib or {}), **kw}
    element = etree.SubElement(parent, tag, {k: v for k, v in merged.items() if v})
    if text:
        element.text = text
    return element


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
