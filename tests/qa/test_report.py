"""volume_report: qa.json content and the self-contained qa.html."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser

from guji.qa import volume_report
from tests.qa.volume import page, thumb

VIEWER = "http://archive.example/view/px-01"


def _volume() -> tuple[list[dict], list[str], dict[int, bytes]]:
    pages = [page(1, "0001.tif", seed=1), page(2, "0002.tif", seed=2, verdict="warn",
                                                 reasons=("clipped highlights 0.60% is above 0.50%",)),
             page(3, "0004.tif", seed=3), page(4, "0005.tif", seed=1)]
    return pages, [p["source"] for p in pages], {p["seq"]: thumb(p["seq"]) for p in pages}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def test_qa_json_has_summary_pages_and_revised_verdicts() -> None:
    pages, names, thumbs = _volume()
    before = copy.deepcopy(pages)
    qa, _ = volume_report("px-01", pages, scan_names=names, viewer_url=VIEWER, thumbs=thumbs)
    assert pages == before  # the flow's dicts are left alone
    json.dumps(qa)  # JSON-able as it is
    assert qa["schema"] == "guji-qa/1" and qa["volume"] == "px-01"
    assert qa["profile"]["name"] == "default"
    by_seq = {p["seq"]: p for p in qa["pages"]}
    assert by_seq[3]["verdict"] == "fail"  # 0003 is missing before 0004.tif
    assert by_seq[4]["verdict"] == "warn"  # the same leaf as page 1
    assert by_seq[1]["verdict"] == "pass"
    assert by_seq[2]["reasons"] == ["clipped highlights 0.60% is above 0.50%"]
    assert by_seq[2]["viewer"] == f"{VIEWER}?canvas=2"
    s = qa["summary"]
    assert s["verdicts"] == {"pass": 1, "warn": 2, "fail": 1} and s["verdict"] == "fail"
    assert s["sequence"]["gaps"] == [3]
    assert [d[:2] for d in s["duplicates"]] == [[1, 4]]


def test_qa_html_is_self_contained_with_flagged_pages_first() -> None:
    pages, names, thumbs = _volume()
    _, html = volume_report("px-01", pages, scan_names=names, viewer_url=VIEWER, thumbs=thumbs)
    parser = _Collect()
    parser.feed(html)
    imgs = [a for t, a in parser.tags if t == "img"]
    assert len(imgs) == 4 and all(a["src"].startswith("data:image/jpeg;base64,") for a in imgs)
    # Nothing to fetch: no external scripts, styles or images.
    assert not [a for t, a in parser.tags if t in {"script", "link"}]
    assert sum(1 for t, _ in parser.tags if t == "svg") == 2
    rows = [a["id"] for t, a in parser.tags if t == "tr" and "id" in a]
    assert rows == ["page-3", "page-2", "page-4", "page-1"]
    links = {a["href"] for t, a in parser.tags if t == "a"}
    assert f"{VIEWER}?canvas=3" in links
    assert "Missing file numbers: 0003" in html


def test_without_a_viewer_there_are_no_links() -> None:
    pages, names, thumbs = _volume()
    qa, html = volume_report("px-01", pages[:1], scan_names=names[:1], viewer_url=None,
                             thumbs={})
    assert "viewer" not in qa["pages"][0]
    assert "<a " not in html and "no thumbnail" in html


def test_pages_to_proofread_are_listed_worst_ocr_first() -> None:
    pages, names, thumbs = _volume()
    for p, expected in zip(pages, (0.02, 0.31, None, 0.08), strict=True):
        if expected is not None:
            p["ocr"] = {"confidence": 1 - expected, "expected_cer": expected}
    qa, html = volume_report("px-01", pages, scan_names=names, viewer_url=VIEWER, thumbs=thumbs)
    order = qa["summary"]["proofread_first"]
    assert [p["seq"] for p in order] == [2, 4, 1]  # page 3 has no OCR
    assert order[0] == {"seq": 2, "expected_cer": 0.31, "confidence": 0.69}
    section = html[html.index("proofread these pages first"):]
    assert section.index(f"{VIEWER}?canvas=2") < section.index(f"{VIEWER}?canvas=4") < (
        section.index(f"{VIEWER}?canvas=1"))
    assert "31.0%" in section
