"""News coming in from the app: ``r`` fetches every subscribed feed, ``A`` adds a page by its
address.  The part of the reader screen that fetches.

:class:`Incoming` is one of the reader screen's base classes: it runs the fetches in thread
workers (:mod:`newsreader.ui.web_sync`), shows a run's progress in the list's title through
the ``feeds_progress`` var, and hands the files each fetch stored to the screen, which lists
them at once (unread) and has the index analyse them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.reactive import var
from textual.screen import Screen

from newsreader.sanitize import clean_line
from newsreader.ui import web_sync
from newsreader.ui.messages import FeedFetched, FeedsDone, PageAdded, PageNotAdded

if TYPE_CHECKING:
    from newsreader.library import IndexRow
    from newsreader.ui.app import NewsReader


class Incoming(Screen[None]):
    feeds_progress: var[tuple[int, int] | None] = var(None)  # (done, total) while feeds are fetched

    # Provided by the reader screen:
    library: Any

    if TYPE_CHECKING:
        @property
        def app(self) -> NewsReader: ...  # type: ignore[override]
        @property
        def table(self) -> Any: ...
        def update_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None: ...
        def show_article(self, path: str) -> None: ...

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._failed_url = ""  # the last address that could not be fetched: the prompt offers it again

    # -- r: every subscribed feed -----------------------------------------------------------
    def action_fetch_feeds(self) -> None:
        if self.feeds_progress is not None:
            done, total = self.feeds_progress
            self.notify(f"Already fetching feeds ({done}/{total}).", timeout=3)
            return
        self.feeds_progress = (0, 0)
        self.fetch_feeds(list(self.library.roots))

    @work(thread=True, exclusive=True, group="feeds")
    def fetch_feeds(self, roots: list[Path]) -> None:
        web_sync.fetch_feeds(roots, self.library.stop, self.post_message)

    def on_feed_fetched(self, message: FeedFetched) -> None:
        self.feeds_progress = (message.done, message.total)
        name = clean_line(message.name)
        if message.error:
            self.notify(f"{name}: {clean_line(message.error)}", title="Feed not fetched", severity="error",
                        markup=False, timeout=10)
        if message.files is not None:
            self.library.feed_names.update(dict.fromkeys(message.rows, message.name))
            self.library.roots = web_sync.with_web_root(self.library.roots)
            self.update_files(message.files, message.rows)

    def on_feeds_done(self, message: FeedsDone) -> None:
        self.feeds_progress = None
        if message.problem:
            self.notify(clean_line(message.problem), title="Feeds not fetched", severity="error", markup=False,
                        timeout=10)
        elif not message.total:
            self.notify("No feeds yet: subscribe with  newsreader feeds add URL", title="Feeds", markup=False,
                        timeout=6)
        else:
            failed = [clean_line(name) for name in message.failed]
            text = (f"{message.total - len(failed)} of {message.total} feeds fetched, "
                    f"{message.new} new article{'' if message.new == 1 else 's'}")
            if failed:
                text += "; failed: " + ", ".join(failed)
            self.notify(text, title="Feeds", severity="warning" if failed else "information", markup=False,
                        timeout=8 if failed else 4)

    # -- A: a page by its address -------------------------------------------------------------
    def action_add_url(self) -> None:
        from newsreader.ui.screens.add_url import AddUrlScreen

        self.app.push_screen(AddUrlScreen(self._failed_url), self._url_given)

    def _url_given(self, url: str | None) -> None:
        if url:
            self.notify(f"Fetching {clean_line(url)}…", title="Adding a page", markup=False, timeout=3)
            self.add_page(list(self.library.roots), url)

    @work(thread=True, group="add-page")  # (not exclusive: a second page may be on its way)
    def add_page(self, roots: list[Path], url: str) -> None:
        web_sync.add_page(roots, url, self.post_message)

    def on_page_added(self, message: PageAdded) -> None:
        if message.url == self._failed_url:
            self._failed_url = ""
        self.library.roots = web_sync.with_web_root(self.library.roots)
        self.update_files(message.files, message.rows)
        self.show_article(message.path)
        row = self.table.row(message.path)
        title = clean_line(row.title) if row is not None else clean_line(message.url)
        self.notify(title, title="Already in the library" if message.existed else "Page added", markup=False,
                    timeout=4)

    def on_page_not_added(self, message: PageNotAdded) -> None:
        self._failed_url = message.url
        self.notify(f"{clean_line(message.reason)}\n(A offers the address again.)", title="Page not added",
                    severity="error", markup=False, timeout=10)
