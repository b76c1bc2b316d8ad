"""The fine-tuning loop: CTC loss, AdamW, a time or step budget.

With `part="head"` the backbone is frozen: its features of each new column are computed
once, without gradients, and kept in a pool the head is trained on, so every costly
backbone pass feeds several updates. With `part="all"` every step renders new columns
and trains the whole network on them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from guji.ocr.train.charset import Charset
from guji.ocr.train.network import Recognizer
from guji.ocr.train.render import ColumnSample

POOL_SIZE = 600  # head training: backbone features kept for reuse
WARMUP_STEPS = 20


@dataclass(frozen=True)
class FitPlan:
    part: str  # "head" or "all"
    batch: int
    fresh: int  # new columns per step (head training; all training uses `batch`)
    lr: float
    steps: int | None
    seconds: float


@dataclass
class FitResult:
    steps: int = 0
    columns_seen: int = 0
    seconds: float = 0.0
    losses: list[float] = field(default_factory=list)


def batch_tensor(inputs: list[np.ndarray]) -> torch.Tensor:
    """N × 3 × 48 × W, each column padded on the right with zeros (mid grey), as the
    engine pads its batches."""
    width = max(x.shape[1] for x in inputs)
    out = np.zeros((len(inputs), 3, inputs[0].shape[0], width), np.float32)
    for i, x in enumerate(inputs):
        out[i, :, :, :x.shape[1]] = x
    return torch.from_numpy(out)


def frames(steps: int, width: int, batch_width: int) -> int:
    """Output steps that belong to a column `width` wide in a batch `batch_width` wide
    (the rest read the padding), as the engine counts them."""
    return max(1, min(steps, math.ceil(steps * width / batch_width)))


def ctc(logits: torch.Tensor, texts: list[str], lengths_: list[int], charset: Charset,
        ) -> torch.Tensor:
    log_probs = logits.log_softmax(-1).permute(1, 0, 2)  # T × N × C
    lengths = torch.tensor(lengths_, dtype=torch.long)
    labels = [charset.labels(t) for t in texts]
    targets = torch.tensor([k for lab in labels for k in lab], dtype=torch.long)
    target_lengths = torch.tensor([len(lab) for lab in labels], dtype=torch.long)
    return F.ctc_loss(log_probs, targets, lengths, target_lengths, blank=0,
                      reduction="mean", zero_infinity=True)


def fit(net: Recognizer, charset: Charset, draw: Callable[[int], list[ColumnSample]],
        prepare: Callable[[ColumnSample], np.ndarray], plan: FitPlan,
        rng: np.random.Generator, report: Callable[[FitResult], None]) -> FitResult:
    """Train `net` in place on columns from `draw(count)` until the budget is spent."""
    params = net.trainable(plan.part)
    for module in net.modules():
        for p in module.parameters():
            p.requires_grad_(False)
    for p in params:
        p.requires_grad_(True)
    optimiser = torch.optim.AdamW(params, lr=plan.lr, weight_decay=1e-4)
    pad = _pad_feature(net) if plan.part == "head" else None
    pool: list[tuple[torch.Tensor, str, int]] = []
    result = FitResult()
    started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        done = elapsed / plan.seconds if plan.seconds > 0 else 0.0
        if plan.steps is not None:
            done = max(done, result.steps / plan.steps)
        if done >= 1.0:
            break
        # Warm up, then a cosine decay over the budget, whichever of time or steps ends first.
        scale = min(1.0, (result.steps + 1) / WARMUP_STEPS) * 0.5 * (1 + math.cos(math.pi * done))
        for group in optimiser.param_groups:
            group["lr"] = plan.lr * max(scale, 0.02)
        if plan.part == "head":
            loss = _head_step(net, charset, draw, prepare, plan, rng, pool, pad)
            result.columns_seen += plan.fresh
        else:
            samples = draw(plan.batch)
            inputs = [prepare(s) for s in samples]
            x = batch_tensor(inputs)
            logits = net.logits(x)
            lengths = [frames(logits.shape[1], i.shape[1], x.shape[-1]) for i in inputs]
            loss = ctc(logits, [s.text for s in samples], lengths, charset)
            result.columns_seen += plan.batch
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        optimiser.step()
        result.steps += 1
        result.losses.append(float(loss.item()))
        result.seconds = time.monotonic() - started
        report(result)
    return result


def _head_step(net: Recognizer, charset: Charset, draw: Callable[[int], list[ColumnSample]],
               prepare: Callable[[ColumnSample], np.ndarray], plan: FitPlan,
               rng: np.random.Generator, pool: list[tuple[torch.Tensor, str, int]],
               pad: torch.Tensor | None) -> torch.Tensor:
    samples = draw(plan.fresh)
    inputs = [prepare(s) for s in samples]
    x = batch_tensor(inputs)
    with torch.no_grad():
        feats = net.backbone(x)
    fresh = []
    for s, i, f in zip(samples, inputs, feats, strict=True):
        t = frames(feats.shape[-1], i.shape[1], x.shape[-1])
        fresh.append((f[:, :, :t].clone(), s.text, t))
    picks = [pool[int(i)] for i in rng.integers(0, len(pool), max(0, plan.batch - len(fresh)))
             ] if pool else []
    batch = fresh + picks
    pool.extend(fresh)
    del pool[:max(0, len(pool) - POOL_SIZE)]
    longest = max(t for _, _, t in batch)
    assert pad is not None
    padded = torch.stack([torch.cat([f, pad.expand(-1, -1, longest - t)], dim=2)
                          if t < longest else f for f, _, t in batch])
    logits = net.head(padded)
    return ctc(logits, [text for _, text, _ in batch], [t for _, _, t in batch], charset)


def _pad_feature(net: Recognizer) -> torch.Tensor:
    """The backbone's feature of zero (mid-grey) padding, away from any edge."""
    with torch.no_grad():
        feats = net.backbone(torch.zeros(1, 3, 48, 256))
    middle = feats.shape[-1] // 2
    return feats[0, :, :, middle:middle + 1]
