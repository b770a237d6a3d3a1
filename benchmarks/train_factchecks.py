"""Train the fact-check re-ranker shipped in src/newsreader/data/factcheck_ranker.json.

    python benchmarks/train_factchecks.py                # grouped CV grid, train on all train tweets, write weights
    python benchmarks/train_factchecks.py --report-only  # the grouped CV report of the shipped configuration

Needs numpy and scikit-learn (training only: the app scores with the JSON weights in pure Python).
Data, read in place from ../shared/data/factchecks or $FACTCHECKS_DATA (CheckThat! 2020 task 2;
nothing is copied): the 10,375 Snopes fact-checks, the 800 TRAIN tweets and their qrels.  The dev
tweets are never used here: ``benchmarks/bench_factchecks.py`` scores them, as a held-out figure.

Model: for each tweet, BM25's best ``depth`` fact-checks (``FactCheckIndex.candidates``) with the
features of ``newsreader.factchecks.features``.

* Order: a pairwise logistic regression (standardised features, L2, ``C``, no intercept) on "the
  repeated fact-check ranks above this other candidate" (pairs within a tweet's list).  With the
  first 16 features it beat a pointwise one in the grouped CV (0.882 vs 0.879 MAP@5).
* Match probability: a pointwise logistic regression on the first result of each list, over the
  standardised features, the order score and its margin over the best rival.  Its lists: the
  tweets' own (right or wrong first result), the same tweets with their fact-check removed from the
  index (texts whose claim was never checked), six-word fragments of the tweets with it removed
  (short texts repeating nothing), and the fact-checks' own claims as queries (a sentence stating a
  checked claim).  Without the last three, unrelated short sentences scored 0.8-1.0.

Folds: 5, grouped so that tweets sharing a fact-check (union-find over the qrels) never straddle
two folds; groups are dealt to folds at random (seed 0).  ``depth`` and ``C`` are chosen by the
mean out-of-fold MAP@5 of the grid (the cheapest depth within ``TOLERANCE`` of the best, then its
best ``C``); the weights are then fitted on all 800 tweets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsreader.factchecks import FactCheck, FactCheckIndex, load_tsv  # noqa: E402
from newsreader.factchecks.factcheck import read_records  # noqa: E402
from newsreader.factchecks.features import FEATURE_NAMES  # noqa: E402
from newsreader.factchecks.index import MODEL_PATH  # noqa: E402

DATA = Path(os.environ.get("FACTCHECKS_DATA", ROOT.parent / "shared" / "data" / "factchecks"))
N_FOLDS = 5
SEED = 0
MAX_DEPTH = 30
DEPTHS = (10, 20, 30)
CS = (0.1, 0.3, 1.0)
#: Depths whose CV MAP@5 is this close to the best count as ties (fold std is about 0.035).
TOLERANCE = 0.002
#: The margin of a candidate that has no rival (a list of one): as the index's ``MARGIN_ALONE``.
MARGIN_ALONE = 3.0
#: Words in a tweet fragment (``extra_tables``).
FRAGMENT_WORDS = 6
#: The shipped configuration (chosen by ``main()``'s grid; ``--report-only`` reports it).
CONFIG = {"depth": 10, "C": 1.0}

Tweet = tuple[str, str, frozenset[str]]  # id, text, ids of the fact-checks it repeats


def data_available() -> bool:
    return (DATA / "verified_claims.docs.tsv").is_file() and (DATA / "train").is_dir()


def load_factchecks() -> list[FactCheck]:
    return load_tsv(DATA / "verified_claims.docs.tsv")


def load_tweets(split: str) -> list[Tweet]:
    """The tweets of ``train`` or ``dev`` with the fact-checks each repeats (qrels)."""
    relevant: dict[str, set[str]] = {}
    with (DATA / split / "tweet-vclaim-pairs.qrels").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 4 and parts[3] != "0":
                relevant.setdefault(parts[0], set()).add(parts[2])
    records = read_records(DATA / split / "tweets.queries.tsv", fields=2).records
    return [(v[0], v[1], frozenset(relevant[v[0]])) for _, v in records if v[0] in relevant]


def average_precision_at_5(ranked: list[str], relevant: frozenset[str]) -> float:
    hits = 0
    total = 0.0
    for i, doc in enumerate(ranked[:5]):
        if doc in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(relevant), 5) if relevant else 0.0


def folds_of(tweets: list[Tweet], n_folds: int = N_FOLDS, seed: int = SEED) -> list[int]:
    """A fold number per tweet; tweets linked through a shared fact-check share a fold."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, _, rel in tweets:
        first, *rest = sorted(rel)
        for other in rest:
            parent[find(other)] = find(first)
    roots = sorted({find(min(rel)) for _, _, rel in tweets})
    random.Random(seed).shuffle(roots)
    fold_of_root = {r: i % n_folds for i, r in enumerate(roots)}
    return [fold_of_root[find(min(rel))] for _, _, rel in tweets]


def candidate_table(
    index: FactCheckIndex, tweets: list[Tweet], depth: int = MAX_DEPTH
) -> list[list[tuple[str, list[float]]]]:
    """Per tweet, BM25's best ``depth`` candidates: (fact-check id, features), best first."""
    return [[(index.factcheck(i).id, x) for i, x in index.candidates(text, depth)] for _, text, _ in tweets]


def extra_tables(index: FactCheckIndex, tweets: list[Tweet], depth: int = MAX_DEPTH):  # type: ignore[no-untyped-def]
    """More texts for the match probability only (not the order), per train tweet:

    * the repeated fact-check's own claim as the query (a sentence stating a checked claim: a match);
    * FRAGMENT_WORDS consecutive words of the tweet, searched with its fact-check removed (a short
      text sharing words with checked claims but repeating none: no match).
    """
    claim_of = {index.factcheck(i).id: index.factcheck(i).claim for i in range(len(index))}
    rng = random.Random(SEED)
    claims, fragments = [], []
    for _, tweet, rel in tweets:
        claim = claim_of[min(rel)]
        claims.append([(index.factcheck(i).id, x) for i, x in index.candidates(claim, depth)])
        words = tweet.split()
        start = rng.randrange(max(1, len(words) - FRAGMENT_WORDS + 1))
        fragment = " ".join(words[start : start + FRAGMENT_WORDS])
        fragments.append([(index.factcheck(i).id, x) for i, x in index.candidates(fragment, depth + 5)])
    return claims, fragments


class Ranker:
    """Two linear models over the standardised features ``z``.

    Order: ``r = z @ coef`` (pairwise logistic regression).  Match: the probability that a result
    is the claim the text repeats, ``sigmoid([z, r, margin] @ match_coef + match_intercept)`` where
    ``margin`` is ``r`` minus the best ``r`` of the other candidates (how far it stands out).
    """

    def __init__(self, mean, scale, coef, match_coef, match_intercept: float) -> None:  # type: ignore[no-untyped-def]
        self.mean, self.scale, self.coef = mean, scale, coef
        self.match_coef, self.match_intercept = match_coef, match_intercept

    def _z(self, rows):  # type: ignore[no-untyped-def]
        import numpy as np

        return (np.asarray(rows, dtype=float).reshape(len(rows), -1) - self.mean) / self.scale

    def order_scores(self, rows):  # type: ignore[no-untyped-def]
        return self._z(rows) @ self.coef

    def probability(self, rows, j: int) -> float:  # type: ignore[no-untyped-def]
        """The match probability of candidate ``j`` of a list (``rows``: all its candidates)."""
        import math

        import numpy as np

        z = self._z(rows)
        r = z @ self.coef
        others = np.delete(r, j)
        margin = float(r[j] - others.max()) if len(others) else MARGIN_ALONE
        u = float(np.concatenate([z[j], [r[j], margin]]) @ self.match_coef) + self.match_intercept
        return 1.0 / (1.0 + math.exp(-u))

    def match_inputs(self, rows, j: int):  # type: ignore[no-untyped-def]
        import numpy as np

        z = self._z(rows)
        r = z @ self.coef
        others = np.delete(r, j)
        margin = float(r[j] - others.max()) if len(others) else MARGIN_ALONE
        return np.concatenate([z[j], [r[j], margin]])


_REL_TOP, _GAP_TOP, _INV_RANK = (FEATURE_NAMES.index(n) for n in ("bm25_rel_top", "bm25_gap_top", "inv_rank"))


def without_relevant(cands, relevant: frozenset[str], depth: int):  # type: ignore[no-untyped-def]
    """The candidate list BM25 would give if the repeated fact-check(s) were not in the index: a
    text whose claim was never checked (rank features recomputed)."""
    rest = [(d, list(x)) for d, x in cands if d not in relevant][:depth]
    if not rest:
        return rest
    top = rest[0][1][0]
    for rank, (_, x) in enumerate(rest):
        x[_REL_TOP] = x[0] / top if top > 0 else 0.0
        x[_GAP_TOP] = top - x[0]
        x[_INV_RANK] = 1.0 / (rank + 1)
    return rest


def _fit(table, tweets, members, depth: int, c: float, extra=None) -> Ranker:  # type: ignore[no-untyped-def]
    """Pairs (the repeated fact-check vs each other candidate of the same tweet) train the order;
    then a pointwise logistic regression on each list's first result (the tweets' own lists, and the
    same lists without the repeated fact-check as texts with no match) trains the match probability."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows, _ = _training_rows(table, tweets, members, depth)
    x = np.asarray(rows)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    diffs: list[np.ndarray] = []
    signs: list[int] = []
    for t in members:
        cands = table[t][:depth]
        z = (np.asarray([f for _, f in cands]) - mean) / scale if cands else np.zeros((0, len(mean)))
        pos = [j for j, (d, _) in enumerate(cands) if d in tweets[t][2]]
        neg = [j for j, (d, _) in enumerate(cands) if d not in tweets[t][2]]
        for p in pos:
            for n in neg:
                diffs.append(z[p] - z[n])
                signs.append(1)
                diffs.append(z[n] - z[p])
                signs.append(0)
    pairwise = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(np.asarray(diffs), signs)
    ranker = Ranker(mean, scale, pairwise.coef_[0], np.zeros(len(mean) + 2), 0.0)
    inputs: list[np.ndarray] = []
    right: list[int] = []

    def add_first_results(with_match: dict, without_match: dict) -> None:
        """The re-ranked first result of each tweet's list, and of the list with its match removed."""
        for t in members:
            rel = tweets[t][2]
            for cands in (with_match[t][:depth], without_relevant(without_match[t], rel, depth)):
                if not cands:
                    continue
                rows = [f for _, f in cands]
                j = int(np.argmax(ranker.order_scores(rows)))
                inputs.append(ranker.match_inputs(rows, j))
                right.append(int(cands[j][0] in rel))

    add_first_results(table, table)
    if extra is not None:
        claims, fragments = extra
        add_first_results(claims, fragments)
    match = LogisticRegression(C=c, max_iter=3000).fit(np.asarray(inputs), right)
    ranker.match_coef, ranker.match_intercept = match.coef_[0], float(match.intercept_[0])
    return ranker


def _training_rows(table, tweets, members, depth):  # type: ignore[no-untyped-def]
    rows: list[list[float]] = []
    labels: list[int] = []
    for t in members:
        for doc_id, x in table[t][:depth]:
            rows.append(x)
            labels.append(int(doc_id in tweets[t][2]))
    return rows, labels


def cross_validate(  # type: ignore[no-untyped-def]
    table, tweets, folds, depth: int, c: float, extra=None
) -> tuple[list[float], list[float], list[tuple[float, int]]]:
    """Per fold: re-ranked MAP@5 and BM25 MAP@5; and every out-of-fold (first result's probability,
    right) pair, for the tweets and for the same tweets with their fact-check removed (never right)."""
    import numpy as np

    reranked: list[float] = []
    baseline: list[float] = []
    top1: list[tuple[float, int]] = []
    for f in range(N_FOLDS):
        train = [t for t in range(len(tweets)) if folds[t] != f]
        test = [t for t in range(len(tweets)) if folds[t] == f]
        model = _fit(table, tweets, train, depth, c, extra)
        aps: list[float] = []
        base: list[float] = []
        for t in test:
            cands = table[t][:depth]
            rel = tweets[t][2]
            base.append(average_precision_at_5([d for d, _ in cands], rel))
            if not cands:
                aps.append(0.0)
                continue
            scores = model.order_scores([x for _, x in cands])
            order = sorted(range(len(cands)), key=lambda j: (-scores[j], j))
            ranked = [cands[j][0] for j in order]
            aps.append(average_precision_at_5(ranked, rel))
            top1.append((model.probability([x for _, x in cands], order[0]), int(ranked[0] in rel)))
            unchecked = without_relevant(table[t], rel, depth)
            if unchecked:
                rows = [x for _, x in unchecked]
                top1.append((model.probability(rows, int(np.argmax(model.order_scores(rows)))), 0))
        reranked.append(statistics.fmean(aps))
        baseline.append(statistics.fmean(base))
    return reranked, baseline, top1


def write_weights(model: Ranker, depth: int, c: float, path: Path = MODEL_PATH) -> None:
    data = {
        "about": "Fact-check re-ranker (pairwise logistic regression, Platt-scaled), trained by "
        "benchmarks/train_factchecks.py on the CheckThat! 2020 task 2 training tweets.",
        "features": list(FEATURE_NAMES),
        "mean": [round(float(v), 6) for v in model.mean],
        "scale": [round(float(v), 6) for v in model.scale],
        "coef": [round(float(v), 6) for v in model.coef],
        "match_coef": [round(float(v), 6) for v in model.match_coef],
        "match_intercept": round(float(model.match_intercept), 6),
        "depth": depth,
        "C": c,
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def reliability(top1: list[tuple[float, int]]) -> list[tuple[str, int, float]]:
    bins = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))
    out = []
    for lo, hi in bins:
        sel = [ok for p, ok in top1 if lo <= p < hi]
        out.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(sel), statistics.fmean(sel) if sel else float("nan")))
    return out


def at_threshold(top1: list[tuple[float, int]], threshold: float = 0.5) -> tuple[float, float]:
    """(precision, recall) of "the first result is the match" when its probability >= threshold."""
    accepted = [ok for p, ok in top1 if p >= threshold]
    right = sum(ok for _, ok in top1)
    return (statistics.fmean(accepted) if accepted else float("nan"), sum(accepted) / right if right else float("nan"))


def cv_report(index: FactCheckIndex | None = None) -> dict[str, object]:
    """Grouped CV of the shipped configuration on the train tweets (re-ranked and BM25 MAP@5 per fold)."""
    tweets = load_tweets("train")
    index = index or FactCheckIndex(load_factchecks(), weights=None)
    table = candidate_table(index, tweets, int(CONFIG["depth"]) + 5)
    folds = folds_of(tweets)
    extra = extra_tables(index, tweets, int(CONFIG["depth"]))
    reranked, baseline, top1 = cross_validate(table, tweets, folds, int(CONFIG["depth"]), float(CONFIG["C"]), extra)
    return {"reranked": reranked, "baseline": baseline, "reliability": reliability(top1), "at_0.5": at_threshold(top1)}


def _fmt(values: list[float]) -> str:
    return f"{statistics.fmean(values):.4f} ± {statistics.stdev(values):.4f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    if not data_available():
        print(f"skipped: {DATA} not found")
        return
    if args.report_only:
        report = cv_report()
        print(f"train CV MAP@5 (shipped config {CONFIG}): {_fmt(report['reranked'])}")  # type: ignore[arg-type]
        print(f"train CV MAP@5 BM25 alone: {_fmt(report['baseline'])}")  # type: ignore[arg-type]
        return
    tweets = load_tweets("train")
    index = FactCheckIndex(load_factchecks(), weights=None)
    table = candidate_table(index, tweets)
    folds = folds_of(tweets)
    print(f"{len(tweets)} train tweets, {N_FOLDS} grouped folds of sizes {[folds.count(f) for f in range(N_FOLDS)]}")
    grid: dict[tuple[int, float], float] = {}
    for depth in DEPTHS:
        for c in CS:
            reranked, baseline, _ = cross_validate(table, tweets, folds, depth, c)
            grid[depth, c] = statistics.fmean(reranked)
            print(f"depth {depth:3d} C {c:5}: MAP@5 {_fmt(reranked)}   (BM25 {_fmt(baseline)})")
    # The cheapest depth (search time grows with it) whose best mean is within TOLERANCE of the
    # grid's best, then that depth's best C.
    top = max(grid.values())
    depth = min(d for (d, _), m in grid.items() if m >= top - TOLERANCE)
    c = max((m, c) for (d, c), m in grid.items() if d == depth)[1]
    print(f"chosen: depth {depth}, C {c}")
    extra = extra_tables(index, tweets, depth)
    reranked, baseline, top1 = cross_validate(table, tweets, folds, depth, c, extra)
    print("out-of-fold first results (tweets, and the same tweets with their fact-check removed):")
    print("  precision {:.3f}, recall {:.3f} of 'score >= 0.5 means a match'".format(*at_threshold(top1)))
    print("  reliability (probability bin, n, share correct):")
    for row in reliability(top1):
        print(f"  {row[0]}  {row[1]:4d}  {row[2]:.3f}")
    model = _fit(table, tweets, range(len(tweets)), depth, c, extra)
    write_weights(model, depth, c)
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
