"""Column recall and precision of the layout analysis on fresh generated pages, per font pool.

    python benchmarks/layout_recall.py                       # 24 pages per pool, seed 1
    python benchmarks/layout_recall.py --pages 40 --seed 7 --pools train
    python benchmarks/layout_recall.py --json /tmp/layout.json --keep /tmp/layout-pages

For each pool (`train`, then `reserved`) it renders `--pages` scans with `guji sample
--flat --fonts POOL` (raw skewed scans, about a third of them openings), turns each
upright with `guji.ocr.image.load_upright`, runs `guji.ocr.layout.analyse_layout`, maps
the detected column boxes back to the image's pixels (`UprightImage.to_source`, as
recognition does) and scores them against the truth columns:

* a truth column is **recalled** when a detected column box overlaps it by IoU ≥ 0.5
  along x and covers ≥ 90% of its height (one-to-one, best x-IoU first);
* **precision** is the share of detected columns that match a truth column;
* **segmentation** is the share of matched columns whose segments' kinds top to bottom
  (main / note) are the truth's.

The definitions are in guji/ocr/layout/recall.py. Pages printed with the reserved faces
are for reporting only: never tune the layout on them (docs/ocr.md).
Targets (issue 9): recall ≥ 0.99 and precision ≥ 0.98 on `train` pages, ≤ 0.6 s of layout
per half-leaf at 300 dpi.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGETS = {"recall": 0.99, "precision": 0.98, "seconds_per_half_leaf": 0.6}


def render(folder: Path, pool: str, pages: int, seed: int, dpi: int,
           workers: int) -> list[Path]:
    from guji.sample import generate_flat

    return generate_flat(folder, pages=pages, seed=seed, layout="mixed", image_format="tif",
                         dpi=dpi, workers=workers, fonts=pool)  # type: ignore[arg-type]


def score_pool(images: list[Path], pool: str, pages: int, seed: int,
               dpi: int) -> dict[str, Any]:
    from guji.ocr.image import load_upright
    from guji.ocr.layout import analyse_layout
    from guji.ocr.layout.recall import NONE, score_layout

    total = NONE
    seconds = 0.0
    halves = 0
    worst: list[dict[str, Any]] = []
    for image in images:
        truth = json.loads(image.with_name(f"{image.stem}.gt.json").read_text(encoding="utf-8"))
        page = load_upright(image)
        started = time.perf_counter()
        layout = analyse_layout(page.rgb, skew_deg=page.skew_deg)
        seconds += time.perf_counter() - started
        halves += len(truth["pages"])
        score = score_layout(truth, layout, page.to_source)
        total += score
        if score.matched < max(score.truth, score.detected) or score.segmented < score.matched:
            fmt = truth["format"]
            worst.append({"image": image.name, "truth": score.truth, "detected": score.detected,
                          "matched": score.matched, "segmented": score.segmented,
                          "typeface": truth["typeface"], "columns": fmt["columns"],
                          "chars": fmt["chars"], "rules": fmt["rules"],
                          "border": fmt["border"], "layout": truth["layout"]})
    return {"pool": pool, "pages": pages, "seed": seed, "dpi": dpi, "half_leaves": halves,
            "truth_columns": total.truth, "detected_columns": total.detected,
            "matched": total.matched, "recall": round(total.recall, 4),
            "precision": round(total.precision, 4),
            "segmentation": round(total.segmentation, 4),
            "seconds_per_half_leaf": round(seconds / max(1, halves), 3),
            "misses": worst}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=24, help="scans per pool")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--pools", default="train,reserved",
                    help="comma-separated font pools, each scored apart")
    ap.add_argument("--workers", type=int, default=2, help="scans rendered at the same time")
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated pages here")
    args = ap.parse_args()

    results = []
    with tempfile.TemporaryDirectory(prefix="layout-bench-") as tmp:
        root = args.keep or Path(tmp)
        pools = args.pools.split(",")
        # Every set is rendered before any is analysed: the rendering processes are forked,
        # and a fork after libvips has started its threads can hang.
        sets = {pool: render(root / pool, pool, args.pages, args.seed, args.dpi, args.workers)
                for pool in pools}
        for pool in pools:
            results.append(score_pool(sets[pool], pool, args.pages, args.seed, args.dpi))
    print(f"{'pool':<9} {'pages':>5} {'halves':>6} {'truth':>6} {'found':>6} {'recall':>7} "
          f"{'precision':>9} {'segments':>8} {'s/half':>7}")
    for r in results:
        print(f"{r['pool']:<9} {r['pages']:>5} {r['half_leaves']:>6} {r['truth_columns']:>6} "
              f"{r['detected_columns']:>6} {r['recall']:>7.4f} {r['precision']:>9.4f} "
              f"{r['segmentation']:>8.4f} {r['seconds_per_half_leaf']:>7.3f}")
    for r in results:
        for miss in r["misses"]:
            print(f"  {r['pool']} {miss['image']}: truth {miss['truth']} found "
                  f"{miss['detected']} matched {miss['matched']} segmented "
                  f"{miss['segmented']} ({miss['typeface']}, {miss['columns']}×"
                  f"{miss['chars']}, rules {miss['rules']}, {miss['border']}, {miss['layout']})")
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "targets": TARGETS,
                                         "pools": results}, indent=1), encoding="utf-8")
    train = next((r for r in results if r["pool"] == "train"), None)
    ok = train is None or (train["recall"] >= TARGETS["recall"]
                           and train["precision"] >= TARGETS["precision"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
