"""OCR errors over many generated seeds: the figure layout rules are chosen on.

    python benchmarks/ocr_seeds.py --seeds 41-70                 # the development seeds
    python benchmarks/ocr_seeds.py --seeds 71-100                # fresh seeds, same faces
    python benchmarks/ocr_seeds.py --seeds 41-70 --model out/model.onnx

Each seed is the set `guji sample DIR --flat --pages 10 --seed S --fonts train` writes (10
raw scans with truth), kept under --cache and reused; each is scored as `guji eval-ocr DIR`
scores it. Prints errors and characters per seed, the total, and the pages with most
errors. Training faces by default: rules are chosen on them; `--fonts reserved` reports
on the evaluation-only faces and must never be used to choose.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="41-70", help="first-last, inclusive")
    parser.add_argument("--pages", type=int, default=10, help="scans per seed")
    parser.add_argument("--fonts", choices=("train", "reserved", "sample"), default="train")
    parser.add_argument("--model", type=Path, help="recognizer model for ppocr")
    parser.add_argument("--engine", default="ppocr", help="OCR engine (ppocr-lunyu: with 論語)")
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "guji-ocr-seeds")
    parser.add_argument("--worst", type=int, default=10, help="pages listed")
    parser.add_argument("--json", type=Path, help="write every page's score here")
    args = parser.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)

    from guji.ocr import get_engine
    from guji.ocr.evaluate import evaluate
    from guji.sample import generate_flat

    engine = get_engine(args.engine, model=args.model)
    rows = []
    errors = characters = 0
    for seed in seeds:
        folder = args.cache / f"{args.fonts}-{args.pages}-{seed}"
        if not (folder / f"{args.pages:04d}.gt.json").exists():
            generate_flat(folder, pages=args.pages, seed=seed, workers=2,
                          fonts=args.fonts)  # type: ignore[arg-type]
        report = evaluate(folder, engine=engine)
        seed_errors = sum(p.distance for p in report.pages)
        seed_chars = sum(p.length for p in report.pages)
        errors += seed_errors
        characters += seed_chars
        rows += [dict(seed=seed, image=p.image, errors=p.distance, characters=p.length,
                      typeface=p.typeface) for p in report.pages]
        print(f"seed {seed}: {seed_errors} errors / {seed_chars}", flush=True)
    print(f"\n{args.fonts} faces, seeds {args.seeds}, {len(rows)} scans: "
          f"{errors} errors / {characters} characters = CER {errors / max(characters, 1):.4f}")
    for row in sorted(rows, key=lambda r: -r["errors"])[:args.worst]:
        print(f"  seed {row['seed']} {row['image']}: {row['errors']} of {row['characters']} "
              f"({row['typeface']})")
    if args.json:
        args.json.write_text(json.dumps(dict(errors=errors, characters=characters, pages=rows),
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
