"""Search index speed: index 10,000 generated pages, then time phrase queries.

    python benchmarks/search_index.py                       # SQLite (FTS5 trigram), temp dir
    python benchmarks/search_index.py --db postgresql+psycopg://user@host/db   # an empty db
    python benchmarks/search_index.py --pages 20000 --queries 500 --seed 7

Pages are 200-character windows of classical text: the Kanripo corpus beside the project
(../shared/data/corpus/kanripo) when it is there, else characters drawn from a fixed list,
so common phrases recur on many pages as they do in a real collection. Queries are 1 to 6
characters long, taken from the text (one in ten is absent), typed in traditional forms;
each is answered as the results page answers it (ranked, first 20). Prints the indexing
time and p50/p95/p99 query times. Target (the issue): p95 under 50 ms at 10,000 pages.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guji.pipeline.catalogue import Catalogue  # noqa: E402
from guji.pipeline.model import CatalogueRecord  # noqa: E402
from guji.search import PageText, SearchIndex  # noqa: E402
from guji.search.text import searchable  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "kanripo"
FALLBACK = ("子曰學而時習之不亦說乎有朋自遠方來樂人不知慍君孝弟其為仁之本與巧言令色鮮矣吾日三省"
            "身謀忠交信傳道千乘國敬事節用愛使民以弟則出謹汎眾親行餘力文賢易色父母竭臣致")
PAGE_CHARS = 200
PAGES_PER_VOLUME = 100


def corpus_text() -> str:
    if CORPUS.is_dir():
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.txt"))]
        # Mandoku markup (<pb:…>, ¶, #-comments) out; letters only.
        text = "".join(re.sub(r"<[^>]*>|^#.*$", "", t, flags=re.M) for t in texts)
        chars = "".join(c for c in text if searchable(c) and ord(c) > 0x2E80)
        if len(chars) > 10 * PAGE_CHARS:
            return chars
    rng = random.Random(0)
    return "".join(rng.choice(FALLBACK) for _ in range(200_000))


def pages(text: str, count: int, rng: random.Random) -> list[str]:
    starts = [rng.randrange(0, len(text) - PAGE_CHARS) for _ in range(count)]
    return [text[s:s + PAGE_CHARS] for s in starts]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--db", help="catalogue URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = corpus_text()
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Catalogue.open(args.db or f"sqlite:///{Path(tmp) / 'catalogue.db'}")
        index = SearchIndex.of(catalogue)
        generated = pages(text, args.pages, rng)
        volumes = [generated[i:i + PAGES_PER_VOLUME]
                   for i in range(0, len(generated), PAGES_PER_VOLUME)]
        for n in range(len(volumes)):
            catalogue.register_volume(CatalogueRecord(f"bench-{n:04d}", f"bench {n}"))
        start = time.perf_counter()
        for n, volume in enumerate(volumes):
            index.fill(f"bench-{n:04d}", [
                PageText(seq, page, (None,) * len(page), (0,) * len(page))
                for seq, page in enumerate(volume, start=1)])
        index_s = time.perf_counter() - start
        queries = []
        for _ in range(args.queries):
            length = rng.randint(1, 6)
            if rng.random() < 0.1:
                queries.append("".join(rng.choice("鼉鼈龜龕龘") for _ in range(length)))
            else:
                at = rng.randrange(0, len(text) - length)
                queries.append(text[at:at + length])
        index.find(queries[0], limit=20)  # warm the cache and the connection pool
        times, found = [], 0
        for query in queries:
            start = time.perf_counter()
            answer = index.find(query, limit=20)
            times.append((time.perf_counter() - start) * 1000)
            found += bool(answer.pages)
        long_times = [t for t, q in zip(times, queries, strict=True) if len(q) >= 3]
        short_times = [t for t, q in zip(times, queries, strict=True) if len(q) < 3]
    print(f"database        {index.dialect}")
    print(f"pages indexed   {args.pages} ({len(volumes)} volumes) in {index_s:.2f} s "
          f"({args.pages / index_s:.0f} pages/s)")
    print(f"queries         {len(queries)}, {found} with hits")
    print(f"query ms        p50 {percentile(times, .5):.1f}  p95 {percentile(times, .95):.1f}  "
          f"p99 {percentile(times, .99):.1f}  max {max(times):.1f}  mean {statistics.mean(times):.1f}")
    for label, subset in (("1-2 chars", short_times), ("3-6 chars", long_times)):
        if subset:
            print(f"  {label:<13} p50 {percentile(subset, .5):.1f}  p95 {percentile(subset, .95):.1f}  "
                  f"p99 {percentile(subset, .99):.1f}  (n={len(subset)})")


if __name__ == "__main__":
    main()
