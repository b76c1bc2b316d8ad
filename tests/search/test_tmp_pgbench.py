import random, time, sys
sys.path.insert(0, "benchmarks")
from search_index import corpus_text, pages, percentile
from guji.pipeline.catalogue import Catalogue
from guji.pipeline.model import CatalogueRecord
from guji.search import PageText, SearchIndex

def test_pg_speed(postgres_url):
    cat = Catalogue.open(postgres_url); idx = SearchIndex.of(cat)
    t = corpus_text(); rng = random.Random(3); gen = pages(t, 10000, rng)
    s = time.perf_counter()
    for n in range(100):
        cat.register_volume(CatalogueRecord(f"v{n:03d}", "x"))
        idx.fill(f"v{n:03d}", [PageText(i, p, (None,)*len(p), (0,)*len(p)) for i, p in enumerate(gen[n*100:(n+1)*100], 1)])
    fill = time.perf_counter() - s
    with cat.engine.begin() as c:
        from sqlalchemy import text
        c.execute(text("ANALYZE search_pages"))
    qs = []
    for _ in range(200):
        L = rng.randint(1, 6); a = rng.randrange(len(t) - L); qs.append(t[a:a+L])
    times = []
    for q in qs:
        s = time.perf_counter(); idx.find(q, limit=20); times.append((time.perf_counter() - s) * 1000)
    short = [x for x, q in zip(times, qs) if len(q) < 3]; long = [x for x, q in zip(times, qs) if len(q) >= 3]
    print(f"\nPG fill {fill:.1f}s p50 {percentile(times,.5):.1f} p95 {percentile(times,.95):.1f} p99 {percentile(times,.99):.1f} short-p95 {percentile(short,.95):.1f} long-p95 {percentile(long,.95):.1f}")
