"""The newsreader app: loads the config, read state and themes, applies the user's keymap and
shows the reader screen (:mod:`newsreader.ui.screens.reader`)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from newsreader.config import Config, editing_config
from newsreader.library import ReadState, default_roots
from newsreader.storage import StorageError
from newsreader.themes import load_themes
from newsreader.ui.commands import COMMANDS, check_keymap, key_display, keys_of
from newsreader.ui.library_sync import Library
from newsreader.ui.messages import Failed
from newsreader.ui.screens.reader import ReaderScreen
from newsreader.ui.theming import DEFAULT_THEME, derive_app_variables, textual_theme
from newsreader.ui.widgets.article_table import SORTS

# Widgets and screens not in the first frame are imported when first used (start-up time).

if TYPE_CHECKING:
    from newsreader.notes import NotesStore
    from newsreader.registry import Registry


class NewsReader(App[None]):
    TITLE = "newsreader"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, paths: Sequence[str] = (), theme_name: str | None = None, open_path: str | None = None) -> None:
        """``paths``: files and folders read besides the library; ``open_path``: a file (of the
        library or of ``paths``) to open at once."""
        super().__init__()
        self.config = Config.load()
        self.read_state = ReadState.load()
        self.startup_problems = [problem for problem in (self.config.problem, self.read_state.problem) if problem]
        self.keymap, problems = check_keymap(self.config.keys)
        self.startup_problems.extend([*self.config.keys_problems, *problems])
        self.set_keymap(self.keymap)
        sort = self.config.sort or "file"
        if sort not in SORTS:
            self.startup_problems.append(
                f"Unknown sort {sort!r} in the config file; using library order ({', '.join(SORTS)}).")
            sort = "file"
        self._library = Library(default_roots(list(paths), self.config))
        self._sort = sort
        self._open_path = open_path
        self._reader: ReaderScreen | None = None
        self._config_lock = threading.Lock()
        self._source_registry: Registry | None = None  # loaded on first use, after the first frame
        self._notes_store: NotesStore | None = None
        self._setup_themes(theme_name)

    def get_default_screen(self) -> Screen:
        return self.reader

    @property
    def reader(self) -> ReaderScreen:
        """The reader screen (under any dialog)."""
        if self._reader is None:
            self._reader = ReaderScreen(self._library, self._sort, self._open_path)
        return self._reader

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

    def on_mount(self) -> None:
        for problem in self.startup_problems:
            self.notify(problem, title="newsreader", severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.sweep_temporaries()

    def on_failed(self, message: Failed) -> None:
        """A worker's problem (posted to a screen, bubbled up here)."""
        self.notify(message.text, title=message.title, severity=message.severity,  # type: ignore[arg-type]
                    markup=False, timeout=message.timeout)

    @work(thread=True, group="sweep")
    def sweep_temporaries(self) -> None:
        """Remove the temporary files a killed newsreader left beside the user's files."""
        from newsreader.storage import sweep_user_folders

        sweep_user_folders()

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
            self.post_message(Failed(f"The {name} was not saved", str(error)))

    def action_help(self) -> None:
        from newsreader.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap))

    # -- command palette -------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        reader = self.reader
        for command in COMMANDS:
            if not command.palette:
                continue
            action = "open" if command.id == "open" else command.action
            keys = " ".join(key_display(key) for key in keys_of(command, self.keymap))
            yield SystemCommand(command.palette, f"{command.help}  (key: {keys})", partial(reader.run_action, action))
        for name, (label, _, _) in SORTS.items():
            yield SystemCommand(f"Sort: {label}", f"Order the article list: {label}", partial(reader.set_sort, name))
