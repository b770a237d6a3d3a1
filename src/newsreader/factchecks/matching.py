"""Which claims of an article were checked before?  The matching API the app and the CLI share.

    from newsreader.factchecks.matching import ClaimMatcher, load_factchecks
    problems: list[str] = []
    matcher = ClaimMatcher(load_factchecks(problems))   # imported sets + your own verdicts
    matcher.matches("North Korea sent 3,000 more soldiers to Russia")   # [Match(factcheck, score)]
    matcher.match_all(claim_texts, progress=lambda done, total: ...)  # from a worker thread

``default_matcher()`` is the one ``newsreader analyze`` uses: built once per process from the data
folder, and again only when the fact-check or notes folder changed.  With nothing imported and no
verdict it holds nothing and never builds an index, so analysing stays as fast as before.

The score is ``FactCheckIndex``'s calibrated probability that the text repeats the fact-check's
claim.  Two choices make it usable for a user's own fact-checks:

* ``idf_docs=REFERENCE_DOCS``: the ranker's weights were fitted on ~10,000 fact-checks, and on a
  small index its idf (hence its probabilities) collapse: a sentence repeating the only imported
  fact-check word for word scored 0.19.  Computing idf as if the index held at least 10,000
  fact-checks restores the scale (the same sentence: 0.97).
* ``MATCH_THRESHOLD = 0.6``, chosen on the CheckThat! 2020 *train* tweets (400; the ranker's own
  training data) in indexes of 5, 50 and 500 fact-checks, once with the tweet's fact-check among
  them and once without it (so half the queries have no right answer).  Out of 0.4-0.8, 0.6 kept
  precision >= 0.9 at every size (0.99 / 0.95 / 0.91) with recall 0.88 / 0.88 / 0.84; 0.5 fell to
  0.83 precision at 500.  Held-out check on the 197 *dev* tweets at 0.6: precision 0.97 / 0.95 /
  0.92, recall 0.72 / 0.72 / 0.68 at 5 / 50 / 500 fact-checks (at 0.5: 0.95 / 0.90 / 0.85 and
  0.83 / 0.80 / 0.76).  ``benchmarks/bench_factchecks.py --threshold`` reproduces the dev figures.
  The scores were fitted on tweets against Snopes-style claims; article sentences are longer, and a
  paraphrase of a long claim can stay under the cut (0.3-0.4): read a match as "look at this
  fact-check", not as a verdict, and no match as "none found", not "never checked".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsreader.factchecks.factcheck import MAX_FACTCHECKS, FactCheck
from newsreader.factchecks.index import FactCheckIndex

#: Matches scoring below this are dropped (see the module docstring for how it was chosen).
MATCH_THRESHOLD = 0.6
#: idf is computed as if the index held at least this many fact-checks (the ranker's training scale).
REFERENCE_DOCS = 10_000
#: ``match_all`` reports progress about this often (in texts).
PROGRESS_EVERY = 50


@dataclass(frozen=True, slots=True)
class Match:
    """A fact-check a text probably repeats, with the probability ``score`` (0..1)."""

    factcheck: FactCheck
    score: float

    def to_dict(self) -> dict[str, Any]:
        """``{id, claim, rating, url, publisher, score}``: what ``newsreader analyze`` prints."""
        fc = self.factcheck
        return {
            "id": fc.id,
            "claim": fc.claim,
            "rating": fc.rating,
            "url": fc.url,
            "publisher": fc.publisher,
            "score": round(self.score, 3),
        }


def load_factchecks(problems: list[str] | None = None, *, own: bool = True) -> list[FactCheck]:
    """Every imported fact-check, then (``own``) the user's claim verdicts as fact-checks.

    Never raises for a bad file: what could not be read is named in ``problems`` (if given).
    At most ``MAX_FACTCHECKS`` in all.
    """
    from newsreader.factchecks import store
    from newsreader.storage import StorageError

    found: list[str] = []
    out: list[FactCheck] = []
    try:
        sets = store.list_sets()
    except StorageError as error:
        found.append(str(error))
        sets = []
    for imported in sets:
        out.extend(store.load_set(imported, found, limit=MAX_FACTCHECKS - len(out)))
    if own:
        from newsreader.factchecks.own import own_factchecks

        mine = own_factchecks(problems=found)
        room = MAX_FACTCHECKS - len(out)
        if len(mine) > room:
            found.append(f"more than {MAX_FACTCHECKS:,} fact-checks with your verdicts; {len(mine) - room:,} left out")
        out.extend(mine[:room])
    if problems is not None:
        problems.extend(found)
    return out


class ClaimMatcher:
    """Matches texts against fact-checks.  The index is built on the first match (not at all when
    there are no fact-checks); after that, ``matches`` may run from several threads at once."""

    def __init__(
        self,
        factchecks: Iterable[FactCheck],
        threshold: float = MATCH_THRESHOLD,
        problems: Sequence[str] = (),
    ) -> None:
        self._factchecks = list(factchecks)
        self.threshold = threshold
        self.problems = list(problems)
        self._by_id: dict[str, FactCheck] = {}
        self._index: FactCheckIndex | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._factchecks)

    @property
    def factchecks(self) -> list[FactCheck]:
        return list(self._factchecks)

    def index(self) -> FactCheckIndex | None:
        """The index (built now if not yet); None when there is nothing to match against."""
        if not self._factchecks:
            return None
        with self._lock:
            if self._index is None:
                if not self._by_id:
                    for fc in self._factchecks:
                        self._by_id.setdefault(fc.id, fc)
                self._index = FactCheckIndex(self._factchecks, idf_docs=REFERENCE_DOCS)
            return self._index

    def factcheck(self, fc_id: str) -> FactCheck | None:
        """The fact-check with this id (None if there is none); builds no index."""
        with self._lock:
            if not self._by_id and self._factchecks:
                for fc in self._factchecks:
                    self._by_id.setdefault(fc.id, fc)
        return self._by_id.get(fc_id)

    def matches(self, text: str, k: int = 3) -> list[Match]:
        """The (at most ``k``) fact-checks ``text`` probably repeats, best first, scoring >= ``threshold``."""
        index = self.index()
        if index is None or k <= 0 or not text or not text.strip():
            return []
        out: list[Match] = []
        for fc_id, score in index.search(text, k):
            if score < self.threshold:
                break  # scores are non-increasing down the list
            fc = self._by_id.get(fc_id)
            if fc is not None:
                out.append(Match(fc, score))
        return out

    def match_all(
        self,
        items: Iterable[str | Mapping[str, Any] | object],
        progress: Callable[[int, int], None] | None = None,
        k: int = 3,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[list[Match]]:
        """``matches`` for every item, in order: a text, a claim record (``{"text": ...}``, as in
        ``analyze`` output) or an object with a ``text`` attribute (a ``Claim``).

        For a whole library from a worker thread: ``progress(done, total)`` is called every
        ``PROGRESS_EVERY`` items and at the end; ``cancelled()`` returning true stops early (the
        list then holds the items done so far).
        """
        texts = [_text_of(item) for item in items]
        total = len(texts)
        out: list[list[Match]] = []
        if self.index() is None:
            out = [[] for _ in texts]
            if progress is not None:
                progress(total, total)
            return out
        for done, text in enumerate(texts, 1):
            if cancelled is not None and cancelled():
                break
            out.append(self.matches(text, k))
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        return out


def _text_of(item: object) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        value = item.get("text")
    else:
        value = getattr(item, "text", None)
    return value if isinstance(value, str) else ""


_EMPTY = ClaimMatcher(())
_default: tuple[tuple[object, ...], ClaimMatcher] | None = None
_default_lock = threading.Lock()


def signature() -> tuple[object, ...]:
    """What the default matcher depends on: the data folder, and when its fact-check and notes
    folders last changed (every save renames a file into them, which changes the folder's mtime).
    Compare two to know whether matches may have changed (e.g. to key a cache of a library's)."""
    from newsreader import paths
    from newsreader.factchecks.store import store_dir

    data = paths.data_dir()
    stamps: list[object] = [str(data)]
    for folder in (store_dir(), data / "notes"):
        try:
            stamps.append(os.stat(folder).st_mtime_ns)
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def default_matcher() -> ClaimMatcher:
    """The matcher over the user's imported fact-checks and verdicts (cached; reloaded when they change).

    Nothing imported and no notes folder: an empty matcher, without reading anything.
    """
    global _default
    current = signature()
    with _default_lock:
        if _default is not None and _default[0] == current:
            return _default[1]
    if current[1] is None and current[2] is None:
        matcher = _EMPTY
    else:
        problems: list[str] = []
        matcher = ClaimMatcher(load_factchecks(problems), problems=problems)
    with _default_lock:
        _default = (current, matcher)
    return matcher
