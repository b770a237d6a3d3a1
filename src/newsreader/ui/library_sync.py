"""Keeping the article list in step with the files: the library index, a worker that
indexes new and changed files, rescans, and opening articles (from memory, the index or
the file).  A mixin of :class:`newsreader.ui.app.NewsReader`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual import work
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from newsreader.articles import Article, load_article
from newsreader.index import IndexRow, quick_row
from newsreader.library import discover_paths
from newsreader.ui.article_table import SORTS, ArticleTable, Row, sorted_numbers

if TYPE_CHECKING:
    from newsreader.analysis import Analysis


def placeholder_row(path: str) -> IndexRow:
    """The row of a file not read yet: its name, until its heading is known."""
    return IndexRow(path, "", os.path.basename(path))


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
        rows = self._rows([self.entries[path] for path in self.files])
        # In the sort order from the start (at launch the cursor is then on the first row).
        table.set_rows(rows, sorted_numbers(rows, range(len(rows)), self.sort))
        if self._filter_text():
            self.apply_filter(self._filter_text())
        else:
            self._update_title()

    def _rows(self, entries: list[IndexRow]) -> list[Row]:
        """List rows for index entries (on a warm start 10,000 of them before the first frame)."""
        read, counts = self.read_state.read, self.article_note_counts
        rows = []
        for entry in entries:
            article_id = entry.id
            count = counts.get(article_id, 0) if counts else 0
            rows.append(Row(entry.path, entry.title, entry.source or entry.category, entry.published, entry.claims,
                            bool(article_id) and article_id in read, entry.error, f"✎{count}" if count else ""))
        return rows

    def _row(self, entry: IndexRow) -> Row:
        return self._rows([entry])[0]

    @work(thread=True, exclusive=True, group="sync")
    def sync_library(self, files: list[str] | None, missing: list[str], shown: list[str] | None = None) -> None:
        """Bring the index up to date off the UI thread; rows reach the list in batches.

        ``files is None``: the list was painted from the stored listing (``shown``); walk the
        folders first and bring in what was added or removed since."""
        if files is None:
            files = list(discover_paths(self.roots))
            if files != shown:
                known = set(shown or ())
                added = [path for path in files if path not in known]
                cached = {row.path: row for row in self.index.cached_rows(added)}
                missing = [path for path in added if path not in cached]
                self.call_from_thread(self._set_files, files, cached)
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
        if self._stop.is_set():
            return
        self.call_from_thread(self._synced, [str(path) for path in plan.gone])
        # What the next start paints before it walks a folder (kept only when it changed).
        rows = self.call_from_thread(self._listed_rows)
        if rows != self._listed and not self._stop.is_set():
            self.index.save_listing(self.roots, rows)
            self._listed = rows

    def _listed_rows(self) -> list[IndexRow]:
        return [self.entries[path] for path in self.files if path in self.entries]

    def _set_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        """The library's files are now ``files``: rows for new ones, none for removed ones."""
        known = known or {}
        kept = set(files)
        for path in [path for path in self.entries if path not in kept]:
            del self.entries[path]
            self._opened.pop(path, None)
        for path in files:
            if path not in self.entries:
                self.entries[path] = known.get(path) or placeholder_row(path)
        self.files = files
        self._show_rows()
        if self.current is not None and self.current.path not in kept:
            self.current = None
        if self.current is None and self._painted:
            if files:
                self._preview(self.query_one(ArticleTable).current_id)
            else:
                self._show_nothing()

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
            gone_set = set(gone)
            self._set_files([path for path in self.files if path not in gone_set])
        self.synced = True
        if self.sort != "file":  # the rows' dates and claim counts are all known now
            self.apply_filter(self._filter_text())
        self._update_title()
        self.rescan_timer.resume()

    def rescan(self) -> None:
        """Notice files added, changed or deleted while the app runs."""
        self.rescan_timer.pause()
        self._rescan()

    @work(thread=True, exclusive=True, group="rescan")
    def _rescan(self) -> None:
        files = list(discover_paths(self.roots))
        plan = self.index.plan(files)
        if not plan.todo and not plan.gone and len(files) == len(self.files):
            self.call_from_thread(self.rescan_timer.resume)
            return
        self.call_from_thread(self._files_changed, files)

    def _files_changed(self, files: list[str]) -> None:
        added = [path for path in files if path not in self.entries]
        self._set_files(files)
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
        if self.sort != "file":
            label += f" · {SORTS[self.sort][0]}"
        self.query_one("#list-title", Static).update(Content(label))
