"""The newsreader app: a list of articles beside a reader pane."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from typing import TYPE_CHECKING
from newsreader.articles import Article, load_article
from newsreader.config import Config, editing_config
from newsreader.index import IndexRow, LibraryIndex, quick_row
from newsreader.library import ReadState, default_roots, discover
from newsreader.storage import StorageError
from newsreader.query import parse_query, words_match
from newsreader.themes import load_themes
from newsreader.ui.article_table import ArticleTable, Row
from newsreader.ui.article_view import ArticleView
from newsreader.ui.document import KIND_MARKERS, article_units
from newsreader.ui.theming import DEFAULT_THEME, derive_app_variables, textual_theme

# Widgets and screens not in the first frame are imported when first used (start-up time).

if TYPE_CHECKING:
    from textual.widgets import OptionList, ProgressBar

    from newsreader.analysis import Analysis
    from newsreader.notes import Anchor, ArticleNotes, NotesStore
    from newsreader.sources import Registry
    from newsreader.ui.notes_ui import ExportRequest, NoteItem
    from newsreader.ui.sources_ui import TagResult


def analyze(article: Article) -> Analysis:
    # Imported on first use: the claims model is not needed to paint the first frame.
    from newsreader.analysis import analyze as analyze_article

    return analyze_article(article)


class NewsReader(App[None]):
    TITLE = "newsreader"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("m", "toggle_read", "Read/unread", id="toggle_read"),
        Binding("o", "open_url", "Open URL", id="open_url"),
        Binding("escape,h", "back", "Back", id="back"),
        Binding("tab", "switch_pane", "Switch pane", id="switch_pane", show=False),
        Binding("n", "next_claim", "Next claim", id="next_claim"),
        Binding("N", "previous_claim", "Prev claim", id="previous_claim", show=False),
        Binding("c", "toggle_claims", "Claims", id="toggle_claims"),
        Binding("w", "toggle_worthy", "Worthy only", id="toggle_worthy"),
        Binding("s", "toggle_sources", "Sources", id="toggle_sources"),
        Binding("t", "tag_source", "Tag source", id="tag_source", show=False),
        Binding("a", "add_note", "Note", id="add_note"),
        Binding("v", "set_verdict", "Verdict", id="set_verdict"),
        Binding("p", "toggle_notes", "Notes", id="toggle_notes"),
        Binding("e", "export", "Export", id="export"),
        Binding("T", "change_theme", "Theme", id="change_theme", show=False),
    ]

    def __init__(self, paths: Sequence[str] = (), theme_name: str | None = None) -> None:
        super().__init__()
        self._paths = list(paths)
        self._theme_name = theme_name
        self.config = Config.load()
        self.read_state = ReadState.load()
        self.index = LibraryIndex()
        self.entries: dict[str, IndexRow] = {}  # by path: what the list knows of every file
        self.files: list[Path] = []
        self._opened: OrderedDict[str, tuple[Article, Analysis]] = OrderedDict()  # by path, most recent last
        self.current: Article | None = None
        self.synced = False  # the index has caught up with the files on disk
        self._stop = threading.Event()
        self._painted = False
        self._progress_parts: tuple[Horizontal, Static, ProgressBar] | None = None
        self._preview_timer = None
        self.claim_index: int | None = None
        self.worthy_only = False
        self._query = parse_query("")
        self._source_registry: Registry | None = None  # loaded on first use, after the first frame
        self._notes_store: NotesStore | None = None
        self.notes: ArticleNotes | None = None  # the current article's notes, once loaded
        self.article_verdicts: dict[str, set[str]] = {}  # by article id, for the list filter
        self.article_note_counts: dict[str, int] = {}  # by article id, for the list marker
        self.startup_problems = [
            problem for problem in (self.config.problem, self.read_state.problem) if problem
        ]
        self._setup_themes(theme_name)

    # -- lazily loaded parts (not needed for the first frame) -------------------
    @property
    def registry(self) -> Registry:
        if self._source_registry is None:
            from newsreader.sources import Registry

            self._source_registry = Registry.load()
            if self._source_registry.problem:
                self.startup_problems.append(self._source_registry.problem)
                self.notify(self._source_registry.problem, title="Source tags are read-only", severity="warning",
                            markup=False, timeout=10)
        return self._source_registry

    @property
    def notes_store(self) -> NotesStore:
        if self._notes_store is None:
            from newsreader.notes import NotesStore

            self._notes_store = NotesStore()
        return self._notes_store

    def _existing_panel(self, name: str) -> OptionList | None:
        """A side panel (claims, sources, notes) if it has been shown once (mounted on first use)."""
        found = self.query(f"#{name}")
        return found.first() if found else None

    async def _ensure_panel(self, name: str) -> OptionList:
        panel = self._existing_panel(name)
        if panel is None:
            if name == "claims":
                from newsreader.ui.claims_panel import ClaimsPanel

                panel = ClaimsPanel(id="claims")
            elif name == "sources":
                from newsreader.ui.sources_ui import SourcesPanel

                panel = SourcesPanel(id="sources")
            else:
                from newsreader.ui.notes_ui import NotesPanel

                panel = NotesPanel(id="notes")
            panel.display = False
            await self.query_one("#reader-pane").mount(panel)
        return panel

    # -- themes ----------------------------------------------------------------
    def _setup_themes(self, requested: str | None) -> None:
        themes = load_themes()
        for spec in themes.themes:
            self.register_theme(textual_theme(spec))
        self.startup_problems.extend(f"Theme skipped: {problem}" for problem in themes.problems)
        name = requested or self.config.theme or DEFAULT_THEME
        if name not in self.available_themes:
            self.startup_problems.append(f"Unknown theme {name!r}; using {DEFAULT_THEME}. See 'newsreader themes'.")
            name = DEFAULT_THEME
        self._saved_theme = self.config.theme
        self.theme = name

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables plus the app's own, derived from built-in themes that lack them."""
        variables = super().get_css_variables()
        variables.update(derive_app_variables(variables))
        return variables

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if name and name != self._saved_theme:
            self._saved_theme = name
            self.save_theme(name)

    @work(thread=True, exclusive=True, group="save-theme")
    def save_theme(self, name: str) -> None:
        try:
            with editing_config() as config:
                config.theme = name
        except (StorageError, OSError) as error:
            self.call_from_thread(self.notify, str(error), title="Theme not saved", severity="error", markup=False)

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="list-pane"):
                yield Static(Content("Articles"), id="list-title")
                yield ArticleTable(id="articles")
            with Vertical(id="reader-pane"):
                yield ArticleView(id="reader")
        yield Footer()
        # The filter, the indexing progress and the side panels are mounted when first needed.

    def on_mount(self) -> None:
        self.query_one(ArticleTable).focus()
        for problem in self.startup_problems:
            self.notify(problem, title="newsreader", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.files = list(discover(default_roots(self._paths, self.config)))
        self.rescan_timer = self.set_interval(self.RESCAN_SECONDS, self.rescan, pause=True)
        cached = {row.path: row for row in self.index.cached_rows(self.files)}
        missing = [path for path in self.files if str(path) not in cached]
        if len(missing) <= self.QUICK_IN_FOREGROUND:
            # A handful of new files: read their headings now, so the first frame has real titles.
            cached.update((str(path), quick_row(path)) for path in missing)
            missing = []
        self.entries = {
            str(path): cached.get(str(path)) or IndexRow(str(path), "", path.name) for path in self.files
        }
        self._show_rows()
        if self.files:
            # Paint the list first; open the first article right after.
            self.call_after_refresh(self._first_preview)
        else:
            self.query_one(ArticleView).show(article_units(Article(path="", title="No articles found", blocks=[])))
        self.call_after_refresh(self.sync_library, list(self.files), missing)
        self.call_after_refresh(self.load_notes_summary)

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

    # -- reading ---------------------------------------------------------------
    def analysis(self, article: Article) -> Analysis:
        return self.open_article(article.path)[1]

    @property
    def shown_claims(self) -> list:
        if self.current is None:
            return []
        claims = self.analysis(self.current).claims
        return [claim for claim in claims if claim.score >= 0.5] if self.worthy_only else claims

    def _preview(self, path: str | None) -> None:
        if not path or (self.current is not None and self.current.path == path):
            return
        article, _ = self.open_article(path)
        self.current = article
        self.notes = None
        self.load_notes(article)
        self.claim_index = None
        self.query_one(ArticleView).show(article_units(article, self._decorations(), self._markers()))
        self._refresh_claims_panel()
        self._refresh_sources_panel()
        self._refresh_notes_panel()

    def _decorations(self) -> list[tuple[int, int, str]]:
        decorations: list[tuple[int, int, str]] = []
        if self.current is not None:
            for source in self.analysis(self.current).sources:
                decorations.extend((start, end, "source") for start, end in source.mentions)
        for number, claim in enumerate(self.shown_claims):
            decorations.append((claim.start, claim.end, f"claim-{claim.kind}"))
            if claim.score >= 0.5:
                decorations.append((claim.start, claim.end, "claim-strong"))
            for hedge in claim.hedges:
                decorations.append((hedge.start, hedge.end, "hedge"))
            if claim.source_span:
                decorations.append((claim.source_span[0], claim.source_span[1], "source"))
            if number == self.claim_index:
                decorations.append((claim.start, claim.end, "claim-current"))
        return decorations

    def _markers(self) -> list[tuple[int, str, str]]:
        """Display-only text: a kind marker before each claim (kinds read without colour too),
        "unattributed" after claims with no source, a source's tags after each mention."""
        markers = []
        for claim in self.shown_claims:
            markers.append((claim.start, KIND_MARKERS.get(claim.kind, "*") + " ", f"claim-{claim.kind} claim-marker"))
            if claim.source is None:
                markers.append((claim.end, " ⟨unattributed⟩", "unattributed"))
            attached = self._claim_attachment(claim)
            if attached is not None and attached.verdict is not None:
                name = attached.verdict.verdict
                markers.append((claim.end, f" ⟦{name}⟧", f"verdict-{name.replace(' ', '-')}"))
            if attached is not None and attached.notes:
                markers.append((claim.end, f" ✎{len(attached.notes)}", "note-marker"))
        if self.current is not None:
            for source in self.analysis(self.current).sources:
                tags = self.source_tags(source)
                if tags:
                    label = " ⟨" + ", ".join(tags) + "⟩"
                    markers.extend((end, label, "tag") for _, end in source.mentions)
        return markers

    def source_tags(self, source) -> list[str]:
        entry = self.registry.lookup(source)
        return list(entry.tags) if entry is not None else []

    def _restyle(self) -> None:
        if self.current is not None:
            self.query_one(ArticleView).restyle(article_units(self.current, self._decorations(), self._markers()))

    def _refresh_claims_panel(self) -> None:
        panel = self._existing_panel("claims")
        if panel is not None and panel.display:
            extras = []
            for claim in self.shown_claims:
                attached = self._claim_attachment(claim)
                extra = attached.verdict_name if attached and attached.verdict else ""
                if attached and attached.notes:
                    extra = f"{extra} ✎{len(attached.notes)}".strip()
                extras.append(extra)
            panel.show_claims(self.shown_claims, self.claim_index, extras)

    def _first_preview(self) -> None:
        self._painted = True
        self._preview(self.query_one(ArticleTable).current_id)

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

    def _flush_preview(self) -> None:
        """Open the article under the cursor now if the reader has not caught up yet
        (an action on "the current article" right after a cursor move)."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
            if self._painted:
                self._preview_if_current(self.query_one(ArticleTable).current_id)

    def _preview_if_current(self, path: str | None) -> None:
        if path is not None and path == self.query_one(ArticleTable).current_id:
            self._preview(path)

    @on(ArticleTable.Selected)
    def _selected(self, event: ArticleTable.Selected) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        self._preview(event.row_id)
        self._set_read(event.row_id, True)
        self.query_one(ArticleView).focus()

    def _article_id(self, path: str) -> str:
        """The article id for a list row (a file not indexed yet is opened to learn it)."""
        entry = self.entries.get(path)
        if entry is not None and entry.id:
            return entry.id
        return self.open_article(path)[0].id

    def _set_read(self, path: str, read: bool) -> None:
        table = self.query_one(ArticleTable)
        row = table.row(path)
        if row is None or row.error or row.read == read:
            return
        self.read_state.set_read(self._article_id(path), read)
        row.read = read
        table.update_row(row)
        self._update_title()
        self.save_read_state()

    @work(thread=True, exclusive=True, group="save-state")
    def save_read_state(self) -> None:
        try:
            self.read_state.save()
        except (StorageError, OSError) as error:
            self.call_from_thread(self.notify, str(error), title="Read state not saved", severity="error", markup=False)

    # -- claims ----------------------------------------------------------------
    def _go_to_claim(self, index: int) -> None:
        claims = self.shown_claims
        if not claims:
            self.notify("No claims in this article." if not self.worthy_only else "No check-worthy claims here.")
            return
        self.claim_index = index % len(claims)
        self._restyle()
        self.query_one(ArticleView).scroll_to_anchor(claims[self.claim_index].start)
        panel = self._existing_panel("claims")
        if panel is not None and panel.display and panel.option_count > self.claim_index:
            panel.highlighted = self.claim_index

    def action_next_claim(self) -> None:
        self._flush_preview()
        self._go_to_claim(0 if self.claim_index is None else self.claim_index + 1)

    def action_previous_claim(self) -> None:
        self._flush_preview()
        self._go_to_claim(-1 if self.claim_index is None else self.claim_index - 1)

    async def action_toggle_claims(self) -> None:
        self._flush_preview()
        self._toggle_panel(await self._ensure_panel("claims"), self._refresh_claims_panel)

    def _toggle_panel(self, panel, refresh) -> None:
        """Show ``panel`` (hiding the other bottom panel) or hide it."""
        showing = not panel.display
        for other in (self._existing_panel("claims"), self._existing_panel("sources"), self._existing_panel("notes")):
            if other is None:
                continue
            other.display = False
        panel.display = showing
        if showing:
            refresh()
            panel.focus()
        else:
            self.query_one(ArticleView).focus()

    # -- sources ---------------------------------------------------------------
    def _source_rows(self) -> list:
        from newsreader.ui.sources_ui import source_rows

        if self.current is None:
            return []
        analysis = self.analysis(self.current)
        return source_rows(analysis.sources, analysis.claims, self.registry, {})

    def _refresh_sources_panel(self) -> None:
        panel = self._existing_panel("sources")
        if panel is not None and panel.display:
            panel.show(self._source_rows())

    async def action_toggle_sources(self) -> None:
        self._flush_preview()
        self._toggle_panel(await self._ensure_panel("sources"), self._refresh_sources_panel)

    def on_sources_panel_chosen(self, event) -> None:
        if event.row.first_offset is not None:
            self.query_one(ArticleView).scroll_to_anchor(event.row.first_offset)
            self.query_one(ArticleView).focus()

    def on_sources_panel_tag_requested(self, event) -> None:
        self._open_tag_screen(event.row.name, event.row.kind, event.row.tags, event.row.reliability)

    async def action_tag_source(self) -> None:
        """Tag the source of the current claim, else pick one in the sources panel."""
        self._flush_preview()
        claims = self.shown_claims
        claim = claims[self.claim_index] if self.claim_index is not None and self.claim_index < len(claims) else None
        if claim is not None and claim.source:
            row = next((row for row in self._source_rows() if row.name == claim.source), None)
            if row is not None:
                self._open_tag_screen(row.name, row.kind, row.tags, row.reliability)
                return
        panel = self._existing_panel("sources")
        if panel is None or not panel.display:
            await self.action_toggle_sources()
        self.notify("Pick a source and press t to tag it.")

    def _open_tag_screen(self, name: str, kind: str, tags: list[str], reliability: int | None) -> None:
        from newsreader.ui.sources_ui import TagScreen

        def done(result: TagResult | None) -> None:
            if result is not None:
                self._apply_tags(name, result)

        self.push_screen(TagScreen(name, kind, list(tags), reliability, self.registry.problem or ""), done)

    def _apply_tags(self, name: str, result: TagResult) -> None:
        from newsreader.sources import RegistryError

        source = next((source for source in self.analysis(self.current).sources if source.name == name), None) if self.current else None
        target = source if source is not None else name
        try:
            self.registry.untag(target, None)
            entry = self.registry.tag(target, result.tags, result.reliability)
            if result.reliability is None:
                entry.reliability = None
            text = self.registry.dumps()
        except RegistryError as error:
            self.notify(str(error), title="Tags not saved", severity="error", markup=False)
            return
        self.save_registry(text)
        self._restyle()
        self._refresh_sources_panel()
        if self._query.terms.get("tag"):
            self.apply_filter(self._filter_text())

    @work(thread=True, exclusive=True, group="save-registry")
    def save_registry(self, text: str) -> None:
        from newsreader.storage import atomic_write

        try:
            atomic_write(self.registry.path, text)
        except OSError as error:
            self.call_from_thread(
                self.notify, f"{self.registry.path}: {error.strerror or error}", title="Tags not saved",
                severity="error", markup=False,
            )

    def action_toggle_worthy(self) -> None:
        self._flush_preview()
        self.worthy_only = not self.worthy_only
        self.claim_index = None
        self._restyle()
        self._refresh_claims_panel()
        self.notify("Showing check-worthy claims only." if self.worthy_only else "Showing all claims.")

    def on_claims_panel_claim_chosen(self, event) -> None:
        self._go_to_claim(event.index)
        self.query_one(ArticleView).focus()

    @on(ArticleView.Clicked)
    def _text_clicked(self, event: ArticleView.Clicked) -> None:
        if event.offset is None:
            return
        for number, claim in enumerate(self.shown_claims):
            if claim.start <= event.offset < claim.end:
                self._go_to_claim(number)
                return

    # -- notes -----------------------------------------------------------------
    def _article_meta(self, article: Article) -> dict:
        return {"title": article.title, "path": article.path, "url": article.url}

    @work(thread=True, exclusive=True, group="notes-load")
    def load_notes(self, article: Article) -> None:
        notes = self.notes_store.load(article.id)
        self.call_from_thread(self._notes_loaded, article, notes)

    def _notes_loaded(self, article: Article, notes: ArticleNotes) -> None:
        if self.current is None or self.current.id != article.id:
            return
        had_notes = self.notes is not None and (self.notes.notes or self.notes.verdicts)
        self.notes = notes
        self._attachment_cache = None
        if not (had_notes or notes.notes or notes.verdicts or notes.error):
            self._remember_notes(notes)
            return  # nothing to draw: the page is already right
        if notes.error is not None:
            self.notify(str(notes.error), title="Notes are read-only", severity="warning", markup=False, timeout=10)
        self._remember_notes(notes)
        self._restyle()
        self._refresh_claims_panel()
        self._refresh_sources_panel()
        self._refresh_notes_panel()

    def _remember_notes(self, notes: ArticleNotes) -> None:
        """Keep the list's note marker and the verdict filter in step with ``notes``."""
        count = len(notes.notes) + len(notes.verdicts)
        verdicts = {verdict.verdict for verdict in notes.verdicts}
        if self.article_note_counts.get(notes.article_id, 0) == count and self.article_verdicts.get(notes.article_id, set()) == verdicts:
            return
        self.article_note_counts[notes.article_id] = count
        self.article_verdicts[notes.article_id] = verdicts
        table = self.query_one(ArticleTable)
        for entry in self.entries.values():
            if entry.id == notes.article_id:
                table.update_row(self._row(entry))

    @work(thread=True, exclusive=True, group="notes-summary")
    def load_notes_summary(self) -> None:
        """Which articles have notes and verdicts (for the list marker and 'verdict:' filter)."""
        try:
            ids = self.notes_store.all_article_ids()
        except Exception as error:  # NotesError: the notes folder cannot be listed
            self.call_from_thread(self.notify, str(error), title="Notes", severity="warning", markup=False)
            return
        for article_id in ids:
            notes = self.notes_store.load(article_id)
            self.call_from_thread(self._remember_notes, notes)

    _attachment_cache: tuple | None = None

    def _attachment(self):
        """This article's notes sorted onto its claims and sources (cached until they change)."""
        if self.current is None or self.notes is None:
            return None
        analysis = self.analysis(self.current)
        key = (id(self.notes), id(analysis))
        if self._attachment_cache is None or self._attachment_cache[0] != key:
            attachment = self.notes.attach(
                self.current.text,
                [(claim.start, claim.end) for claim in analysis.claims],
                [source.name for source in analysis.sources],
            )
            positions = {(claim.start, claim.end): number for number, claim in enumerate(analysis.claims)}
            self._attachment_cache = (key, attachment, positions)
        return self._attachment_cache[1]

    def _claim_attachment(self, claim):
        attachment = self._attachment()
        if attachment is None:
            return None
        positions = self._attachment_cache[2]
        index = positions.get((claim.start, claim.end))
        return attachment.claims[index] if index is not None else None

    def _current_claim(self):
        claims = self.shown_claims
        if self.claim_index is not None and self.claim_index < len(claims):
            return claims[self.claim_index]
        return None

    def _read_only_reason(self) -> str:
        return str(self.notes.error) if self.notes is not None and self.notes.error is not None else ""

    def action_add_note(self) -> None:
        """A note on the current claim, or on the article when no claim is current."""
        self._flush_preview()
        if self.current is None or not self.current.ok:
            self.notify("Open an article first.")
            return
        claim = self._current_claim()
        if claim is not None:
            self._edit_note("Note on claim", claim.text, "", target="claim", claim=claim)
        else:
            self._edit_note("Note on article", self.current.title, "", target="article")

    def _edit_note(self, heading: str, context: str, body: str, *, target: str, claim=None,
                   source: str | None = None, note_id: str | None = None) -> None:
        from newsreader.notes import Anchor
        from newsreader.ui.notes_ui import NoteEditor

        article = self.current

        def done(result: str | None) -> None:
            if result is None or article is None:
                return
            anchor = Anchor.from_span(article.text, claim.start, claim.end) if claim is not None else None
            self.save_note(article, result, target=target, anchor=anchor, source=source, note_id=note_id)

        self.push_screen(NoteEditor(heading, context, body, self._read_only_reason()), done)

    @work(thread=True, group="notes-save")
    def save_note(self, article: Article, body: str, *, target: str, anchor: Anchor | None,
                  source: str | None, note_id: str | None) -> None:
        from newsreader.notes import NotesError

        meta = self._article_meta(article)
        try:
            if note_id is not None and not body:
                self.notes_store.delete_note(article.id, note_id)
            elif note_id is not None:
                self.notes_store.update_note(article.id, note_id, body, article_meta=meta)
            elif body:
                self.notes_store.add_note(article.id, body, target=target, anchor=anchor, source=source, article_meta=meta)
            else:
                return
        except NotesError as error:
            self.call_from_thread(self.notify, str(error), title="Note not saved", severity="error", markup=False)
            return
        self.call_from_thread(self._notes_changed, article)

    def _notes_changed(self, article: Article) -> None:
        if self.current is not None and self.current.id == article.id:
            self.load_notes(article)

    def action_set_verdict(self) -> None:
        self._flush_preview()
        claim = self._current_claim()
        if claim is None or self.current is None:
            self.notify("Pick a claim first (n / N, or click it).")
            return
        attached = self._claim_attachment(claim)
        current = attached.verdict_name if attached is not None else "unchecked"
        article = self.current
        from newsreader.notes import Anchor
        from newsreader.ui.notes_ui import VerdictPicker

        def done(verdict: str | None) -> None:
            if verdict is not None:
                self.save_verdict(article, Anchor.from_span(article.text, claim.start, claim.end), verdict)

        if self._read_only_reason():
            self.notify(self._read_only_reason(), title="Notes are read-only", severity="warning", markup=False)
            return
        self.push_screen(VerdictPicker(claim.text, current), done)

    @work(thread=True, group="notes-save")
    def save_verdict(self, article: Article, anchor: Anchor, verdict: str) -> None:
        from newsreader.notes import NotesError

        try:
            self.notes_store.set_verdict(article.id, anchor, verdict, article_meta=self._article_meta(article))
        except NotesError as error:
            self.call_from_thread(self.notify, str(error), title="Verdict not saved", severity="error", markup=False)
            return
        self.call_from_thread(self._notes_changed, article)

    def _refresh_notes_panel(self) -> None:
        panel = self._existing_panel("notes")
        if panel is None or not panel.display:
            return
        from newsreader.ui.notes_ui import note_items

        attachment = self._attachment()
        if attachment is None or self.current is None:
            panel.show([])
            return
        analysis = self.analysis(self.current)
        panel.show(
            note_items(
                attachment,
                [(claim.start, claim.end, claim.text) for claim in analysis.claims],
                [source.name for source in analysis.sources],
                text=self.current.text,
                source_offsets=[source.mentions[0][0] if source.mentions else None for source in analysis.sources],
            )
        )

    async def action_toggle_notes(self) -> None:
        self._flush_preview()
        self._toggle_panel(await self._ensure_panel("notes"), self._refresh_notes_panel)

    def on_notes_panel_chosen(self, event) -> None:
        item = event.item
        if item.offset is not None:
            claims = self.shown_claims
            for number, claim in enumerate(claims):
                if claim.start <= item.offset < claim.end:
                    self._go_to_claim(number)
                    break
            else:
                self.query_one(ArticleView).scroll_to_anchor(item.offset)
            self.query_one(ArticleView).focus()
        elif item.note_id is not None and item.kind != "verdict":
            self._edit_existing(item)

    def on_notes_panel_edit_requested(self, event) -> None:
        if event.item.kind == "verdict":
            self.notify("Use v on the claim to change its verdict.")
            return
        self._edit_existing(event.item)

    def _edit_existing(self, item: NoteItem) -> None:
        self._edit_note(f"Note on {item.kind}", item.label, item.body, target=item.kind, note_id=item.note_id)

    def on_notes_panel_delete_requested(self, event) -> None:
        item = event.item
        article = self.current
        if article is None or item.note_id is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if item.kind == "verdict" and item.anchor is not None:
                self.save_verdict(article, item.anchor, "unchecked")
            else:
                self.save_note(article, "", target=item.kind, anchor=None, source=None, note_id=item.note_id)

        what = "this verdict" if item.kind == "verdict" else "this note"
        from newsreader.ui.screens import ConfirmScreen

        self.push_screen(ConfirmScreen(f"Delete {what}?", item.body or item.label), answered)

    def on_sources_panel_note_requested(self, event) -> None:
        self._edit_note("Note on source", event.row.name, "", target="source", source=event.row.name)

    # -- export ----------------------------------------------------------------
    def action_export(self) -> None:
        self._flush_preview()
        from newsreader.ui.notes_ui import ExportScreen

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_notes(request, self.current)

        self.push_screen(ExportScreen(Path.cwd(), self.current is not None and self.current.ok), done)

    @work(thread=True, exclusive=True, group="export")
    def export_notes(self, request: ExportRequest, current: Article | None) -> None:
        from newsreader.export import ExportError, export, write_output

        if request.scope == "article" and current is not None:
            chosen = [current.path]
        else:
            noted = set(self.notes_store.all_article_ids())
            chosen = [path for path, entry in list(self.entries.items()) if entry.id in noted]
        records = []
        for path in chosen:
            found = self.index.load(path)
            if found is None:
                article = load_article(path)
                found = (article, analyze(article))
            article, analysis = found
            if not article.ok:
                continue
            record = article.to_dict()
            record["claims"] = [claim.to_dict() for claim in analysis.claims]
            sources = [source.to_dict() | {"tags": self.source_tags(source)} for source in analysis.sources]
            record["sources"] = sources
            records.append(record)
        try:
            written = write_output(export(records, self.notes_store, request.fmt), request.path)
        except (ExportError, OSError) as error:
            self.call_from_thread(self.notify, str(error), title="Export failed", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, f"Exported {len(records)} article(s) to {written}", title="Export", markup=False)

    # -- actions ---------------------------------------------------------------
    def action_help(self) -> None:
        from newsreader.ui.screens import HELP_KEYS, HelpScreen

        self.push_screen(HelpScreen(HELP_KEYS))

    def _filter_text(self) -> str:
        found = self.query("#filter")
        return found.first().value if found else ""

    def action_back(self) -> None:
        found = self.query("#filter")
        filter_input = found.first() if found else None
        if filter_input is not None and filter_input.has_focus:
            if filter_input.value:
                filter_input.value = ""
            else:
                filter_input.display = False
            self.query_one(ArticleTable).focus()
        else:
            self.query_one(ArticleTable).focus()

    def action_switch_pane(self) -> None:
        self._flush_preview()
        table = self.query_one(ArticleTable)
        (self.query_one(ArticleView) if table.has_focus else table).focus()

    async def action_filter(self) -> None:
        found = self.query("#filter")
        if found:
            filter_input = found.first()
        else:
            from textual.widgets import Input

            filter_input = Input(placeholder="words · source:NAME · tag:TAG · verdict:V", id="filter")
            await self.query_one("#list-pane").mount(filter_input, before="#articles")
        filter_input.display = True
        filter_input.focus()

    def on_input_changed(self, event) -> None:
        if event.input.id != "filter":
            return
        self.apply_filter(event.value)

    def on_input_submitted(self, event) -> None:
        if event.input.id == "filter":
            self.query_one(ArticleTable).focus()

    def apply_filter(self, text: str) -> None:
        """Narrow the list: words over the list fields and (through the index) the full text;
        ``source:``/``tag:`` through the index; ``verdict:`` through the notes."""
        table = self.query_one(ArticleTable)
        query = parse_query(text)
        self._query = query
        if query.empty:
            table.set_order(range(len(table.rows)))
            self._update_title()
            return
        allowed: set[str] | None = None  # article ids every index-backed term allows

        def narrow(ids: Iterable[str]) -> None:
            nonlocal allowed
            found = set(ids)
            allowed = found if allowed is None else allowed & found

        for value in query.terms.get("source", []):
            narrow(self.index.search(value))
        for value in query.terms.get("tag", []):
            names = self.registry.names_with_tag(value)
            narrow(article_id for name in names for article_id in self.index.search(name))
        for value in query.terms.get("verdict", []):
            narrow(
                article_id for article_id, verdicts in self.article_verdicts.items()
                if any(verdict != "unchecked" and (value == "any" or verdict.startswith(value)) for verdict in verdicts)
            )
        in_text = set(self.index.search(" ".join(query.words))) if query.words else set()
        order = []
        for number, row in enumerate(table.rows):
            entry = self.entries.get(row.id)
            article_id = entry.id if entry is not None else ""
            if allowed is not None and article_id not in allowed:
                continue
            if query.words:
                fields = " ".join((row.title, row.source, entry.category if entry else "", entry.author if entry else ""))
                if not (words_match(query.words, fields) or article_id in in_text):
                    continue
            order.append(number)
        table.set_order(order)
        self._update_title()

    def action_toggle_read(self) -> None:
        table = self.query_one(ArticleTable)
        path = table.current_id if table.has_focus or self.current is None else self.current.path
        row = table.row(path or "")
        if row is not None:
            self._set_read(row.id, not row.read)

    def action_open_url(self) -> None:
        self._flush_preview()
        article = self.current
        if article is None or not article.url:
            self.notify("This article has no URL.", severity="warning")
            return
        url = article.url

        def answered(yes: bool | None) -> None:
            if yes:
                self.open_url(url)

        from newsreader.ui.screens import ConfirmScreen

        self.push_screen(ConfirmScreen("Open this link in your browser?", url), answered)

    # -- command palette -------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Open article", "Open the highlighted article in the reader", self._palette_open)
        yield SystemCommand("Back to list", "Focus the article list", self.action_back)
        yield SystemCommand("Filter articles", "Filter the list by title, source, category, author", self.action_filter)
        yield SystemCommand("Toggle read", "Mark the current article read or unread", self.action_toggle_read)
        yield SystemCommand("Open URL", "Open the article's URL in a browser", self.action_open_url)
        yield SystemCommand("Help", "Show all keys", self.action_help)
        yield SystemCommand("Switch pane", "Move between list and reader", self.action_switch_pane)
        yield SystemCommand("Next claim", "Jump to the next claim in the article", self.action_next_claim)
        yield SystemCommand("Previous claim", "Jump to the previous claim", self.action_previous_claim)
        yield SystemCommand("Claims panel", "Show or hide the list of this article's claims", self.action_toggle_claims)
        yield SystemCommand("Sources panel", "Show or hide this article's sources and their tags", self.action_toggle_sources)
        yield SystemCommand("Tag source", "Tag the current claim's source (or pick one)", self.action_tag_source)
        yield SystemCommand("Add note", "A note on the current claim, or on the article", self.action_add_note)
        yield SystemCommand("Set verdict", "Verified, false, misleading, ... for the current claim", self.action_set_verdict)
        yield SystemCommand("Notes panel", "Every note and verdict of this article", self.action_toggle_notes)
        yield SystemCommand("Export notes", "Write notes and verdicts as Markdown, YAML, JSON or CSV", self.action_export)
        yield SystemCommand(
            "Check-worthy only", "Toggle between all claims and check-worthy claims only", self.action_toggle_worthy
        )

    def _palette_open(self) -> None:
        self.query_one(ArticleTable).action_select()
