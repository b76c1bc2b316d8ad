"""ALTO 4.4 of an OcrPage: one TextBlock per column, vertical text stated outright.

Each column and each of its lines carries BASEDIRECTION="ttb" (top to bottom; ALTO 4.3+)
and the reading order is given by a ReadingOrder group, right to left. Kinds of text
(body, commentary, centre-strip) are StructureTags referenced through TAGREFS. One
String per glyph, with its confidence as WC and CC (0 sure … 9 unsure); the page's
confidence is PC. Ids are those of every output form (guji.ocr.formats.ids).
"""

from __future__ import annotations

from lxml import etree

from guji import __version__
from guji.ocr.formats.ids import page_blocks
from guji.ocr.page import OcrPage, TextKind
from guji.pipeline.geometry import Box

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/standards/alto/v4/alto-4-4.xsd"
LANG = "zh-Hant"
TAGS: dict[TextKind, str] = {"body": "TAG_body", "commentary": "TAG_commentary",
                             "centre-strip": "TAG_centre_strip"}


def page_alto(page: OcrPage) -> bytes:
    """The page as an ALTO 4.4 document (UTF-8 bytes with an XML declaration)."""
    root = etree.Element(_q("alto"), nsmap={None: NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _description(root, page)
    tags = _sub(root, "Tags")
    for kind, tag_id in TAGS.items():
        _sub(tags, "StructureTag", ID=tag_id, LABEL=kind, TYPE="text")
    order = _sub(_sub(root, "ReadingOrder"), "OrderedGroup", ID="RO_1")
    layout = _sub(root, "Layout")
    p = _sub(layout, "Page", ID="PAGE_1", PHYSICAL_IMG_NR="1", WIDTH=str(page.width),
             HEIGHT=str(page.height), LANG=LANG, PC=f"{max(0.0, min(1.0, page.confidence)):.3f}")
    if page.leaf_number is not None:
        p.set("PRINTED_IMG_NR", str(page.leaf_number))
    space = _sub(p, "PrintSpace", ID="PS_1", HPOS="0", VPOS="0", WIDTH=str(page.width),
                 HEIGHT=str(page.height))
    n = 0
    for block in page_blocks(page):
        lines = [line for line in block.lines if line.line.glyphs]
        if not lines:
            continue
        n += 1
        text_block = _sub(space, "TextBlock", ID=block.id, TAGREFS=TAGS[block.kind],
                          **_pos(block.box), LANG=LANG, BASEDIRECTION="ttb")
        _sub(order, "ElementRef", ID=f"RO_{block.id}", REF=block.id)
        for item in lines:
            line = item.line
            text_line = _sub(text_block, "TextLine", ID=item.id, TAGREFS=TAGS[line.kind],
                             **_pos(line.box), BASEDIRECTION="ttb")
            for k, g in enumerate(line.glyphs):
                conf = max(0.0, min(1.0, g.confidence))
                _sub(text_line, "String", ID=item.glyph_id(k), CONTENT=g.text, **_pos(g.box),
                     WC=f"{conf:.3f}", CC=" ".join(str(round(9 * (1 - conf))) for _ in g.text))
    if n == 0:
        # ALTO needs at least one reference in an ordered group; an empty page has none.
        order.getparent().getparent().remove(order.getparent())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _description(root: etree._Element, page: OcrPage) -> None:
    desc = _sub(root, "Description")
    _sub(desc, "MeasurementUnit").text = "pixel"
    _sub(_sub(desc, "sourceImageInformation"), "fileName").text = page.image
    step = _sub(desc, "Processing", ID="PROC_1")
    _sub(step, "processingCategory").text = "contentGeneration"
    _sub(step, "processingStepDescription").text = (
        "layout analysis (columns right to left, commentary, centre strip) and OCR")
    software = _sub(step, "processingSoftware")
    _sub(software, "softwareName").text = "guji"
    _sub(software, "softwareVersion").text = __version__
    _sub(software, "applicationDescription").text = page.engine


def _pos(box: Box) -> dict[str, str]:
    return {"HPOS": str(box.x), "VPOS": str(box.y), "WIDTH": str(box.w), "HEIGHT": str(box.h)}


def _sub(parent: etree._Element, name: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _q(name), attrib=attrs)


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"
