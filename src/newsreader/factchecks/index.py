"""``FactCheckIndex``: which already-checked claims does a text repeat?

Two stages, both pure Python:

1. BM25 (``bm25.Bm25``) over each fact-check's claim and title, tokenised by ``text.tokens``
   (links dropped, hashtags, @handles and CamelCase split, light stemming), picks ``RERANK_DEPTH``
   candidates.
2. Linear models over a handful of lexical features of each candidate (``features.py``): a
   pairwise logistic regression orders them; a second logistic regression gives the probability
   that a result is the claim the text repeats.  Their weights are a small JSON file
   (``data/factcheck_ranker.json``) trained by ``benchmarks/train_factchecks.py`` on the
   CheckThat! 2020 training tweets.

The score ``search`` returns is that probability, made non-increasing down the list (so a threshold
keeps a prefix).  The match model saw, besides the training tweets (which all repeat a checked claim),
the same tweets with their fact-check removed from the index, six-word fragments of them (short texts
repeating nothing) and the checked claims' own wording, all on the ~10,000 CheckThat! fact-checks.
In grouped cross-validation (tweets, half of them with their fact-check removed), of first results
scoring >= 0.5, 74% were the right claim; 0.3-0.5 were right about half the time, below 0.3 one in
seven (``benchmarks/train_factchecks.py`` prints the table).  So read >= 0.5 as "probably checked
before" and 0.3-0.5 as "maybe".  The probabilities lean on the index's statistics (idf): on a tiny
index of a handful of fact-checks the order is sound but the probabilities are not calibrated.
Without the weights file the scores are raw BM25 (unbounded, not comparable between queries).

Built once, read-only after: ``search`` may run from several threads at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sized
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsreader.factchecks import text
from newsreader.factchecks.bm25 import Bm25
from newsreader.factchecks.factcheck import MAX_FACTCHECKS, FactCheck
from newsreader.factchecks.features import FEATURE_NAMES, Analysed, features

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "factcheck_ranker.json"
#: BM25 candidates re-ranked per search (the weights file may override it).
RERANK_DEPTH = 10
#: The margin of a candidate with no rival (as in ``benchmarks/train_factchecks.py``).
MARGIN_ALONE = 3.0
#: A claim or title is cut to this many characters before indexing.
MAX_FIELD_CHARS = 2000


@dataclass(frozen=True, slots=True)
class RankerWeights:
    """Two linear models over standardised features ``z = (x - mean) / scale``.

    Order: ``r = z . coef`` (a pairwise logistic regression).  Match probability:
    ``sigmoid(z . match_coef[:n] + r * match_coef[n] + margin * match_coef[n + 1] + match_intercept)``
    where ``margin`` is ``r`` minus the best ``r`` among the other candidates.
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    match_coef: tuple[float, ...]
    match_intercept: float
    depth: int = RERANK_DEPTH

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> RankerWeights:
        """The weights in ``path`` (raises ``ValueError`` if they do not fit ``FEATURE_NAMES``)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError(f"{path}: the weights are for other features than {FEATURE_NAMES}")
        n = len(FEATURE_NAMES)
        mean, scale, coef, match = (
            tuple(float(v) for v in data[key]) for key in ("mean", "scale", "coef", "match_coef")
        )
        if not len(mean) == len(scale) == len(coef) == len(match) - 2 == n or 0.0 in scale:
            raise ValueError(f"{path}: expected {n} values in mean, scale and coef, {n + 2} in match_coef")
        depth = int(data.get("depth", RERANK_DEPTH))
        return cls(mean, scale, coef, match, float(data["match_intercept"]), max(1, depth))

    def order_score(self, z: list[float]) -> float:
        """The pairwise model's score of standardised features ``z`` (higher ranks first)."""
        return sum(w * v for w, v in zip(self.coef, z))

    def standardise(self, x: list[float]) -> list[float]:
        return [(v - m) / s for v, m, s in zip(x, self.mean, self.scale)]

    def probability(self, z: list[float], order_score: float, margin: float) -> float:
        """The match probability of a candidate (``margin``: its order score minus its best rival's)."""
        u = self.match_intercept + sum(w * v for w, v in zip(self.match_coef, z))
        u += order_score * self.match_coef[-2] + margin * self.match_coef[-1]
        return 0.0 if u < -30.0 else 1.0 / (1.0 + math.exp(-u))

    def rank(self, features: list[list[float]]) -> list[tuple[int, float]]:
        """(position in ``features``, match probability) of every candidate, best first."""
        zs = [self.standardise(x) for x in features]
        rs = [self.order_score(z) for z in zs]
        order = sorted(range(len(rs)), key=lambda j: (-rs[j], j))
        out = []
        for place, j in enumerate(order):
            rival = order[1] if place == 0 and len(order) > 1 else order[0]
            margin = MARGIN_ALONE if rival == j else rs[j] - rs[rival]
            out.append((j, self.probability(zs[j], rs[j], margin)))
        return out


def _default_weights() -> RankerWeights | None:
    return RankerWeights.load() if MODEL_PATH.exists() else None


_EMPTY: tuple[str, ...] = ()


class FactCheckIndex:
    """An index of fact-checks, searched with ``search(text, k)``.

    ``weights``: the re-ranker (``"shipped"``: ``data/factcheck_ranker.json``, if present); ``None``
    ranks by BM25 alone.  More than ``max_factchecks`` fact-checks raise ``ValueError``.
    ``idf_docs``: compute idf as if the index held at least this many fact-checks (the others sharing
    no term).  The weights were fitted on ~10,000 fact-checks: with ``idf_docs=10_000`` a small index
    (a user's few imports) keeps usable probabilities (measured in ``matching.py``); without it, idf
    near 0 makes a text that repeats the only fact-check score about 0.2.
    """

    __slots__ = ("_bm25", "_claim_terms", "_factchecks", "_field_avg", "_names", "_numbers", "_title_terms", "_weights")

    def __init__(
        self,
        factchecks: Iterable[FactCheck],
        weights: RankerWeights | Literal["shipped"] | None = "shipped",
        max_factchecks: int = MAX_FACTCHECKS,
        idf_docs: int = 0,
    ) -> None:
        self._weights = _default_weights() if weights == "shipped" else weights
        items: list[FactCheck] = []
        claims: list[tuple[str, ...]] = []
        titles: list[tuple[str, ...]] = []
        numbers: list[tuple[str, ...]] = []
        names: list[tuple[str, ...]] = []
        stems: dict[str, str] = {}
        if isinstance(factchecks, Sized) and len(factchecks) > max_factchecks:
            raise ValueError(f"{len(factchecks):,} fact-checks, more than {max_factchecks:,}; refusing to index them")
        for fc in factchecks:
            if len(items) >= max_factchecks:
                raise ValueError(f"more than {max_factchecks:,} fact-checks; refusing to index them all")
            items.append(fc)
            claim_terms, claim_numbers, claim_names = text.analyse(fc.claim[:MAX_FIELD_CHARS], stems)
            title_terms, title_numbers, title_names = text.analyse((fc.title or "")[:MAX_FIELD_CHARS], stems)
            claims.append(tuple(claim_terms))
            titles.append(tuple(title_terms))
            numbers.append(tuple(claim_numbers | title_numbers) or _EMPTY)
            names.append(tuple(claim_names | title_names) or _EMPTY)
        self._factchecks = tuple(items)
        self._claim_terms = tuple(claims)
        self._title_terms = tuple(titles)
        self._numbers = tuple(numbers)
        self._names = tuple(names)
        self._bm25 = Bm25((c + t for c, t in zip(claims, titles)), min_docs=idf_docs)
        n = len(items) or 1
        self._field_avg = (sum(map(len, claims)) / n or 1.0, sum(map(len, titles)) / n or 1.0)

    def __len__(self) -> int:
        return len(self._factchecks)

    def factcheck(self, position: int) -> FactCheck:
        """The fact-check at ``position`` (in the order given to the index)."""
        return self._factchecks[position]

    def candidates(self, query: str, depth: int) -> list[tuple[int, list[float]]]:
        """BM25's best ``depth`` fact-checks for ``query``: (position, feature vector), best first."""
        terms, numbers, names = text.analyse(query)
        top = self._bm25.top(terms, depth)
        if not top:
            return []
        q = Analysed.of(terms, numbers, names)
        query_idf = sum(self._bm25.idf(t) for t in q.term_set)
        top_score = top[0][1]
        out: list[tuple[int, list[float]]] = []
        for rank, (i, score) in enumerate(top):
            claim_terms, title_terms = self._claim_terms[i], self._title_terms[i]
            doc = Analysed.of(claim_terms + title_terms, self._numbers[i], self._names[i])
            x = features(
                q, doc, claim_terms, title_terms, self._bm25, self._field_avg, score, top_score, rank, query_idf
            )
            out.append((i, x))
        return out

    def search(self, query: str, k: int = 5) -> list[tuple[str, float]]:
        """The ids of the ``k`` fact-checks ``query`` most likely repeats, best first, with scores.

        With the shipped weights a score is the estimated probability that the text repeats that
        fact-check's claim (0..1, comparable across queries; >= 0.5 reads as a match).  Fact-checks
        sharing no term with the query are never returned.
        """
        if k <= 0 or not self._factchecks:
            return []
        weights = self._weights
        if weights is None:
            return [(self._factchecks[i].id, s) for i, s in self._bm25.top(text.tokens(query), k)]
        candidates = self.candidates(query, max(k, weights.depth))
        ranked = weights.rank([x for _, x in candidates])[:k]
        out: list[tuple[str, float]] = []
        ceiling = 1.0
        for j, probability in ranked:
            ceiling = min(ceiling, probability)  # non-increasing down the list: a threshold cuts a prefix
            out.append((self._factchecks[candidates[j][0]].id, ceiling))
        return out
