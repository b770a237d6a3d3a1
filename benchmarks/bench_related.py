"""Benchmark the related-claims index (newsreader.library.related): build time, memory, query latency.

    python benchmarks/bench_related.py [--articles 10000] [--claims-per-article 20] [--queries 300]

Two synthetic libraries of ``articles * claims-per-article`` claims (200,000 by default), same seed,
same claims:

* ``news``: the benchmark corpus's news-shaped sentences (``corpus.sentence``), each with the names
  and subject words a real story has (three to six words drawn, Zipf-distributed, from a vocabulary
  of 60,000 made-up words), so term frequencies look like a real library's;
* ``templates``: the corpus's sentences alone (a vocabulary of a few hundred words, every term in
  thousands of claims): the worst case for an inverted index.

Printed for each: build seconds (median of 3) and claims per second; the memory the index holds
(tracemalloc); query latency over ``--queries`` claims of the library, ``k=5``, with their own
article excluded (median, p95, max; wall clock and the thread's CPU time); and how many queries
found a related claim above ``MIN_SIMILARITY``, and in how many of the retold claims the original
was among the 5 results.  Then the figures extracted per second.

``--library N``: N articles of ``corpus.py`` written to a temporary folder and indexed by a
``LibraryIndex`` (in that folder; this takes a while), then ``RelatedIndex.from_library`` timed:
reading every cached analysis back is what a real library's related-claims index costs to build.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsreader.library.figures import extract_figures
from newsreader.library.related import MIN_SIMILARITY, ClaimRecord, RelatedIndex

import corpus

_CONSONANTS = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def retell(rng: random.Random, text: str) -> str:
    """Another paper's account of the same claim: one word dropped, its figures changed."""
    words = text.split()
    if len(words) > 8:
        del words[rng.randrange(1, len(words) - 1)]
    return " ".join(f"{int(word.replace(',', '')) * 11 // 10:,}" if word.replace(",", "").isdigit() else word
                    for word in words)


def library(articles: int, per_article: int, realistic: bool, seed: int = 7) -> list[ClaimRecord]:
    """The claims of ``articles`` articles.  Every 50th article retells the claims of the one before
    it (:func:`retell`): the related claims a query should find."""
    rng = random.Random(seed)
    words = vocabulary(rng, 60_000) if realistic else []
    cumulative = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(words))))
    claims: list[ClaimRecord] = []
    for number in range(articles):
        article_id = f"{number:016x}"
        title, path = f"Article {number}", f"/library/{number // 1000:02d}/article-{number:05d}.txt"
        # A story's names recur in its claims.
        topic = rng.choices(words, cum_weights=cumulative, k=3) if realistic else []
        start = 0
        for _ in range(per_article):
            if number % 50 == 1:
                text = retell(rng, claims[-per_article].text)
            else:
                text = corpus.sentence(rng)
                if realistic:
                    extra = rng.sample(topic, 2) + rng.choices(words, cum_weights=cumulative, k=rng.randint(1, 4))
                    text = text[:-1] + " in " + " ".join(w.capitalize() for w in extra) + "."
            claims.append(ClaimRecord(article_id, title, path, text, start, start + len(text)))
            start += len(text) + 1
    return claims


def bench(name: str, claims: list[ClaimRecord], per_article: int, queries: int, runs: int = 3) -> None:
    times = []
    index = None
    for _ in range(runs):
        index = None
        gc.collect()
        started = time.perf_counter()
        index = RelatedIndex(claims)
        times.append(time.perf_counter() - started)
    assert index is not None
    build = statistics.median(times)
    index = None
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    index = RelatedIndex(claims)
    held = (tracemalloc.get_traced_memory()[0] - base) / 1e6
    tracemalloc.stop()

    rng = random.Random(3)
    sample = rng.sample(claims, queries)
    walls, cpus, found = [], [], 0
    for claim in sample:
        wall, cpu = time.perf_counter(), time.thread_time()
        hits = index.related(claim.text, k=5, exclude_article=claim.article_id)
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
        found += bool(hits)
    retold = [(i, claim) for i, claim in enumerate(claims) if int(claim.article_id, 16) % 50 == 1]
    recalled = flagged = 0
    for i, claim in retold:
        original = claims[i - per_article]
        hits = index.related(claim.text, k=5, exclude_article=claim.article_id)
        hit = next((hit for hit in hits if hit.claim == original), None)
        recalled += hit is not None
        flagged += hit is not None and bool(hit.differences)
    walls.sort()
    cpus.sort()

    def ms(values: list[float], q: float) -> str:
        return f"{values[min(len(values) - 1, int(q * len(values)))] * 1000:.1f}"

    print(f"{name}: {len(index):,} claims, {index.n_terms:,} terms")
    print(f"  build  {build:.2f} s (median of {runs}; {len(claims) / build:,.0f} claims/s), index holds {held:.0f} MB")
    print(f"  query  k=5: median {ms(walls, 0.5)} ms, p95 {ms(walls, 0.95)} ms, max {ms(walls, 1.0)} ms wall;"
          f" CPU median {ms(cpus, 0.5)} ms, p95 {ms(cpus, 0.95)} ms ({queries} queries)")
    print(f"  {found}/{queries} queries found a related claim (similarity >= {MIN_SIMILARITY})")
    print(f"  retold claims: the original in the top 5 for {recalled}/{len(retold)},"
          f" its figures flagged as differing for {flagged}")


def bench_library(count: int) -> None:
    import tempfile

    from newsreader.library import LibraryIndex

    with tempfile.TemporaryDirectory() as folder:
        paths = corpus.write_corpus(Path(folder) / "library", count)
        with LibraryIndex(Path(folder) / "index.sqlite3") as library:
            started = time.perf_counter()
            for path in paths:
                library.index_file(path)
            indexed = time.perf_counter() - started
            gc.collect()
            started = time.perf_counter()
            index = RelatedIndex.from_library(library, paths)
            took = time.perf_counter() - started
    print(f"library: {count} articles indexed in {indexed:.1f} s; from_library {took:.2f} s"
          f" ({took / count * 1000:.1f} ms an article, {len(index):,} claims)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=20)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--library", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.library:
        bench_library(args.library)
    for name, realistic in (("news", True), ("templates", False)):
        claims = library(args.articles, args.claims_per_article, realistic)
        bench(name, claims, args.claims_per_article, args.queries)
    texts = [claim.text for claim in library(500, 20, True)]
    started = time.perf_counter()
    figures = sum(len(extract_figures(text)) for text in texts)
    took = time.perf_counter() - started
    print(f"figures: {len(texts) / took:,.0f} claims/s ({figures:,} figures in {len(texts):,} claims)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
