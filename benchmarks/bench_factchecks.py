"""Benchmark the fact-check matcher (newsreader.factchecks): quality, speed, memory.

    python benchmarks/bench_factchecks.py [--no-cv] [--scale N]

Needs ../shared/data/factchecks (CheckThat! 2020 task 2); prints a message and exits 0 without it.

* train: grouped 5-fold CV MAP@5 of the shipped configuration on the 800 train tweets (mean ± std
  over folds; ``train_factchecks.cv_report``, needs scikit-learn), and of BM25 alone on the same folds;
* dev: MAP@5 on the 197 dev tweets of the shipped index (weights trained on train only; dev was never
  used to choose anything), and of BM25 alone (``FactCheckIndex(weights=None)``);
* index build time of the 10,375 fact-checks (median of 3) and the memory it holds (tracemalloc);
* search latency over the dev tweets, k=5 (median and p95 of 3 passes), one thread: wall-clock, and
  the thread's CPU time (which a busy machine does not inflate);
* ``--scale N``: build time and memory for N synthetic fact-checks (real claims with their words
  shuffled and numbered), to size the ``MAX_FACTCHECKS`` bound.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsreader.factchecks import FactCheck, FactCheckIndex

import train_factchecks


def map_at_5(index: FactCheckIndex, tweets: list[train_factchecks.Tweet]) -> float:
    return statistics.fmean(
        train_factchecks.average_precision_at_5([d for d, _ in index.search(text, k=5)], rel) for _, text, rel in tweets
    )


def build_stats(factchecks: list[FactCheck], runs: int = 3) -> tuple[float, float]:
    """(median build seconds, MB held by the index)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        FactCheckIndex(factchecks)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    index = FactCheckIndex(factchecks)
    held = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del index
    return statistics.median(times), held / 1e6


def synthetic(factchecks: list[FactCheck], n: int) -> list[FactCheck]:
    rng = random.Random(0)
    out = []
    for i in range(n):
        fc = factchecks[i % len(factchecks)]
        words = fc.claim.split()
        rng.shuffle(words)
        out.append(FactCheck(str(i), " ".join(words) + f" {i}", fc.title))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-cv", action="store_true", help="skip the train cross-validation (needs scikit-learn)")
    parser.add_argument("--scale", type=int, default=0, help="also time N synthetic fact-checks")
    args = parser.parse_args()
    if not train_factchecks.data_available():
        print(f"skipped: {train_factchecks.DATA} not found (CheckThat! 2020 task 2 data)")
        return
    factchecks = train_factchecks.load_factchecks()
    train, dev = train_factchecks.load_tweets("train"), train_factchecks.load_tweets("dev")
    index = FactCheckIndex(factchecks)
    plain = FactCheckIndex(factchecks, weights=None)
    print(f"{len(factchecks):,} fact-checks, {len(train)} train tweets, {len(dev)} dev tweets")

    if not args.no_cv:
        try:
            report = train_factchecks.cv_report(plain)
        except ImportError as error:
            print(f"train CV skipped: {error}")
        else:
            for key, label in (("reranked", "shipped"), ("baseline", "BM25 alone")):
                folds = report[key]
                assert isinstance(folds, list)
                print(f"train CV MAP@5 ({label}): {statistics.fmean(folds):.4f} ± {statistics.stdev(folds):.4f}")
    print(f"train MAP@5 (shipped, in-sample: weights fitted on train): {map_at_5(index, train):.4f}")
    print(f"dev MAP@5 (shipped, held out): {map_at_5(index, dev):.4f}")
    print(f"dev MAP@5 (BM25 alone): {map_at_5(plain, dev):.4f}")

    seconds, mb = build_stats(factchecks)
    print(f"index build: {seconds:.2f} s (median of 3), {mb:.1f} MB held")
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(3):
        for _, text, _ in dev:
            start, start_cpu = time.perf_counter(), time.thread_time()
            index.search(text, k=5)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
    for label, values in (("wall", wall), ("CPU", cpu)):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"search latency (k=5, dev tweets, {label}): median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms")
    huge = "Minecraft is shutting down in 2020 " * 30_000
    start = time.perf_counter()
    index.search(huge)
    print(f"a {len(huge) / 1e6:.1f} MB query: {(time.perf_counter() - start) * 1000:.1f} ms")

    if args.scale:
        seconds, mb = build_stats(synthetic(factchecks, args.scale), runs=1)
        print(f"{args.scale:,} synthetic fact-checks: build {seconds:.1f} s, {mb:.0f} MB held")


if __name__ == "__main__":
    main()
