"""Character error rate of OCR against ground truth, per page and overall.

CER = Levenshtein distance / length of the truth, both normalised (guji.ocr.variants:
no whitespace or punctuation, variant characters folded). Leaf numbers read from centre
strips are compared with those the truth records.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from guji.ocr.engine import OcrEngine
from guji.ocr.engines import DEFAULT_ENGINE, get_engine
from guji.ocr.page import OcrPage
from guji.ocr.recognize import recognize_page
from guji.ocr.truth import TruthPage, find_truth
from guji.ocr.variants import normalize


@dataclass(frozen=True)
class PageScore:
    """One page's result: edit distance over truth length, leaf numbers, time taken."""

    image: str
    distance: int
    length: int
    leaves_expected: int
    leaves_read: int
    seconds: float
    half_pages: int
    typeface: str | None = None

    @property
    def cer(self) -> float:
        return self.distance / self.length if self.length else float(self.distance > 0)


@dataclass(frozen=True)
class Report:
    pages: tuple[PageScore, ...]

    @property
    def cer(self) -> float:
        length = sum(p.length for p in self.pages)
        return sum(p.distance for p in self.pages) / length if length else 0.0

    @property
    def leaves_expected(self) -> int:
        return sum(p.leaves_expected for p in self.pages)

    @property
    def leaves_read(self) -> int:
        return sum(p.leaves_read for p in self.pages)

    def by_typeface(self) -> dict[str, Report]:
        """The pages grouped by the typeface they were printed with (where known)."""
        groups: dict[str, list[PageScore]] = {}
        for p in self.pages:
            groups.setdefault(p.typeface or "unknown", []).append(p)
        return {name: Report(tuple(pages)) for name, pages in sorted(groups.items())}

    def to_json(self) -> dict[str, Any]:
        return {
            "cer": round(self.cer, 4),
            "by_typeface": {name: {"cer": round(r.cer, 4),
                                   "characters": sum(p.length for p in r.pages)}
                            for name, r in self.by_typeface().items()},
            "characters": sum(p.length for p in self.pages),
            "errors": sum(p.distance for p in self.pages),
            "leaves": {"expected": self.leaves_expected, "read": self.leaves_read},
            "seconds_per_half_page": round(self.seconds_per_half_page, 3),
            "pages": [{**asdict(p), "cer": round(p.cer, 4)} for p in self.pages],
        }

    @property
    def seconds_per_half_page(self) -> float:
        halves = sum(max(1, p.half_pages) for p in self.pages)
        return sum(p.seconds for p in self.pages) / halves if halves else 0.0


def cer_counts(hypothesis: str, truth: str) -> tuple[int, int]:
    """(edit distance, truth length) after normalising both texts."""
    hyp, ref = normalize(hypothesis), normalize(truth)
    return Levenshtein.distance(hyp, ref), len(ref)


def score_page(page: OcrPage, truth: TruthPage, seconds: float) -> PageScore:
    distance, length = cer_counts(page.text, truth.text)
    read = [h.centre_strip.leaf if h.centre_strip else None for h in page.half_pages]
    expected = [leaf for leaf in truth.leaves if leaf is not None]
    # Leaves are matched in reading order, half-page by half-page where both agree on
    # the count, else as a multiset: a missed half-page must not shift every number.
    if len(read) == len(truth.leaves):
        hits = sum(1 for r, e in zip(read, truth.leaves, strict=True) if e is not None and r == e)
    else:
        pool = [r for r in read if r is not None]
        hits = 0
        for e in expected:
            if e in pool:
                pool.remove(e)
                hits += 1
    return PageScore(image=truth.image.name, distance=distance, length=length,
                     leaves_expected=len(expected), leaves_read=hits, seconds=seconds,
                     half_pages=len(page.half_pages), typeface=truth.typeface)


def evaluate(folder: Path, *, engine: str | OcrEngine = DEFAULT_ENGINE,
             progress: Callable[[PageScore], None] | None = None) -> Report:
    """Recognise every image with ground truth in `folder` and score it."""
    reader = get_engine(engine) if isinstance(engine, str) else engine
    scores = []
    for truth in find_truth(folder):
        started = time.perf_counter()
        page = recognize_page(truth.image, engine=reader)
        score = score_page(page, truth, time.perf_counter() - started)
        scores.append(score)
        if progress is not None:
            progress(score)
    return Report(tuple(scores))
