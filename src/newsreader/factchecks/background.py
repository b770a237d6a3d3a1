"""Match many claims against the fact-checks in a child process, so that the app stays responsive.

Matching is pure Python and CPU-bound: in a thread it holds the interpreter lock, and a library
pass of hundreds of thousands of claims made every keystroke of the app wait (100-300 ms here).
In a child process it runs on the other core, and the app's thread only waits on a pipe.

    for article_id, found in match_in_child(articles, matcher, stopped):
        ...  # found: {(start, end): (Match, ...)} for the claims that matched

The child is ``python -m newsreader.factchecks.background`` (a clean interpreter: never a fork
of a threaded app, and no multiprocessing machinery that needs the terminal's file descriptors).
It builds the default matcher itself (:func:`newsreader.factchecks.matching.default_matcher`:
the same data folder) and answers one JSON line per chunk of articles with the ids and scores
of their matches; the parent's ``matcher`` turns the ids back into fact-checks (an id it does not
know, from a file changed meanwhile, is left out).  ``stopped()`` is asked while waiting: the
child is then killed at once.  A child that dies ends the iteration with :class:`ChildFailed`.
"""

from __future__ import annotations

import json
import selectors
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from newsreader.factchecks.own import OWN_PREFIX

if TYPE_CHECKING:
    from newsreader.factchecks.matching import ClaimMatcher, Match

Span = tuple[int, int]
#: ``(article_id, [(start, end, text), ...])``: one article's claims.
ArticleClaims = tuple[str, Sequence[tuple[int, int, str]]]
#: Articles sent to the child at a time: small enough that stopping never waits long.
CHUNK_ARTICLES = 20
#: How often (seconds) ``stopped`` is asked while the child works.
POLL_SECONDS = 0.1


class ChildFailed(RuntimeError):
    """The matching process ended without answering."""


def match_article(matches_of: Callable[[str], list[Match]], article_id: str,
                  claims: Iterable[tuple[int, int, str]],
                  cancelled: Callable[[], bool] | None = None) -> dict[Span, tuple[Match, ...]]:
    """The matches of each of an article's claims that has some, by span; the user's own verdicts
    on this very article are left out (they show as its verdicts, not as checks elsewhere).
    ``cancelled()`` true: the claims matched so far."""
    own = f"{OWN_PREFIX}{article_id}:"
    found: dict[Span, tuple[Match, ...]] = {}
    for start, end, text in claims:
        if cancelled is not None and cancelled():
            break
        matches = tuple(match for match in matches_of(text) if not match.factcheck.id.startswith(own))
        if matches:
            found[(start, end)] = matches
    return found


def _serve(requests: IO[str], answers: IO[str]) -> None:
    """The child: a JSON line of ``[[article_id, [[start, end, text], ...]], ...]`` in, a JSON line
    of ``[[article_id, [[start, end, [[factcheck_id, score], ...]], ...]], ...]`` out."""
    from newsreader.factchecks.matching import default_matcher

    matcher = default_matcher()
    matcher.index()
    for line in requests:
        answer = []
        for article_id, claims in json.loads(line):
            found = match_article(matcher.matches, str(article_id), ((int(s), int(e), str(t)) for s, e, t in claims))
            spans = [[s, e, [[m.factcheck.id, m.score] for m in ms]] for (s, e), ms in found.items()]
            answer.append([article_id, spans])
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def match_in_child(articles: Iterable[ArticleClaims], matcher: ClaimMatcher, stopped: Callable[[], bool],
                   chunk_articles: int = CHUNK_ARTICLES) -> Iterator[tuple[str, dict[Span, tuple[Match, ...]]]]:
    """Each article's matches, in order, computed in a child process (see the module docstring)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "newsreader.factchecks.background"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, encoding="utf-8", close_fds=True,
    )
    try:
        pending: list[ArticleClaims] = []
        for article in articles:
            pending.append(article)
            if len(pending) >= chunk_articles:
                yield from _ask(child, matcher, pending, stopped)
                pending = []
            if stopped():
                return
        if pending:
            yield from _ask(child, matcher, pending, stopped)
    finally:
        child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def _ask(child: subprocess.Popen[str], matcher: ClaimMatcher, chunk: list[ArticleClaims],
         stopped: Callable[[], bool]) -> Iterator[tuple[str, dict[Span, tuple[Match, ...]]]]:
    from newsreader.factchecks.matching import Match

    if stopped():
        return
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(json.dumps([[article_id, list(claims)] for article_id, claims in chunk]) + "\n")
        child.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while not selector.select(POLL_SECONDS):
                if stopped():
                    return
                if child.poll() is not None:
                    raise ChildFailed(f"the matching process ended (exit code {child.returncode})")
        line = child.stdout.readline()
        if not line:
            raise ChildFailed(f"the matching process ended (exit code {child.poll()})")
        answer = json.loads(line)
    except (OSError, ValueError) as error:
        raise ChildFailed(f"the matching process failed ({error})") from error
    for article_id, spans in answer:
        found: dict[Span, tuple[Match, ...]] = {}
        for start, end, hits in spans:
            matches = []
            for fc_id, score in hits:
                factcheck = matcher.factcheck(str(fc_id))
                if factcheck is not None:
                    matches.append(Match(factcheck, float(score)))
            if matches:
                found[(int(start), int(end))] = tuple(matches)
        yield str(article_id), found


if __name__ == "__main__":
    _serve(sys.stdin, sys.stdout)
