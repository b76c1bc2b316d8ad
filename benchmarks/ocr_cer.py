"""OCR accuracy (CER) and speed on a fresh synthetic set and on the real pages.

    python benchmarks/ocr_cer.py --fonts reserved     # held-out faces: the figure that counts
    python benchmarks/ocr_cer.py --fonts train        # faces the project tunes on
    python benchmarks/ocr_cer.py --shuffle            # the same pages, text shuffled
    python benchmarks/ocr_cer.py --pages 60 --seed 4242 --keep /tmp/ocr-bench
    python benchmarks/ocr_cer.py --engine tesseract --baseline   # Tesseract, and whole-page
    python benchmarks/ocr_cer.py --engine tesseract --views 32   # one view instead of three
    python benchmarks/ocr_cer.py --model out/model.onnx          # an adapted recognizer

Generates scans with ground truth (`guji sample --flat`: skewed raw scans, half-leaves
and openings, TIFF/JPEG/16-bit), reads each with recognize_page and scores it with the
harness of `guji eval-ocr` (CER after removing whitespace and punctuation and folding
variant characters; leaf numbers read from the centre strips). Then the real pages in
../shared/data/real-pages (evaluation only) when present. Targets (docs/ocr.md): CER ≤ 0.02
on pages printed with the reserved faces, ≤ 0.03 on yutaixinyong.png, ≤ 0.05 on siku_1.png,
≤ 2 s per half-leaf on a 2-core machine. CER is also printed per typeface.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real-pages"
TARGETS = {"synthetic": 0.02, "yutaixinyong.png": 0.03, "siku_1.png": 0.05,
           "seconds_per_half_page": 2.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=None, help="default: a new seed from the clock")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--engine", default="ppocr")
    ap.add_argument("--model", type=Path, default=None, help="recognizer model for ppocr")
    ap.add_argument("--fonts", choices=("sample", "train", "reserved"), default="reserved",
                    help="the faces the pages are printed with (default: the reserved, "
                         "evaluation-only faces)")
    ap.add_argument("--shuffle", action="store_true",
                    help="the same pages with their text shuffled character by character")
    ap.add_argument("--views", default=None,
                    help="glyph sizes (px) the tesseract engine reads each line at, e.g. 32 "
                         "to compare one view with the default three (32,44,26)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated set here")
    ap.add_argument("--no-real", action="store_true", help="skip ../shared's real pages")
    ap.add_argument("--baseline", action="store_true",
                    help="also score whole-page Tesseract (chi_tra_vert, psm 5)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000

    from guji.ocr.engines import get_engine
    from guji.ocr.evaluate import Report, evaluate
    engine = get_engine(args.engine, model=args.model)
    if args.views:
        from guji.ocr.engines.tesseract import TesseractEngine

        engine = TesseractEngine(views=[int(v) for v in args.views.split(",")])
    print(f"engine: {engine.describe()}")
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        folder = args.keep or Path(tmp)
        _generate(folder, args.pages, seed, args.dpi, args.fonts, args.shuffle)
        report = evaluate(folder, engine=engine)
        _print_report(f"synthetic: {args.pages} scans, seed {seed}, {args.dpi} dpi, "
                      f"{args.fonts} faces{', text shuffled' if args.shuffle else ''}", report)
        for face, part in report.by_typeface().items():
            print(f"    {face:34s} CER {part.cer:.3f} over "
                  f"{sum(p.length for p in part.pages)} characters")
        results: dict[str, Report] = {"synthetic": report}
        if args.baseline:
            print(f"  whole-page Tesseract baseline: CER {_baseline(folder):.3f}")
        if not args.no_real and REAL.is_dir():
            for name, sub in (("yutaixinyong.png", "chat-demo"), ("siku_1.png", "siku-wuli-tongkao")):
                real = evaluate(REAL / sub, engine=engine)
                results[name] = real
                _print_report(f"real: {sub}/{name}", real)
                if args.baseline:
                    print(f"  whole-page Tesseract baseline: CER {_baseline(REAL / sub):.3f}")
    print("\ntargets:")
    ok = True
    for name, limit in TARGETS.items():
        if name == "seconds_per_half_page":
            value = results["synthetic"].seconds_per_half_page
        elif name in results:
            value = results[name].cer
        else:
            continue
        passed = value <= limit
        ok &= passed
        print(f"  {name:24s} {value:7.3f}  (≤ {limit})  {'ok' if passed else 'MISSED'}")
    return 0 if ok else 1


def _generate(folder: Path, pages: int, seed: int, dpi: int, fonts: str,
              shuffle: bool = False) -> None:
    from guji.sample import generate_flat

    start = time.perf_counter()
    generate_flat(folder, pages=pages, seed=seed, layout="mixed", image_format="mixed",
                  dpi=dpi, workers=2, fonts=fonts, shuffle=shuffle)  # type: ignore[arg-type]
    print(f"generated {pages} scans in {time.perf_counter() - start:.0f} s")


def _print_report(title: str, report) -> None:  # type: ignore[no-untyped-def]
    pages = report.pages
    per_half = [p.seconds / max(1, p.half_pages) for p in pages]
    cers = sorted(p.cer for p in pages)
    print(f"\n{title}")
    print(f"  CER {report.cer:.3f} over {sum(p.length for p in pages)} characters "
          f"(pages: median {statistics.median(cers):.3f}, worst {cers[-1]:.3f})")
    if report.leaves_expected:
        print(f"  leaf numbers read {report.leaves_read}/{report.leaves_expected}")
    print(f"  seconds per half-page: mean {report.seconds_per_half_page:.2f}, "
          f"max {max(per_half):.2f}")


def _baseline(folder: Path) -> float:
    """CER of Tesseract reading whole images (chi_tra_vert, psm 5), for comparison."""
    from guji.ocr.engines import tesseract_cli as tesseract
    from guji.ocr.engines.tesseract import _parse_tsv
    from guji.ocr.evaluate import cer_counts
    from guji.ocr.truth import find_truth

    errors = length = 0
    with tempfile.TemporaryDirectory() as tmp:
        for truth in find_truth(folder):
            words = _parse_tsv(tesseract.recognize_tsv([truth.image], lang="chi_tra_vert", psm=5,
                                                       workdir=Path(tmp))).get(1, [])
            d, n = cer_counts("".join(w[0] for w in words), truth.text)
            errors, length = errors + d, length + n
    return errors / length if length else 0.0


if __name__ == "__main__":
    sys.exit(main())
