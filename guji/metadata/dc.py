"""Simple Dublin Core as oai_dc: the lowest common record every harvester understands."""

from __future__ import annotations

from functools import partial

from lxml import etree

from guji.metadata import institution
from guji.metadata.cataloguing import (
    alternative_titles,
    contributors,
    edition_type,
    juan_text,
    layout_parts,
    sibu_division,
    volumes_text,
)
from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import VolumeView
from guji.metadata.xml import DC, OAI_DC, XSI, q, schema_location, sub, to_bytes

dc = partial(q, DC)


def build_dc(view: VolumeView, urls: ArchiveUrls) -> etree._Element:
    """The oai_dc record of a volume."""
    rec = view.record
    root = etree.Element(q(OAI_DC, "dc"), schema_location(OAI_DC),
                         nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    sub(root, dc("title"), rec.title, {q("http://www.w3.org/XML/1998/namespace", "lang"): "lzh"})
    for alt in alternative_titles(rec.title_alt):
        sub(root, dc("title"), alt.title,
            {q("http://www.w3.org/XML/1998/namespace", "lang"): alt.bcp47 if alt.romanized else "lzh"})
    for person in contributors(rec.author, rec.author_dynasty):
        # A commentator (注) contributes; the author (撰) creates.
        tag = "creator" if person.role_code in ("", "aut") else "contributor"
        sub(root, dc(tag), person.display)
    if rec.classification:
        sub(root, dc("subject"), rec.classification)
        division = sibu_division(rec.classification)
        if division:
            sub(root, dc("subject"), f"{division[1]} ({division[2]})")
    description = "，".join(p.text for p in layout_parts(rec.layout))
    if rec.frame_size_cm:
        description += f"{'；' if description else ''}版框 {rec.frame_size_cm}"
    if description:
        sub(root, dc("description"), description)
    if rec.publisher or rec.place:
        # Simple DC has no place of publication; 「江西南昌：豫章書坊」 keeps it with the name.
        sub(root, dc("publisher"), "：".join(x for x in (rec.place, rec.publisher) if x))
    for date in (rec.date_text, rec.date_w3cdtf):
        if date:
            sub(root, dc("date"), date)
    sub(root, dc("type"), "Text")
    kind = edition_type(rec.edition)
    if rec.edition:
        sub(root, dc("type"), rec.edition)
    if kind:
        sub(root, dc("type"), kind.en)
    sub(root, dc("format"), "image/jpeg")
    extent = " ".join(x for x in (juan_text(rec.juan), volumes_text(rec.extent_volumes)) if x)
    if extent:
        sub(root, dc("format"), extent)
    if rec.access == "public":
        sub(root, dc("identifier"), urls.viewer(rec.volume_id))
        sub(root, dc("identifier"), urls.manifest(rec.volume_id))
    if rec.call_number:
        sub(root, dc("identifier"), f"{institution.NAME_ZH} {rec.call_number}")
    sub(root, dc("language"), "lzh")
    sub(root, dc("rights"), institution.rights_uri(rec.rights))
    statement = institution.rights_statement(rec.rights)
    sub(root, dc("rights"), statement or f"{institution.ATTRIBUTION_ZH} / {institution.ATTRIBUTION_EN}")
    return root


def dc_bytes(view: VolumeView, urls: ArchiveUrls) -> bytes:
    return to_bytes(build_dc(view, urls))
