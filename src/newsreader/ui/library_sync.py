"""Keeping the article list in step with the files: the library index, a worker that
indexes new and changed files, rescans, and opening articles (from memory, the index or
the file).  A mixin of :class:`newsreader.ui.app.NewsReader`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from newsreader.articles import Article, load_article
from newsreader.index import IndexRow, quick_row
from newsreader.library import default_roots, discover
from newsreader.ui.article_table import ArticleTable, Row

if TYPE_CHECKING:
    from newsreader.analysis import Analysis


def analyze(article: Article) -> Analysis:
    # Imported on first use: the claims model is not needed to paint the first frame.
    from newsreader.analysis import analyze as analyze_article

    return analyze_article(article)


class LibrarySync:
    # -- loading ---------------------------------------------------------------
    QUICK_IN_FOREGROUND = 50
    PREVIEW_DELAY = 0.1  # seconds the cursor rests before the reader follows it (key repeat is faster)
    RESCAN_SECONDS = 15.0
    OPENED_KEEP = 32

    def on_unmount(self) -> None:
        self._stop.set()

    def _show_rows(self) -> None:
        table = self.query_one(ArticleTable)
        table.set_rows([self._row(self.entries[str(path)]) for path in self.files])
        if self._filter_text():
            self.apply_filter(self._filter_text())
        self._update_title()

    def _row(self, entry: IndexRow) -> Row:
        return Row(
            id=entry.path,
            title=entry.title,
            source=entry.source or entry.category,
            date=entry.published,
            claims=entry.claims,
            read=bool(entry.id) and self.read_state.is_read(entry.id),
            error=entry.error,
            flag=self._note_flag(entry.id),
        )

    def _note_flag(self, article_id: str) -> str:
        count = self.article_note_counts.get(article_id, 0)
        return f"✎{count}" if count else ""

    @work(thread=True, exclusive=True, group="sync")
    def sync_library(self, files: list[Path], missing: list[Path]) -> None:
        """Bring the index up to date off the UI thread; rows reach the list in batches."""
        batch: list[IndexRow] = []
        for path in missing:  # a cold start: titles first, analysis after
            if self._stop.is_set():
                return
            batch.append(quick_row(path))
            if len(batch) >= 200:
                self.call_from_thread(self._update_entries, batch)
                batch = []
        if batch:
            self.call_from_thread(self._update_entries, batch)
        todo = len(self.index.plan(files).todo)
        if todo:
            self.call_from_thread(self._progress, 0, todo)
        done = 0

        def arrived(rows: list[IndexRow]) -> None:
            nonlocal done
            done += len(rows)
            self.call_from_thread(self._update_entries, rows)
            self.call_from_thread(self._progress, done, todo)

        plan = self.index.sync(files, on_rows=arrived, stop=self._stop)
        if not self._stop.is_set():
            self.call_from_thread(self._synced, [str(path) for path in plan.gone])

    def _progress(self, done: int, total: int) -> None:
        if self._progress_parts is None:
            if done >= total:
                return
            from textual.widgets import ProgressBar

            label, bar = Static(Content(""), id="progress-label"), ProgressBar(id="progress", show_eta=False)
            self._progress_parts = (Horizontal(label, bar, id="progress-row"), label, bar)
            self.query_one("#list-pane").mount(self._progress_parts[0], after="#list-title")
        row, label, bar = self._progress_parts
        row.display = done < total
        label.update(Content(f"indexing {done}/{total}"))
        bar.update(total=total, progress=done)
        self._update_title()

    def _update_entries(self, rows: list[IndexRow]) -> None:
        table = self.query_one(ArticleTable)
        for entry in rows:
            if entry.path not in self.entries:
                continue
            self.entries[entry.path] = entry
            table.update_row(self._row(entry))
            if self.current is not None and self.current.path == entry.path and self._opened.get(entry.path):
                # The file changed under the reader: show the new version.
                if self._opened[entry.path][0].id != entry.id:
                    self._opened.pop(entry.path, None)
                    self.current = None
                    self._preview(entry.path)
        self._update_title()

    def _synced(self, gone: list[str]) -> None:
        if self._progress_parts is not None:
            self._progress_parts[0].display = False
        if self.index.problem:
            self.log.warning(f"index rebuilt: {self.index.problem}")
        if gone:
            self.files = [path for path in self.files if str(path) not in set(gone)]
            for path in gone:
                self.entries.pop(path, None)
                self._opened.pop(path, None)
            self._show_rows()
        self.synced = True
        self._update_title()
        self.rescan_timer.resume()

    def rescan(self) -> None:
        """Notice files added, changed or deleted while the app runs."""
        self.rescan_timer.pause()
        self._rescan()

    @work(thread=True, exclusive=True, group="rescan")
    def _rescan(self) -> None:
        files = list(discover(default_roots(self._paths, self.config)))
        plan = self.index.plan(files)
        if not plan.todo and not plan.gone and len(files) == len(self.files):
            self.call_from_thread(self.rescan_timer.resume)
            return
        self.call_from_thread(self._files_changed, files)

    def _files_changed(self, files: list[Path]) -> None:
        added = [path for path in files if str(path) not in self.entries]
        for path in added:
            self.entries[str(path)] = IndexRow(str(path), "", path.name)
        self.files = files
        self._show_rows()
        self.synced = False
        self.sync_library(files, added)

    # -- articles --------------------------------------------------------------
    def open_article(self, path: str) -> tuple[Article, Analysis]:
        """The article at ``path`` and its analysis: from memory, the index, or the file itself."""
        found = self._opened.get(path)
        if found is None:
            found = self.index.load(path)
            if found is None:
                article = load_article(path)
                found = (article, analyze(article))
            self._opened[path] = found
            while len(self._opened) > self.OPENED_KEEP:
                self._opened.popitem(last=False)
        else:
            self._opened.move_to_end(path)
        return found

    def _update_title(self) -> None:
        table = self.query_one(ArticleTable)
        total = len(table.rows)
        shown = table.visible_count
        unread = sum(1 for row in table.rows if not row.read and not row.error)
        label = f"Articles  {shown}/{total}" if shown != total else f"Articles  {total}"
        label += f" · {unread} unread"
        self.query_one("#list-title", Static).update(Content(label))
