"""Benchmark the fact-check matcher (newsreader.factchecks): quality, speed, memory.

    python benchmarks/bench_factchecks.py [--no-cv] [--scale N]
    python benchmarks/bench_factchecks.py --matching [--threshold]   # import, matching API, threshold

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
* ``--matching`` (only these): the import and matching path the app and ``newsreader analyze`` use
  (``factchecks.importing/store/matching``), in a throwaway NEWSREADER_HOME: importing the CheckThat!
  TSV and the same fact-checks as ClaimReview JSON and as CSV; ``load_factchecks`` and the
  ``ClaimMatcher`` build (10,375 fact-checks; target <= 2 s); one ``matches`` call over the dev tweets
  (target <= 5 ms); ``match_all`` over the claims of the 30 html-dev pages repeated to ~10,000 claims
  (claims a second, and the time projected for a 10,000-article library at the pages' claims per
  article); and a file of 1,000,000 fact-checks: as realistic CSV (refused from its size, unread) and
  as short CSV rows that pass the size check (read as a stream, refused at record 200,001), time and
  peak traced memory of each.
* ``--threshold``: precision and recall of ``ClaimMatcher.matches`` on the held-out dev tweets in
  indexes of 5, 50 and 500 fact-checks, with and without the tweet's own fact-check, at several cuts
  (how ``matching.MATCH_THRESHOLD`` reads on data it was not chosen on).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
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


def timed(run: Callable[[], object]) -> tuple[float, float, object]:
    """(seconds, peak MB traced, result) of ``run()``: timed without tracemalloc, then traced once."""
    gc.collect()
    start = time.perf_counter()
    try:
        result = run()
    except ValueError as error:
        result = error
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    try:
        run()
    except ValueError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 1e6, result


def bench_matching(factchecks: list[FactCheck], dev: list[train_factchecks.Tweet]) -> None:
    import csv
    import json
    import os
    import tempfile

    from newsreader.factchecks import store
    from newsreader.factchecks.importing import read_factchecks
    from newsreader.factchecks.matching import ClaimMatcher, load_factchecks

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEWSREADER_HOME"] = str(Path(tmp) / "home")
        folder = Path(tmp)
        reviews = [
            {"@type": "ClaimReview", "claimReviewed": fc.claim, "name": fc.title, "url": f"https://x.example/{fc.id}",
             "author": {"name": "Snopes"}, "reviewRating": {"alternateName": "False"}, "datePublished": "2020-01-01"}
            for fc in factchecks
        ]
        (folder / "snopes.json").write_text(json.dumps(reviews), encoding="utf-8")
        with (folder / "snopes.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "claim", "title", "rating", "url", "publisher", "date"])
            for fc in factchecks:
                writer.writerow([fc.id, fc.claim, fc.title, "False", f"https://x.example/{fc.id}", "Snopes", "2020"])
        names: list[str] = []
        for path in (train_factchecks.DATA / "verified_claims.docs.tsv", folder / "snopes.json", folder / "snopes.csv"):
            seconds, mb, result = timed(lambda path=path: read_factchecks(path))
            start = time.perf_counter()
            assert not isinstance(result, Exception), result
            kept = store.save_set(path, result.format, result.factchecks)  # type: ignore[attr-defined]
            saved = time.perf_counter() - start
            names.append(kept.name)
            print(f"import {path.name}: read {seconds:.2f} s (peak {mb:.0f} MB traced), stored {saved:.2f} s")
        for name in names[1:]:  # the same fact-checks again: keep only the TSV's
            store.remove_set(name)
        start = time.perf_counter()
        loaded = load_factchecks()
        load_s = time.perf_counter() - start
        builds = []
        for _ in range(3):
            matcher = ClaimMatcher(loaded)
            gc.collect()
            start = time.perf_counter()
            matcher.index()
            builds.append(time.perf_counter() - start)
        print(f"load_factchecks: {len(loaded):,} in {load_s:.2f} s; ClaimMatcher index build: "
              f"{statistics.median(builds):.2f} s (median of 3; target <= 2 s)")
        lat = []
        for _, text, _ in dev * 3:
            start = time.perf_counter()
            matcher.matches(text)
            lat.append((time.perf_counter() - start) * 1000)
        lat.sort()
        print(f"matches() latency (dev tweets, wall): median {statistics.median(lat):.2f} ms, "
              f"p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} ms (target <= 5 ms)")

        from newsreader.analysis import analyze
        from newsreader.articles import load_article

        pages = sorted((train_factchecks.DATA.parent / "html-dev").glob("*/source.html"))
        if pages:
            claims = [c.text for p in pages for c in analyze(load_article(p)).claims]
            per_article = len(claims) / len(pages)
            library = (claims * (10_000 // max(1, len(claims)) + 1))[:10_000]
            calls: list[tuple[int, int]] = []
            start = time.perf_counter()
            results = matcher.match_all(library, progress=lambda done, total: calls.append((done, total)))
            seconds = time.perf_counter() - start
            rate = len(library) / seconds
            hits = sum(1 for r in results if r)
            print(f"match_all: {len(library):,} claims ({len(pages)} html-dev pages, {per_article:.0f} claims/article,"
                  f" repeated) in {seconds:.1f} s = {rate:,.0f} claims/s, {hits} with a match; "
                  f"a 10,000-article library: ~{10_000 * per_article / rate / 60:.1f} min on one core")

        # A million fact-checks.
        big = folder / "million.csv"
        with big.open("w", encoding="utf-8") as fh:
            fh.write("claim,rating,url,publisher,date\n")
            for i in range(1_000_000):
                fc = factchecks[i % len(factchecks)]
                fh.write(f'"{fc.claim[:150]} {i}",False,https://x.example/{i},Snopes,2020-01-01\n')
        short = folder / "million-short.csv"
        with short.open("w", encoding="utf-8") as fh:
            fh.write("claim,rating\n")
            for i in range(1_000_000):
                fh.write(f"claim {i},False\n")
        for path in (big, short):
            seconds, mb, result = timed(lambda path=path: read_factchecks(path))
            print(f"{path.name} ({path.stat().st_size / 1e6:.0f} MB, 1,000,000 rows): {seconds:.2f} s, "
                  f"peak {mb:.0f} MB traced -> {str(result).replace(str(folder), '')}")


def bench_threshold(factchecks: list[FactCheck], dev: list[train_factchecks.Tweet]) -> None:
    from newsreader.factchecks.matching import MATCH_THRESHOLD, ClaimMatcher

    cuts = (0.4, 0.5, MATCH_THRESHOLD, 0.7, 0.8)
    by_id = {fc.id: fc for fc in factchecks}
    for size in (5, 50, 500):
        rng = random.Random(1)
        with_own: list[tuple[float, bool]] = []
        without: list[float] = []
        for _, text, relevant in dev:
            others = [fc for fc in rng.sample(factchecks, size + 5) if fc.id not in relevant][:size]
            own = [by_id[r] for r in relevant if r in by_id]
            found = ClaimMatcher(own + others[: max(0, size - len(own))], threshold=0.0).matches(text, k=1)
            with_own.append((found[0].score, found[0].factcheck.id in relevant) if found else (0.0, False))
            found = ClaimMatcher(others, threshold=0.0).matches(text, k=1)
            without.append(found[0].score if found else 0.0)
        row = []
        for cut in cuts:
            right = sum(1 for score, ok in with_own if score >= cut and ok)
            wrong = sum(1 for score, ok in with_own if score >= cut and not ok) + sum(1 for s in without if s >= cut)
            row.append(f"{cut:.1f}: P {right / max(1, right + wrong):.2f} R {right / len(dev):.2f}")
        print(f"dev, {size} fact-checks (+ the same without the tweet's own): " + " | ".join(row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-cv", action="store_true", help="skip the train cross-validation (needs scikit-learn)")
    parser.add_argument("--scale", type=int, default=0, help="also time N synthetic fact-checks")
    parser.add_argument("--matching", action="store_true", help="only the import and matching API benchmarks")
    parser.add_argument("--threshold", action="store_true", help="only the match threshold on dev tweets")
    args = parser.parse_args()
    if not train_factchecks.data_available():
        print(f"skipped: {train_factchecks.DATA} not found (CheckThat! 2020 task 2 data)")
        return
    if args.matching or args.threshold:
        factchecks = train_factchecks.load_factchecks()
        dev = train_factchecks.load_tweets("dev")
        if args.matching:
            bench_matching(factchecks, dev)
        if args.threshold:
            bench_threshold(factchecks, dev)
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
