"""The newsreader app: a list of articles beside a reader pane."""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from functools import partial

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from typing import TYPE_CHECKING
from newsreader.articles import Article
from newsreader.config import Config, editing_config
from newsreader.index import IndexRow, LibraryIndex, quick_row
from newsreader.library import ReadState, default_roots, discover_paths
from newsreader.storage import StorageError
from newsreader.query import parse_query, words_match
from newsreader.themes import load_themes
from newsreader.ui.article_table import SORTS, ArticleTable, sorted_numbers
from newsreader.ui.article_view import ArticleView
from newsreader.ui.document import KIND_MARKERS, article_units
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.library_sync import LibrarySync, placeholder_row
from newsreader.ui.notes_actions import NotesActions
from newsreader.ui.sources_actions import SourcesActions
from newsreader.ui.theming import DEFAULT_THEME, derive_app_variables, textual_theme

# Widgets and screens not in the first frame are imported when first used (start-up time).

if TYPE_CHECKING:
    from textual.widgets import OptionList, ProgressBar

    from newsreader.analysis import Analysis
    from newsreader.notes import ArticleNotes, NotesStore
    from newsreader.registry import Registry




class NewsReader(LibrarySync, SourcesActions, NotesActions, App[None]):
    TITLE = "newsreader"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    # In the order of the key bar, which leaves off at the end what a narrow terminal cannot
    # fit (every key is on the help screen).
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("n", "next_claim", "Next claim", id="next_claim"),
        Binding("N", "previous_claim", "Prev claim", id="previous_claim", show=False),
        Binding("c", "toggle_claims", "Claims", id="toggle_claims"),
        Binding("s", "toggle_sources", "Sources", id="toggle_sources"),
        Binding("a", "add_note", "Note", id="add_note"),
        Binding("v", "set_verdict", "Verdict", id="set_verdict"),
        Binding("p", "toggle_notes", "Notes", id="toggle_notes"),
        Binding("e", "export", "Export", id="export"),
        Binding("m", "toggle_read", "Read", id="toggle_read"),
        Binding("o", "open_url", "URL", id="open_url"),
        Binding("w", "toggle_worthy", "Worthy", id="toggle_worthy"),
        Binding("escape,h", "back", "Back", id="back"),
        Binding("tab", "switch_pane", "Switch pane", id="switch_pane", show=False),
        Binding("t", "tag_source", "Tag source", id="tag_source", show=False),
        Binding("T", "change_theme", "Theme", id="change_theme", show=False),
        Binding("S", "cycle_sort", "Sort", id="cycle_sort", show=False),
    ]

    def __init__(self, paths: Sequence[str] = (), theme_name: str | None = None) -> None:
        super().__init__()
        self._paths = list(paths)
        self._theme_name = theme_name
        self.config = Config.load()
        self.read_state = ReadState.load()
        self.index = LibraryIndex()
        self.entries: dict[str, IndexRow] = {}  # by path: what the list knows of every file
        self.files: list[str] = []  # every article file's path, in library order
        self.roots = default_roots(self._paths, self.config)
        self._listed: list[IndexRow] | None = None  # the list as stored in the index at start
        self._opened: OrderedDict[str, tuple[Article, Analysis]] = OrderedDict()  # by path, most recent last
        self.current: Article | None = None
        self.synced = False  # the index has caught up with the files on disk
        self._stop = threading.Event()
        self._config_lock = threading.Lock()
        self._painted = False
        self._progress_parts: tuple[Horizontal, Static, ProgressBar] | None = None
        self._preview_timer = None
        self.claim_index: int | None = None
        self.worthy_only = False
        self._query = parse_query("")
        self._source_registry: Registry | None = None  # loaded on first use, after the first frame
        self._registry_changes: deque[tuple] = deque()  # tag changes not saved yet, in order
        self._registry_saving = threading.Lock()
        self._notes_store: NotesStore | None = None
        self.notes: ArticleNotes | None = None  # the current article's notes, once loaded
        self.article_verdicts: dict[str, set[str]] = {}  # by article id, for the list filter
        self.article_note_counts: dict[str, int] = {}  # by article id, for the list marker
        self.startup_problems = [
            problem for problem in (self.config.problem, self.read_state.problem) if problem
        ]
        self.sort = self.config.sort or "file"
        if self.sort not in SORTS:
            self.startup_problems.append(
                f"Unknown sort {self.sort!r} in the config file; using library order ({', '.join(SORTS)}).")
            self.sort = "file"
        self._setup_themes(theme_name)

    # -- lazily loaded parts (not needed for the first frame) -------------------
    @property
    def registry(self) -> Registry:
        if self._source_registry is None:
            from newsreader.registry import Registry

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
        # As `self.theme = name` would, without its watcher: the watcher re-parses every
        # stylesheet once the app runs (a sixth of the time to the first frame), and at this
        # point nothing has been parsed yet; the stylesheet just needs the theme's variables.
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.update_classes({f"-theme-{name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark},
                            update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables plus the app's own, derived from built-in themes that lack them."""
        variables = super().get_css_variables()
        variables.update(derive_app_variables(variables))
        return variables

    def _theme_changed(self, theme: object) -> None:
        name = getattr(theme, "name", None)
        if name and name != self._saved_theme:
            self._saved_theme = name
            self.save_setting("theme", name)

    @work(thread=True, group="save-config")
    def save_setting(self, name: str, value: str) -> None:
        """Keep one setting (``theme``, ``sort``) in the config file, off the UI thread."""
        try:
            with self._config_lock, editing_config() as config:  # one read-change-write at a time
                setattr(config, name, value)
        except (StorageError, OSError) as error:
            self.call_from_thread(self.notify, str(error), title=f"The {name} was not saved", severity="error",
                                  markup=False)

    # -- order -----------------------------------------------------------------
    def set_sort(self, name: str) -> None:
        """Order the list by ``name`` (a key of SORTS); the cursor stays on its article."""
        self.sort = name
        self.apply_filter(self._filter_text())
        self.notify(f"Sorted: {SORTS[name][0]}", timeout=2)
        self.save_setting("sort", name)

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_sort(names[(names.index(self.sort) + 1) % len(names)])

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The screen lays the two panes side by side (app.tcss): one container fewer to draw.
        with Vertical(id="list-pane"):
            yield Static(Content("Articles"), id="list-title")
            yield ArticleTable(id="articles")
        with Vertical(id="reader-pane"):
            yield ArticleView(id="reader")
        yield KeyBar()
        # The filter, the indexing progress and the side panels are mounted when first needed.

    def on_mount(self) -> None:
        self.query_one(ArticleTable).focus()
        for problem in self.startup_problems:
            self.notify(problem, title="newsreader", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.rescan_timer = self.set_interval(self.RESCAN_SECONDS, self.rescan, pause=True)
        self.sweep_temporaries()
        # A first launch has no index yet: the worker creates it, not the first frame.
        indexed = self.index.path.is_file()
        self._listed = self.index.listing(self.roots) if indexed else None
        if self._listed is not None:
            # A warm start: the whole list as the last sync left it, from one read.  The worker
            # walks the folders and brings in whatever changed since.
            self.files = [row.path for row in self._listed]
            self.entries = {row.path: row for row in self._listed}
            self._show_rows()
            self.call_after_refresh(self.sync_library, None, [], list(self.files))
        else:
            self.files = list(discover_paths(self.roots))
            cached = {row.path: row for row in self.index.cached_rows(self.files)} if indexed else {}
            missing = [path for path in self.files if path not in cached]
            if len(missing) <= self.QUICK_IN_FOREGROUND:
                # A handful of new files: read their headings now, so the first frame has real titles.
                cached.update((path, quick_row(path)) for path in missing)
                missing = []
            self.entries = {path: cached.get(path) or placeholder_row(path) for path in self.files}
            self._show_rows()
            self.call_after_refresh(self.sync_library, list(self.files), missing)
        if not self.files:
            self._show_nothing()
        # Paint the list first; open the first article right after.
        self.call_after_refresh(self._first_frame)
        self.call_after_refresh(self.load_notes_summary)

    def _show_nothing(self) -> None:
        self.query_one(ArticleView).show(article_units(Article(path="", title="No articles found", blocks=[])))

    # -- reading ---------------------------------------------------------------
    def analysis(self, article: Article) -> Analysis:
        return self.open_article(article.path)[1]

    @property
    def shown_claims(self) -> list:
        if self.current is None:
            return []
        claims = self.analysis(self.current).claims
        return [claim for claim in claims if claim.check_worthy] if self.worthy_only else claims

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
            if claim.check_worthy:
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
            if claim.source is None and claim.score is not None:
                # (not scored: a language the models do not know, so no attribution was possible)
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

    def _first_frame(self) -> None:
        self._painted = True
        if not gc.isenabled():  # the command line turned the collector off for start-up (cli.run_app)
            # What start-up built lives as long as the app: keep it out of every later
            # collection (a few thousand start-up leftovers stay with it), then collect as usual.
            gc.freeze()
            gc.enable()
        if self.files:
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
        tables = self.query(ArticleTable)  # (none once the app is closing: a timer may fire then)
        if path is not None and tables and path == tables.first().current_id:
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

    @work(thread=True, group="sweep")
    def sweep_temporaries(self) -> None:
        """Remove the temporary files a killed newsreader left beside the user's files."""
        from newsreader.storage import sweep_user_folders

        sweep_user_folders()

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

    @on(ArticleView.Clicked)
    def _text_clicked(self, event: ArticleView.Clicked) -> None:
        if event.offset is None:
            return
        for number, claim in enumerate(self.shown_claims):
            if claim.start <= event.offset < claim.end:
                self._go_to_claim(number)
                return


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
            table.set_order(sorted_numbers(table.rows, range(len(table.rows)), self.sort))
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
        table.set_order(sorted_numbers(table.rows, order, self.sort))
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
        for name, (label, _, _) in SORTS.items():
            yield SystemCommand(f"Sort: {label}", f"Order the article list: {label}", partial(self.set_sort, name))

    def _palette_open(self) -> None:
        self.query_one(ArticleTable).action_select()
