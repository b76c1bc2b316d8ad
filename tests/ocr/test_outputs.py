"""The page's forms: plain text, JSON (guji-ocr/1), hOCR and ALTO 4.4 (validated)."""

from __future__ import annotations

import json
from collections import Counter

from lxml import etree

from guji.ocr.engine import Glyph
from guji.ocr.formats import page_alto, page_hocr, page_json
from guji.ocr.geometry import Box
from guji.ocr.page import CentreStrip, OcrColumn, OcrHalfPage, OcrLine, OcrPage


def _line(kind, text, x, y):  # type: ignore[no-untyped-def]
    glyphs = tuple(Glyph(c, Box(x, y + 40 * i, 30, 36), 0.9) for i, c in enumerate(text))
    return OcrLine(kind, Box(x, y, 30, 40 * len(text)), text, 0.9, glyphs)


def _page() -> OcrPage:
    """A hand-made page: two columns, one with a note, and a centre strip."""
    col1 = OcrColumn(Box(300, 100, 40, 400), (
        _line("body", "子曰學而", 300, 100),
        _line("commentary", "說悅", 320, 260), _line("commentary", "同也", 300, 260),
        _line("body", "時習", 300, 340)))
    col2 = OcrColumn(Box(240, 100, 40, 200), (_line("body", "不亦說乎", 240, 100),))
    empty = OcrColumn(Box(180, 100, 40, 40), ())
    strip = CentreStrip(Box(380, 100, 30, 300), (_line("centre-strip", "論語卷一", 380, 100),
                                                  _line("centre-strip", "三十七", 380, 300)),
                        title="論語", juan=1, leaf=37)
    half = OcrHalfPage("single", Box(150, 90, 270, 420), (col1, col2, empty), strip)
    return OcrPage(image="0001.tif", width=500, height=600, skew_deg=0.0, engine="test",
                   half_pages=(half,), seals=(Box(10, 10, 50, 50),))


def test_text_is_one_line_per_column_without_the_strip() -> None:
    assert _page().text == "子曰學而說悅同也時習\n不亦說乎\n"


def test_json_form() -> None:
    data = page_json(_page())
    json.dumps(data)  # plain JSON types only
    assert data["schema"] == "guji-ocr/1" and data["direction"] == "vertical-rl"
    assert data["leaf_number"] == 37
    kinds = [c["kind"] for c in data["columns"]]
    assert kinds == ["body", "body", "body", "centre-strip"]
    first = data["columns"][0]
    assert first["box"] == [300, 100, 40, 400] and first["direction"] == "vertical-rl"
    assert [ln["kind"] for ln in first["lines"]] == ["body", "commentary", "commentary", "body"]
    strip = data["columns"][-1]
    assert (strip["title"], strip["juan"], strip["leaf"]) == ("論語", 1, 37)
    assert len({c["id"] for c in data["columns"]}) == len(data["columns"])


def test_hocr_is_xhtml_with_unique_ids_and_vertical_lines() -> None:
    root = etree.fromstring(page_hocr(_page()).encode("utf-8"))
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and not [i for i, n in Counter(ids).items() if n > 1]
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    lines = root.findall(".//h:span[@class]", ns)
    line_classes = [e.get("class") for e in lines if "ocr_line" in e.get("class")]
    assert "ocr_line guji_commentary" in line_classes
    assert all("textangle 90" in e.get("title") for e in lines if "ocr_line" in e.get("class"))
    words = [e.text for e in root.iterfind(".//h:span[@class='ocrx_word']", ns)]
    assert "".join(words).startswith("子曰學而說悅同也時習不亦說乎")
    assert root.find(".//h:div[@class='ocr_carea ocr_header']", ns) is not None


def test_alto_is_valid_and_states_the_direction(alto_schema) -> None:  # type: ignore[no-untyped-def]
    doc = etree.fromstring(page_alto(_page()))
    alto_schema.assertValid(doc)
    ns = {"a": "http://www.loc.gov/standards/alto/ns-v4#"}
    blocks = doc.findall(".//a:TextBlock", ns)
    assert len(blocks) == 3  # the empty column has no block
    assert all(b.get("BASEDIRECTION") == "ttb" for b in blocks)
    assert all(line.get("BASEDIRECTION") == "ttb" for line in doc.iterfind(".//a:TextLine", ns))
    refs = [e.get("REF") for e in doc.iterfind(".//a:ElementRef", ns)]
    assert refs == [b.get("ID") for b in blocks]
    ids = [e.get("ID") for e in doc.iter() if e.get("ID")]
    assert len(ids) == len(set(ids))
    assert doc.find(".//a:Page", ns).get("PRINTED_IMG_NR") == "37"
    contents = "".join(s.get("CONTENT") for s in doc.iterfind(".//a:String", ns))
    assert contents.startswith("子曰學而說悅同也時習不亦說乎")


def test_alto_of_a_recognised_page_is_valid(recognized, alto_schema) -> None:  # type: ignore[no-untyped-def]
    for page in recognized.values():
        alto_schema.assertValid(etree.fromstring(page_alto(page)))
        etree.fromstring(page_hocr(page).encode("utf-8"))


def test_alto_of_an_empty_page_is_valid(alto_schema) -> None:  # type: ignore[no-untyped-def]
    page = OcrPage(image="blank.tif", width=100, height=100, skew_deg=0.0, engine="test",
                   half_pages=(), seals=())
    alto_schema.assertValid(etree.fromstring(page_alto(page)))
    assert page.text == "" and page.leaf_number is None


def test_every_form_names_the_same_glyph_with_the_same_id_and_confidence() -> None:
    page = _page()
    data = page_json(page)
    glyphs = {g["id"]: g for c in data["columns"] for ln in c["lines"] for g in ln["glyphs"]}
    assert "c1_l2_g1" in glyphs and glyphs["c1_l2_g1"]["text"] == "說"
    assert [c["id"] for c in data["columns"]] == ["c1", "c2", "c3", "s1"]
    hocr = etree.fromstring(page_hocr(page).encode("utf-8"))
    words = {e.get("id"): e for e in hocr.iter("{http://www.w3.org/1999/xhtml}span")
             if e.get("class") == "ocrx_word"}
    alto = etree.fromstring(page_alto(page))
    strings = {e.get("ID"): e for e in alto.iter("{http://www.loc.gov/standards/alto/ns-v4#}String")}
    assert set(words) == set(glyphs) == set(strings)
    for gid, g in glyphs.items():
        assert words[gid].text == strings[gid].get("CONTENT") == g["text"]
        assert f"x_wconf {round(100 * g['confidence'])}" in words[gid].get("title")
        assert float(strings[gid].get("WC")) == g["confidence"]
        assert strings[gid].get("CC") == str(round(9 * (1 - g["confidence"])))


def test_page_confidence_and_expected_error_rate() -> None:
    page = _page()
    assert abs(page.confidence - 0.9) < 1e-9
    assert abs(page.expected_cer - 0.1) < 1e-9  # 1 − 0.9 over the body's glyphs
    data = page_json(page)
    assert data["expected_cer"] == 0.1 and data["juan"] == 1
    alto = etree.fromstring(page_alto(page))
    assert alto.find(".//{http://www.loc.gov/standards/alto/ns-v4#}Page").get("PC") == "0.900"
