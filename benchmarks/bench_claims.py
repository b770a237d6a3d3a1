"""Benchmark the claims engine: check-worthiness quality and throughput.

    python benchmarks/bench_claims.py [--runs 5] [--mb 2]

Quality (needs ../shared/data/claims, skipped with a message otherwise):
precision / recall / F1 of ``score_sentence(text) >= 0.5`` on CheckThat! 2024
English dev-test (the split the threshold was chosen on; dev overlaps train and
is shown for reference only), and average precision of the ranking (the
MAP-style measure used for debate check-worthiness ranking).

Throughput: MB/s of ``find_claims`` on one core over realistic news text: the
seed article with its numbers varied, plus the article text of the 30 real
news pages in ../shared/data/html-dev when present; median of ``--runs`` runs,
reported as wall-clock and CPU (process) time, model already loaded.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsreader import claims as C  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_claims  # noqa: E402  (its heavy imports are inside main())

SHARED = REPO.parent / "shared" / "data"
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"


def load_split(split: str) -> list[tuple[str, int]]:
    """One CheckThat! split as (sentence, label) pairs; the reader lives with the training script."""
    return train_claims.load_split(SHARED / "claims", split)


def prf(rows, scores):
    tp = sum(1 for (_, y), s in zip(rows, scores) if y and s >= 0.5)
    fp = sum(1 for (_, y), s in zip(rows, scores) if not y and s >= 0.5)
    fn = sum(1 for (_, y), s in zip(rows, scores) if y and s < 0.5)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def average_precision(rows, scores) -> float:
    ranked = sorted(zip(scores, (y for _, y in rows)), key=lambda t: -t[0])
    hits = 0
    total = 0.0
    for i, (_, y) in enumerate(ranked, 1):
        if y:
            hits += 1
            total += hits / i
    return total / hits if hits else 0.0


def quality() -> None:
    if not (SHARED / "claims").is_dir():
        print(f"SKIP quality: {SHARED / 'claims'} not found (shared data is absent)")
        return
    for split in ("dev-test", "dev"):
        rows = load_split(split)
        scores = [C.score_sentence(t) for t, _ in rows]
        p, r, f = prf(rows, scores)
        ap = average_precision(rows, scores)
        pos = sum(y for _, y in rows)
        note = "  (threshold chosen here)" if split == "dev-test" else "  (overlaps train: optimistic)"
        print(f"{split:9s} n={len(rows):5d} pos={pos:4d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  AP {ap:.3f}{note}")


def news_text(target_mb: float) -> str:
    rng = random.Random(0)
    raw = SEED.read_text(encoding="utf-8").replace("\u00a0", " ")
    seed = "\n".join(line.strip() for line in raw.split("\n")[1:]).strip()
    pieces = [seed]
    html_dir = SHARED / "html-dev"
    if html_dir.is_dir():
        try:
            import lxml.html  # benchmark-only
        except ImportError:  # pragma: no cover
            lxml = None
        if lxml is not None:
            for page in sorted(html_dir.glob("*/expected.html")):
                doc = lxml.html.fromstring(page.read_bytes())
                blocks = []
                for el in doc.iter("p", "li", "h1", "h2", "h3", "blockquote", "figcaption"):
                    t = " ".join(el.text_content().split())
                    if t:
                        blocks.append(t)
                pieces.append("\n\n".join(blocks))
    out = []
    size = 0
    while size < target_mb * 1_000_000:
        for piece in pieces:
            # Vary the numbers so that nothing is cached across copies.
            varied = "".join(str(rng.randrange(10)) if ch.isdigit() else ch for ch in piece)
            out.append(varied)
            size += len(varied)
    return "\n\n".join(out)


def throughput(runs: int, mb: float) -> None:
    text = news_text(mb)
    C.find_claims("Warm-up: the model loads on first use, 3,000 times.")
    t0 = time.perf_counter()
    C._load_model()
    load_ms = (time.perf_counter() - t0) * 1000
    wall, cpu = [], []
    n = 0
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        n = len(C.find_claims(text))
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    mbytes = len(text.encode("utf-8")) / 1e6
    print(f"find_claims on {mbytes:.2f} MB of news text ({len(text):,} chars, {n:,} claims), median of {runs}:")
    print(f"  {mbytes / statistics.median(wall):.2f} MB/s wall, {mbytes / statistics.median(cpu):.2f} MB/s CPU")
    print(f"model load {load_ms:.1f} ms, model file {C.MODEL_PATH.stat().st_size / 1024:.0f} KB")


def main() -> int:
    ap = argparse.ArgumentParser(description="claims engine benchmark")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=2.0)
    args = ap.parse_args()
    quality()
    throughput(args.runs, args.mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
