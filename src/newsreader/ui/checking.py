"""Fact-check matches and related claims in the app: what the reader screen knows of its claims
beyond the article.

:class:`Checking` is the screen's helper for them.  When the article is drawn the screen asks it
for the claims' marks (:meth:`Checking.markers`); what is not known yet is computed in a thread
worker on the screen (milliseconds a claim; the bodies are in :mod:`newsreader.ui.checks`) and
the article is drawn again when it arrives.  Once the library is indexed, one worker matches
every claim of the library against the fact-checks (progress in the screen's ``check_progress``,
shown in the list's title) and another builds the related-claims index.  The workers post
messages (:mod:`newsreader.ui.messages`) that the screen hands to :meth:`Checking.handle`.  The
results are kept in memory (:class:`newsreader.ui.checks.Checks`), per article, with what they
were computed under.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from newsreader.ui import checks as checking
from newsreader.ui.checks import NOTHING, Checks, ClaimChecks
from newsreader.ui.messages import ArticleChecked, ClaimsCheckProgress, LibraryChecked, RelatedBuilt

if TYPE_CHECKING:
    from newsreader.articles import Article
    from newsreader.ui.screens.reader import ReaderScreen
    from newsreader.ui.widgets.checks_panel import PanelState

CheckMessage = ArticleChecked | LibraryChecked | ClaimsCheckProgress | RelatedBuilt


def _cancelled() -> bool:
    return get_current_worker().is_cancelled


def _signature() -> object:
    from newsreader.factchecks.matching import signature

    return signature()


class Checking:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.checks = Checks()
        self.article_flags: dict[str, int] = {}  # by article id: claims with a fact-check match (list marker ⚑)
        self._signature_now: object = None  # the fact-checks' signature as of the last drawing of the article

    # -- the open article ---------------------------------------------------------------------
    def claim_checks(self, claim: Any) -> ClaimChecks:
        """What is known of ``claim`` of the open article (nothing, until its check arrives), as of
        the last drawing of the article."""
        article = self.screen.article
        if article is None or claim is None:
            return NOTHING
        if self._signature_now is None:
            self._signature_now = _signature()
        return self.checks.of(article.id, self._signature_now, (claim.start, claim.end))

    def markers(self, claims: Any) -> list[tuple[int, str, str]]:
        """The fact-check and differing-figure marks after ``claims`` of the open article (and, if
        what is known of it is out of date, a check of it in the background)."""
        from newsreader.ui import highlights

        article, analysis = self.screen.article, self.screen.analysis
        if article is None or analysis is None or not article.ok:
            return []
        self._signature_now = _signature()  # (two stat calls: a new import or verdict changes it)
        self._ensure_checked(article, [(claim.start, claim.end, claim.text) for claim in analysis.claims],
                             self._signature_now)
        return highlights.check_markers(claims, self.claim_checks)

    def _ensure_checked(self, article: Article, claims: list[tuple[int, int, str]], signature: object) -> None:
        checks = self.checks
        if not checks.missing(article.id, signature):
            return
        key = (article.id, signature, checks.related_version)
        if checks.pending == key:
            return
        checks.pending = key
        self._run(partial(checking.check_article, article.id, claims, checks.related_index, checks.related_version,
                          self.screen.post_message, _cancelled), "check-article")
        if checks.library_signature is not None and checks.library_signature != signature:
            checks.library_signature = None  # a new import or verdict: match the library again
            self.check_library()

    def _run(self, work: Any, group: str) -> None:
        self.screen.run_worker(work, thread=True, exclusive=True, group=group)

    # -- the whole library --------------------------------------------------------------------
    def library_indexed(self) -> None:
        """The index has caught up with the files: match what it has not matched yet, and build
        the related-claims index again (the library may have changed)."""
        self.check_library()
        library, screen = self.screen.library, self.screen
        self._run(partial(checking.build_related, library.index, list(library.files), screen.app.notes_store,
                          screen.post_message, library.stop, _cancelled), "related")

    def check_library(self) -> None:
        library = self.screen.library
        self._run(partial(checking.check_library, library.index, self.checks.known(_signature()),
                          self.screen.post_message, library.stop, _cancelled), "check-library")

    def checked_labels(self) -> dict[str, set[str]]:
        """By article id, its claims' fact-check matches as "rating · publisher", case-folded (the
        list filter's ``checked:``); under the current fact-checks only."""
        signature = _signature()
        return {
            article_id: {f"{match.factcheck.rating or ''} · {match.factcheck.publisher or ''}".casefold()
                         for matches in by_span.values() for match in matches}
            for article_id, (made, by_span) in self.checks.matches.items() if made == signature and by_span
        }

    # -- what the workers report --------------------------------------------------------------
    def handle(self, message: CheckMessage) -> None:
        screen, checks = self.screen, self.checks
        match message:
            case ArticleChecked():
                if checks.pending == (message.article_id, message.signature, message.version):
                    checks.pending = None
                checks.matcher_size = message.matcher_size
                checks.add_matches(message.signature, {message.article_id: message.matches})
                if message.related is not None and message.version == checks.related_version:
                    checks.related[message.article_id] = (message.version, message.related)
                self._found({message.article_id: message.matches})
                if screen.article is not None and screen.article.id == message.article_id:
                    screen.touch()
            case ClaimsCheckProgress():
                screen.check_progress = None if message.done >= message.total else (message.done, message.total)
            case LibraryChecked():
                checks.matcher_size = message.matcher_size
                checks.add_matches(message.signature, message.found)
                if message.done:
                    checks.library_signature = message.signature
                    screen.check_progress = None
                self._found(message.found)
                if message.found:
                    screen.listing.refilter("checked")
            case RelatedBuilt():
                checks.related_index = message.index
                checks.related_version += 1
                checks.related.clear()
                if screen.article is not None:
                    screen.touch()  # what the open article's claims have elsewhere is asked for again

    def _found(self, found: dict[str, dict[Any, Any]]) -> None:
        """Some articles' matches are known now: their rows in the list say how many of their claims
        repeat a fact-check (``⚑2``)."""
        flags = self.article_flags
        changed = {article_id for article_id, by_span in found.items() if flags.get(article_id, 0) != len(by_span)}
        if not changed:
            return
        for article_id in changed:
            if found[article_id]:
                flags[article_id] = len(found[article_id])
            else:
                flags.pop(article_id, None)
        self.screen.listing.update_rows(changed)

    # -- the checks panel ---------------------------------------------------------------------
    def panel_state(self) -> PanelState:
        from newsreader.ui.widgets.checks_panel import PanelState

        screen, checks = self.screen, self.checks
        claim = screen.current_claim()
        pending = checks.pending is not None and screen.article is not None and checks.pending[0] == screen.article.id
        return PanelState(
            claim=claim.text if claim is not None else None,
            checks=self.claim_checks(claim) if claim is not None else None,
            factchecks=checks.matcher_size,
            related_ready=checks.related_index is not None,
            pending=pending,
        )

    def show_factcheck(self, factcheck: Any) -> None:
        """The fact-check chosen in the checks panel, in full, as a notification."""
        from newsreader.sanitize import clean_line

        lines = [clean_line(factcheck.claim), clean_line(factcheck.url or "")]
        title = " · ".join(part for part in (clean_line(factcheck.rating or ""), clean_line(factcheck.publisher or ""))
                           if part)
        self.screen.notify("\n".join(line for line in lines if line), title=title or "Fact-check", markup=False,
                           timeout=20)
