"""Finding things: a phrase in the open article (``f``, the find bar), the sources of the whole
library (``L``) and the notes of the whole library (``P``).  The part of the reader screen that
looks things up and jumps to them.

:class:`Finding` is one of the reader screen's base classes.  The find bar's hits are drawn as
decorations (:meth:`Finding.find_spans`, added by the screen's redraw); the library-wide screens
dismiss with where to go, and :meth:`Finding.jump_to_claim` / :meth:`Finding.jump_to_note` open
that article with the cursor on it in the list and the reader at the claim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from newsreader.find import find_all

if TYPE_CHECKING:
    from newsreader.notes.search import NoteHit
    from newsreader.ui.app import NewsReader
    from newsreader.ui.screens.library_sources import ClaimTarget
    from newsreader.ui.widgets.find_bar import FindBar


class Finding(Screen[None]):
    # Provided by the reader screen:
    article: Any
    analysis: Any
    shown_claims: Any
    worthy_only: Any
    library: Any

    if TYPE_CHECKING:
        @property
        def app(self) -> NewsReader: ...  # type: ignore[override]
        @property
        def view(self) -> Any: ...
        @property
        def table(self) -> Any: ...
        def flush_preview(self) -> None: ...
        def preview(self, path: str | None) -> None: ...
        def show_article(self, path: str) -> None: ...
        def go_to_claim(self, index: int) -> None: ...
        def _touch(self) -> None: ...

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._find_key: tuple[int, str] | None = None  # (the article's id(), the phrase) the hits are for
        self._find_hits: list[tuple[int, int]] = []
        self._find_current: int | None = None

    # -- f: find in the article -----------------------------------------------------------
    @property
    def find_bar(self) -> FindBar | None:
        found = self.query("#find-bar")
        return found.first() if found else None  # type: ignore[return-value]

    async def action_find(self) -> None:
        self.flush_preview()
        if self.article is None or not self.article.ok:
            self.notify("Open an article first.")
            return
        bar = self.find_bar
        if bar is None:
            from newsreader.ui.widgets.find_bar import FindBar  # not in the first frame

            bar = FindBar(id="find-bar")
            await self.query_one("#reader-pane").mount(bar, after="#reader")
        bar.open()
        self._find_key = None  # count and draw again (the bar was closed: nothing was drawn)
        self._touch()
        self._show_find_hit()

    def find_spans(self) -> list[tuple[int, int, str]]:
        """The find bar's hits in the article as decorations (none while it is closed)."""
        hits = self._hits()
        spans = [(start, end, "find-hit") for start, end in hits]
        if self._find_current is not None and self._find_current < len(hits):
            start, end = hits[self._find_current]
            spans.append((start, end, "find-current"))
        return spans

    def _hits(self) -> list[tuple[int, int]]:
        """The hits of the bar's phrase in this article (found again when either changed)."""
        bar, article = self.find_bar, self.article
        phrase = bar.query_text if bar is not None else ""
        key = (id(article), phrase)
        if key != self._find_key:
            self._find_key = key
            text = article.text if article is not None and article.ok else ""
            self._find_hits = find_all(text, phrase) if phrase.strip() else []
            self._find_current = 0 if self._find_hits else None
            if bar is not None and bar.display:
                self._count()
        return self._find_hits

    def _count(self) -> None:
        bar = self.find_bar
        if bar is not None:
            from newsreader.find import MAX_HITS

            bar.show_count(self._find_current, len(self._find_hits), capped=len(self._find_hits) >= MAX_HITS)

    def _show_find_hit(self) -> None:
        hits = self._hits()
        if self._find_current is not None and self._find_current < len(hits):
            self.view.scroll_to_anchor(hits[self._find_current][0])

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self._touch()
        self._show_find_hit()

    def on_find_bar_step(self, event: FindBar.Step) -> None:
        event.stop()
        hits = self._hits()
        if not hits:
            return
        current = self._find_current if self._find_current is not None else -event.step
        self._find_current = (current + event.step) % len(hits)
        self._count()
        self._touch()
        self._show_find_hit()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self._find_key = None
        self._touch()
        self.view.focus()

    # -- L: sources across the library; P: search notes -------------------------------------
    def action_library_sources(self) -> None:
        from newsreader.ui.screens.library_sources import LibrarySourcesScreen

        self.flush_preview()
        self.app.push_screen(LibrarySourcesScreen(self.library, self.app.registry, self.app.notes_store),
                             self.jump_to_claim)

    def action_search_notes(self) -> None:
        from newsreader.ui.screens.note_search import NoteSearchScreen

        self.flush_preview()
        self.app.push_screen(NoteSearchScreen(self.app.notes_store), self.jump_to_note)

    def jump_to_claim(self, target: ClaimTarget | None) -> None:
        """Open ``target``'s article (the cursor on it in the list) at its claim, emphasised."""
        if target is None:
            return
        if not self._open(target.path):
            return
        start, end = self._placed(target.start, target.end, target.quote)
        self._go_to_span(start, end)

    def jump_to_note(self, hit: NoteHit | None) -> None:
        """Open the article of the note ``hit`` at what the note is on (its claim or source)."""
        if hit is None:
            return
        path = next((path for path, entry in self.library.entries.items() if entry.id == hit.article_id), None)
        if path is None or not self._open(path):
            if path is None:
                self.notify("This note's article is not in the library.", severity="warning")
            return
        article, analysis = self.article, self.analysis
        if hit.quote and article is not None:
            found = find_all(article.text, hit.quote, limit=1)
            if found:
                self._go_to_span(*found[0])
        elif hit.source and analysis is not None:
            source = next((source for source in analysis.sources if source.name == hit.source), None)
            if source is not None and source.mentions:
                self.view.scroll_to_anchor(min(start for start, _ in source.mentions))

    def _open(self, path: str) -> bool:
        if self.table.row(path) is None:
            self.notify("That article is no longer in the library.", severity="warning")
            return False
        self.show_article(path)  # the cursor on it (a filter that hides it is cleared)
        self.preview(path)
        self.view.focus()
        return self.article is not None and self.article.path == path

    def _placed(self, start: int, end: int, quote: str) -> tuple[int, int]:
        """Where the claim is in the open article: at its offsets, or (the file changed since) where
        its text is now, nearest to them."""
        text = self.article.text if self.article is not None else ""
        if not quote or " ".join(text[start:end].split()) == " ".join(quote.split()):
            return start, end
        found = find_all(text, quote)
        return min(found, key=lambda span: abs(span[0] - start)) if found else (start, end)

    def _go_to_span(self, start: int, end: int) -> None:
        """Make the claim over ``start``-``end`` current (all claims shown if it is not check-worthy)."""
        number = self._claim_at(start, end)
        if number is None and self.worthy_only:
            self.worthy_only = False
            number = self._claim_at(start, end)
        if number is not None:
            self.go_to_claim(number)
        else:
            self.view.scroll_to_anchor(start)

    def _claim_at(self, start: int, end: int) -> int | None:
        for number, claim in enumerate(self.shown_claims):
            if claim.start <= start < claim.end or start <= claim.start < end:
                return number
        return None
