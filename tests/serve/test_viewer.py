"""The viewer in a real headless Chromium: Mirador opens a volume, draws the first page
from its tiles, and lays the pages of an opening out right to left."""

from __future__ import annotations

import io
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from guji.serve import find_mirador
from tests.publish.archive import tint
from tests.serve.conftest import Site

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    if find_mirador() is None:
        pytest.skip("Mirador is not installed: run `npm ci` in the project folder")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM if CHROMIUM.exists()
                                                         else shutil.which("chromium")),
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: object, url: str, tile_prefix: str, tiles: int) -> tuple[object, list[bytes]]:
    """Open url and wait until `tiles` tiles under tile_prefix have loaded."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    loaded: list[bytes] = []

    def on_response(response: object) -> None:
        if tile_prefix in response.url and response.url.endswith(".jpg"):  # type: ignore[attr-defined]
            assert response.status == 200, response.url  # type: ignore[attr-defined]
            loaded.append(response.body())  # type: ignore[attr-defined]

    page.on("response", on_response)
    page.goto(url)
    deadline = time.monotonic() + 60
    while len(loaded) < tiles and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert len(loaded) >= tiles, f"only {len(loaded)} tiles of {tile_prefix} loaded"
    return page, loaded


def _drawn(page: object) -> Image.Image:
    """What the viewer shows, once OpenSeadragon has finished drawing."""
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const v = Object.values(window.guji.store.getState().viewers)[0];"
        " return v !== undefined && v.zoom !== undefined; }", timeout=30000)
    page.wait_for_timeout(800)  # the last tiles fade in
    shot = page.locator(".openseadragon-canvas").first.screenshot()  # type: ignore[attr-defined]
    return Image.open(io.BytesIO(shot)).convert("RGB")


def _near(colour: tuple[int, ...], target: tuple[int, int, int], tolerance: int = 18) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=False))


def _columns_of(image: Image.Image, target: tuple[int, int, int]) -> list[int]:
    """x of every sampled pixel close to a page's paper tint."""
    small = image.resize((image.width // 4, image.height // 4))
    return [x * 4 for x in range(small.width) for y in range(0, small.height, 2)
            if _near(small.getpixel((x, y)), target)]


def test_first_page_tiles_load_and_are_not_blank(browser: object, site: Site) -> None:
    page, tiles = _open(browser, f"{site.url}/view/pub-1", "/pub-1/iiif/0001/", 2)
    for data in tiles:
        tile = Image.open(io.BytesIO(data)).convert("L")
        # Paper and ink: a drawn page has contrast, a blank or failed tile has none.
        assert ImageStat.Stat(tile).stddev[0] > 20
    shown = _drawn(page)
    paper = _columns_of(shown, tint(1))
    assert len(paper) > 200, "the first page's paper is not on screen"
    dark = sum(1 for px in shown.resize((160, 100)).getdata() if sum(px) < 150)
    assert dark > 20, "no ink on screen: the page was not drawn"
    page.close()  # type: ignore[attr-defined]


def test_pages_of_an_opening_run_right_to_left(browser: object, site: Site) -> None:
    page, _ = _open(browser, f"{site.url}/view/pub-1?canvas=2", "/pub-1/iiif/0003/", 1)
    window = page.evaluate(  # type: ignore[attr-defined]
        "() => Object.values(window.guji.store.getState().windows)[0]")
    assert window["canvasId"] == f"{site.url}/pub-1/canvas/0002"
    assert window["visibleCanvases"] == [f"{site.url}/pub-1/canvas/0002",
                                         f"{site.url}/pub-1/canvas/0003"]
    shown = _drawn(page)
    page_2, page_3 = _columns_of(shown, tint(2)), _columns_of(shown, tint(3))
    assert page_2 and page_3, "both pages of the opening should be on screen"
    # Right to left: page 2 lies to the right of page 3.
    assert min(page_2) > max(page_3) - 8
    page.close()  # type: ignore[attr-defined]


def test_canvas_out_of_range_opens_the_first_page(browser: object, site: Site) -> None:
    page, _ = _open(browser, f"{site.url}/view/pub-1?canvas=99", "/pub-1/iiif/0001/", 1)
    window = page.evaluate(  # type: ignore[attr-defined]
        "() => Object.values(window.guji.store.getState().windows)[0]")
    assert window["canvasId"] == f"{site.url}/pub-1/canvas/0001"
    page.close()  # type: ignore[attr-defined]
