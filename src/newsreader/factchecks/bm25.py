"""Okapi BM25 over token lists: an inverted index of precomputed term weights, read-only once built.

Each posting holds the document's whole BM25 contribution for the term
(``idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen))``), so a search only adds floats.
Postings are ``array`` columns (4-byte ids and weights), about 8 bytes per distinct term of a
document.  Searching reads the index and nothing else: safe from several threads at once.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence, Set

#: BM25 defaults chosen by grouped cross-validation on the CheckThat! 2020 training tweets.
K1 = 1.2
B = 0.75


class Bm25:
    """BM25 over documents given as token lists; documents are numbered from 0 in the given order."""

    __slots__ = ("_df", "_idf_of", "_postings", "avg_len", "b", "idf_docs", "k1", "n_docs")

    def __init__(
        self, documents: Iterable[Sequence[str]], k1: float = K1, b: float = B, min_docs: int = 0
    ) -> None:
        """``min_docs``: idf is computed as if the collection held at least this many documents
        (the extra ones containing none of the terms), so a small collection's idf keeps the scale
        of a large one (see ``FactCheckIndex``'s ``idf_docs``)."""
        self.k1 = k1
        self.b = b
        counts: list[Counter[str]] = []
        lengths: list[int] = []
        df: Counter[str] = Counter()
        for doc in documents:
            c = Counter(doc)
            counts.append(c)
            lengths.append(len(doc))
            df.update(c.keys())
        self.n_docs = len(counts)
        self.idf_docs = max(self.n_docs, min_docs)
        self.avg_len = (sum(lengths) / self.n_docs) if self.n_docs else 1.0
        self.avg_len = self.avg_len or 1.0
        ids: dict[str, array[int]] = {}
        weights: dict[str, array[float]] = {}
        idf = {t: self._idf(n) for t, n in df.items()}
        for i, (c, length) in enumerate(zip(counts, lengths)):
            norm = k1 * (1.0 - b + b * length / self.avg_len)
            for term, tf in c.items():
                w = idf[term] * tf * (k1 + 1.0) / (tf + norm)
                if term not in ids:
                    ids[term] = array("i")
                    weights[term] = array("f")
                ids[term].append(i)
                weights[term].append(w)
        self._postings = {t: (ids[t], weights[t]) for t in ids}
        self._df = {t: len(ids[t]) for t in ids}
        self._idf_of = idf

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.idf_docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        """The term's inverse document frequency (that of a term seen nowhere for an unknown one)."""
        w = self._idf_of.get(term)
        return self._idf(0) if w is None else w

    def scores(self, query: Iterable[str]) -> dict[int, float]:
        """BM25 score of every document sharing a term with ``query`` (repeated terms count once)."""
        acc: dict[int, float] = {}
        get = acc.get
        for term in set(query):
            posting = self._postings.get(term)
            if posting is None:
                continue
            for i, w in zip(*posting):
                acc[i] = get(i, 0.0) + w
        return acc

    def top(self, query: Iterable[str], n: int) -> list[tuple[int, float]]:
        """The ``n`` best (document number, score) pairs, best first; ties by document number."""
        acc = self.scores(query)
        return heapq.nlargest(n, acc.items(), key=lambda kv: (kv[1], -kv[0]))

    def field_score(self, query_terms: Set[str], doc: Sequence[str], avg_len: float) -> float:
        """BM25 of one document given as tokens (another field), with this index's idf."""
        if not doc:
            return 0.0
        c = Counter(t for t in doc if t in query_terms)
        norm = self.k1 * (1.0 - self.b + self.b * len(doc) / (avg_len or 1.0))
        return sum(self.idf(t) * tf * (self.k1 + 1.0) / (tf + norm) for t, tf in c.items())
