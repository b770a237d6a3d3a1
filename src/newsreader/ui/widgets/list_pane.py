"""The left pane: a title line with counts (and a feed fetch's progress), the filter box and the
indexing progress (both mounted when first needed), and the article list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from newsreader.ui.widgets.article_table import SORTS, ArticleTable

if TYPE_CHECKING:
    from textual.widgets import Input, ProgressBar


class ListPane(Vertical):
    sort: reactive[str] = reactive("file", init=False)  # bound to the screen's
    fetching: reactive[tuple[int, int] | None] = reactive(None, init=False)  # bound: (done, total) feeds
    checking: reactive[tuple[int, int] | None] = reactive(None, init=False)  # bound: (done, total) claims

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress: tuple[Horizontal, Static, ProgressBar] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Articles"), id="list-title")
        yield ArticleTable(id="articles")

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def watch_sort(self) -> None:
        self.update_title()

    def watch_fetching(self) -> None:
        self.update_title()

    def watch_checking(self) -> None:
        self.update_title()

    def update_title(self) -> None:
        table = self.table
        total = len(table.rows)
        shown = table.visible_count
        unread = sum(1 for row in table.rows if not row.read and not row.error)
        label = f"Articles  {shown}/{total}" if shown != total else f"Articles  {total}"
        if self.fetching is not None:  # first: the list's title is as wide as the list
            done, count = self.fetching
            label = (f"Fetching feeds {done}/{count}… · " if count else "Fetching feeds… · ") + label
        if self.checking is not None:
            done, count = self.checking
            label = f"Checking claims against fact-checks {done:,}/{count:,} · " + label
        label += f" · {unread} unread"
        if self.sort != "file":
            label += f" · {SORTS[self.sort][0]}"
        self.query_one("#list-title", Static).update(Content(label))

    # -- the filter box ------------------------------------------------------------
    @property
    def filter_input(self) -> Input | None:
        found = self.query("#filter")
        return found.first() if found else None  # type: ignore[return-value]

    @property
    def filter_text(self) -> str:
        found = self.filter_input
        return found.value if found is not None and found.display else ""

    async def open_filter(self) -> None:
        filter_input = self.filter_input
        if filter_input is None:
            from textual.widgets import Input

            filter_input = Input(placeholder="words · source:NAME · feed:NAME · tag:TAG · verdict:V · note:WORDS",
                                 id="filter")
            await self.mount(filter_input, before="#articles")
        filter_input.display = True
        filter_input.focus()

    def close_filter(self) -> None:
        filter_input = self.filter_input
        if filter_input is not None:
            filter_input.value = ""
            filter_input.display = False
        self.table.focus()

    # -- indexing progress ---------------------------------------------------------
    def progress(self, done: int, total: int) -> None:
        if self._progress is None:
            if done >= total:
                return
            from textual.widgets import ProgressBar

            label, bar = Static(Content(""), id="progress-label"), ProgressBar(id="progress", show_eta=False)
            self._progress = (Horizontal(label, bar, id="progress-row"), label, bar)
            self.mount(self._progress[0], after="#list-title")
        row, label, bar = self._progress
        row.display = done < total
        label.update(Content(f"indexing {done}/{total}"))
        bar.update(total=total, progress=done)
        self.update_title()

    def progress_done(self) -> None:
        if self._progress is not None:
            self._progress[0].display = False
