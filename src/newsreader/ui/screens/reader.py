"""The reader screen: the article list beside the article, with the claims, sources and notes
panels under it.

The screen owns the state as ``var``s (the current article, its analysis and notes, the current
claim, check-worthy only, the sort) and binds it down to the list and the panels; its watchers
redraw the article.  Workers post messages (:mod:`newsreader.ui.messages`) with their results.
Notes, verdicts, tags and export are in :mod:`newsreader.ui.screens.annotate`; fetching feeds
and pages in :mod:`newsreader.ui.screens.incoming`; fact-check matches and related claims (the
checks panel) in :mod:`newsreader.ui.screens.checking`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from newsreader.articles import Article
from newsreader.library import IndexRow, discover_paths, quick_row
from newsreader.query import parse_query
from newsreader.storage import StorageError
from newsreader.ui import highlights, library_sync
from newsreader.ui.checking import Checking, CheckMessage
from newsreader.ui.commands import bindings
from newsreader.ui.document import article_units
from newsreader.ui.incoming import Incoming, IncomingMessage
from newsreader.ui.jumps import Jumps
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.library_sync import Library, list_rows, placeholder_row
from newsreader.ui.messages import (
    ArticleChecked,
    ClaimsCheckProgress,
    Exported,
    Failed,
    FeedFetched,
    FeedsDone,
    FilesChanged,
    FilesFound,
    LibraryChecked,
    NotesLoaded,
    NotesSaved,
    PageAdded,
    PageNotAdded,
    Progress,
    RelatedBuilt,
    RowsArrived,
    Synced,
    TagsSaved,
)
from newsreader.ui.screens.annotate import AnnotationMessage, Annotations
from newsreader.ui.widgets.article_table import SORTS, ArticleTable, sorted_numbers
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.list_pane import ListPane
from newsreader.ui.widgets.side_panels import find_panel, toggle_panel

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from newsreader.analysis import Analysis
    from newsreader.notes import ArticleNotes
    from newsreader.query import Query
    from newsreader.registry import Registry
    from newsreader.ui.app import NewsReader
    from newsreader.ui.checks import Checks
    from newsreader.ui.screens.notes import ExportRequest
    from newsreader.ui.screens.tags import TagResult
    from newsreader.ui.widgets.find_bar import FindBar


class ReaderScreen(Screen[None]):
    BINDINGS = bindings("reader")
    QUICK_IN_FOREGROUND = 50
    PREVIEW_DELAY = 0.1  # seconds the cursor rests before the reader follows it (key repeat is faster)
    RESCAN_SECONDS = 15.0

    article: var[Article | None] = var(None, always_update=True)
    analysis: var[Analysis | None] = var(None, always_update=True)
    notes: var[ArticleNotes | None] = var(None, always_update=True)  # the article's, once loaded
    claim_index: var[int | None] = var(None)
    worthy_only = var(False)
    shown_claims: var[list] = var(list, always_update=True)  # the claims drawn: all, or check-worthy only
    claim_extras: var[list] = var(list, always_update=True)  # each shown claim's verdict and note count
    sort = var("file")
    synced = var(False)  # the index has caught up with the files on disk
    tags_version = var(0)  # bumped when a source's tags change
    feeds_progress: var[tuple[int, int] | None] = var(None)  # (done, total) while feeds are fetched
    check_progress: var[tuple[int, int] | None] = var(None)  # (done, total) claims of the library pass

    def __init__(self, library: Library, sort: str = "file", open_path: str | None = None) -> None:
        super().__init__(id="reader-screen")
        self.library = library
        self.set_reactive(ReaderScreen.sort, sort)
        self._open_path = open_path  # a file to open at once (the command line's), until it is listed
        self._resync = False  # files came while the index was syncing: sync once more after it
        self._painted = False
        self._preview_timer: Any = None
        self._query = parse_query("")
        self._batching = 0
        self._dirty = False
        self._drawn_path: str | None = None
        self._attached: highlights.Attached | None = None
        self.article_verdicts: dict[str, set[str]] = {}  # by article id, for the list filter
        self.article_note_counts: dict[str, int] = {}  # by article id, for the list marker
        self.jumps = Jumps(self)  # L and P: to a claim or a note anywhere in the library
        self.incoming = Incoming(self)  # r and A: feeds and pages fetched
        self.checking = Checking(self)  # fact-check matches and related claims
        self.annotations = Annotations(self)  # notes, verdicts, tags, export and their dialogs

    if TYPE_CHECKING:
        @property
        def app(self) -> NewsReader: ...  # type: ignore[override]

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The screen lays the two panes side by side (app.tcss).
        yield ListPane(id="list-pane").data_bind(ReaderScreen.sort, fetching=ReaderScreen.feeds_progress,
                                                  checking=ReaderScreen.check_progress)
        with Vertical(id="reader-pane"):
            yield ArticleView(id="reader")
            yield Static(Content(""), id="reader-status")
        yield KeyBar()
        # The filter, the indexing progress and the side panels are mounted when first needed.

    @property
    def list_pane(self) -> ListPane:
        return self.query_one(ListPane)

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        # Watchers: what is drawn follows the state (several changes at once draw once: _changing).
        for name in ("article", "analysis", "worthy_only"):
            self.watch(self, name, self._claims_changed, init=False)
        for name in ("notes", "claim_index", "tags_version"):
            self.watch(self, name, self.touch, init=False)
        self.table.focus()
        self.rescan_timer = self.set_interval(self.RESCAN_SECONDS, self.rescan, pause=True)
        library = self.library
        # A first launch has no index yet: the worker creates it, not the first frame.
        indexed = library.index.path.is_file()
        library.listed = library.index.listing(library.roots) if indexed else None
        if library.listed is not None:
            # A warm start: the whole list as the last sync left it, from one read.  The worker
            # walks the folders and brings in whatever changed since.
            library.files = [row.path for row in library.listed]
            library.entries = {row.path: row for row in library.listed}
            self._show_rows()
            self.call_after_refresh(self.sync_library, None, [], list(library.files))
        else:
            library.files = list(discover_paths(library.roots))
            cached = {row.path: row for row in library.index.cached_rows(library.files)} if indexed else {}
            missing = [path for path in library.files if path not in cached]
            if len(missing) <= self.QUICK_IN_FOREGROUND:
                # A handful of new files: read their headings now, so the first frame has real titles.
                cached.update((path, quick_row(path)) for path in missing)
                missing = []
            library.entries = {path: cached.get(path) or placeholder_row(path) for path in library.files}
            self._show_rows()
            self.call_after_refresh(self.sync_library, list(library.files), missing)
        if not library.files:
            self._show_nothing()
        self._open_if_listed()
        # Paint the list first; open the first article right after.
        self.call_after_refresh(self._first_frame)
        self.call_after_refresh(self.load_notes_summary)

    def on_unmount(self) -> None:
        self.library.stop.set()

    def _first_frame(self) -> None:
        self._painted = True
        if not gc.isenabled():  # the command line turned the collector off for start-up (cli.run_app)
            # What start-up built lives as long as the app: keep it out of every later
            # collection (a few thousand start-up leftovers stay with it), then collect as usual.
            gc.freeze()
            gc.enable()
        if self.library.files:
            self.preview(self.table.current_id)

    def _show_nothing(self) -> None:
        self.view.show(article_units(Article(path="", title="No articles found", blocks=[])))

    # -- the list ----------------------------------------------------------------
    def update_rows(self, article_ids: set[str]) -> None:
        """Draw again the list's rows of these articles (their notes or fact-check marks changed)."""
        found = self.query(ArticleTable)
        if not found:  # the screen is closing (a worker can answer after the list is gone)
            return
        table = found.first()
        for entry in self.library.entries.values():
            if entry.id in article_ids:
                table.update_row(self._rows([entry])[0])

    @property
    def filter_query(self) -> Query:
        """The list filter as it was last applied."""
        return self._query

    def _rows(self, entries: list[IndexRow]) -> list:
        return list_rows(entries, self.app.read_state.read, self.article_note_counts, self.checking.article_flags)

    def _show_rows(self) -> None:
        rows = self._rows([self.library.entries[path] for path in self.library.files])
        # In the sort order from the start (at launch the cursor is then on the first row).
        self.table.set_rows(rows, sorted_numbers(rows, range(len(rows)), self.sort))
        if self.list_pane.filter_text:
            self.apply_filter(self.list_pane.filter_text)
        else:
            self.list_pane.update_title()

    def _set_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        self.library.set_files(files, known)
        self._show_rows()
        if self.article is not None and self.article.path not in self.library.entries:
            self.article = None
        self._open_if_listed()
        if self.article is None and self._painted:
            if files:
                self.preview(self.table.current_id)
            else:
                self._show_nothing()

    def update_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        """The library's files are now ``files`` (``known``: first rows of new ones): list them
        and have the index analyse what it has not seen (after the sync under way, if one is)."""
        entries = self.library.entries
        missing = [path for path in files if path not in entries and not (known and path in known)]
        self._set_files(files, known)
        if self.synced:
            self.synced = False
            self.sync_library(files, missing)
        else:
            self._resync = True

    def show_article(self, path: str) -> None:
        """Put the cursor on ``path`` (the filter is cleared if it hides it) and show it."""
        table = self.table
        if table.row(path) is None:
            return
        table.move_to(path)
        if table.current_id != path and self.list_pane.filter_text:
            self.list_pane.close_filter()
            self.apply_filter("")
            table.move_to(path)
        if self._painted:
            self.preview(path)

    def _open_if_listed(self) -> None:
        """Open the file the command line named, once the list has it: the cursor on it, the
        reader showing it, marked read (as Enter does)."""
        wanted = self._open_path
        if wanted is None:
            return
        target = os.path.abspath(wanted)
        path = wanted if wanted in self.library.entries else next(
            (path for path in self.library.files if os.path.abspath(path) == target), None)
        if path is None:
            return
        self._open_path = None
        self.show_article(path)
        self.call_after_refresh(self._opened_from_command_line, path)

    def _opened_from_command_line(self, path: str) -> None:
        self.preview(path)
        self._set_read(path, True)
        self.view.focus()

    @work(thread=True, exclusive=True, group="sync")
    def sync_library(self, files: list[str] | None, missing: list[str], shown: list[str] | None = None) -> None:
        """Bring the index up to date off the UI thread; rows reach the list in batches."""
        library_sync.sync(self.library, files, missing, shown, self.post_message)

    def on_files_found(self, message: FilesFound) -> None:
        self._set_files(message.files, message.known)

    def on_rows_arrived(self, message: RowsArrived) -> None:
        table, library = self.table, self.library
        for entry in message.rows:
            if entry.path not in library.entries:
                continue
            library.entries[entry.path] = entry
            table.update_row(self._rows([entry])[0])
            opened = library.opened.get(entry.path)
            if self.article is not None and self.article.path == entry.path and opened and opened[0].id != entry.id:
                # The file changed under the reader: show the new version.
                library.opened.pop(entry.path, None)
                self.article = None
                self.preview(entry.path)
        self.list_pane.update_title()

    def on_progress(self, message: Progress) -> None:
        self.list_pane.progress(message.done, message.total)

    def on_synced(self, message: Synced) -> None:
        self.list_pane.progress_done()
        library = self.library
        if library.index.problem:
            self.log.warning(f"index rebuilt: {library.index.problem}")
        if message.gone:
            gone = set(message.gone)
            self._set_files([path for path in library.files if path not in gone])
        if self._resync:  # files came in meanwhile (a feed, a page): they are analysed now
            self._resync = False
            missing = [path for path in library.files if not library.entries[path].id]
            self.sync_library(list(library.files), missing)
            return
        self.synced = True
        self.checking.library_indexed()  # fact-checks and related claims
        if self.sort != "file":  # the rows' dates and claim counts are all known now
            self.apply_filter(self.list_pane.filter_text)
        self.list_pane.update_title()
        rows = library.listed_rows()
        if rows != library.listed:  # what the next start paints before it walks a folder
            library.listed = rows
            self.save_listing(rows)
        self.rescan_timer.resume()

    @work(thread=True, exclusive=True, group="listing")
    def save_listing(self, rows: list[IndexRow]) -> None:
        if not self.library.stop.is_set():
            self.library.index.save_listing(self.library.roots, rows)

    def rescan(self) -> None:
        """Notice files added, changed or deleted while the app runs."""
        self.rescan_timer.pause()
        self._rescan()

    @work(thread=True, exclusive=True, group="rescan")
    def _rescan(self) -> None:
        library_sync.rescan(self.library, len(self.library.files), self.post_message)

    def on_files_changed(self, message: FilesChanged) -> None:
        if message.files is None:
            self.rescan_timer.resume()
            return
        self.update_files(message.files)

    @on(ArticleTable.Highlighted)
    def _highlighted(self, event: ArticleTable.Highlighted) -> None:
        """Follow the cursor in the reader a moment after it stops: the cursor itself moves at
        once, and holding j/k does not open every article on the way."""
        if not self._painted:
            return  # the list is being filled for the first frame: the article opens after it
        if self._preview_timer is not None:
            self._preview_timer.stop()
        path = event.row_id
        self._preview_timer = self.set_timer(self.PREVIEW_DELAY, lambda: self._preview_if_current(path))

    def flush_preview(self) -> None:
        """Open the article under the cursor now if the reader has not caught up yet
        (an action on "the current article" right after a cursor move)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
            if self._painted:
                self._preview_if_current(self.table.current_id)

    def _preview_if_current(self, path: str | None) -> None:
        tables = self.query(ArticleTable)  # (none once the app is closing: a timer may fire then)
        if path is not None and tables and path == tables.first().current_id:
            self.preview(path)

    @on(ArticleTable.Selected)
    def _selected(self, event: ArticleTable.Selected) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        self.preview(event.row_id)
        self._set_read(event.row_id, True)
        self.view.focus()

    def action_open(self) -> None:
        self.table.action_select()

    def _set_read(self, path: str, read: bool) -> None:
        row = self.table.row(path)
        if row is None or row.error or row.read == read:
            return
        self.app.read_state.set_read(self.library.article_id(path), read)
        row.read = read
        self.table.update_row(row)
        self.list_pane.update_title()
        self.save_read_state()

    @work(thread=True, exclusive=True, group="save-state")
    def save_read_state(self) -> None:
        try:
            self.app.read_state.save()
        except (StorageError, OSError) as error:
            self.post_message(Failed("Read state not saved", str(error)))

    def action_toggle_read(self) -> None:
        table = self.table
        path = table.current_id if table.has_focus or self.article is None else self.article.path
        row = table.row(path or "")
        if row is not None:
            self._set_read(row.id, not row.read)

    # -- the article and what is drawn over it ---------------------------------------
    def preview(self, path: str | None) -> None:
        # (an article from the index carries its absolute path; the list may name it relatively)
        if not path or (self.article is not None and self.article.path in (path, os.path.abspath(path))):
            return
        article, analysis = self.library.open_article(path)
        with self._changing():
            self.analysis = analysis
            self.notes = None
            self.claim_index = None
            self.article = article
        self.annotations.load_notes(article)

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Change several vars; the article is redrawn once, at the end."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching and self._dirty:
                self._redraw()

    def touch(self) -> None:
        if self._batching:
            self._dirty = True
        else:
            self._redraw()

    def _claims_changed(self) -> None:
        claims = self.analysis.claims if self.article is not None and self.analysis is not None else []
        self.shown_claims = [claim for claim in claims if claim.check_worthy] if self.worthy_only else list(claims)
        self.touch()

    @property
    def attached(self) -> highlights.Attached | None:
        """This article's notes sorted onto its claims and sources (kept until they change)."""
        if self.article is None or self.analysis is None or self.notes is None:
            return None
        key = (id(self.article), id(self.analysis), id(self.notes))
        if self._attached is None or self._attached.key != key:
            self._attached = highlights.Attached(self.article, self.analysis, self.notes)
        return self._attached

    def source_tags(self, source: Any) -> list[str]:
        entry = self.app.registry.lookup(source)
        return list(entry.tags) if entry is not None else []

    def _redraw(self) -> None:
        self._dirty = False
        article, claims = self.article, self.shown_claims
        if article is None:
            return
        attached = self.attached
        bar = self.find_bar
        units = article_units(
            article,
            highlights.decorations(self.analysis, claims, self.claim_index)
            + (bar.decorations(article.text if article.ok else "") if bar is not None else []),
            highlights.markers(self.analysis, claims, attached, self.source_tags) + self.checking.markers(claims),
        )
        if article.path == self._drawn_path:
            self.view.restyle(units)
        else:
            self._drawn_path = article.path
            self.view.show(units)
        self.claim_extras = highlights.claim_extras(claims, attached, self.checking.claim_checks)
        status = self.query_one("#reader-status", Static)
        index = self.claim_index
        status.display = index is not None and index < len(claims)
        if index is not None and status.display:
            claim = claims[index]
            where = f"claim {index + 1} of {len(claims)} · {claim.kind}"
            status.update(Content(where + (" · check-worthy" if claim.check_worthy else "")))
        self.refresh_panels()

    # -- claims ----------------------------------------------------------------
    def current_claim(self) -> Any:
        claims = self.shown_claims
        if self.claim_index is not None and self.claim_index < len(claims):
            return claims[self.claim_index]
        return None

    def go_to_claim(self, index: int) -> None:
        claims = self.shown_claims
        if not claims:
            self.notify("No claims in this article." if not self.worthy_only else "No check-worthy claims here.")
            return
        self.claim_index = index % len(claims)
        self.view.scroll_to_anchor(claims[self.claim_index].start)

    def action_next_claim(self) -> None:
        self.flush_preview()
        self.go_to_claim(0 if self.claim_index is None else self.claim_index + 1)

    def action_previous_claim(self) -> None:
        self.flush_preview()
        self.go_to_claim(-1 if self.claim_index is None else self.claim_index - 1)

    def action_toggle_worthy(self) -> None:
        self.flush_preview()
        with self._changing():
            self.claim_index = None
            self.worthy_only = not self.worthy_only
        self.notify("Showing check-worthy claims only." if self.worthy_only else "Showing all claims.")

    @on(ArticleView.Clicked)
    def _text_clicked(self, event: ArticleView.Clicked) -> None:
        if event.offset is None:
            return
        for number, claim in enumerate(self.shown_claims):
            if claim.start <= event.offset < claim.end:
                self.go_to_claim(number)
                return

    def on_claims_panel_claim_chosen(self, event: Any) -> None:
        self.go_to_claim(event.index)
        self.view.focus()

    # -- find in the article (f), across the library (L, P) ------------------------------
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
        bar.open(self.article.text)

    def on_find_bar_hits_changed(self, event: FindBar.HitsChanged) -> None:
        event.stop()
        self.touch()
        if event.current is not None:
            self.view.scroll_to_anchor(event.current[0])

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self.touch()
        self.view.focus()

    def action_library_sources(self) -> None:
        self.jumps.library_sources()

    def action_search_notes(self) -> None:
        self.jumps.search_notes()

    # -- news coming in (r, A) ----------------------------------------------------------------
    def action_fetch_feeds(self) -> None:
        self.incoming.fetch_feeds()

    def action_add_url(self) -> None:
        self.incoming.add_url()

    # -- fact-checks and related claims ------------------------------------------------------
    @property
    def checks(self) -> Checks:
        """What is known so far of the library's claims: fact-check matches, related claims."""
        return self.checking.checks

    @on(ArticleChecked)
    @on(LibraryChecked)
    @on(ClaimsCheckProgress)
    @on(RelatedBuilt)
    def _checked(self, message: CheckMessage) -> None:
        self.checking.handle(message)

    def on_checks_panel_related_chosen(self, event: Any) -> None:
        self.jumps.to_related(event.claim)

    def on_checks_panel_fact_check_chosen(self, event: Any) -> None:
        self.checking.show_factcheck(event.factcheck)

    @on(FeedFetched)
    @on(FeedsDone)
    @on(PageAdded)
    @on(PageNotAdded)
    def _incoming(self, message: IncomingMessage) -> None:
        self.incoming.handle(message)

    # -- notes, verdicts, tags, export, the article's URL (annotate.py) --------------------------
    def action_add_note(self) -> None:
        """A note on the current claim when the article or a panel has focus, else on the article."""
        self.flush_preview()
        self.annotations.add_note(on_claim=not self.table.has_focus)

    def action_set_verdict(self) -> None:
        self.flush_preview()
        self.annotations.set_verdict()

    async def action_tag_source(self) -> None:
        """Tag the source of the current claim, else pick one in the sources panel."""
        self.flush_preview()
        if self.annotations.tag_claim_source():
            return
        panel = self.panel("sources")
        if panel is None or not panel.display:
            await self.action_toggle_panel("sources")
        self.notify("Pick a source and press t to tag it.")

    def action_export(self) -> None:
        self.flush_preview()
        self.annotations.export()

    def action_open_url(self) -> None:
        self.flush_preview()
        self.annotations.open_url()

    def load_notes_summary(self) -> None:
        self.annotations.load_notes_summary()

    def export_notes(self, request: ExportRequest, current: Article | None, registry: Registry) -> None:
        self.annotations.export_notes(request, current, registry)

    def apply_tags(self, name: str, result: TagResult) -> None:
        self.annotations.apply_tags(name, result)

    @on(NotesLoaded)
    @on(NotesSaved)
    @on(TagsSaved)
    @on(Exported)
    def _annotated(self, message: AnnotationMessage) -> None:
        self.annotations.handle(message)

    def on_notes_panel_chosen(self, event: Any) -> None:
        item = event.item
        if item.offset is not None:
            for number, claim in enumerate(self.shown_claims):
                if claim.start <= item.offset < claim.end:
                    self.go_to_claim(number)
                    break
            else:
                self.view.scroll_to_anchor(item.offset)
            self.view.focus()
        elif item.note_id is not None and item.kind != "verdict":
            self.annotations.edit_item(item)

    def on_notes_panel_edit_requested(self, event: Any) -> None:
        if event.item.kind == "verdict":
            self.notify("Use v on the claim to change its verdict.")
            return
        self.annotations.edit_item(event.item)

    def on_notes_panel_delete_requested(self, event: Any) -> None:
        self.annotations.delete_item(event.item)

    def on_sources_panel_chosen(self, event: Any) -> None:
        if event.row.first_offset is not None:
            self.view.scroll_to_anchor(event.row.first_offset)
            self.view.focus()

    def on_sources_panel_note_requested(self, event: Any) -> None:
        self.annotations.edit_note("Note on source", event.row.name, "", target="source", source=event.row.name)

    def on_sources_panel_tag_requested(self, event: Any) -> None:
        row = event.row
        self.annotations.tag(row.name, row.kind, row.tags, row.reliability)

    # -- side panels -----------------------------------------------------------
    def panel(self, name: str) -> OptionList | None:
        """A side panel (claims, sources, notes) if it has been shown once (mounted on first use)."""
        return find_panel(self, name)

    async def action_toggle_panel(self, name: str) -> None:
        """Show the panel ``name`` (hiding the other one) or hide it."""
        self.flush_preview()
        panel, created = await toggle_panel(self.query_one("#reader-pane"), name, before="#reader-status")
        if created and name == "claims":  # bound as data_bind in compose would (mounted after compose)
            for attribute, var_name in (("claims", "shown_claims"), ("current", "claim_index"),
                                        ("extras", "claim_extras")):
                self.watch(self, var_name, partial(setattr, panel, attribute), init=True)
        if panel.display:
            self.refresh_panels()
            panel.focus()
        else:
            self.view.focus()

    def refresh_panels(self) -> None:
        """Give the sources and notes panels, when shown, this article's rows (the claims panel is bound)."""
        sources = self.panel("sources")
        if sources is not None and sources.display:
            sources.show(self.annotations.source_rows())  # type: ignore[attr-defined]
        notes = self.panel("notes")
        if notes is not None and notes.display:
            notes.show(self.annotations.note_items())  # type: ignore[attr-defined]
        checks = self.panel("checks")
        if checks is not None and checks.display:
            checks.show(self.checking.panel_state())  # type: ignore[attr-defined]

    # -- filter, sort, focus -----------------------------------------------------
    def action_back(self) -> None:
        pane = self.list_pane
        filter_input = pane.filter_input
        if filter_input is not None and filter_input.display:
            if filter_input.has_focus and filter_input.value:
                filter_input.value = ""  # first Esc clears the filter, the next closes it
            elif not filter_input.value:
                pane.close_filter()
        self.table.focus()

    def action_switch_pane(self) -> None:
        self.flush_preview()
        table = self.table
        (self.view if table.has_focus else table).focus()

    async def action_filter(self) -> None:
        await self.list_pane.open_filter()

    def on_input_changed(self, event: Any) -> None:
        if event.input.id == "filter":
            self.apply_filter(event.value)

    def on_input_submitted(self, event: Any) -> None:
        if event.input.id == "filter":
            self.table.focus()

    def apply_filter(self, text: str) -> None:
        """Narrow the list: words over the list fields and (through the index) the full text;
        ``source:``/``tag:`` through the index; ``verdict:`` through the notes; ``checked:`` through
        the fact-check matches known so far."""
        table = self.table
        query = parse_query(text)
        self._query = query
        if query.empty:
            table.set_order(sorted_numbers(table.rows, range(len(table.rows)), self.sort))
            self.list_pane.update_title()
            return
        order = library_sync.matching_rows(query, table.rows, self.library, self.app.registry, self.article_verdicts,
                                           self.app.notes_store,
                                           self.checking.checked_labels() if "checked" in query.terms else None)
        table.set_order(sorted_numbers(table.rows, order, self.sort))
        self.list_pane.update_title()

    def set_sort(self, name: str) -> None:
        """Order the list by ``name`` (a key of SORTS); the cursor stays on its article."""
        self.sort = name
        self.apply_filter(self.list_pane.filter_text)
        self.notify(f"Sorted: {SORTS[name][0]}", timeout=2)
        self.app.save_setting("sort", name)

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_sort(names[(names.index(self.sort) + 1) % len(names)])
