"""METS 1.12 wrapping MODS: file groups, a physical and a logical (per juan) structMap, and
PREMIS-style events from the catalogue's log.

File locations are relative to the volume's folder (`master/0001.tif`), so the same METS
describes the volume in the store, behind any base URL and inside an exported bag."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, datetime
from functools import partial

from lxml import etree

from guji import __version__
from guji.metadata import institution
from guji.metadata.mods import build_mods
from guji.metadata.urls import ArchiveUrls
from guji.metadata.volume import EventView, FileView, PageView, VolumeView
from guji.metadata.xml import METS, MODS, PREMIS, XLINK, XSI, q, schema_location, sub, to_bytes
from guji.pipeline.numerals import to_chinese

mets = partial(q, METS)
premis = partial(q, PREMIS)

# File groups by catalogue role, in the order they are listed.
FILE_GROUPS: dict[str, str] = {
    "master": "MASTER", "access": "ACCESS", "thumb": "THUMBNAIL", "tiles": "IIIF",
    "ocr": "OCR", "fulltext": "OCR",
}


def build_mets(view: VolumeView, urls: ArchiveUrls) -> etree._Element:
    """The METS document of a volume."""
    rec = view.record
    root = etree.Element(
        mets("mets"),
        {"OBJID": rec.volume_id, "LABEL": rec.title, "TYPE": "book",
         **schema_location(METS, MODS)},
        nsmap={"mets": METS, "mods": MODS, "premis": PREMIS, "xlink": XLINK, "xsi": XSI})
    _header(root, view)
    wrap = sub(sub(root, mets("dmdSec"), ID="DMD_MODS"), mets("mdWrap"), MDTYPE="MODS",
               MIMETYPE="text/xml", LABEL="MODS 3.7")
    sub(wrap, mets("xmlData")).append(build_mods(view, urls))
    event_ids = _events(root, view.events, rec.volume_id)
    file_ids = _file_sec(root, view)
    _physical(root, view, file_ids, event_ids)
    _logical(root, view)
    return root


def mets_bytes(view: VolumeView, urls: ArchiveUrls) -> bytes:
    return to_bytes(build_mets(view, urls))


def _stamp(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _header(root: etree._Element, view: VolumeView) -> None:
    # Dates come from the event log, not the clock, so republishing an unchanged
    # volume writes the same bytes.
    times = [e.at for e in view.events]
    header = sub(root, mets("metsHdr"),
                 CREATEDATE=_stamp(min(times)) if times else None,
                 LASTMODDATE=_stamp(max(times)) if times else None,
                 RECORDSTATUS=view.record.access)
    library = sub(header, mets("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    sub(library, mets("name"), institution.NAME_ZH)
    sub(library, mets("note"), institution.NAME_EN)
    software = sub(header, mets("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    sub(software, mets("name"), f"guji {__version__}")


def _events(root: etree._Element, events: tuple[EventView, ...], volume_id: str,
            ) -> dict[int | None, list[str]]:
    """digiprovMD per event; returns the ids of each page's events (None: the volume's)."""
    by_page: dict[int | None, list[str]] = defaultdict(list)
    if not events:
        return by_page
    amd = sub(root, mets("amdSec"), ID="AMD")
    for event in events:
        md_id = f"EVENT_{event.id}"
        by_page[event.page_seq].append(md_id)
        wrap = sub(sub(amd, mets("digiprovMD"), ID=md_id), mets("mdWrap"),
                   MDTYPE="PREMIS:EVENT", MIMETYPE="text/xml")
        element = sub(sub(wrap, mets("xmlData")), premis("event"))
        ident = sub(element, premis("eventIdentifier"))
        sub(ident, premis("eventIdentifierType"), "local")
        sub(ident, premis("eventIdentifierValue"), f"{volume_id}/event/{event.id}")
        sub(element, premis("eventType"), event.event_type)
        sub(element, premis("eventDateTime"), _stamp(event.at))
        if event.detail:
            sub(sub(element, premis("eventDetailInformation")), premis("eventDetail"),
                event.detail)
        sub(sub(element, premis("eventOutcomeInformation")), premis("eventOutcome"),
            event.outcome)
        agent = sub(element, premis("linkingAgentIdentifier"))
        sub(agent, premis("linkingAgentIdentifierType"), "software")
        sub(agent, premis("linkingAgentIdentifierValue"),
            f"{event.agent} {event.agent_version}".strip())
        sub(agent, premis("linkingAgentRole"), "executing program")
        obj = sub(element, premis("linkingObjectIdentifier"))
        sub(obj, premis("linkingObjectIdentifierType"), "local")
        target = volume_id if event.page_seq is None else f"{volume_id}/page/{event.page_seq}"
        sub(obj, premis("linkingObjectIdentifierValue"), target)
    return by_page


def _file_id(group: str, key: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", key.split("/", 1)[-1])
    file_id, n = f"{group}_{stem}", 1
    while file_id in taken:
        n += 1
        file_id = f"{group}_{stem}_{n}"
    taken.add(file_id)
    return file_id


def _listed(file: FileView) -> bool:
    # A tile tree is hundreds of files; its info.json stands for it.
    return file.role in FILE_GROUPS and (file.role != "tiles" or file.key.endswith("info.json"))


def _file_sec(root: etree._Element, view: VolumeView) -> dict[int, list[str]]:
    """fileSec by group; returns each page's file ids."""
    groups: dict[str, list[FileView]] = defaultdict(list)
    for file in sorted(view.files, key=lambda f: ((f.page_seq or 0), f.key)):
        if _listed(file):
            groups[FILE_GROUPS[file.role]].append(file)
    by_page: dict[int, list[str]] = defaultdict(list)
    if not groups:
        return by_page
    sec = sub(root, mets("fileSec"))
    taken: set[str] = set()
    for use in dict.fromkeys(FILE_GROUPS.values()):
        if use not in groups:
            continue
        group = sub(sec, mets("fileGrp"), USE=use)
        for file in groups[use]:
            file_id = _file_id(use, file.key, taken)
            if file.page_seq is not None:
                by_page[file.page_seq].append(file_id)
            element = sub(group, mets("file"), ID=file_id, MIMETYPE=file.mime.split(";")[0],
                          SIZE=str(file.size), CHECKSUM=file.sha256 or None,
                          CHECKSUMTYPE="SHA-256" if file.sha256 else None,
                          CREATED=_stamp(file.created) if file.created else None)
            relative = file.key.split("/", 1)[1] if "/" in file.key else file.key
            sub(element, mets("FLocat"), None, {q(XLINK, "href"): relative}, LOCTYPE="URL")
    return by_page


def _page_label(page: PageView) -> str:
    return f"第{page.seq}頁（葉{page.folio}）" if page.folio else f"第{page.seq}頁"


def _physical(root: etree._Element, view: VolumeView, file_ids: dict[int, list[str]],
              event_ids: dict[int | None, list[str]]) -> None:
    smap = sub(root, mets("structMap"), TYPE="PHYSICAL", LABEL="Pages in reading order")
    volume = sub(smap, mets("div"), ID="PHYS_0000", TYPE="physSequence",
                 LABEL=view.record.title, ADMID=" ".join(event_ids.get(None, [])) or None)
    for order, page in enumerate(view.pages, start=1):
        div = sub(volume, mets("div"), ID=f"PHYS_{page.name}", TYPE="page", ORDER=str(order),
                  ORDERLABEL=page.folio or str(page.seq), LABEL=_page_label(page),
                  ADMID=" ".join(event_ids.get(page.seq, [])) or None)
        for file_id in file_ids.get(page.seq, []):
            sub(div, mets("fptr"), FILEID=file_id)


def _logical(root: etree._Element, view: VolumeView) -> None:
    smap = sub(root, mets("structMap"), TYPE="LOGICAL", LABEL="卷 (juan)")
    volume = sub(smap, mets("div"), ID="LOG_0000", TYPE="volume", LABEL=view.record.title,
                 DMDID="DMD_MODS")
    links: list[tuple[str, str]] = [("LOG_0000", "PHYS_0000")]
    for order, juan in enumerate(view.juan_numbers(), start=1):
        div_id = f"LOG_JUAN_{juan}"
        sub(volume, mets("div"), ID=div_id, TYPE="juan", ORDER=str(order),
            ORDERLABEL=str(juan), LABEL=f"卷{to_chinese(juan)}")
        links += [(div_id, f"PHYS_{page.name}") for page in view.pages_of_juan(juan)]
    if view.pages:
        # Which pages each juan spans: the DFG-viewer convention of structLink arcs.
        link_sec = sub(root, mets("structLink"))
        for source, target in links:
            sub(link_sec, mets("smLink"), None, {q(XLINK, "from"): source, q(XLINK, "to"): target})
