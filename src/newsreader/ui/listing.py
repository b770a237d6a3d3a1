"""The article list of the reader screen: its rows kept in step with the library on disk, what
has been read, the filter and the sort.

:class:`Listing` is the screen's helper for the list.  It has the index brought up to date in
thread workers on the screen (the bodies are in :mod:`newsreader.ui.library_sync`), which post
their results as messages (:mod:`newsreader.ui.messages`) that the screen hands to
:meth:`Listing.handle`; it gives the list (:class:`~newsreader.ui.widgets.article_table.ArticleTable`)
its rows and order, and has the reader follow its cursor.  The screen owns the state it reads
(the ``sort`` and ``synced`` vars, the notes counts and verdicts by article) and the article
shown, which it changes through ``preview``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from newsreader.library import discover_paths, quick_row
from newsreader.query import parse_query
from newsreader.storage import StorageError
from newsreader.ui import library_sync
from newsreader.ui.library_sync import list_rows, placeholder_row
from newsreader.ui.messages import Failed, FilesChanged, FilesFound, Progress, RowsArrived, Synced
from newsreader.ui.widgets.article_table import SORTS, ArticleTable, sorted_numbers

if TYPE_CHECKING:
    from newsreader.library import IndexRow
    from newsreader.ui.screens.reader import ReaderScreen

ListingMessage = FilesFound | RowsArrived | Progress | Synced | FilesChanged


class Listing:
    def __init__(self, screen: ReaderScreen) -> None:
        self.screen = screen
        self.query = parse_query("")  # the filter as it was last applied
        self._resync = False  # files came while the index was syncing: sync once more after it
        self._preview_timer: Any = None

    def _run(self, work: Any, group: str) -> None:
        self.screen.run_worker(work, thread=True, exclusive=True, group=group)

    # -- at start ------------------------------------------------------------------
    def start(self, quick: int) -> None:
        """The first frame's list, then a sync in the background: the list as the last run left it
        (one read of the index), or the folders walked, with the headings of up to ``quick`` new
        files read now (real titles in the first frame)."""
        screen, library = self.screen, self.screen.library
        # A first launch has no index yet: the worker creates it, not the first frame.
        indexed = library.index.path.is_file()
        library.listed = library.index.listing(library.roots) if indexed else None
        if library.listed is not None:
            # A warm start: the whole list as the last sync left it, from one read.  The worker
            # walks the folders and brings in whatever changed since.
            library.files = [row.path for row in library.listed]
            library.entries = {row.path: row for row in library.listed}
            self.show_rows()
            screen.call_after_refresh(self.sync, None, [], list(library.files))
        else:
            library.files = list(discover_paths(library.roots))
            cached = {row.path: row for row in library.index.cached_rows(library.files)} if indexed else {}
            missing = [path for path in library.files if path not in cached]
            if len(missing) <= quick:
                # A handful of new files: read their headings now, so the first frame has real titles.
                cached.update((path, quick_row(path)) for path in missing)
                missing = []
            library.entries = {path: cached.get(path) or placeholder_row(path) for path in library.files}
            self.show_rows()
            screen.call_after_refresh(self.sync, list(library.files), missing)
        if not library.files:
            screen.show_nothing()

    # -- the reader follows the cursor -------------------------------------------------
    def follow(self, path: str | None, delay: float) -> None:
        """Follow the cursor in the reader a moment after it stops: the cursor itself moves at
        once, and holding j/k does not open every article on the way."""
        screen = self.screen
        if not screen.painted:
            return  # the list is being filled for the first frame: the article opens after it
        self.stop_following()
        self._preview_timer = screen.set_timer(delay, lambda: self._preview_if_current(path))

    def stop_following(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def flush_preview(self) -> None:
        """Open the article under the cursor now if the reader has not caught up yet."""
        if self._preview_timer is not None:
            self.stop_following()
            if self.screen.painted:
                self._preview_if_current(self.screen.table.current_id)

    def _preview_if_current(self, path: str | None) -> None:
        tables = self.screen.query(ArticleTable)  # (none once the app is closing: a timer may fire then)
        if path is not None and tables and path == tables.first().current_id:
            self.screen.preview(path)

    # -- the rows ------------------------------------------------------------------
    def rows(self, entries: list[IndexRow]) -> list:
        screen = self.screen
        return list_rows(entries, screen.app.read_state.read, screen.article_note_counts,
                         screen.checking.article_flags)

    def show_rows(self) -> None:
        screen, library = self.screen, self.screen.library
        rows = self.rows([library.entries[path] for path in library.files])
        # In the sort order from the start (at launch the cursor is then on the first row).
        screen.table.set_rows(rows, sorted_numbers(rows, range(len(rows)), screen.sort))
        if screen.list_pane.filter_text:
            self.apply_filter(screen.list_pane.filter_text)
        else:
            screen.list_pane.update_title()

    def update_rows(self, article_ids: set[str]) -> None:
        """Draw again the rows of these articles (their notes or fact-check marks changed)."""
        found = self.screen.query(ArticleTable)
        if not found:  # the screen is closing (a worker can answer after the list is gone)
            return
        table = found.first()
        for entry in self.screen.library.entries.values():
            if entry.id in article_ids:
                table.update_row(self.rows([entry])[0])

    # -- the library's files ---------------------------------------------------------
    def set_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        screen = self.screen
        screen.library.set_files(files, known)
        self.show_rows()
        if screen.article is not None and screen.article.path not in screen.library.entries:
            screen.article = None
        screen.open_if_listed()
        if screen.article is None and screen.painted:
            if files:
                screen.preview(screen.table.current_id)
            else:
                screen.show_nothing()

    def update_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        """The library's files are now ``files`` (``known``: first rows of new ones): list them
        and have the index analyse what it has not seen (after the sync under way, if one is)."""
        screen = self.screen
        entries = screen.library.entries
        missing = [path for path in files if path not in entries and not (known and path in known)]
        self.set_files(files, known)
        if screen.synced:
            screen.synced = False
            self.sync(files, missing)
        else:
            self._resync = True

    def sync(self, files: list[str] | None, missing: list[str], shown: list[str] | None = None) -> None:
        """Bring the index up to date off the UI thread; rows reach the list in batches."""
        self._run(partial(library_sync.sync, self.screen.library, files, missing, shown, self.screen.post_message),
                  "sync")

    def rescan(self) -> None:
        """Notice files added, changed or deleted while the app runs."""
        screen = self.screen
        screen.rescan_timer.pause()
        self._run(partial(library_sync.rescan, screen.library, len(screen.library.files), screen.post_message),
                  "rescan")

    def handle(self, message: ListingMessage) -> None:
        screen = self.screen
        match message:
            case FilesFound():
                self.set_files(message.files, message.known)
            case RowsArrived():
                self._rows_arrived(message.rows)
            case Progress():
                screen.list_pane.progress(message.done, message.total)
            case Synced():
                self._synced(message.gone)
            case FilesChanged():
                if message.files is None:
                    screen.rescan_timer.resume()
                else:
                    self.update_files(message.files)

    def _rows_arrived(self, rows: list[IndexRow]) -> None:
        screen, library = self.screen, self.screen.library
        table = screen.table
        for entry in rows:
            if entry.path not in library.entries:
                continue
            library.entries[entry.path] = entry
            table.update_row(self.rows([entry])[0])
            opened = library.opened.get(entry.path)
            if screen.article is not None and screen.article.path == entry.path and opened and opened[0].id != entry.id:
                # The file changed under the reader: show the new version.
                library.opened.pop(entry.path, None)
                screen.article = None
                screen.preview(entry.path)
        screen.list_pane.update_title()

    def _synced(self, gone: list[str]) -> None:
        screen, library = self.screen, self.screen.library
        screen.list_pane.progress_done()
        if library.index.problem:
            screen.log.warning(f"index rebuilt: {library.index.problem}")
        if gone:
            gone_set = set(gone)
            self.set_files([path for path in library.files if path not in gone_set])
        if self._resync:  # files came in meanwhile (a feed, a page): they are analysed now
            self._resync = False
            missing = [path for path in library.files if not library.entries[path].id]
            self.sync(list(library.files), missing)
            return
        screen.synced = True
        screen.checking.library_indexed()  # fact-checks and related claims
        if screen.sort != "file":  # the rows' dates and claim counts are all known now
            self.apply_filter(screen.list_pane.filter_text)
        screen.list_pane.update_title()
        rows = library.listed_rows()
        if rows != library.listed:  # what the next start paints before it walks a folder
            library.listed = rows
            self._run(partial(self._save_listing, rows), "listing")
        screen.rescan_timer.resume()

    def _save_listing(self, rows: list[IndexRow]) -> None:
        library = self.screen.library
        if not library.stop.is_set():
            library.index.save_listing(library.roots, rows)

    # -- read and unread -------------------------------------------------------------
    def set_read(self, path: str, read: bool) -> None:
        screen = self.screen
        row = screen.table.row(path)
        if row is None or row.error or row.read == read:
            return
        screen.app.read_state.set_read(screen.library.article_id(path), read)
        row.read = read
        screen.table.update_row(row)
        screen.list_pane.update_title()
        self._run(self._save_read_state, "save-state")

    def _save_read_state(self) -> None:
        try:
            self.screen.app.read_state.save()
        except (StorageError, OSError) as error:
            self.screen.post_message(Failed("Read state not saved", str(error)))

    def toggle_read(self) -> None:
        """Mark the highlighted article (the open one, unless the list has focus) read or unread."""
        screen = self.screen
        table = screen.table
        path = table.current_id if table.has_focus or screen.article is None else screen.article.path
        row = table.row(path or "")
        if row is not None:
            self.set_read(row.id, not row.read)

    # -- filter and sort -------------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        """Narrow the list: words over the list fields and (through the index) the full text;
        ``source:``/``tag:`` through the index; ``verdict:`` through the notes; ``checked:`` through
        the fact-check matches known so far."""
        screen = self.screen
        table = screen.table
        query = parse_query(text)
        self.query = query
        if query.empty:
            table.set_order(sorted_numbers(table.rows, range(len(table.rows)), screen.sort))
            screen.list_pane.update_title()
            return
        order = library_sync.matching_rows(query, table.rows, screen.library, screen.app.registry,
                                           screen.article_verdicts, screen.app.notes_store,
                                           screen.checking.checked_labels() if "checked" in query.terms else None)
        table.set_order(sorted_numbers(table.rows, order, screen.sort))
        screen.list_pane.update_title()

    def refilter(self, term: str) -> None:
        """Apply the filter again if it has a ``term:`` (what that term matches has changed)."""
        if self.query.terms.get(term):
            self.apply_filter(self.screen.list_pane.filter_text)

    def set_sort(self, name: str) -> None:
        """Order the list by ``name`` (a key of SORTS); the cursor stays on its article."""
        screen = self.screen
        screen.sort = name
        self.apply_filter(screen.list_pane.filter_text)
        screen.notify(f"Sorted: {SORTS[name][0]}", timeout=2)
        screen.app.save_setting("sort", name)

    def cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_sort(names[(names.index(self.screen.sort) + 1) % len(names)])
