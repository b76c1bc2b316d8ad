"""Writes guji/ocr/engines/language.tsv, the character counts of the OCR's language model.

    python scripts/language_model.py ../shared/data/corpus/kanripo > guji/ocr/engines/language.tsv

The counts come from the Kanseki Repository's mandoku files (CC BY-SA 4.0): 論語 and
何晏's 論語集解, main text and each sub-column of a double-line note counted as lines of
their own, since the OCR reads them so. Two texts beside them are left out on purpose:
孟子 is the text of the independent renderer's pages (benchmarks/independent_pages.py),
whose scores must not come from having seen it, and 五禮通考 is the text of a real page
kept for evaluation.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from guji.ocr.train.corpus import KANRIPO_ATTRIBUTION, Corpus, add_mandoku_line

TEXTS = ("KR1h0004", "KR1h0005")  # 論語, 論語集解


def main(kanripo: Path) -> int:
    corpus = Corpus()
    folders = [d for d in sorted(kanripo.iterdir()) if d.name.startswith(TEXTS)]
    if not folders:
        print(f"no {' or '.join(TEXTS)} under {kanripo}", file=sys.stderr)
        return 1
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                add_mandoku_line(corpus, line)
    singles: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for line in corpus.main + corpus.notes + corpus.held_main + corpus.held_notes:
        singles.update(line)
        pairs.update(line[i:i + 2] for i in range(len(line) - 1))
    print(f"# Character and character-pair counts. {KANRIPO_ATTRIBUTION}.")
    print(f"# Texts: {', '.join(d.name for d in folders)}. Written by scripts/language_model.py.")
    for key, count in sorted(singles.items()) + sorted(pairs.items()):
        print(f"{key}\t{count}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
