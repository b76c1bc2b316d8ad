"""`guji ocr IMAGE` and `guji eval-ocr FOLDER`: read a page; measure how well pages are read."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from guji.commands.common import console
from guji.ocr.engines import DEFAULT_ENGINE

FORMATS = ("text", "hocr", "alto", "json")


@click.command()
@click.argument("image", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--engine", default=DEFAULT_ENGINE, show_default=True, metavar="NAME",
              help="OCR engine reading the lines: ppocr (the neural recognizer), "
                   "ppocr-lunyu (the same, unsure readings weighed by a language model "
                   "of 論語), tesseract, tesseract-vert, or one registered by a plug-in.")
@click.option("--model", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="PATH",
              help="Recognizer model for ppocr: a model.onnx written by `guji ocr-train` "
                   "(default: the adapted model shipped with guji, else the stock one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: one column per line in reading order; hocr; alto (ALTO 4.4); "
                   "json (the guji-ocr/1 form of docs/ocr.md).")
@click.option("--no-deskew", is_flag=True,
              help="Take the image as upright (skip measuring and correcting skew).")
def ocr(image: Path, engine: str, model: Path | None, fmt: str, no_deskew: bool) -> None:
    """Read the classical Chinese text of a page IMAGE and print it on stdout.

    IMAGE may be a corrected half-leaf, a raw scan (skew is corrected) or a spread of
    several half-pages (read right half-page first). Columns are read top to bottom,
    right to left; double-line commentary right sub-column first; the centre strip
    (title, juan, leaf number) is kept out of the text and reported in hocr/alto/json.
    """
    from guji.ocr import get_engine, recognize_page
    from guji.ocr.formats import page_alto, page_hocr, page_json

    reader = get_engine(engine, model=model)
    page = recognize_page(image, engine=reader, deskew=not no_deskew)
    if fmt == "text":
        click.echo(page.text, nl=False)
    elif fmt == "hocr":
        click.echo(page_hocr(page), nl=False)
    elif fmt == "alto":
        sys.stdout.buffer.write(page_alto(page))
        sys.stdout.buffer.flush()
    else:
        click.echo(json.dumps(page_json(page), ensure_ascii=False, indent=1))


@click.command("eval-ocr")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--engine", default=DEFAULT_ENGINE, show_default=True, metavar="NAME",
              help="OCR engine to evaluate.")
@click.option("--model", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, metavar="PATH", help="Recognizer model for ppocr (see `guji ocr`).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout instead of the table.")
def eval_ocr(folder: Path, engine: str, model: Path | None, as_json: bool) -> None:
    """Character error rate of OCR on FOLDER's images that have ground truth.

    Ground truth is NNNN.gt.json beside NNNN.tif|jpg|png (written by `guji sample`) or
    STEM.gt_columns.tsv beside STEM.png (a text_plain column, one row per column).
    CER is edit distance over truth length after removing whitespace and punctuation and
    folding variant characters (guji/ocr/variants.tsv). Leaf numbers read from centre
    strips are counted against those the truth records.
    """
    from guji.ocr.evaluate import PageScore, evaluate
    from guji.ocr.truth import find_truth
    from guji.pipeline.errors import InputError

    if not find_truth(folder):
        raise InputError(f"{folder}: no image with ground truth beside it",
                         hint="expected NNNN.gt.json or STEM.gt_columns.tsv beside the images")

    def progress(score: PageScore) -> None:
        console.print(f"{score.image}: CER {score.cer:.3f} ({score.seconds:.1f} s)")

    from guji.ocr import get_engine

    report = evaluate(folder, engine=get_engine(engine, model=model), progress=progress)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
        return
    table = Table(title=f"OCR on {folder} ({engine})")
    for name in ("image", "characters", "errors", "CER", "leaf numbers", "seconds"):
        table.add_column(name, justify="left" if name == "image" else "right")
    for p in report.pages:
        leaves = f"{p.leaves_read}/{p.leaves_expected}" if p.leaves_expected else "—"
        table.add_row(p.image, str(p.length), str(p.distance), f"{p.cer:.3f}", leaves,
                      f"{p.seconds:.1f}")
    leaves = (f"{report.leaves_read}/{report.leaves_expected}" if report.leaves_expected
              else "—")
    table.add_row("overall", str(sum(p.length for p in report.pages)),
                  str(sum(p.distance for p in report.pages)), f"{report.cer:.3f}", leaves,
                  f"{report.seconds_per_half_page:.1f}/half-page", style="bold")
    from rich.console import Console

    Console().print(table)
    faces = report.by_typeface()
    if len(faces) > 1 or "unknown" not in faces:
        by_face = Table(title="by typeface (reserved faces predict unseen books)")
        for name in ("typeface", "pages", "characters", "CER"):
            by_face.add_column(name, justify="left" if name == "typeface" else "right")
        for name, part in faces.items():
            by_face.add_row(name, str(len(part.pages)),
                            str(sum(p.length for p in part.pages)), f"{part.cer:.3f}")
        Console().print(by_face)
