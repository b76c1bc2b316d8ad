"""Character error rate of an ONNX recognizer on columns, read as the engine reads them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from guji.ocr.train.charset import Charset
from guji.ocr.train.render import ColumnSample

BATCH = 16


def session(path: Path):  # type: ignore[no-untyped-def]
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def read_columns(model: Path, inputs: Sequence[np.ndarray], charset: Charset) -> list[str]:
    """The greedy CTC reading of each prepared column (48 × W), batched by width."""
    runner = session(model)
    texts = [""] * len(inputs)
    order = sorted(range(len(inputs)), key=lambda i: inputs[i].shape[1])
    for start in range(0, len(order), BATCH):
        rows = order[start:start + BATCH]
        width = max(inputs[i].shape[1] for i in rows)
        x = np.zeros((len(rows), 3, inputs[rows[0]].shape[0], width), np.float32)
        for r, i in enumerate(rows):
            x[r, :, :, :inputs[i].shape[1]] = inputs[i]
        probs = runner.run(None, {"x": x})[0]
        for r, i in enumerate(rows):
            steps = int(np.ceil(probs.shape[1] * inputs[i].shape[1] / width))
            texts[i] = charset.decode(probs[r, :max(1, steps)])
    return texts


def cer(readings: Sequence[str], samples: Sequence[ColumnSample]) -> float:
    """Edit distance over all columns divided by the characters of their truth."""
    errors = sum(Levenshtein.distance(r, s.text) for r, s in zip(readings, samples, strict=True))
    return errors / max(1, sum(len(s.text) for s in samples))
