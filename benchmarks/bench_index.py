"""The library index at 10,000 articles: cold indexing, warm start, plan, search, load, size, memory.

Builds the deterministic corpus (benchmarks/corpus.py) in a temp dir, or reuses one with
``--corpus DIR``, then runs each phase in a fresh process (so imports, opening the
index and peak RSS are those of a real start) and prints medians:

    python benchmarks/bench_index.py [--count 10000] [--corpus DIR] [--runs 7]

Cold indexing runs once by default (``--cold-runs``): at 10,000 articles it takes minutes.
Its per-article times are reported as a median and 95th percentile.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

QUERIES = ["ministry", "kyiv refugees", "okafor sai", "health ministry lagos", "the", "zzzzqx", "a"]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_files(corpus: Path) -> list[Path]:
    from newsreader.library import discover

    return list(discover([corpus]))


# -- phases, each run in its own process ----------------------------------------------------------------
def phase_cold(corpus: Path) -> dict:
    from newsreader.library import LibraryIndex

    files = corpus_files(corpus)
    index = LibraryIndex()
    start = time.perf_counter()
    plan = index.plan(files)
    times = []
    for path in plan.todo:
        began = time.perf_counter()
        index.index_file(path)
        times.append(time.perf_counter() - began)
    total = time.perf_counter() - start
    index.close()
    times.sort()
    return {"files": len(files), "seconds": total, "per_article_median": statistics.median(times),
            "per_article_p95": times[int(len(times) * 0.95)], "rss_mb": peak_rss_mb()}


def phase_touch(corpus: Path) -> dict:
    """Every file touched (same content): re-indexing costs a read and a hash each."""
    from newsreader.library import LibraryIndex

    files = corpus_files(corpus)
    now = time.time()
    for path in files:
        os.utime(path, (now, now))
    index = LibraryIndex()
    start = time.perf_counter()
    plan = index.plan(files)
    for path in plan.todo:
        index.index_file(path)
    total = time.perf_counter() - start
    index.close()
    return {"changed": len(plan.changed), "seconds": total, "rss_mb": peak_rss_mb()}


def phase_warm(corpus: Path) -> dict:
    """What the app does before showing the list: open the index, discover, cached_rows."""
    start = time.perf_counter()
    import newsreader.analysis  # noqa: F401 - the app imports it at start anyway
    from newsreader.library import LibraryIndex, discover

    imported = time.perf_counter()
    index = LibraryIndex()
    files = list(discover([corpus]))
    discovered = time.perf_counter()
    rows = index.cached_rows(files)
    done = time.perf_counter()
    assert len(rows) == len(files), (len(rows), len(files))
    return {"import": imported - start, "discover": discovered - imported, "cached_rows": done - discovered,
            "total": done - start, "rows": len(rows), "rss_mb": peak_rss_mb()}


def phase_queries(corpus: Path, runs: int) -> dict:
    from newsreader.library import LibraryIndex, quick_row

    files = corpus_files(corpus)
    index = LibraryIndex()
    result: dict = {}

    def timed(action, repeat: int) -> float:
        samples = []
        for _ in range(repeat):
            began = time.perf_counter()
            action()
            samples.append(time.perf_counter() - began)
        return statistics.median(samples)

    started = time.perf_counter()
    index.cached_rows(files)  # first call opens the index
    result["open_and_cached_rows_first"] = time.perf_counter() - started
    result["cached_rows"] = timed(lambda: index.cached_rows(files), runs)
    result["plan"] = timed(lambda: index.plan(files), runs)
    plan = index.plan(files)
    result["plan_counts"] = [len(plan.new), len(plan.changed), len(plan.unchanged), len(plan.gone)]
    result["search"] = {query: [timed(lambda q=query: index.search(q), runs * 3), len(index.search(query))]
                        for query in QUERIES}
    ids = [row.id for row in index.cached_rows(files)]
    rng = random.Random(1)
    sample = rng.sample(ids, min(200, len(ids)))
    loads = []
    for article_id in sample:
        began = time.perf_counter()
        loaded = index.load(article_id)
        loads.append(time.perf_counter() - began)
        assert loaded is not None
    result["load_median"] = statistics.median(loads)
    result["load_max"] = max(loads)
    quick = files[: min(len(files), 10_000)]
    result["quick_rows"] = timed(lambda: [quick_row(path) for path in quick], max(1, runs // 2))
    result["quick_count"] = len(quick)
    started = time.perf_counter()
    result["verify_ok"] = index.verify()
    result["verify"] = time.perf_counter() - started
    index.close()
    size = sum(path.stat().st_size for path in index.path.parent.glob(index.path.name + "*"))
    result["size_mb"] = size / 1e6
    result["corpus_mb"] = sum(path.stat().st_size for path in files) / 1e6
    result["rss_mb"] = peak_rss_mb()
    return result


def child(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus)
    if args.child == "cold":
        out = phase_cold(corpus)
    elif args.child == "touch":
        out = phase_touch(corpus)
    elif args.child == "warm":
        out = phase_warm(corpus)
    else:
        out = phase_queries(corpus, args.runs)
    print(json.dumps(out))
    return 0


def run_child(phase: str, corpus: Path, home: Path, runs: int) -> dict:
    env = {**os.environ, "NEWSREADER_HOME": str(home)}
    command = [sys.executable, __file__, "--child", phase, "--corpus", str(corpus), "--runs", str(runs)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {phase} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, help="reuse (or create) the corpus here")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    from corpus import write_corpus

    scratch = Path(tempfile.mkdtemp(prefix="nr-bench-index-"))
    try:
        corpus = args.corpus or scratch / "corpus"
        if not corpus.is_dir() or not any(corpus.iterdir()):
            print(f"writing {args.count} articles to {corpus} ...", flush=True)
            write_corpus(corpus, args.count)
        print(f"sqlite {__import__('sqlite3').sqlite_version}, python {sys.version.split()[0]}, "
              f"{os.cpu_count()} cores (indexing uses one worker thread)", flush=True)
        colds = []
        for run in range(args.cold_runs):
            home = scratch / f"home-cold-{run}"
            colds.append(run_child("cold", corpus, home, args.runs))
            print(f"cold run {run + 1}: {colds[-1]['seconds']:.1f} s", flush=True)
        cold = colds[len(colds) // 2]
        home = scratch / "home-cold-0"
        warms = [run_child("warm", corpus, home, args.runs) for _ in range(args.runs)]
        queries = run_child("queries", corpus, home, args.runs)
        touch = run_child("touch", corpus, home, args.runs)

        n = cold["files"]
        rate = n / statistics.median(c["seconds"] for c in colds)
        print(f"\narticles: {n}, corpus {queries['corpus_mb']:.1f} MB; medians of {args.runs} runs unless said")
        print(f"cold full index ({len(colds)} run)  {statistics.median(c['seconds'] for c in colds):8.1f} s"
              f"  = {rate:.0f} articles/s on 1 core (per article median {cold['per_article_median'] * 1000:.1f} ms,"
              f" p95 {cold['per_article_p95'] * 1000:.1f} ms)")
        print(f"  peak RSS of the indexing process  {cold['rss_mb']:6.0f} MB")
        print(f"touch all, re-index (hash only)     {touch['seconds']:8.2f} s  ({touch['changed']} changed,"
              f" peak RSS {touch['rss_mb']:.0f} MB)")
        med = {key: statistics.median(w[key] for w in warms) for key in ("import", "discover", "cached_rows", "total")}
        print(f"warm start, fresh process: import {ms(med['import'])}, discover {ms(med['discover'])},"
              f" open + cached_rows {ms(med['cached_rows'])}; total {ms(med['total'])}"
              f" (peak RSS {statistics.median(w['rss_mb'] for w in warms):.0f} MB)")
        print(f"cached_rows, index open            {ms(queries['cached_rows'])}")
        print(f"plan (stat of {n})               {ms(queries['plan'])}   new/changed/unchanged/gone"
              f" {queries['plan_counts']}")
        print(f"quick_row x {queries['quick_count']} (cold first pass)  {ms(queries['quick_rows'])}")
        for query, (seconds, hits) in queries["search"].items():
            print(f"search {query!r:26} {ms(seconds)}   {hits} ids")
        print(
            f"load (article + analysis)          {ms(queries['load_median'])}   "
            f"(max {queries['load_max'] * 1000:.1f} ms)"
        )
        print(f"verify (PRAGMA quick_check)        {ms(queries['verify'])}   ok={queries['verify_ok']}")
        print(f"index on disk                      {queries['size_mb']:8.1f} MB")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
