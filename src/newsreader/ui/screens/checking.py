"""Fact-check matches and related claims: the part of the reader screen that compares claims
with what was checked before and with the rest of the library.

:class:`Checking` is one of the reader screen's base classes.  When the article is drawn it asks
what is known of its claims (:meth:`Checking.check_markers`); what is not known yet is computed in
a thread worker (milliseconds a claim) and the article is drawn again when it arrives.  Once the
library is indexed, one worker matches every claim of the library against the fact-checks (progress
in the list's title) and another builds the related-claims index.  The results are kept in memory
(:class:`newsreader.ui.checks.Checks`), per article, with what they were computed under.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from textual import work
from textual.reactive import var
from textual.screen import Screen
from textual.worker import get_current_worker

from newsreader.ui import checks as checking
from newsreader.ui.checks import (
    NOTHING,
    ArticleChecked,
    Checks,
    ClaimChecks,
    ClaimsCheckProgress,
    LibraryChecked,
    RelatedBuilt,
)
from newsreader.ui.widgets.article_table import ArticleTable

if TYPE_CHECKING:
    from newsreader.library.related import RelatedIndex
    from newsreader.ui.app import NewsReader
    from newsreader.ui.widgets.checks_panel import ChecksPanel, PanelState


def _cancelled() -> bool:
    return get_current_worker().is_cancelled


class Checking(Screen[None]):
    check_progress: var[tuple[int, int] | None] = var(None)  # (done, total) claims of the library pass

    # Provided by the reader screen:
    article: Any
    analysis: Any
    shown_claims: Any
    library: Any
    _query: Any

    if TYPE_CHECKING:
        @property
        def app(self) -> NewsReader: ...  # type: ignore[override]
        @property
        def view(self) -> Any: ...
        @property
        def table(self) -> Any: ...
        def current_claim(self) -> Any: ...
        def go_to_claim(self, index: int) -> None: ...
        def panel(self, name: str) -> Any: ...
        def preview(self, path: str | None) -> None: ...
        def show_article(self, path: str) -> None: ...
        def _touch(self) -> None: ...
        def _rows(self, entries: list) -> list: ...
        def apply_filter(self, text: str) -> None: ...
        @property
        def list_pane(self) -> Any: ...

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checks = Checks()
        self.article_flags: dict[str, int] = {}  # by article id: claims with a fact-check match (list marker ⚑)
        self._signature_now: object = None  # the fact-checks' signature as of the last drawing of the article

    # -- the open article ---------------------------------------------------------------------
    def _signature(self) -> object:
        from newsreader.factchecks.matching import signature

        return signature()

    def claim_checks(self, claim: Any) -> ClaimChecks:
        """What is known of ``claim`` of the open article (nothing, until its check arrives), as of
        the last drawing of the article."""
        if self.article is None or claim is None:
            return NOTHING
        if self._signature_now is None:
            self._signature_now = self._signature()
        return self.checks.of(self.article.id, self._signature_now, (claim.start, claim.end))

    def check_markers(self, claims: Any) -> list[tuple[int, str, str]]:
        """The fact-check and differing-figure marks after ``claims`` (and, if what is known of the
        open article is out of date, a check of it in the background)."""
        from newsreader.ui import highlights

        if self.article is None or self.analysis is None or not self.article.ok:
            return []
        self._signature_now = self._signature()  # (two stat calls: a new import or verdict changes it)
        self._ensure_checked(self._signature_now)
        return highlights.check_markers(claims, self.claim_checks)

    def _ensure_checked(self, signature: object) -> None:
        checks, article = self.checks, self.article
        if not checks.missing(article.id, signature):
            return
        key = (article.id, signature, checks.related_version)
        if checks.pending == key:
            return
        checks.pending = key
        claims = [(claim.start, claim.end, claim.text) for claim in self.analysis.claims]
        self.check_article(article.id, claims, checks.related_index, checks.related_version)
        if checks.library_signature is not None and checks.library_signature != signature:
            checks.library_signature = None  # a new import or verdict: match the library again
            self.check_library(checks.known(signature))

    @work(thread=True, exclusive=True, group="check-article")
    def check_article(self, article_id: str, claims: list[tuple[int, int, str]], index: RelatedIndex | None,
                      version: int) -> None:
        checking.check_article(article_id, claims, index, version, self.post_message, _cancelled)

    def on_article_checked(self, message: ArticleChecked) -> None:
        checks = self.checks
        if checks.pending == (message.article_id, message.signature, message.version):
            checks.pending = None
        checks.matcher_size = message.matcher_size
        checks.add_matches(message.signature, {message.article_id: message.matches})
        if message.related is not None and message.version == checks.related_version:
            checks.related[message.article_id] = (message.version, message.related)
        self.checks_found({message.article_id: message.matches})
        if self.article is not None and self.article.id == message.article_id:
            self._touch()

    # -- the whole library --------------------------------------------------------------------
    def library_indexed(self) -> None:
        """The index has caught up with the files: match what it has not matched yet, and build
        the related-claims index again (the library may have changed)."""
        self.check_library(self.checks.known(self._signature()))
        self.build_related()

    @work(thread=True, exclusive=True, group="check-library")
    def check_library(self, known: tuple[object, frozenset[str]]) -> None:
        checking.check_library(self.library.index, known, self.post_message, self.library.stop, _cancelled)

    def on_claims_check_progress(self, message: ClaimsCheckProgress) -> None:
        self.check_progress = None if message.done >= message.total else (message.done, message.total)

    def on_library_checked(self, message: LibraryChecked) -> None:
        checks = self.checks
        checks.matcher_size = message.matcher_size
        checks.add_matches(message.signature, message.found)
        if message.done:
            checks.library_signature = message.signature
            self.check_progress = None
        self.checks_found(message.found)
        if message.found and self._query.terms.get("checked"):
            self.apply_filter(self.list_pane.filter_text)

    def checks_found(self, found: dict[str, dict[Any, Any]]) -> None:
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
        tables = self.query(ArticleTable)
        if not tables:  # the screen is closing
            return
        table = tables.first()
        for entry in self.library.entries.values():
            if entry.id in changed:
                table.update_row(self._rows([entry])[0])

    @work(thread=True, exclusive=True, group="related")
    def build_related(self) -> None:
        checking.build_related(self.library.index, list(self.library.files), self.app.notes_store,
                               self.post_message, self.library.stop, _cancelled)

    def on_related_built(self, message: RelatedBuilt) -> None:
        checks = self.checks
        checks.related_index = message.index
        checks.related_version += 1
        checks.related.clear()
        if self.article is not None:
            self._touch()  # what the open article's claims have elsewhere is asked for again

    def checked_labels(self) -> dict[str, set[str]]:
        """By article id, its claims' fact-check matches as "rating · publisher", case-folded (the
        list filter's ``checked:``); under the current fact-checks only."""
        signature = self._signature()
        return {
            article_id: {f"{match.factcheck.rating or ''} · {match.factcheck.publisher or ''}".casefold()
                         for matches in by_span.values() for match in matches}
            for article_id, (made, by_span) in self.checks.matches.items() if made == signature and by_span
        }

    # -- the checks panel ---------------------------------------------------------------------
    def panel_state(self) -> PanelState:
        from newsreader.ui.widgets.checks_panel import PanelState

        claim = self.current_claim()
        checks = self.checks
        pending = checks.pending is not None and self.article is not None and checks.pending[0] == self.article.id
        return PanelState(
            claim=claim.text if claim is not None else None,
            checks=self.claim_checks(claim) if claim is not None else None,
            factchecks=checks.matcher_size,
            related_ready=checks.related_index is not None,
            pending=pending,
        )

    def refresh_checks_panel(self) -> None:
        panel: ChecksPanel | None = self.panel("checks")
        if panel is not None and panel.display:
            panel.show(self.panel_state())

    def on_checks_panel_related_chosen(self, event: Any) -> None:
        """Open the article of the related claim, at that claim."""
        record = event.claim
        path = self._listed_path(record.path)
        if self.table.row(path) is not None:
            self.show_article(path)
        self.preview(path)
        if self.article is None or self.article.id != record.article_id:
            return  # (the file changed since the index read it)
        for number, claim in enumerate(self.shown_claims):
            if claim.start == record.start and claim.end == record.end:
                self.go_to_claim(number)
                break
        else:
            self.view.scroll_to_anchor(record.start)
        self.view.focus()

    def _listed_path(self, path: str) -> str:
        """The list's name for the file the index keeps under ``path`` (its absolute path)."""
        if path in self.library.entries:
            return path
        return next((listed for listed in self.library.files if os.path.abspath(listed) == path), path)

    def on_checks_panel_fact_check_chosen(self, event: Any) -> None:
        from newsreader.sanitize import clean_line

        factcheck = event.factcheck
        lines = [clean_line(factcheck.claim), clean_line(factcheck.url or "")]
        title = " · ".join(part for part in (clean_line(factcheck.rating or ""), clean_line(factcheck.publisher or ""))
                           if part)
        self.notify("\n".join(line for line in lines if line), title=title or "Fact-check", markup=False, timeout=20)
