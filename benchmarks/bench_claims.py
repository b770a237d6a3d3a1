"""Benchmark the claims engine: check-worthiness quality, behaviour on news, throughput.

    python benchmarks/bench_claims.py [--runs 5] [--mb 2] [--no-cv]

Quality (needs ../shared/data/claims, skipped with a message otherwise): the
grouped cross-validation report of the shipped configuration, from
``train_claims.cv_report()`` (every figure out-of-fold: folds grouped by debate,
so no debate is scored by a model that saw it): F1 / precision / recall of
``score >= 0.5`` on CheckThat! 2024 (mean +- std over folds), MAP over the 19
CheckThat! 2019 training debates (mean +- std over debates), a 10-bin
reliability table and ECE.  No figure on a split the model was trained on is
reported: train, dev and dev-test are all training data of the shipped model.

News (needs ../shared/data/html-dev): the share of claims scored check-worthy
(``score >= 0.5``) on the 30 real pages, read through the app's pipeline
(``load_article`` + ``analysis.analyze``), English pages only, pooled over all
claims and as the mean over pages; and on the seed article.

Throughput, on one core, model already loaded, median of ``--runs`` runs over
realistic news text (the seed article with its numbers varied, plus the article
text of the 30 pages): MB/s of check-worthiness scoring alone (``claims._score``
over the text's sentences; bytes = UTF-8 bytes of the text) and of the whole of
``find_claims``; wall-clock and CPU (process) time.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsreader import claims as C  # noqa: E402
from newsreader.claims import scan as CS  # noqa: E402
from newsreader.claims import worthiness as W  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_claims  # noqa: E402  (its heavy imports are inside its functions)

SHARED = REPO.parent / "shared" / "data"
SEED = REPO / "seeds" / "000_0714c6963990ef25.txt"
_EN_WORDS = frozenset("the and of to is in that was for on with as are by".split())


def load_split(split: str) -> list[tuple[str, int]]:
    """One CheckThat! split as (sentence, label) pairs; the reader lives with the training script."""
    return train_claims.load_split(SHARED / "claims", split)


def quality() -> None:
    if not (SHARED / "claims").is_dir():
        print(f"SKIP quality: {SHARED / 'claims'} not found (shared data is absent)")
        return
    train_claims.cv_report(SHARED / "claims")


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in _EN_WORDS for w in words) / len(words) >= 0.08


def news_share() -> None:
    from newsreader.analysis import analyze
    from newsreader.articles import load_article

    def scored(claims):
        return [c.score for c in claims if c.score is not None]

    pages = sorted((SHARED / "html-dev").glob("*/source.html"))
    if not pages:
        print(f"SKIP news: {SHARED / 'html-dev'} not found (shared data is absent)")
    else:
        pooled, per_page, skipped = [], [], 0
        for page in pages:
            article = load_article(page)
            if not is_english(article.text):
                skipped += 1
                continue
            scores = scored(analyze(article).claims)
            pooled += scores
            if scores:
                per_page.append(sum(s >= 0.5 for s in scores) / len(scores))
        share = sum(s >= 0.5 for s in pooled) / max(1, len(pooled))
        print(f"news: {len(per_page)} English dev pages ({skipped} non-English skipped), {len(pooled)} claims: "
              f"{share:.1%} scored check-worthy (mean over pages {statistics.mean(per_page):.1%}, "
              f"max {max(per_page):.0%})")
    seed = scored(analyze(load_article(SEED)).claims)
    print(f"seed article: {sum(s >= 0.5 for s in seed)} of {len(seed)} claims scored check-worthy "
          f"(scores {', '.join(f'{s:.2f}' for s in sorted(seed))})")


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


def _timed(fn, runs: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(wall), statistics.median(cpu)


def throughput(runs: int, mb: float) -> None:
    text = news_text(mb)
    mbytes = len(text.encode("utf-8")) / 1e6
    C.find_claims("Warm-up: the model loads on first use, 3,000 times.")
    t0 = time.perf_counter()
    W.load_model()
    load_ms = (time.perf_counter() - t0) * 1000
    sentences = [text[s:e][: C.MAX_SENTENCE] for s, e in C.split_sentences(text)]

    def score_all():
        for s in sentences:
            W.score_and_features(s)

    wall, cpu = _timed(score_all, runs)
    print(f"scoring ({len(sentences):,} sentences of {mbytes:.2f} MB of news text), median of {runs}: "
          f"{mbytes / wall:.2f} MB/s wall, {mbytes / cpu:.2f} MB/s CPU")
    # In find_claims the per-sentence scan (tokens, numbers, triggers) is shared with the kind
    # detector; the model's own part is the logit given the scan.
    model = W.get_model()
    if model is not None:
        scans = [(s, CS.Scan(s)) for s in sentences]
        wall, cpu = _timed(lambda: [model.logit(s, sc) for s, sc in scans], runs)
        print(f"  of which the model given the shared scan: {mbytes / wall:.2f} MB/s wall, {mbytes / cpu:.2f} MB/s CPU")
    n = len(C.find_claims(text))
    def find_all():
        C.forget_split()  # the kept split of the last run must not be reused
        return C.find_claims(text)

    wall, cpu = _timed(find_all, runs)
    print(f"find_claims on the same text ({len(text):,} chars, {n:,} claims), median of {runs}: "
          f"{mbytes / wall:.2f} MB/s wall, {mbytes / cpu:.2f} MB/s CPU")
    print(f"model load {load_ms:.1f} ms, model file {C.MODEL_PATH.stat().st_size / 1024:.0f} KB")


def main() -> int:
    ap = argparse.ArgumentParser(description="claims engine benchmark")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--no-cv", action="store_true", help="skip the grouped cross-validation (about a minute)")
    args = ap.parse_args()
    if not args.no_cv:
        quality()
    news_share()
    throughput(args.runs, args.mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
