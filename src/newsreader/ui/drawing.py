"""Drawing the open article of the reader screen from the screen's state: its claims and sources
highlighted, the find bar's hits, the markers (kinds, verdicts, notes, tags, fact-checks), the
status line under it and the side panels' rows.

:class:`Drawing` is the screen's helper for it.  The screen's watchers call :meth:`Drawing.touch`
when what is drawn changes; several changes made inside :meth:`Drawing.changing` draw once, at
the end.  An article drawn again is restyled in place (the scroll position stays).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Static

from newsreader.ui import highlights
from newsreader.ui.document import article_units

if TYPE_CHECKING:
    from newsreader.ui.screens.reader import ReaderScreen


class Drawing:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self._batching = 0
        self._dirty = False
        self._drawn_path: str | None = None
        self._attached: highlights.Attached | None = None

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Change several vars; the article is redrawn once, at the end."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching and self._dirty:
                self.redraw()

    def touch(self) -> None:
        """What is drawn changed: draw the article again (at the end of :meth:`changing`, if inside it)."""
        if self._batching:
            self._dirty = True
        else:
            self.redraw()

    @property
    def attached(self) -> highlights.Attached | None:
        """This article's notes sorted onto its claims and sources (kept until they change)."""
        screen = self.screen
        if screen.article is None or screen.analysis is None or screen.notes is None:
            return None
        key = (id(screen.article), id(screen.analysis), id(screen.notes))
        if self._attached is None or self._attached.key != key:
            self._attached = highlights.Attached(screen.article, screen.analysis, screen.notes)
        return self._attached

    def source_tags(self, source: Any) -> list[str]:
        entry = self.screen.app.registry.lookup(source)
        return list(entry.tags) if entry is not None else []

    def redraw(self) -> None:
        self._dirty = False
        screen = self.screen
        article, claims = screen.article, screen.shown_claims
        if article is None:
            return
        attached = self.attached
        bar = screen.find_bar
        units = article_units(
            article,
            highlights.decorations(screen.analysis, claims, screen.claim_index)
            + (bar.decorations(article.text if article.ok else "") if bar is not None else []),
            highlights.markers(screen.analysis, claims, attached, self.source_tags) + screen.checking.markers(claims),
        )
        if article.path == self._drawn_path:
            screen.view.restyle(units)
        else:
            self._drawn_path = article.path
            screen.view.show(units)
        screen.claim_extras = highlights.claim_extras(claims, attached, screen.checking.claim_checks)
        status = screen.query_one("#reader-status", Static)
        index = screen.claim_index
        status.display = index is not None and index < len(claims)
        if index is not None and status.display:
            claim = claims[index]
            where = f"claim {index + 1} of {len(claims)} · {claim.kind}"
            status.update(Content(where + (" · check-worthy" if claim.check_worthy else "")))
        screen.refresh_panels()
