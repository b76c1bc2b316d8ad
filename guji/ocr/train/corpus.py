"""Text to print on training columns: classical passages, and random characters.

Passages come from the classics typed into guji.sample.texts and, where the shared
corpus folder is present, from the Kanseki Repository's mandoku files (CC BY-SA 4.0).
Main text and double-line commentary are kept apart, since they are rendered as
different kinds of line. Random characters from the recognizer's own CJK characters
keep the model from learning only the language of a few books.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from guji.sample.texts import NOTE_CLOSE, NOTE_OPEN, WORKS

KANRIPO_ATTRIBUTION = ("Kanseki Repository (kanripo.org), CC BY-SA 4.0: classical texts in "
                       "mandoku format")
# 五禮通考 卷213 is the text of a real page kept for evaluation, and 孟子 the text of the
# independent renderer's pages (benchmarks/independent_pages.py): never train on them.
KANRIPO_EXCLUDED = ("KR1d0087", "KR1h0001")
# The generator's 孟子注 holds the same text: left out for the same reason.
WORKS_EXCLUDED = ("mengzi",)
# One text line in this many is held out of training, for the held-out evaluation.
HOLDOUT_EVERY = 10

_NOTE = re.compile(r"\(([^()]*)\)")
_MARKUP = re.compile(r"<[^>]*>|&[^;]*;|¶")


@dataclass
class Corpus:
    """Main-text and commentary strings, split into training and held-out parts."""

    main: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    held_main: list[str] = field(default_factory=list)
    held_notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, text: str, *, note: bool) -> None:
        text = "".join(ch for ch in text if _printable(ch))
        if len(text) < 2:
            return
        # A stable hash, not Python's salted one: the split must not change between runs.
        held = zlib.crc32(text.encode("utf-8")) % HOLDOUT_EVERY == 0
        target = (self.held_notes if note else self.held_main) if held else (
            self.notes if note else self.main)
        target.append(text)


def _printable(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x2FFFF or 0xF900 <= code <= 0xFAFF


def build_corpus(kanripo: Path | None) -> Corpus:
    """The sample generator's classics, plus the Kanripo texts under `kanripo` if given."""
    corpus = Corpus(sources=["guji.sample.texts (public-domain classics, typed)"])
    for work in WORKS:
        if work.key in WORKS_EXCLUDED:
            continue
        for chapter in work.chapters:
            for passage in chapter.passages:
                for piece, is_note in _split_notes(passage, NOTE_OPEN, NOTE_CLOSE):
                    corpus.add(piece, note=is_note)
    if kanripo is not None and kanripo.is_dir():
        folders = [d for d in sorted(kanripo.iterdir()) if d.is_dir()
                   and not d.name.startswith(KANRIPO_EXCLUDED)]
        for folder in folders:
            for path in sorted(folder.glob("*.txt")):
                for line in path.read_text(encoding="utf-8").splitlines():
                    add_mandoku_line(corpus, line)
            corpus.sources.append(f"kanripo/{folder.name}")
    return corpus


def _split_notes(text: str, open_: str, close: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{re.escape(open_)}{re.escape(close)}]", text)):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces


def add_mandoku_line(corpus: Corpus, line: str) -> None:
    if line.startswith("#"):
        return
    line = _MARKUP.sub("", line)
    pos = 0
    for m in _NOTE.finditer(line):
        corpus.add(line[pos:m.start()], note=False)
        # (right/left): the two sub-columns of a double-line note, each its own line.
        for sub in m.group(1).split("/"):
            corpus.add(sub, note=True)
        pos = m.end()
    corpus.add(line[pos:], note=False)


def pick_text(rng: np.random.Generator, pool: list[str], length: int) -> str:
    """A run of `length` characters from a random string of the pool (shorter if none is
    long enough)."""
    text = pool[int(rng.integers(len(pool)))]
    for _ in range(8):
        if len(text) >= length:
            break
        text += pool[int(rng.integers(len(pool)))]
    start = int(rng.integers(0, max(1, len(text) - length + 1)))
    return text[start:start + length]


def random_characters(rng: np.random.Generator, charset: tuple[str, ...], length: int) -> str:
    return "".join(charset[int(i)] for i in rng.integers(0, len(charset), length))
