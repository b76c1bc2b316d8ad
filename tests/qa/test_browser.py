"""qa.html in a real headless Chromium: it renders, its thumbnails decode, its plots draw."""

from __future__ import annotations

from pathlib import Path

import pytest

from guji.qa import volume_report
from tests.qa.volume import page, thumb

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def test_qa_html_renders_in_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    pages = [page(i, f"{i:04d}.tif", seed=i, skew=s, sharpness=h)
             for i, s, h in [(1, 0.3, 0.9), (2, -1.2, 0.85), (3, 3.4, 0.4), (5, 0.0, 0.88)]]
    _, html = volume_report("px-07", pages, scan_names=[p["source"] for p in pages],
                            viewer_url="http://localhost:8000/view/px-07",
                            thumbs={p["seq"]: thumb(p["seq"]) for p in pages})
    report = tmp_path / "qa.html"
    report.write_text(html, encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            tab = browser.new_page()
            tab.goto(report.as_uri())
            tab.wait_for_load_state("load")
            widths = tab.evaluate(
                "Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
            plots = tab.evaluate("""Array.from(document.querySelectorAll('svg.plot')).map(s => {
                const r = s.getBoundingClientRect();
                return {w: r.width, h: r.height, points: s.querySelectorAll('circle').length};
            })""")
            first_row = tab.evaluate("document.querySelector('tbody tr').id")
        finally:
            browser.close()
    assert len(widths) == 4 and all(w > 0 for w in widths), widths
    assert len(plots) == 2
    assert all(p["w"] > 100 and p["h"] > 50 and p["points"] == 4 for p in plots), plots
    assert first_row == "page-5"  # failed (0004 missing): flagged pages come first
