"""`guji ocr-train`: fine-tune the PP-OCR recognizer on a CPU (docs/ocr-training.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from guji.commands.common import console
from guji.pipeline.errors import UsageError

# The shared corpus beside a checkout of the project (absent on a user's machine).
DEFAULT_CORPUS = Path(__file__).resolve().parents[2].parent / "shared/data/corpus/kanripo"
TRAIN_PACKAGES = ("torch", "onnx2torch", "onnx", "fontTools")


@click.command("ocr-train")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write model.onnx and record.json into.")
@click.option("--from", "proofread", type=click.Path(exists=True, file_okay=False,
              path_type=Path), multiple=True,
              help="Folder of proofread pages (NNNN.gt.json or gt_columns.tsv beside each "
                   "image) whose columns are mixed into training; repeatable.")
@click.option("--minutes", type=click.FloatRange(0.1), default=85.0, show_default=True,
              help="Wall-clock budget of the whole run, final evaluation included.")
@click.option("--steps", type=click.IntRange(1), default=None,
              help="Stop after this many training steps (or at --minutes, if sooner).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed: columns, order and initial state.")
@click.option("--train", "part", type=click.Choice(["head", "all"]), default="head",
              show_default=True,
              help="head: the sequence neck and classifier, backbone frozen (fast on a CPU); "
                   "all: the whole network.")
@click.option("--lr", type=click.FloatRange(1e-7, 1.0), default=None,
              help="Peak learning rate of AdamW (default: 3e-4 for head, 5e-5 for all).")
@click.option("--batch", type=click.IntRange(1, 512), default=16, show_default=True,
              help="Columns per training step.")
@click.option("--fresh", type=click.IntRange(1, 512), default=4, show_default=True,
              help="head: newly rendered columns per step; the rest of the batch is "
                   "drawn from earlier columns' backbone features.")
@click.option("--eval-columns", type=click.IntRange(1, 10000), default=200, show_default=True,
              help="Columns in each evaluation set (held-out text; reserved fonts).")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Kanripo corpus folder (mandoku files) to draw text from "
                   "[default: ../shared/data/corpus/kanripo beside the project, if there].")
@click.option("--model", "base", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Recognizer to start from (default: the stock PP-OCRv6 "
                                 "small recognizer of the rapidocr package).")
@click.option("--reserved/--no-reserved", default=True, show_default=True,
              help="Measure both models on columns in the reserved (evaluation-only) fonts at "
                   "the end; --no-reserved for runs that choose a recipe, so no choice ever "
                   "sees those figures.")
@click.option("--threads", type=click.IntRange(1, 256), default=None,
              help="CPU threads for torch (default: torch's choice).")
def ocr_train(out: Path, proofread: tuple[Path, ...], minutes: float, steps: int | None,
              seed: int, part: str, lr: float | None, batch: int, fresh: int,
              eval_columns: int, corpus: Path | None, base: Path | None,
              threads: int | None, reserved: bool) -> None:
    """Fine-tune the neural line recognizer on woodblock columns rendered in the training
    fonts (and proofread pages with --from), then write OUT/model.onnx and
    OUT/record.json and print the character error rates of the stock and tuned models.

    Needs the optional training packages: pip install 'guji[train]'.
    """
    missing = [p for p in TRAIN_PACKAGES if importlib.util.find_spec(p) is None]
    if missing:
        raise UsageError(f"training needs {', '.join(missing)}, which is not installed",
                         hint="pip install 'guji[train]' (CPU torch is enough)")
    from guji.ocr.engines.ppocr import stock_model
    from guji.ocr.train.run import TrainSettings, run_training

    if corpus is None and DEFAULT_CORPUS.is_dir():
        corpus = DEFAULT_CORPUS
    settings = TrainSettings(
        out=out, base=base or stock_model(), minutes=minutes, steps=steps, seed=seed, part=part,
        lr=lr if lr is not None else (3e-4 if part == "head" else 5e-5), batch=batch,
        fresh=fresh, eval_columns=eval_columns, corpus=corpus, proofread=proofread,
        threads=threads, reserved=reserved)
    record = run_training(settings, lambda line: console.print(line, highlight=False))
    for name, fig in record["figures"].items():
        click.echo(f"{name}: {fig['columns']} columns, {fig['characters']} characters, "
                   f"CER stock {fig['stock_cer']:.4f} → tuned {fig['tuned_cer']:.4f}")
    click.echo(f"wrote {out / 'model.onnx'} and {out / 'record.json'}")
