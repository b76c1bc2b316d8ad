"""The OCR text and search in the viewer, in a real headless Chromium: Mirador in Chinese
lists a page's columns as annotations, and its search panel, fed by the volume's Content
Search 2.0 service, finds a phrase and draws its box over the right column of the right
page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.publish.archive import tint
from tests.serve.conftest import Site
from tests.serve.test_viewer import _near, browser, pytestmark  # noqa: F401  (fixture, marker)


@pytest.fixture
def chromium(browser: Any) -> Any:  # noqa: F811  (the module's Chromium of test_viewer)
    return browser

INK = (30, 25, 20)


def _viewer(chromium: Any, url: str) -> Any:
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url)
    page.wait_for_function(
        "() => { const v = Object.values(window.guji.store.getState().viewers)[0];"
        " return v !== undefined && v.zoom !== undefined; }", timeout=30000)
    return page


def _open_panel(page: Any, tab: str) -> None:
    page.locator("button[aria-label='切換邊欄開關']").first.click()
    page.locator(f"[role=tab][aria-label='{tab}']").click()


def test_the_ocr_columns_are_listed_as_annotations_in_a_chinese_interface(
        chromium: Any, site: Site, tmp_path: Path) -> None:
    page = _viewer(chromium, f"{site.url}/view/pub-1")
    tabs = [t.get_attribute("aria-label") for t in page.locator("[role=tab]").all()]
    assert tabs == [] or "搜索" in tabs  # tabs render once the side bar opens
    _open_panel(page, "標註")
    page.get_by_text("第1頁第1行").first.wait_for(timeout=15000)
    listed = page.locator("li").all_inner_texts()
    assert [t for t in listed if t.startswith("第1頁")] == ["第1頁第1行", "第1頁第2行", "第1頁第3行"]
    tabs = [t.get_attribute("aria-label") for t in page.locator("[role=tab]").all()]
    assert {"資訊", "標註", "搜索"} <= set(tabs)  # zh-TW, not English
    page.screenshot(path=str(tmp_path / "viewer-annotations.png"))
    page.close()


def _screen_box(page: Any, world_x: float, world_y: float, w: float, h: float
                ) -> tuple[int, int, int, int]:
    """Where a rectangle of OpenSeadragon's world (canvas pixels) is on the screenshot."""
    state = page.evaluate("() => Object.values(window.guji.store.getState().viewers)[0]")
    rect = page.evaluate("() => { const r = document.querySelector('.openseadragon-canvas')"
                         ".getBoundingClientRect(); return [r.width, r.height]; }")
    scale = state["zoom"] * rect[0]
    left = (world_x - state["x"]) * scale + rect[0] / 2
    top = (world_y - state["y"]) * scale + rect[1] / 2
    return round(left), round(top), round(w * scale), round(h * scale)


def test_a_typed_phrase_is_found_and_its_box_drawn_on_the_right_page(
        chromium: Any, site: Site, tmp_path: Path) -> None:
    page = _viewer(chromium, f"{site.url}/view/pub-1")
    _open_panel(page, "搜索")
    field = page.get_by_role("combobox").or_(page.locator("input[type=text]")).first
    field.fill("2页第3")  # simplified forms: the page prints 頁
    field.press("Enter")
    page.get_by_text("第1行第2頁第2行第").first.wait_for(timeout=15000)
    hits = page.locator("li").all_inner_texts()
    assert len([h for h in hits if "2頁第3" in h]) == 1
    page.get_by_text("第1行第2頁第2行第").first.click()
    page.wait_for_timeout(2000)  # the viewer turns to the page and settles
    window = page.evaluate("() => Object.values(window.guji.store.getState().windows)[0]")
    assert window["visibleCanvases"] == [f"{site.url}/pub-1/canvas/0002",
                                         f"{site.url}/pub-1/canvas/0003"]
    shot = Image.open(io.BytesIO(
        page.locator(".openseadragon-canvas").first.screenshot())).convert("RGB")
    page.screenshot(path=str(tmp_path / "viewer-search-hit.png"))
    # Right to left: page 3 is drawn at world x 0-600, page 2 at 600-1200. The hit is
    # glyphs 2-5 of column 3 of page 2: x 300-330, y 130-330, over an inked column.
    x, y, w, h = _screen_box(page, 600 + 300, 130, 30, 200)
    inside = shot.getpixel((x + w // 2, y + h // 2))
    below = shot.getpixel((x + w // 2, y + h + max(6, h // 5)))  # the same column, not hit
    assert _near(below, INK, 40), f"no ink below the hit at {below}: the page is not there"
    # Mirador fills the selected hit's box with a translucent colour: neither ink nor paper.
    assert not _near(inside, INK, 40) and not _near(inside, tint(2), 40), (
        f"the hit's box is not highlighted: {inside} at {(x, y, w, h)}")
    # The paper beside the column is page 2's paper: the box is on the right page.
    assert _near(shot.getpixel((x + w + max(8, w), y + h // 2)), tint(2), 30)
    page.close()


def test_a_link_from_the_results_opens_the_page_with_the_hit(
        chromium: Any, site: Site, tmp_path: Path) -> None:
    page = _viewer(chromium, f"{site.url}/view/pub-1?canvas=3&q=%E7%AC%AC3%E9%A0%81%E7%AC%AC2")
    page.get_by_text("第3頁第2", exact=True).first.wait_for(timeout=15000)
    page.wait_for_timeout(1000)
    # Searched once, listed once (Mirador's own defaultSearchQuery does both twice).
    assert page.get_by_text("第3頁第2", exact=True).count() == 1
    searches = page.evaluate(
        "() => Object.values(Object.values(window.guji.store.getState().searches)[0])"
        ".map(s => Object.values(s.data).map(d => d.json.hits.length))")
    assert searches == [[1]]
    page.screenshot(path=str(tmp_path / "viewer-link.png"))
    window = page.evaluate("() => Object.values(window.guji.store.getState().windows)[0]")
    assert window["canvasId"] == f"{site.url}/pub-1/canvas/0003"
    page.close()
