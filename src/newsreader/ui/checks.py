"""What the reader knows of a claim beyond its article: the fact-checks it probably repeats
(:mod:`newsreader.factchecks.matching`) and the claims of other articles of the library that say
much the same, with the figures they give differently (:mod:`newsreader.library.related`).

Plain code: :class:`Checks` holds the results in memory, per article, and the worker bodies
(:func:`check_article`, :func:`check_library`, :func:`build_related`) compute them off the UI
thread and post them as messages (:mod:`newsreader.ui.messages`).  Fact-check matches are kept
with the :func:`~newsreader.factchecks.matching.signature` they were made under (a new import or a
new verdict changes it); related claims with the version of the related index they came from.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from newsreader.sanitize import clean_line
from newsreader.ui.gcpause import gc_paused
from newsreader.ui.messages import ArticleChecked, ClaimsCheckProgress, Failed, LibraryChecked, RelatedBuilt

if TYPE_CHECKING:
    from newsreader.factchecks.factcheck import FactCheck
    from newsreader.factchecks.matching import ClaimMatcher, Match
    from newsreader.library import LibraryIndex
    from newsreader.library.index import CachedClaims
    from newsreader.library.related import Related, RelatedIndex
    from newsreader.notes import NotesStore

Post = Callable[[Message], object]
Span = tuple[int, int]  # a claim's start and end in its article's text
ClaimText = tuple[int, int, str]  # a claim's start, end and text


MAX_FIELD = 60  # characters of a rating, publisher or title on a line
RELATED_K = 5  # related claims kept for each claim
PROGRESS_EVERY = 200  # the library pass reports its progress about this often (in claims)
BATCH_ARTICLES = 200  # ... and hands over its results this many articles at a time
# Related claims are looked up among at most this many check-worthy claims of the library (about
# 5,000 articles of real news): the index keeps every claim's text, and 100,000 take ~100 MB.
RELATED_MAX_CLAIMS = 100_000


@dataclass(frozen=True, slots=True)
class ClaimChecks:
    """One claim's fact-check matches (best first) and related claims elsewhere (most similar first)."""

    matches: tuple[Match, ...] = ()
    related: tuple[Related, ...] = ()

    @property
    def differing(self) -> tuple[Related, ...]:
        """The related claims that give one of this claim's figures differently."""
        return tuple(hit for hit in self.related if hit.differences)


NOTHING = ClaimChecks()


@dataclass
class Checks:
    """The results so far, by article id (only claims with something to show are kept)."""

    matches: dict[str, tuple[object, dict[Span, tuple[Match, ...]]]] = field(default_factory=dict)
    related: dict[str, tuple[int, dict[Span, tuple[Related, ...]]]] = field(default_factory=dict)
    related_index: RelatedIndex | None = None
    related_version: int = 0  # bumped when a new related index arrives
    matcher_size: int | None = None  # fact-checks known to the matcher (None: not asked yet)
    library_signature: object = None  # what the last whole-library pass matched under
    pending: tuple[str, object, int] | None = None  # the article check under way: (id, signature, version)

    def of(self, article_id: str, signature: object, span: Span) -> ClaimChecks:
        found = self.matches.get(article_id)
        matches = found[1].get(span, ()) if found is not None and found[0] == signature else ()
        near = self.related.get(article_id)
        related = near[1].get(span, ()) if near is not None and near[0] == self.related_version else ()
        return ClaimChecks(matches, related) if matches or related else NOTHING

    def missing(self, article_id: str, signature: object) -> bool:
        """Whether the article's matches (under ``signature``) or related claims are not known yet."""
        found = self.matches.get(article_id)
        near = self.related.get(article_id)
        return (found is None or found[0] != signature) or (
            self.related_index is not None and (near is None or near[0] != self.related_version))

    def add_matches(self, signature: object, found: dict[str, dict[Span, tuple[Match, ...]]]) -> None:
        for article_id, by_span in found.items():
            self.matches[article_id] = (signature, by_span)

    def known(self, signature: object) -> tuple[object, frozenset[str]]:
        """``signature`` and the articles whose matches under it are known (the library pass skips them)."""
        return signature, frozenset(article_id for article_id, (made, _) in self.matches.items() if made == signature)

    def flagged(self, article_id: str, signature: object) -> int:
        """How many of the article's claims have a fact-check match (0 when not known)."""
        found = self.matches.get(article_id)
        return len(found[1]) if found is not None and found[0] == signature else 0


def short(text: str | None, limit: int = MAX_FIELD) -> str:
    """One untrusted field as one short line of plain text."""
    line = clean_line(text or "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def factcheck_label(factcheck: FactCheck) -> str:
    """``false · Snopes``: what the reader puts after a claim that repeats this fact-check."""
    return " · ".join(part for part in (short(factcheck.rating, 30) or "checked", short(factcheck.publisher, 30))
                      if part)


def figure_label(hit: Related) -> str:
    """``3,500 additional soldiers``: the other claim's first figure that differs from this claim's."""
    return short(hit.differences[0][1].text, 40) if hit.differences else ""


_matcher_lock = threading.Lock()
_problems_told: object = None  # the signature under which the matcher's problems were last shown


def _matcher() -> ClaimMatcher:
    """The default matcher with its index built, by one worker at a time (the open article's and
    the library's may both ask first: the index of 200,000 fact-checks takes seconds to build)."""
    from newsreader.factchecks.matching import default_matcher

    with _matcher_lock:
        matcher = default_matcher()
        matcher.index()
    return matcher


def match_claims(matcher: ClaimMatcher, article_id: str, claims: Iterable[ClaimText],
                 cancelled: Callable[[], bool] | None = None) -> dict[Span, tuple[Match, ...]]:
    """The fact-check matches of each claim that has some, by its span (the library pass's
    :func:`newsreader.factchecks.background.match_article`, here in the app's process)."""
    from newsreader.factchecks.background import match_article

    return match_article(matcher.matches, article_id, claims, cancelled) if len(matcher) else {}


def relate_claims(index: RelatedIndex, article_id: str, claims: Iterable[ClaimText]) -> dict[Span, tuple[Related, ...]]:
    """The related claims (in other articles) of each claim that has some, by its span."""
    found: dict[Span, tuple[Related, ...]] = {}
    for start, end, text in claims:
        hits = tuple(index.related(text, k=RELATED_K, exclude_article=article_id))
        if hits:
            found[(start, end)] = hits
    return found


def check_article(article_id: str, claims: Sequence[ClaimText], index: RelatedIndex | None, version: int,
                  post: Post, cancelled: Callable[[], bool] | None = None) -> None:
    """Match one article's claims (in a worker: the first call builds the fact-check index)."""
    from newsreader.factchecks.matching import signature

    current = signature()  # read before the matcher: a change meanwhile is seen next time
    matcher = _matcher()
    matches = match_claims(matcher, article_id, claims, cancelled)
    related = relate_claims(index, article_id, claims) if index is not None else None
    if cancelled is None or not cancelled():
        post(ArticleChecked(article_id, current, len(matcher), matches, version, related))


def check_library(index: LibraryIndex, known: tuple[object, frozenset[str]], post: Post,
                  stop: threading.Event, cancelled: Callable[[], bool] | None = None) -> None:
    """Match every claim the library index has cached (in a worker), posting the progress and
    the results a batch of articles at a time.  ``known``: a signature and the articles already
    matched under it (skipped if it is still the current one).  Nothing to match against: nothing
    is read.  Fact-check files that could not be read are named once (a ``Failed`` warning)."""
    from newsreader.factchecks.background import ArticleClaims, ChildFailed, match_in_child
    from newsreader.factchecks.matching import default_matcher, signature

    global _problems_told
    current = signature()
    matcher = default_matcher()  # the child builds the index; this one only maps ids back
    if matcher.problems and _problems_told != current:  # a file that could not be read: said once
        _problems_told = current
        more = f"\n… and {len(matcher.problems) - 3} more" if len(matcher.problems) > 3 else ""
        post(Failed("Fact-checks left out", "\n".join(matcher.problems[:3]) + more, "warning", 10))
    if not len(matcher):
        post(LibraryChecked(current, 0, {}, done=True))
        return

    def stopped() -> bool:
        return stop.is_set() or (cancelled is not None and cancelled())

    skip = known[1] if known[0] == current else frozenset()
    sizes: dict[str, int] = {}
    unique: list[ArticleClaims] = []

    def add(row: CachedClaims) -> None:
        _path, article_id, _title, claims = row
        if article_id in skip:
            return
        sizes[article_id] = sizes.get(article_id, 0) + len(claims)
        if sizes[article_id] == len(claims):  # an article's first path; its others count as done with it
            unique.append((article_id, [(start, end, text) for start, end, text, _source, _kind in claims]))

    with gc_paused():  # reading the whole library's claims (see ui.gcpause)
        # The check-worthy claims: the open article has all of its claims matched when it is shown.
        index.cached_claims(stop, worthy_only=True, each=add)
    total = sum(sizes.values())
    post(ClaimsCheckProgress(0, total))
    done = 0
    batch: dict[str, dict[Span, tuple[Match, ...]]] = {}
    # In a child process: matching in a thread here would hold the interpreter lock and make
    # every keystroke wait (factchecks.background).
    try:
        for article_id, found in match_in_child(unique, matcher, stopped):
            batch[article_id] = found
            before, done = done, done + sizes[article_id]
            if done // PROGRESS_EVERY != before // PROGRESS_EVERY:
                post(ClaimsCheckProgress(done, total))
            if len(batch) >= BATCH_ARTICLES:
                post(LibraryChecked(current, len(matcher), batch))
                batch = {}
    except ChildFailed as error:
        post(Failed("Checking the library against fact-checks stopped", str(error), "warning", 10))
        return
    if not stopped():
        post(LibraryChecked(current, len(matcher), batch, done=True))
        post(ClaimsCheckProgress(total, total))


def _build_related(index: LibraryIndex, paths: Sequence[str], notes: NotesStore, post: Post,
                  stop: threading.Event, cancelled: Callable[[], bool] | None = None) -> None:
    """The related-claims index of the library's analysed files (in a worker)."""
    from newsreader.library.related import RelatedIndex

    # The index keeps each file under its absolute path.
    related = RelatedIndex.from_library(
        index, [os.path.abspath(path) for path in paths], notes=notes, stop=stop, worthy_only=True,
        max_claims=RELATED_MAX_CLAIMS)
    if not stop.is_set() and (cancelled is None or not cancelled()):
        post(RelatedBuilt(related))


def build_related(index: LibraryIndex, paths: Sequence[str], notes: NotesStore, post: Post,
                  stop: threading.Event, cancelled: Callable[[], bool] | None = None) -> None:
    """:func:`_build_related` with the garbage collector paused (see :mod:`newsreader.ui.gcpause`)."""
    with gc_paused():
        _build_related(index, paths, notes, post, stop, cancelled)
