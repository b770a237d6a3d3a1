"""The reader screen: the article list beside the article, with the claims, sources and notes
panels under it.

The screen owns the state as ``var``s (the current article, its analysis and notes, the current
claim, check-worthy only, the sort) and binds it down to the list and the panels; its watchers
redraw the article.  Workers post messages (:mod:`newsreader.ui.messages`) with their results.
The features are small objects the screen owns and its actions and handlers call, each with
the messages of its workers: the list kept in step with the library, read state, filter and sort
(:mod:`newsreader.ui.listing`); notes, verdicts, tags and export
(:mod:`newsreader.ui.screens.annotate`); feeds and pages fetched (:mod:`newsreader.ui.incoming`);
fact-check matches and related claims (:mod:`newsreader.ui.checking`); going to what was found
across the library (:mod:`newsreader.ui.jumps`).  Find in the article is the find bar's
(:mod:`newsreader.ui.widgets.find_bar`).
"""

from __future__ import annotations

import gc
import os
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from newsreader.articles import Article
from newsreader.library import IndexRow
from newsreader.ui import highlights, messages
from newsreader.ui.checking import Checking, CheckMessage
from newsreader.ui.commands import bindings
from newsreader.ui.document import article_units
from newsreader.ui.drawing import Drawing
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.lazy import Lazy
from newsreader.ui.library_sync import Library
from newsreader.ui.listing import Listing, ListingMessage
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.list_pane import ListPane
from newsreader.ui.widgets.side_panels import find_panel, toggle_panel

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from newsreader.analysis import Analysis
    from newsreader.notes import ArticleNotes
    from newsreader.registry import Registry
    from newsreader.ui.app import NewsReader
    from newsreader.ui.checks import Checks
    from newsreader.ui.incoming import Incoming, IncomingMessage
    from newsreader.ui.jumps import Jumps
    from newsreader.ui.screens.annotate import AnnotationMessage, Annotations
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

    # Parts made when first used (after the first frame): their modules are not part of start-up.
    jumps: Lazy[Jumps] = Lazy("newsreader.ui.jumps", "Jumps")  # L and P: to a claim or note anywhere
    incoming: Lazy[Incoming] = Lazy("newsreader.ui.incoming", "Incoming")  # r and A: feeds and pages
    annotations: Lazy[Annotations] = Lazy("newsreader.ui.screens.annotate", "Annotations")  # notes, tags...

    def __init__(self, library: Library, sort: str = "file", open_path: str | None = None) -> None:
        super().__init__(id="reader-screen")
        self.library = library
        self.set_reactive(ReaderScreen.sort, sort)
        self._open_path = open_path  # a file to open at once (the command line's), until it is listed
        self.painted = False  # the first frame is on the screen (the article follows the cursor from then on)
        self.article_verdicts: dict[str, set[str]] = {}  # by article id, for the list filter
        self.article_note_counts: dict[str, int] = {}  # by article id, for the list marker
        self.drawing = Drawing(self)  # the article drawn from the state
        self.listing = Listing(self)  # the list: rows, read state, filter, sort
        self.checking = Checking(self)  # fact-check matches and related claims


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
        # Watchers: what is drawn follows the state (several changes at once draw once: drawing.changing).
        for name in ("article", "analysis", "worthy_only"):
            self.watch(self, name, self._claims_changed, init=False)
        for name in ("notes", "claim_index", "tags_version"):
            self.watch(self, name, self.touch, init=False)
        self.table.focus()
        self.rescan_timer = self.set_interval(self.RESCAN_SECONDS, self.rescan, pause=True)
        self.listing.start(self.QUICK_IN_FOREGROUND)
        self.open_if_listed()
        # Paint the list first; open the first article right after.
        self.call_after_refresh(self._first_frame)
        self.call_after_refresh(self.load_notes_summary)

    def on_unmount(self) -> None:
        self.library.stop.set()

    def _first_frame(self) -> None:
        self.painted = True
        if not gc.isenabled():  # the command line turned the collector off for start-up (cli.run_app)
            # What start-up built lives as long as the app: keep it out of every later
            # collection (a few thousand start-up leftovers stay with it), then collect as usual.
            gc.freeze()
            gc.enable()
        if self.library.files:
            self.preview(self.table.current_id)

    def show_nothing(self) -> None:
        self.view.show(article_units(Article(path="", title="No articles found", blocks=[])))

    # -- the list ----------------------------------------------------------------
    def update_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        """The library's files are now ``files`` (``known``: first rows of new ones)."""
        self.listing.update_files(files, known)

    def rescan(self) -> None:
        """Notice files added, changed or deleted while the app runs."""
        self.listing.rescan()

    @on(messages.FilesFound)
    @on(messages.RowsArrived)
    @on(messages.Progress)
    @on(messages.Synced)
    @on(messages.FilesChanged)
    def _listing_message(self, message: ListingMessage) -> None:
        self.listing.handle(message)

    def show_article(self, path: str) -> None:
        """Put the cursor on ``path`` (the filter is cleared if it hides it) and show it."""
        table = self.table
        if table.row(path) is None:
            return
        table.move_to(path)
        if table.current_id != path and self.list_pane.filter_text:
            self.list_pane.close_filter()
            self.listing.apply_filter("")
            table.move_to(path)
        if self.painted:
            self.preview(path)

    def open_if_listed(self) -> None:
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
        self.listing.set_read(path, True)
        self.view.focus()

    @on(ArticleTable.Highlighted)
    def _highlighted(self, event: ArticleTable.Highlighted) -> None:
        self.listing.follow(event.row_id, self.PREVIEW_DELAY)

    def flush_preview(self) -> None:
        """Open the article under the cursor now if the reader has not caught up yet
        (an action on "the current article" right after a cursor move)."""
        self.listing.flush_preview()

    @on(ArticleTable.Selected)
    def _selected(self, event: ArticleTable.Selected) -> None:
        self.listing.stop_following()
        self.preview(event.row_id)
        self.listing.set_read(event.row_id, True)
        self.view.focus()

    def action_open(self) -> None:
        self.table.action_select()

    def action_toggle_read(self) -> None:
        self.listing.toggle_read()

    # -- the article and what is drawn over it ---------------------------------------
    def preview(self, path: str | None) -> None:
        # (an article from the index carries its absolute path; the list may name it relatively)
        if not path or (self.article is not None and self.article.path in (path, os.path.abspath(path))):
            return
        article, analysis = self.library.open_article(path)
        with self.drawing.changing():
            self.analysis = analysis
            self.notes = None
            self.claim_index = None
            self.article = article
        self.annotations.load_notes(article)

    def touch(self) -> None:
        """What is drawn changed: draw the article again (once, for several changes)."""
        self.drawing.touch()

    def _claims_changed(self) -> None:
        claims = self.analysis.claims if self.article is not None and self.analysis is not None else []
        self.shown_claims = [claim for claim in claims if claim.check_worthy] if self.worthy_only else list(claims)
        self.touch()

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
        with self.drawing.changing():
            self.claim_index = None
            self.worthy_only = not self.worthy_only
        self.notify("Showing check-worthy claims only." if self.worthy_only else "Showing all claims.")

    @on(ArticleView.Clicked)
    def _text_clicked(self, event: ArticleView.Clicked) -> None:
        at = event.offset
        if at is not None and (number := highlights.claim_at(self.shown_claims, at, at + 1)) is not None:
            self.go_to_claim(number)

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

    @on(messages.ArticleChecked)
    @on(messages.LibraryChecked)
    @on(messages.ClaimsCheckProgress)
    @on(messages.RelatedBuilt)
    def _checked(self, message: CheckMessage) -> None:
        self.checking.handle(message)

    def on_checks_panel_related_chosen(self, event: Any) -> None:
        self.jumps.to_related(event.claim)

    def on_checks_panel_fact_check_chosen(self, event: Any) -> None:
        self.checking.show_factcheck(event.factcheck)

    @on(messages.FeedFetched)
    @on(messages.FeedsDone)
    @on(messages.PageAdded)
    @on(messages.PageNotAdded)
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

    @on(messages.NotesLoaded)
    @on(messages.NotesSaved)
    @on(messages.TagsSaved)
    @on(messages.Exported)
    def _annotated(self, message: AnnotationMessage) -> None:
        self.annotations.handle(message)

    def on_notes_panel_chosen(self, event: Any) -> None:
        item = event.item
        if item.offset is not None:
            number = highlights.claim_at(self.shown_claims, item.offset, item.offset + 1)
            if number is not None:
                self.go_to_claim(number)
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
            self.listing.apply_filter(event.value)

    def on_input_submitted(self, event: Any) -> None:
        if event.input.id == "filter":
            self.table.focus()

    def set_sort(self, name: str) -> None:
        """Order the list by ``name`` (a key of SORTS); the cursor stays on its article."""
        self.listing.set_sort(name)

    def action_cycle_sort(self) -> None:
        self.listing.cycle_sort()

