"""Level 0 done right, checked by a second viewer: Universal Viewer (from npm) in headless
Chromium shows every page's thumbnail and draws the first page, with no request for an
image the archive does not hold; and the level-0 files a client may ask for are there."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from guji.serve.uv import find_uv
from tests.publish.archive import tint
from tests.serve.conftest import Site
from tests.serve.test_viewer import _near, browser  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_level0_offers_sizes_full_images_and_only_images(site: Site) -> None:
    service = f"{site.url}/pub-1/iiif/0001"
    info = httpx.get(f"{service}/info.json").json()
    assert info["sizes"], "a level-0 service lists the whole-page sizes it holds"
    widths = [s["width"] for s in info["sizes"]]
    assert widths == sorted(widths) and max(widths) < info["width"]
    for size in info["sizes"]:
        image = httpx.get(f"{service}/full/{size['width']},{size['height']}/0/default.jpg")
        assert image.status_code == 200
        assert Image.open(io.BytesIO(image.content)).size == (size["width"], size["height"])
    full = httpx.get(f"{service}/full/max/0/default.jpg")
    assert full.status_code == 200
    assert Image.open(io.BytesIO(full.content)).size == (info["width"], info["height"])
    assert httpx.get(f"{service}/vips-properties.xml").status_code == 404
    assert not site.archive.store.exists("pub-1/iiif/0001/vips-properties.xml")


def test_universal_viewer_shows_thumbnails_and_the_first_page(browser: object,  # noqa: F811
                                                             site: Site) -> None:
    if find_uv() is None:
        pytest.skip("Universal Viewer is not installed: run `npm ci` in the project folder")
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    failed: list[str] = []
    thumbs: list[str] = []

    def on_response(response: object) -> None:
        url = response.url  # type: ignore[attr-defined]
        if "/pub-1/" in url and response.status != 200:  # type: ignore[attr-defined]
            failed.append(url)
        if "/pub-1/iiif/" in url and "/full/" in url:
            thumbs.append(url)

    page.on("response", on_response)
    page.goto(f"{site.url}/uv/pub-1")
    deadline = 60_000
    while len(set(thumbs)) < 4 and deadline > 0:
        page.wait_for_timeout(250)
        deadline -= 250
    page.wait_for_timeout(1500)  # the first page's tiles fade in
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    page.close()
    assert failed == [], f"the viewer asked for images the archive does not hold: {failed}"
    assert {u.split("/iiif/")[1][:4] for u in thumbs} == {"0001", "0002", "0003", "0004"}
    # Every page's paper tint is on screen (thumbnails), the first page's widely (drawn).
    small = shot.resize((shot.width // 4, shot.height // 4))
    pixels = list(small.getdata())
    for seq in (1, 2, 3, 4):
        assert sum(_near(px, tint(seq)) for px in pixels) > 30, f"page {seq} is not shown"
    assert sum(_near(px, tint(1)) for px in pixels) > 5000, "the first page is not drawn"
