"""Search over HTTP: the results page (HTML and JSON) and IIIF Content Search 2.0 inside a
volume, against the served archive of tests/serve/conftest.py. Every page of that archive
has three columns reading 「第{page}頁第{n}行」, boxed [490 - 95 (n - 1), 80, 30, 300]."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import httpx
from lxml import html

from guji.search import SearchIndex
from tests.metadata.validation import iiif_errors
from tests.serve.conftest import PUBLIC_IDS, TOKEN, Site

JSON = {"Accept": "application/json"}


def test_the_index_holds_the_public_volumes_only(site: Site) -> None:
    assert SearchIndex.of(site.archive.catalogue).volumes() == set(PUBLIC_IDS)


def test_results_page_lists_hits_with_snippets_that_open_the_viewer_at_the_hit(site: Site) -> None:
    with httpx.Client(base_url=site.url) as client:
        response = client.get("/search", params={"q": "第3頁第2"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    doc = html.fromstring(response.text)
    hits = doc.xpath('//li[@class="hit"]')
    # Only 論語集解 (pub-1) has a third page.
    assert len(hits) == 1
    assert hits[0].xpath('.//a[@class="title"]')[0].text == "論語集解"
    assert [m.text for m in hits[0].xpath('.//mark')] == ["第3頁第2"]
    snippet = hits[0].xpath('.//p[@class="snippet"]')[0].text_content()
    assert snippet == "第3頁第1行第3頁第2行第3頁第3行"
    link = hits[0].xpath('.//a[@class="title"]')[0].get("href")
    assert link == f"{site.url}/view/pub-1?canvas=3&q=%E7%AC%AC3%E9%A0%81%E7%AC%AC2"


def test_simplified_forms_and_variants_find_the_printed_text(site: Site) -> None:
    with httpx.Client(base_url=site.url, headers=JSON) as client:
        traditional = client.get("/search", params={"q": "第4頁"}).json()
        simplified = client.get("/search", params={"q": "第4页"}).json()
    assert [{**h, "viewer": ""} for h in traditional["hits"]] == [
        {**h, "viewer": ""} for h in simplified["hits"]]
    assert [(h["volume"], h["page"], h["count"]) for h in simplified["hits"]] == [("pub-1", 4, 3)]
    # The snippet shows what is printed, not the folded form.
    assert simplified["hits"][0]["snippets"][0] == ["", "第4頁", "第1行第4頁第2行第4頁第3行"]


def test_results_are_ranked_and_paged(site: Site) -> None:
    with httpx.Client(base_url=site.url, headers=JSON) as client:
        answer = client.get("/search", params={"q": "第1行"}).json()
        bad = client.get("/search", params={"q": "，。"})
    # Every page of every public volume has 第1行 once: 4 + 1 + 1 + 1 + 1 pages.
    assert answer["total"] == 8 and not answer["truncated"]
    assert [(h["volume"], h["page"]) for h in answer["hits"]][:3] == [
        ("pub-1", 1), ("pub-1", 2), ("pub-1", 3)]
    assert bad.status_code == 400


def _search(client: httpx.Client, volume: str, q: str, **kw: Any) -> httpx.Response:
    return client.get(f"/{volume}/search", params={"q": q}, **kw)


def _validate(schemas: Path, answer: dict[str, Any]) -> None:
    """The Presentation 3 schema covers the answer's annotations: the page of matches, and
    each page of highlighting annotations (Search 2.0's own `annotations` property is the
    one thing the Presentation schema does not know)."""
    page = copy.deepcopy(answer)
    highlights = page.pop("annotations", [])
    assert iiif_errors(schemas, page) == []
    for highlight_page in highlights:
        assert iiif_errors(schemas, highlight_page) == []


def test_content_search_answers_hits_with_the_boxes_of_their_glyphs(
        site: Site, schemas_dir: Path) -> None:
    manifest_id = f"{site.url}/pub-1/manifest.json"
    with httpx.Client(base_url=site.url) as client:
        manifest = client.get(manifest_id).json()
        response = _search(client, "pub-1", "2页第3")
    assert manifest["service"] == [{"id": f"{site.url}/pub-1/search", "type": "SearchService2"}]
    assert response.status_code == 200
    assert "search/2/context.json" in response.headers["content-type"]
    answer = response.json()
    _validate(schemas_dir, answer)
    assert answer["@context"] == ["http://iiif.io/api/search/2/context.json"]
    (item,) = answer["items"]
    # Column 3 of page 2 is 「第2頁第3行」 in [300, 80, 30, 300]: six glyphs of 50 px; the
    # hit is glyphs 2 to 5.
    assert item["target"] == f"{site.url}/pub-1/canvas/0002#xywh=300,130,30,200"
    assert item["body"]["value"] == "2頁第3"
    (highlight,) = answer["annotations"][0]["items"]
    assert highlight["motivation"] == "highlighting"
    assert highlight["target"][0]["source"] == item["id"]
    assert highlight["target"][0]["selector"][0] == {
        "type": "TextQuoteSelector", "prefix": "第1行第2頁第2行第", "exact": "2頁第3", "suffix": "行"}


def test_a_hit_across_two_columns_is_boxed_in_each(site: Site, schemas_dir: Path) -> None:
    with httpx.Client(base_url=site.url) as client:
        answer = _search(client, "pub-1", "1行第1").json()
    _validate(schemas_dir, answer)
    targets = [item["target"].rsplit("/", 1)[1] for item in answer["items"]]
    # 「第1頁第1行」 then 「第1頁第2行」: the hit ends column 1 and starts column 2.
    assert targets == ["0001#xywh=490,280,30,100", "0001#xywh=395,80,30,100"]
    (highlight,) = answer["annotations"][0]["items"]
    assert [t["source"] for t in highlight["target"]] == [i["id"] for i in answer["items"]]


def test_an_empty_answer_is_valid(site: Site, schemas_dir: Path) -> None:
    with httpx.Client(base_url=site.url) as client:
        answer = _search(client, "pub-2", "莫須有").json()
    assert answer["items"] == [] and "annotations" not in answer
    _validate(schemas_dir, answer)


def test_content_search_is_for_public_volumes_only(site: Site) -> None:
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=site.url) as client:
        assert _search(client, "room-1", "第1頁").status_code == 403
        assert _search(client, "closed-1", "第1頁").status_code == 403
        assert _search(client, "closed-1", "第1頁", headers=bearer).status_code == 403
        assert _search(client, "wip-1", "第1頁").status_code == 404
        assert _search(client, "nope", "第1頁").status_code == 404
        # The reading room opens the volume, but it is not indexed: no search service.
        assert _search(client, "room-1", "第1頁", headers=bearer).status_code == 404
        assert "service" not in client.get("/room-1/manifest.json", headers=bearer).json()
        # Every volume's text has 「第1頁」: the public volume's answer names no other.
        answer = _search(client, "pub-1", "第1頁", headers=bearer).text
    assert "pub-1/canvas/0001" in answer
    assert not re.search(r"room-1|closed-1|wip-1|pub-2", answer)
