"""OCR sanity on real pages without a transcription: what the layout makes of them.

    python benchmarks/unlabelled_pages.py                     # ../shared's siku-zongmu pages
    python benchmarks/unlabelled_pages.py --pages DIR --json /tmp/unlabelled.json

The 118 pages of 欽定四庫全書總目 卷三十七 in `../shared/data/real-pages/siku-zongmu`
(300 dpi scans of a Qing woodblock print: doubled frames, worn rulings, double-line
notes, nine columns of up to 21 characters a half-leaf) have no ground truth, so no CER.
What can be counted without one, page by page and in all:

* **columns** found per half-leaf (a text page of this book has nine, fewer at the end
  of an entry);
* **stray characters**: those of lines no wider or no taller than a quarter of the
  page's median glyph, or that read as nothing but 〓, 一 or 丨: what rule remains,
  scratches and slivers become when taken for text;
* **commentary lines** and the mean **expected CER** (1 − glyph confidence).

These pages may be used to develop the layout (unlike chat-demo and siku-wuli-tongkao,
which are evaluation only); a change that helps must still be checked on generated
pages, which have ground truth.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "data" / "real-pages" / "siku-zongmu" / "pages"
STRAY_TEXT = set("〓一丨")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=PAGES, help="folder of page images")
    ap.add_argument("--json", type=Path, help="write every figure here")
    args = ap.parse_args()
    images = sorted(p for p in args.pages.glob("*") if p.suffix.lower() in {".png", ".tif", ".jpg"})
    if not images:
        print(f"no page images in {args.pages} (../shared absent?): nothing to measure")
        return 0
    from guji.ocr import get_engine, recognize_page

    engine = get_engine("ppocr")
    rows = []
    started = time.perf_counter()
    for image in images:
        rows.append(_page_figures(image, recognize_page(image, engine=engine)))
    seconds = time.perf_counter() - started
    total = _totals(rows, seconds)
    print(f"{'page':<28} {'halves':>6} {'columns':>7} {'chars':>6} {'stray':>6} {'notes':>6} "
          f"{'exp.CER':>7}")
    for r in rows:
        print(f"{r['image']:<28} {r['halves']:>6} {r['columns']:>7} {r['characters']:>6} "
              f"{r['stray']:>6} {r['commentary_lines']:>6} {r['expected_cer']:>7.3f}")
    print(f"\n{total['pages']} pages, {total['characters']} characters: "
          f"{total['stray']} stray ({total['stray_share']:.2%}), "
          f"{total['commentary_lines']} commentary lines, mean expected CER "
          f"{total['expected_cer']:.3f}, {total['seconds_per_page']:.2f} s a page")
    print("columns per half-leaf:", dict(sorted(total["columns_per_half"].items())))
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, "total": total}, ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


def _page_figures(image: Path, page: Any) -> dict[str, Any]:
    glyphs = [g for c in page.columns for line in c.lines for g in line.glyphs]
    gw = statistics.median([g.box.w for g in glyphs]) if glyphs else 0.0
    gh = statistics.median([g.box.h for g in glyphs]) if glyphs else 0.0
    stray = characters = notes = 0
    for column in page.columns:
        for line in column.lines:
            characters += len(line.text)
            notes += line.kind == "commentary"
            thin = line.box.w <= 0.25 * gw or line.box.h <= 0.25 * gh
            if thin or (line.text and set(line.text) <= STRAY_TEXT):
                stray += len(line.text)
    return {"image": image.name, "halves": len(page.half_pages),
            "columns": len(page.columns), "columns_per_half": [len(h.columns) for h in page.half_pages],
            "characters": characters, "stray": stray, "commentary_lines": notes,
            "expected_cer": page.expected_cer or 0.0}


def _totals(rows: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    characters = sum(r["characters"] for r in rows)
    stray = sum(r["stray"] for r in rows)
    return {"pages": len(rows), "characters": characters, "stray": stray,
            "stray_share": stray / max(characters, 1),
            "commentary_lines": sum(r["commentary_lines"] for r in rows),
            "expected_cer": statistics.mean(r["expected_cer"] for r in rows),
            "columns_per_half": Counter(n for r in rows for n in r["columns_per_half"]),
            "seconds_per_page": seconds / max(len(rows), 1)}


if __name__ == "__main__":
    sys.exit(main())
