"""`guji ocr-train` from start to end: data, stock figures, fine-tuning, export, figures.

The reserved typefaces are used once, at the end, to measure stock and tuned models on
columns no training step, stopping rule or choice ever saw (docs/ocr-training.md).
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from guji import __version__
from guji.ocr.train.charset import Charset
from guji.ocr.train.columns import ColumnSource, model_input
from guji.ocr.train.corpus import (
    KANRIPO_ATTRIBUTION,
    KANRIPO_EXCLUDED,
    WORKS_EXCLUDED,
    build_corpus,
)
from guji.ocr.train.fit import FitPlan, FitResult, batch_tensor, fit
from guji.ocr.train.network import export, load_recognizer
from guji.ocr.train.proofread import proofread_columns
from guji.ocr.train.score import cer, read_columns, session
from guji.pipeline.errors import ProcessingError, UsageError
from guji.sample.fonts import find_typefaces, is_reserved

MODEL_NAME = "pp-ocrv6-guji"
EXPORT_TOLERANCE = 1e-3
MAX_MODEL_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class TrainSettings:
    out: Path
    base: Path
    minutes: float = 85.0
    steps: int | None = None
    seed: int = 1
    part: str = "head"  # "head" (neck and classifier) or "all"
    lr: float = 3e-4
    batch: int = 16
    fresh: int = 4
    eval_columns: int = 200
    corpus: Path | None = None
    proofread: tuple[Path, ...] = ()
    threads: int | None = None
    reserved: bool = True  # measure on the reserved fonts at the end


@dataclass
class Figures:
    columns: int
    characters: int
    stock_cer: float
    tuned_cer: float | None = None


@dataclass
class Timing:
    started: float = field(default_factory=time.monotonic)
    marks: dict[str, float] = field(default_factory=dict)

    def mark(self, name: str) -> None:
        self.marks[name] = round(time.monotonic() - self.started, 1)


def run_training(settings: TrainSettings, say: Callable[[str], None]) -> dict[str, Any]:
    """Fine-tune, export and measure; returns the record also written to record.json."""
    clock = Timing()
    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    charset = Charset.of_model(settings.base)
    train_faces = find_typefaces("train")
    reserved_faces = find_typefaces("reserved")
    if any(is_reserved(f) for f in train_faces):  # the pools never mix; make sure of it
        raise ProcessingError("a reserved typeface is in the training pool")
    if not reserved_faces and settings.reserved:
        say("no reserved typeface is installed: the held-out font figures will be missing "
            "(Debian packages fonts-cwtex-ming fonts-hanazono …, see docs/ocr-training.md)")
    if settings.corpus is None or not settings.corpus.is_dir():
        say("the Kanripo corpus folder is absent: training on guji's own classics only")
    corpus = build_corpus(settings.corpus)
    columns, skipped = proofread_columns(settings.proofread, say)
    # CTC needs a class for every character of the truth: a column with a character the
    # model cannot name is left out, not cut short.
    known = [c for c in columns if all(charset.knows(ch) for ch in c.text)]
    if len(known) < len(columns):
        say(f"{len(columns) - len(known)} proofread columns hold characters the model "
            "lacks: left out")
    skipped += len(columns) - len(known)
    columns = known
    say(f"text: {len(corpus.main)} main and {len(corpus.notes)} note lines to train on, "
        f"{len(corpus.held_main) + len(corpus.held_notes)} held out; "
        f"{len(columns)} proofread columns")

    train = ColumnSource(charset, corpus, train_faces, proofread=columns)
    held = ColumnSource(charset, corpus, train_faces, held_out=True)
    held_set = held.draw_many(np.random.default_rng([settings.seed, 1]), settings.eval_columns)
    held_inputs = [model_input(s) for s in held_set]
    held_figures = Figures(len(held_set), sum(len(s.text) for s in held_set),
                           cer(read_columns(settings.base, held_inputs, charset), held_set))
    clock.mark("stock_held_out_evaluated")
    say(f"stock model, held-out columns in training fonts: CER {held_figures.stock_cer:.4f}")
    # One pass of the held-out set took this long; the end needs three such passes.
    eval_seconds = clock.marks["stock_held_out_evaluated"]

    net = load_recognizer(settings.base)
    rng = np.random.default_rng([settings.seed, 0])
    budget = settings.minutes * 60 - (time.monotonic() - clock.started) - 3.5 * eval_seconds - 30
    if settings.steps is None and budget <= 0:
        raise UsageError(f"--minutes {settings.minutes} leaves no time to train",
                         hint="give more minutes, or --steps")
    plan = FitPlan(part=settings.part, batch=settings.batch, fresh=min(settings.fresh,
                   settings.batch), lr=settings.lr, steps=settings.steps,
                   seconds=max(budget, 1.0) if settings.steps is None else
                   (budget if budget > 0 else math.inf))
    say(f"training the {settings.part} for "
        + (f"{plan.steps} steps" if plan.steps else f"{plan.seconds / 60:.1f} minutes"))
    last = [0.0]

    def progress(result: FitResult) -> None:
        if time.monotonic() - last[0] > 60 or result.steps == plan.steps:
            last[0] = time.monotonic()
            recent = result.losses[-20:]
            say(f"step {result.steps}: loss {sum(recent) / len(recent):.3f}, "
                f"{result.columns_seen} columns, {result.seconds / 60:.1f} min")

    fitted = fit(net, charset, lambda n: train.draw_many(rng, n), model_input, plan, rng,
                 progress)
    clock.mark("trained")

    settings.out.mkdir(parents=True, exist_ok=True)
    model_path = settings.out / "model.onnx"
    record: dict[str, Any] = {
        "name": MODEL_NAME,
        "guji_version": __version__,
        "base_model": {"file": settings.base.name, "sha256": _sha256(settings.base)},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(settings).items()
                     if k not in ("out", "base", "corpus", "proofread")},
        "seed": settings.seed,
        "fonts": {"training": [f.name for f in train_faces],
                  "evaluation_only": [f.name for f in reserved_faces]},
        "data": {"text_sources": corpus.sources,
                 "excluded": [f"kanripo/{k}: the text of evaluation pages"
                              for k in KANRIPO_EXCLUDED]
                 + [f"guji.sample.texts/{k}: the text of evaluation pages"
                    for k in WORKS_EXCLUDED],
                 "main_lines": len(corpus.main), "note_lines": len(corpus.notes),
                 "held_out_lines": len(corpus.held_main) + len(corpus.held_notes),
                 "proofread_folders": [p.name for p in settings.proofread],
                 "proofread_columns": len(columns), "proofread_skipped": skipped},
        "attribution": [KANRIPO_ATTRIBUTION] if any(s.startswith("kanripo/")
                                                    for s in corpus.sources) else [],
        "training": {"steps": fitted.steps, "columns_seen": fitted.columns_seen,
                     "seconds": round(fitted.seconds, 1),
                     "final_loss": round(float(np.mean(fitted.losses[-20:])), 4)
                     if fitted.losses else None},
    }
    export(net, model_path, {"guji_training": json.dumps(
        {"name": MODEL_NAME, "base": settings.base.name, "seed": settings.seed,
         "part": settings.part, "steps": fitted.steps}, ensure_ascii=False)})
    record["export_max_difference"] = _validate(net, model_path, held_inputs[:8])
    size = model_path.stat().st_size
    if size > MAX_MODEL_BYTES:
        raise ProcessingError(f"{model_path} is {size / 1e6:.1f} MB, over the 25 MB limit")
    record["model_bytes"] = size

    held_figures.tuned_cer = cer(read_columns(model_path, held_inputs, charset), held_set)
    say(f"tuned model, held-out columns in training fonts: CER {held_figures.tuned_cer:.4f}")
    figures = {"held_out_training_fonts": asdict(held_figures)}
    if reserved_faces and settings.reserved:
        # Rendered and read only now, once: nothing above has seen these fonts.
        reserved = ColumnSource(charset, corpus, reserved_faces, held_out=True)
        reserved_set = reserved.draw_many(np.random.default_rng([settings.seed, 2]),
                                          settings.eval_columns)
        inputs = [model_input(s) for s in reserved_set]
        res = Figures(len(reserved_set), sum(len(s.text) for s in reserved_set),
                      cer(read_columns(settings.base, inputs, charset), reserved_set),
                      cer(read_columns(model_path, inputs, charset), reserved_set))
        figures["reserved_fonts"] = asdict(res)
        say(f"reserved fonts (evaluation only): stock CER {res.stock_cer:.4f}, "
            f"tuned CER {res.tuned_cer:.4f}")
    record["figures"] = figures
    clock.mark("evaluated")
    record["duration_seconds"] = clock.marks
    (settings.out / "record.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return record


def _validate(net: Any, path: Path, inputs: list[np.ndarray]) -> float:
    """Largest difference between the exported model and torch on a batch; error if over
    the tolerance."""
    x = batch_tensor(inputs)
    with torch.no_grad():
        expected = net.logits(x).softmax(-1).numpy()
    got = session(path).run(None, {"x": x.numpy()})[0]
    diff = float(np.abs(got - expected).max())
    if not diff <= EXPORT_TOLERANCE:
        raise ProcessingError(f"the exported model differs from the trained one by {diff:.2e}",
                              hint="report this: the ONNX export lost the trained weights")
    return diff


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


