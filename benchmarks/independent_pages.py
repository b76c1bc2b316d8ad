"""OCR on pages that `guji sample` did not draw: a second, deliberately plain renderer.

    python benchmarks/independent_pages.py --pages 40 --seed 2             # training faces
    python benchmarks/independent_pages.py --pages 40 --seed 3 --keep DIR  # keep the pages
    python benchmarks/independent_pages.py --fonts reserved                # report only

The layout rules were found on the project's own generator, and its fresh seeds score a
CER of about 0.004, while pages from other hands score worse: this renderer shares no
code with `guji.sample` and makes other choices. Pages are drawn with Pillow: no dpi
tag, 22–70 px glyphs, 6–12 columns of 12–26 characters at a pitch of 1.25–1.8 glyphs,
no frame or a single or doubled one, rulings or none, white or toned paper, mild blur
and noise; three columns in ten end in a double-line note of glyphs 0.42–0.5 of the main
size whose sub-columns stand 0–0.12 glyph apart (crowded notes touch). Text: Mengzi from
the Kanripo corpus beside the project (skipped with a reason where absent). The truth is
the text in reading order (columns right to left; a note's right sub-column, then its
left), scored as `guji eval-ocr` scores. Layout rules were chosen on pages of a first
version of this renderer and on seeds 2 and 3, and seed 5 and a page of seed 4 were
looked into: report on seeds 7 and up.
`--fonts reserved` draws with the evaluation-only faces: a figure to report, never to
choose by.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parents[1]
MENGZI = REPO.parent / "shared" / "data" / "corpus" / "kanripo" / "KR1h0001-mengzi-zhengwen"
PAPER = [(255, 255, 255), (238, 228, 205), (225, 212, 180)]
INK = [(0, 0, 0), (30, 25, 20), (60, 50, 40)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--fonts", choices=("train", "reserved"), default="train")
    ap.add_argument("--keep", type=Path, help="write the pages here and keep them")
    ap.add_argument("--engine", default="ppocr", help="OCR engine (ppocr-lunyu: with 論語)")
    args = ap.parse_args()
    text = mengzi_text()
    if not text:
        print(f"no Kanripo Mengzi at {MENGZI} (../shared absent?): nothing to measure")
        return 0
    from guji.sample.style import printing_faces

    faces = printing_faces(args.fonts)  # not HanaMin B: it holds only Extension B
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(args.pages):
            image, truth, info = draw_page(random.Random(args.seed * 1000 + k), faces, text)
            name = f"{args.seed}-{k:03d}"
            image.save(folder / f"{name}.png")
            (folder / f"{name}.txt").write_text(truth, encoding="utf-8")
            (folder / f"{name}.info").write_text(info, encoding="utf-8")
        return score(folder, args.engine)


def mengzi_text() -> str:
    """The pages' text: the Kanripo 孟子, its ideographs only ("" where it is absent)."""
    texts = sorted(MENGZI.glob("*.txt"))
    return "".join(re.findall(r"[\u4e00-\u9fff]", "".join(
        re.sub(r"<[^>]*>|#.*", "", p.read_text(encoding="utf-8")) for p in texts)))


def draw_page(r: random.Random, faces: tuple, text: str) -> tuple[Image.Image, str, str]:
    face = r.choice(faces)
    g = r.randint(22, 70)  # the main glyph, px
    cols, rows = r.randint(6, 12), r.randint(12, 26)
    pitch, lead = int(g * r.uniform(1.25, 1.8)), int(g * r.uniform(1.0, 1.15))
    mx, my = r.randint(g, 3 * g), r.randint(g, 3 * g)
    w, h = cols * pitch + 2 * mx, rows * lead + 2 * my
    page = Image.new("RGB", (w, h), r.choice(PAPER))
    draw = ImageDraw.Draw(page)
    ink = r.choice(INK)
    frame, rules = r.choice(["none", "single", "double"]), r.random() < 0.6
    lw = max(1, g // 20)
    if frame != "none":
        draw.rectangle([mx - g // 3, my - g // 3, w - mx + g // 3, h - my + g // 3],
                       outline=ink, width=lw * 2)
        if frame == "double":
            draw.rectangle([mx - g // 2, my - g // 2, w - mx + g // 2, h - my + g // 2],
                           outline=ink, width=lw * 3)
    if rules:  # between columns only: the outermost columns stand outside them
        for c in range(1, cols):
            x = w - mx - c * pitch
            draw.line([x, my - g // 3, x, h - my + g // 3], fill=ink, width=lw)
    pos = r.randint(0, len(text) - 2000)
    lines = []
    for c in range(cols):
        x0 = w - mx - (c + 1) * pitch + (pitch - g) // 2
        main = rows if r.random() < 0.8 else r.randint(3, rows)
        note = r.random() < 0.3 and main > 4
        if note:
            main = r.randint(2, rows - 2)
        line = text[pos:pos + main]
        pos += main
        for i, ch in enumerate(line):
            draw.text((x0, my + i * lead), ch, font=face.at(g), fill=ink)
        if note:
            n = 2 * (rows - main)
            right, left = text[pos:pos + n], text[pos + n:pos + 2 * n]
            pos += 2 * n
            sg, gap = int(g * r.uniform(0.42, 0.5)), int(g * r.uniform(0.0, 0.12))
            xs = (x0 + g // 2 + (gap + 1) // 2, x0 + g // 2 - gap // 2 - sg)
            for x, sub in zip(xs, (right, left), strict=True):
                for i, ch in enumerate(sub):
                    draw.text((x, my + main * lead + i * lead // 2), ch, font=face.at(sg),
                              fill=ink)
            line += right + left
        lines.append(line)
    if r.random() < 0.5:
        page = page.filter(ImageFilter.GaussianBlur(r.uniform(0.3, 1.0)))
    noise = np.random.default_rng(r.randrange(2**32)).normal(0, r.uniform(0, 8), (h, w, 1))
    page = Image.fromarray((np.asarray(page, np.float32) + noise).clip(0, 255).astype(np.uint8))
    info = (f"{face.family} glyph {g} columns {cols} rows {rows} pitch {pitch} lead {lead} "
            f"frame {frame} rulings {rules}")
    return page, "\n".join(lines), info


def score(folder: Path, engine_name: str = "ppocr") -> int:
    from guji.ocr import get_engine, recognize_page
    from guji.ocr.evaluate import cer_counts

    engine = get_engine(engine_name)
    errors = chars = 0
    started = time.perf_counter()
    for image in sorted(folder.glob("*.png")):
        # Scored as `guji eval-ocr` scores: normalised, variant characters folded.
        truth = image.with_suffix(".txt").read_text(encoding="utf-8")
        e, n = cer_counts(recognize_page(image, engine=engine).text, truth)
        errors, chars = errors + e, chars + n
        print(f"{image.name}  {e:4d} / {n:4d}  {image.with_suffix('.info').read_text()}")
    pages = len(list(folder.glob("*.png")))
    print(f"\n{pages} pages: {errors} errors / {chars} characters = CER "
          f"{errors / max(chars, 1):.4f}; {(time.perf_counter() - started) / max(pages, 1):.2f} s a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
