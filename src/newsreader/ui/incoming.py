"""News coming in from the app: ``r`` fetches every subscribed feed, ``A`` adds a page by its
address.

:class:`Incoming` is started by the reader screen's actions: it runs the fetches in thread
workers on the screen (the bodies are in :mod:`newsreader.ui.web_sync`), which post their results
as messages (:mod:`newsreader.ui.messages`); the screen hands those to :meth:`Incoming.handle`.
A run's progress goes to the screen's ``feeds_progress`` var (the list's title shows it), and the
files each fetch stored go to the screen's ``update_files``, which lists them at once (unread)
and has the index analyse them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from newsreader.sanitize import clean_line
from newsreader.ui import web_sync
from newsreader.ui.messages import FeedFetched, FeedsDone, PageAdded, PageNotAdded

if TYPE_CHECKING:
    from newsreader.ui.screens.reader import ReaderScreen

IncomingMessage = FeedFetched | FeedsDone | PageAdded | PageNotAdded


class Incoming:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.failed_url = ""  # the last address that could not be fetched: the prompt offers it again

    # -- r: every subscribed feed -----------------------------------------------------------
    def fetch_feeds(self) -> None:
        screen = self.screen
        if screen.feeds_progress is not None:
            done, total = screen.feeds_progress
            screen.notify(f"Already fetching feeds ({done}/{total}).", timeout=3)
            return
        screen.feeds_progress = (0, 0)
        library = screen.library
        screen.run_worker(partial(web_sync.fetch_feeds, list(library.roots), library.stop, screen.post_message),
                          thread=True, exclusive=True, group="feeds")

    # -- A: a page by its address -------------------------------------------------------------
    def add_url(self) -> None:
        from newsreader.ui.screens.add_url import AddUrlScreen

        self.screen.app.push_screen(AddUrlScreen(self.failed_url), self._url_given)

    def _url_given(self, url: str | None) -> None:
        if url:
            screen = self.screen
            screen.notify(f"Fetching {clean_line(url)}…", title="Adding a page", markup=False, timeout=3)
            # (not exclusive: a second page may be on its way)
            screen.run_worker(partial(web_sync.add_page, list(screen.library.roots), url, screen.post_message),
                              thread=True, group="add-page")

    # -- what the workers report --------------------------------------------------------------
    def handle(self, message: IncomingMessage) -> None:
        match message:
            case FeedFetched():
                self._feed_fetched(message)
            case FeedsDone():
                self._feeds_done(message)
            case PageAdded():
                self._page_added(message)
            case PageNotAdded():
                self.failed_url = message.url
                self.screen.notify(f"{clean_line(message.reason)}\n(A offers the address again.)",
                                   title="Page not added", severity="error", markup=False, timeout=10)

    def _feed_fetched(self, message: FeedFetched) -> None:
        screen = self.screen
        screen.feeds_progress = (message.done, message.total)
        name = clean_line(message.name)
        if message.error:
            screen.notify(f"{name}: {clean_line(message.error)}", title="Feed not fetched", severity="error",
                          markup=False, timeout=10)
        if message.files is not None:
            screen.library.feed_names.update(dict.fromkeys(message.rows, message.name))
            screen.library.roots = web_sync.with_web_root(screen.library.roots)
            screen.update_files(message.files, message.rows)

    def _feeds_done(self, message: FeedsDone) -> None:
        screen = self.screen
        screen.feeds_progress = None
        if message.problem:
            screen.notify(clean_line(message.problem), title="Feeds not fetched", severity="error", markup=False,
                          timeout=10)
        elif not message.total:
            screen.notify("No feeds yet: subscribe with  newsreader feeds add URL", title="Feeds", markup=False,
                          timeout=6)
        else:
            failed = [clean_line(name) for name in message.failed]
            text = (f"{message.total - len(failed)} of {message.total} feeds fetched, "
                    f"{message.new} new article{'' if message.new == 1 else 's'}")
            if failed:
                text += "; failed: " + ", ".join(failed)
            screen.notify(text, title="Feeds", severity="warning" if failed else "information", markup=False,
                          timeout=8 if failed else 4)

    def _page_added(self, message: PageAdded) -> None:
        screen = self.screen
        if message.url == self.failed_url:
            self.failed_url = ""
        screen.library.roots = web_sync.with_web_root(screen.library.roots)
        screen.update_files(message.files, message.rows)
        screen.show_article(message.path)
        row = screen.table.row(message.path)
        title = clean_line(row.title) if row is not None else clean_line(message.url)
        screen.notify(title, title="Already in the library" if message.existed else "Page added", markup=False,
                      timeout=4)
