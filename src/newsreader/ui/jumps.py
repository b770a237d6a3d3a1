"""Going to things found across the library: a source's claim (``L``), a note (``P``), a related
claim (chosen in the checks panel).

:class:`Jumps` opens the library-wide screens and, when one is dismissed with where to go, opens
that article with the cursor on it in the list and the reader at the claim.  It works through the
reader screen's public interface (``show_article``, ``preview``, ``go_to_claim``, the state vars).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from newsreader.find import find_all
from newsreader.ui.highlights import claim_at

if TYPE_CHECKING:
    from newsreader.notes.search import NoteHit
    from newsreader.ui.screens.library_sources import ClaimTarget
    from newsreader.ui.screens.reader import ReaderScreen


class Jumps:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen

    def library_sources(self) -> None:
        from newsreader.ui.screens.library_sources import LibrarySourcesScreen

        screen, app = self.screen, self.screen.app
        screen.flush_preview()
        app.push_screen(LibrarySourcesScreen(screen.library, app.registry, app.notes_store), self.to_claim)

    def search_notes(self) -> None:
        from newsreader.ui.screens.note_search import NoteSearchScreen

        self.screen.flush_preview()
        self.screen.app.push_screen(NoteSearchScreen(self.screen.app.notes_store), self.to_note)

    def to_claim(self, target: ClaimTarget | None) -> None:
        """Open ``target``'s article (the cursor on it in the list) at its claim, emphasised."""
        if target is None or not self._open(target.path):
            return
        article = self.screen.article
        start, end = placed(article.text if article is not None else "", target.start, target.end, target.quote)
        self._go_to_span(start, end)

    def to_note(self, hit: NoteHit | None) -> None:
        """Open the article of the note ``hit`` at what the note is on (its claim or source)."""
        if hit is None:
            return
        screen = self.screen
        path = next((path for path, entry in screen.library.entries.items() if entry.id == hit.article_id), None)
        if path is None or not self._open(path):
            if path is None:
                screen.notify("This note's article is not in the library.", severity="warning")
            return
        article, analysis = screen.article, screen.analysis
        if hit.quote and article is not None:
            found = find_all(article.text, hit.quote, limit=1)
            if found:
                self._go_to_span(*found[0])
        elif hit.source and analysis is not None:
            source = next((source for source in analysis.sources if source.name == hit.source), None)
            if source is not None and source.mentions:
                screen.view.scroll_to_anchor(min(start for start, _ in source.mentions))

    def to_related(self, record: Any) -> None:
        """Open the article of a related claim (chosen in the checks panel), at that claim."""
        screen = self.screen
        path = self._listed_path(record.path)
        if screen.table.row(path) is not None:
            screen.show_article(path)
        screen.preview(path)
        if screen.article is None or screen.article.id != record.article_id:
            return  # (the file changed since the index read it)
        for number, claim in enumerate(screen.shown_claims):
            if claim.start == record.start and claim.end == record.end:
                screen.go_to_claim(number)
                break
        else:
            screen.view.scroll_to_anchor(record.start)
        screen.view.focus()

    def _listed_path(self, path: str) -> str:
        """The list's name for the file the index keeps under ``path`` (its absolute path)."""
        library = self.screen.library
        if path in library.entries:
            return path
        return next((listed for listed in library.files if os.path.abspath(listed) == path), path)

    def _open(self, path: str) -> bool:
        screen = self.screen
        if screen.table.row(path) is None:
            screen.notify("That article is no longer in the library.", severity="warning")
            return False
        screen.show_article(path)  # the cursor on it (a filter that hides it is cleared)
        screen.preview(path)
        screen.view.focus()
        return screen.article is not None and screen.article.path == path

    def _go_to_span(self, start: int, end: int) -> None:
        """Make the claim over ``start``-``end`` current (all claims shown if it is not check-worthy)."""
        screen = self.screen
        number = claim_at(screen.shown_claims, start, end)
        if number is None and screen.worthy_only:
            screen.worthy_only = False
            number = claim_at(screen.shown_claims, start, end)
        if number is not None:
            screen.go_to_claim(number)
        else:
            screen.view.scroll_to_anchor(start)


def placed(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Where a claim is in ``text``: at its offsets, or (the file changed since) where its text
    ``quote`` is now, nearest to them."""
    if not quote or " ".join(text[start:end].split()) == " ".join(quote.split()):
        return start, end
    found = find_all(text, quote)
    return min(found, key=lambda span: abs(span[0] - start)) if found else (start, end)
