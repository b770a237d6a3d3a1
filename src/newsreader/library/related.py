"""Related claims across the library: which claims in other articles say much the same thing, and
which of their figures differ.

:class:`RelatedIndex` holds every claim of the library (:class:`ClaimRecord`: the article's id,
title and path, the claim's text and offsets, its source and the reader's verdict on it) in an
inverted index of TF-IDF weights over the claims' content words and numbers (:func:`terms`: the
fact-check matcher's stop words and light stemmer, ``3,000`` read as ``3000``).  :meth:`RelatedIndex.related`
ranks claims by cosine similarity to a text and keeps those above :data:`MIN_SIMILARITY`, each
with the figures it gives differently (:func:`newsreader.library.figures.differing_figures`).

Each posting is one claim's normalised weight for one term (``array`` columns: 4-byte ids and
weights), so a query only adds floats.  A term found in more than :data:`COMMON_SHARE` of the claims
("said", "government") is not walked: the query's rarer terms find the candidates, and the common
terms' weights are looked up, by bisection, only for those that could still make the cut (the
scores are exact; a claim sharing nothing but common words with the query is not a candidate).
``benchmarks/bench_related.py``: 200,000 claims build in seconds; a query takes milliseconds.
Built once, read-only after: ``related`` may run from several threads at once.

Typical use (in a worker thread)::

    index = RelatedIndex.from_library(library_index, paths, notes=NotesStore())
    for hit in index.related(claim.text, k=5, exclude_article=article.id):
        hit.claim.title, hit.similarity, hit.differences
"""

from __future__ import annotations

import heapq
import logging
import math
import os
import re
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsreader.factchecks.text import STOP_WORDS, fold, stem
from newsreader.library.figures import Figure, compare_figures, extract_figures

if TYPE_CHECKING:
    from newsreader.analysis import Analysis
    from newsreader.articles import Article
    from newsreader.claims import Claim
    from newsreader.library.index import CachedClaims, LibraryIndex
    from newsreader.notes import ArticleNotes, NotesStore

log = logging.getLogger(__name__)

MIN_SIMILARITY = 0.3
"""Claims less similar than this (cosine of TF-IDF weights, 0..1) are not shown as related.
Unrelated claims that share a few common words ("the government said") score 0.05-0.2;
the same event retold in other words about 0.35-0.8; the same sentence 1."""
COMMON_SHARE = 0.01
"""A query term found in more than this share of the claims (and :data:`COMMON_MIN` or more) does
not bring candidates: it only adds to the scores of those its rarer terms found."""
COMMON_MIN = 500
MAX_TEXT_CHARS = 5000
"""A claim or query is cut to this many characters (a claim is one sentence)."""

_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WORD = re.compile(r"[^\W_]+")


def terms(text: str, stems: dict[str, str] | None = None) -> list[str]:
    """The index terms of ``text``: folded words without stop words, lightly stemmed
    (``newsreader.factchecks.text``), and numbers with their digit groups joined ("3,000" -> "3000").
    ``stems`` is an optional word -> stem cache the caller owns."""
    text = fold(text[:MAX_TEXT_CHARS])
    if "," in text:
        text = _DIGIT_GROUP.sub("", text)
    if stems is None:
        stems = {}
    out = []
    for word in _WORD.findall(text):
        found = stems.get(word)
        if found is None:
            found = stems[word] = "" if word in STOP_WORDS else stem(word)
        if found:
            out.append(found)
    return out


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim of the library, as the related-claims index keeps it.

    ``start``/``end`` are offsets into the article's text; ``source`` is whom the claim is
    attributed to; ``verdict`` the reader's verdict on it (a :data:`newsreader.notes.VERDICTS`
    name other than "unchecked"), None when there is none.
    """

    article_id: str
    title: str
    path: str
    text: str
    start: int
    end: int
    source: str | None = None
    verdict: str | None = None
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Related:
    """A claim related to the query: its record, the cosine similarity (0..1) and the figures the
    two give differently, as (figure in the query, figure in ``claim.text``) pairs."""

    claim: ClaimRecord
    similarity: float
    differences: tuple[tuple[Figure, Figure], ...] = ()


def _verdicts(text: str, claims: Sequence[Claim], notes: ArticleNotes | None) -> list[str | None]:
    """The newest verdict on each claim (by where its anchor resolves in ``text``), or None."""
    found: list[str | None] = [None] * len(claims)
    if notes is None or notes.error is not None or not notes.verdicts:
        return found
    from newsreader.notes import resolve_anchor

    newest: list[str] = [""] * len(claims)
    for verdict in notes.verdicts:
        span = resolve_anchor(verdict.anchor, text)
        if span is None:
            continue
        for i, claim in enumerate(claims):
            if span[0] < claim.end and claim.start < span[1] and verdict.updated >= newest[i]:
                found[i], newest[i] = verdict.verdict, verdict.updated
    return found


def claim_records(article: Article, claims: Sequence[Claim], notes: ArticleNotes | None = None) -> list[ClaimRecord]:
    """The records of ``article``'s claims (its analysis' claims), with the verdicts in ``notes``."""
    verdicts = _verdicts(article.text, claims, notes)
    return [
        ClaimRecord(article.id, article.title, article.path, claim.text, claim.start, claim.end,
                    claim.source, verdict, claim.kind)
        for claim, verdict in zip(claims, verdicts)
    ]


def records_from_dict(record: Mapping[str, Any]) -> list[ClaimRecord]:
    """The records of an analysed record (:func:`newsreader.analysis.analyze_article`,
    ``newsreader analyze``); no verdicts.  Claims without text or offsets are skipped."""
    article_id, title, path = str(record.get("id", "")), str(record.get("title", "")), str(record.get("path", ""))
    out = []
    for claim in record.get("claims") or ():
        try:
            start, end, text = int(claim["start"]), int(claim["end"]), str(claim["text"])
        except (KeyError, TypeError, ValueError):
            continue
        source = claim.get("source")
        out.append(ClaimRecord(article_id, title, path, text, start, end,
                               None if source is None else str(source), None, str(claim.get("kind", ""))))
    return out


class RelatedIndex:
    """TF-IDF cosine similarity over the claims of a library.  Claims repeated within one article
    (a key point restated in the body) are kept once."""

    __slots__ = ("_common", "_idf", "_max_weight", "_postings", "claims", "n_terms")

    def __init__(self, claims: Iterable[ClaimRecord]) -> None:
        kept: list[ClaimRecord] = []
        seen: set[tuple[str, str]] = set()
        counts: list[Counter[str]] = []
        df: Counter[str] = Counter()
        stems: dict[str, str] = {}
        for claim in claims:
            key = (claim.article_id, claim.text)
            if key in seen:
                continue
            seen.add(key)
            c = Counter(terms(claim.text, stems))
            kept.append(claim)
            counts.append(c)
            df.update(c.keys())
        self.claims: tuple[ClaimRecord, ...] = tuple(kept)
        n = len(kept)
        self._idf = {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}
        postings: dict[str, tuple[array[int], array[float]]] = {}
        idf = self._idf
        ln = math.log
        for i, c in enumerate(counts):
            vector = [(term, idf[term] if tf == 1 else (1.0 + ln(tf)) * idf[term]) for term, tf in c.items()]
            scale = 1.0 / (math.sqrt(sum(w * w for _, w in vector)) or 1.0)
            for term, w in vector:
                posting = postings.get(term)
                if posting is None:
                    posting = postings[term] = (array("i"), array("f"))
                posting[0].append(i)
                posting[1].append(w * scale)
        self._postings = postings
        self._common = max(COMMON_MIN, int(n * COMMON_SHARE))
        self._max_weight = {term: max(weights) for term, (_, weights) in postings.items()}
        self.n_terms = len(postings)

    def __len__(self) -> int:
        return len(self.claims)

    # -- building from the library ------------------------------------------------------------------
    @classmethod
    def from_analyses(
        cls, analysed: Iterable[tuple[Article, Analysis]], notes: NotesStore | None = None
    ) -> RelatedIndex:
        """The index of these articles' claims, with the verdicts ``notes`` holds on them."""
        return cls(_records(analysed, notes))

    @classmethod
    def from_library(
        cls,
        index: LibraryIndex,
        paths: Iterable[str | os.PathLike[str]] | None = None,
        notes: NotesStore | None = None,
        stop: threading.Event | None = None,
        worthy_only: bool = False,
        max_claims: int | None = None,
    ) -> RelatedIndex:
        """``worthy_only``: only check-worthy claims; ``max_claims``: at most this many claims, from
        the first files in path order (the index holds every claim's text: memory is bounded).

        The index of the claims of the library files ``paths`` (None: every file ``index``
        has analysed), as ``index`` has them cached: a file it has not analysed yet is left out,
        not read.  One query (:meth:`LibraryIndex.cached_claims`), each article once however many
        paths it has; articles with notes are loaded whole, for their verdicts' anchors.  ``stop``
        set: what was read so far."""
        wanted = None if paths is None else {os.fspath(path) for path in paths}
        with_notes = _noted(notes)
        records: list[ClaimRecord] = []
        seen: set[str] = set()
        noted: list[str] = []

        full = threading.Event()  # stops the read: asked to stop, or max_claims reached

        def add(row: CachedClaims) -> None:
            if (stop is not None and stop.is_set()) or (max_claims is not None and len(records) >= max_claims):
                full.set()
                return
            path, article_id, title, claims = row
            if article_id in seen or (wanted is not None and path not in wanted):
                return
            seen.add(article_id)
            if notes is not None and article_id in with_notes:
                noted.append(path)  # loaded whole below, for its verdicts' anchors
                return
            records.extend(ClaimRecord(article_id, title, path, text, start, end, source, None, kind)
                           for start, end, text, source, kind in claims)

        index.cached_claims(full, worthy_only=worthy_only, each=add)
        for path in noted:
            if notes is None or (stop is not None and stop.is_set()):
                break
            found = index.load(path)
            if found is not None:
                kept = [claim for claim in found[1].claims if not worthy_only or claim.check_worthy]
                records.extend(claim_records(found[0], kept, notes.load(found[0].id)))
        if max_claims is not None:
            del records[max_claims:]
        return cls(records)

    # -- querying -----------------------------------------------------------------------------------
    def _query(self, text: str) -> list[tuple[str, float]]:
        c = Counter(terms(text))
        unknown = math.log(len(self.claims) + 1) + 1.0
        vector = [(term, (1.0 + math.log(tf)) * self._idf.get(term, unknown)) for term, tf in c.items()]
        norm = math.sqrt(sum(w * w for _, w in vector)) or 1.0
        return [(term, w / norm) for term, w in vector if term in self._postings]

    def similarities(self, text: str) -> dict[int, float]:
        """Cosine similarity of ``text`` to every claim sharing a term with it, by claim number."""
        return self._scores(self._query(text), 0.0, 0, None)

    def _scores(
        self, query: list[tuple[str, float]], floor: float, k: int, exclude_article: str | None
    ) -> dict[int, float]:
        """Exact scores of the claims that can score ``floor`` or more and be among the ``k`` best
        (every claim sharing a term with the query when ``k`` is 0), ``exclude_article``'s left out.

        MaxScore: the query's terms are walked rarest first, until the most the remaining ones
        can add (the sum of their best weights) is below ``floor``, so that no claim the walk
        missed could make it; or until the next term is
        in more than ``self._common`` claims: a claim sharing only such common words with the
        query is not a candidate.  Each candidate whose score plus that bound could still make the
        cut gets the remaining terms' weights by bisection (or, when there are many, by one pass
        over the posting)."""
        postings, best = self._postings, self._max_weight
        query = sorted(query, key=lambda tw: len(postings[tw[0]][0]))
        bound = sum(q * best[term] for term, q in query)
        acc: dict[int, float] = {}
        get = acc.get
        walked = 0
        for term, q in query:
            ids, weights = postings[term]
            if walked and k > 0:
                if len(ids) > self._common or bound < floor:
                    break
            for i, w in zip(ids, weights):
                acc[i] = get(i, 0.0) + q * w
            bound -= q * best[term]
            walked += 1
        rest = query[walked:]
        if exclude_article is not None:
            claims = self.claims
            acc = {i: score for i, score in acc.items() if claims[i].article_id != exclude_article}
        if not rest:
            return acc
        cut = floor
        if 0 < k < len(acc):
            cut = max(cut, heapq.nlargest(k, acc.values())[-1])
        acc = {i: score for i, score in acc.items() if score + bound >= cut}
        for term, q in rest:
            ids, weights = postings[term]
            size = len(ids)
            if len(acc) * max(1, size.bit_length()) < size:  # few candidates: look them up
                for i in acc:
                    at = bisect_left(ids, i)
                    if at < size and ids[at] == i:
                        acc[i] += q * weights[at]
            else:
                for i, w in zip(ids, weights):
                    if i in acc:
                        acc[i] += q * w
        return acc

    def related(
        self,
        text: str,
        k: int = 5,
        exclude_article: str | None = None,
        min_similarity: float = MIN_SIMILARITY,
    ) -> list[Related]:
        """The ``k`` claims most similar to ``text`` (best first; ties in index order), leaving out
        the claims of the article ``exclude_article`` and those below ``min_similarity``.  Each
        comes with the figures it gives differently from ``text``."""
        if k <= 0 or not text.strip():
            return []
        scores = self._scores(self._query(text), min_similarity, k, exclude_article)
        scored = ((score, i) for i, score in scores.items() if score >= min_similarity)
        best = heapq.nlargest(k, scored, key=lambda pair: (pair[0], -pair[1]))
        if not best:
            return []
        mine = extract_figures(text)
        claims = self.claims
        return [
            Related(claims[i], min(1.0, score), tuple(compare_figures(mine, extract_figures(claims[i].text))))
            for score, i in best
        ]


def _noted(notes: NotesStore | None) -> set[str]:
    """The ids of the articles ``notes`` has a file for (none when it cannot be listed)."""
    if notes is None:
        return set()
    from newsreader.notes import NotesError

    try:
        return set(notes.all_article_ids())
    except NotesError as error:
        log.warning("related claims: verdicts left out: %s", error)
        return set()


def _records(analysed: Iterable[tuple[Article, Analysis]], notes: NotesStore | None) -> Iterable[ClaimRecord]:
    with_notes = _noted(notes)
    for article, analysis in analysed:
        article_notes = notes.load(article.id) if notes is not None and article.id in with_notes else None
        yield from claim_records(article, analysis.claims, article_notes)
