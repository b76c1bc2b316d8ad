"""`guji sample OUTDIR`: synthetic woodblock-book scans with ground truth."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from guji.pipeline.model import ACCESS_LEVELS

FORMATS = ("tif", "tif-grey", "tif16", "tif16-grey", "jpg", "mixed")
LAYOUTS = ("half-leaf", "opening", "mixed")


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--volumes", type=click.IntRange(1, 999), default=3, show_default=True,
              help="Volumes to write (ignored with --flat).")
@click.option("--pages", type=click.IntRange(1, 9999), default=4, show_default=True,
              help="Scans per volume, or in all with --flat.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: the same seed and options give the same files.")
@click.option("--dpi", type=click.IntRange(72, 1200), default=300, show_default=True,
              help="Scan resolution, written into each file.")
@click.option("--format", "image_format", type=click.Choice(FORMATS), default="tif",
              show_default=True,
              help="Master format; mixed cycles tif, jpg, tif16 by volume (by scan with --flat).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="half-leaf", show_default=True,
              help="One half-leaf per scan, or openings of two facing half-leaves; mixed "
                   "alternates by volume (about a third openings with --flat).")
@click.option("--access", type=click.Choice(ACCESS_LEVELS), default=None,
              help="Access level of every volume written (default: the second volume "
                   "reading-room, the fourth restricted, the rest public).")
@click.option("--flat", is_flag=True,
              help="Write unrelated scans and their truth straight into OUTDIR, no volumes "
                   "or catalogue: an evaluation set for deskew and OCR.")
@click.option("--workers", type=click.IntRange(1, 64), default=min(2, os.cpu_count() or 1),
              show_default=True, help="Scans rendered at the same time.")
@click.option("--fonts", type=click.Choice(("sample", "train", "reserved")), default="sample",
              show_default=True,
              help="Typeface pool: sample (5 common faces), train (every face the project may "
                   "train and tune on) or reserved (held-out faces: for evaluation sets only, "
                   "never train, tune or select on pages printed with them).")
@click.option("--shuffle", is_flag=True,
              help="With --flat: the same pages with their text shuffled character by "
                   "character, to measure OCR that cannot lean on the language.")
def sample(outdir: Path, volumes: int, pages: int, seed: int, dpi: int, image_format: str,
           layout: str, access: str | None, flat: bool, workers: int, fonts: str,
           shuffle: bool) -> None:
    """Write synthetic scans of thread-bound woodblock books into OUTDIR, each image with
    its ground truth beside it (NNNN.gt.json, see docs/ground-truth.md, and NNNN.gt.txt).

    Volumes go into OUTDIR/<volume_id>/0001.tif … with OUTDIR/catalogue.csv (rows of
    other volumes already there are kept); --flat writes OUTDIR/0001.tif … only.
    """
    from guji.sample import generate_flat, generate_samples

    total = pages if flat else volumes * pages
    console = Console(stderr=True)
    started = time.monotonic()
    written: list[Path] = []
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("rendering scans", total=total)

        def advance(path: Path) -> None:
            written.append(path)
            bar.update(task, advance=1, description=f"rendering {path.parent.name}/{path.name}")

        options = dict(pages=pages, seed=seed, layout=layout, image_format=image_format,
                       dpi=dpi, workers=workers, fonts=fonts, progress=advance)
        if shuffle and not flat:
            raise click.UsageError("--shuffle makes an evaluation set: give --flat too")
        if flat:
            generate_flat(outdir, shuffle=shuffle, **options)  # type: ignore[arg-type]
        else:
            generate_samples(outdir, volumes=volumes, access=access,
                             **options)  # type: ignore[arg-type]
    size = sum(p.stat().st_size for p in written)
    where = "flat set" if flat else f"{volumes} volume(s) + catalogue.csv"
    console.print(f"[green]wrote[/] {len(written)} scans ({where}) to {outdir} at {dpi} dpi: "
                  f"{size / 1e6:.1f} MB of images in {time.monotonic() - started:.1f} s")
