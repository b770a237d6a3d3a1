"""Modal screens: help and confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

HELP_KEYS: list[tuple[str, str]] = [
    ("j / k, ↓ / ↑", "move in the list, scroll the article"),
    ("g / G", "top / bottom"),
    ("space / b", "page down / up"),
    ("Enter / l", "open the article"),
    ("Esc / h", "back to the list"),
    ("Tab", "switch pane"),
    ("S", "sort the list: library order, newest first, title, source, most claims (kept)"),
    ("/", "filter: words (title, full text), source:NAME, tag:TAG, verdict:V (or verdict:any)"),
    ("n / N", "next / previous claim"),
    ("c", "claims panel: pick a claim to jump to it"),
    ("w", "all claims / check-worthy only"),
    ("s", "sources panel: Enter jumps to the first mention"),
    ("t", "tag a source (in the sources panel, or the current claim's source)"),
    ("a", "note on the current claim (or the article; in the sources panel: on that source)"),
    ("v", "verdict for the current claim: verified, false, misleading, disputed, unproven, needs context"),
    ("p", "notes panel: Enter jumps there, e edits, x deletes"),
    ("e", "export notes and verdicts (Markdown, YAML, JSON, CSV)"),
    ("m", "mark read / unread"),
    ("o", "open the article's URL in a browser (asks first)"),
    ("T", "pick a theme (saved for next time)"),
    ("?", "this help"),
    ("ctrl+p", "command palette: every action by name"),
    ("q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-box {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    #help-box VerticalScroll {
        height: auto;
        max-height: 30;
    }
    #help-title {
        text-style: bold;
        color: $text-accent;
        margin-bottom: 1;
    }
    #help-foot {
        color: $text-muted;
        margin-top: 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self._keys) + 2
        lines = Content("\n").join(
            Content.assemble((key.ljust(width), "bold $accent"), what) for key, what in self._keys
        )
        with Vertical(id="help-box"):
            yield Static(Content("newsreader — keys"), id="help-title")
            with VerticalScroll():
                yield Static(lines, id="help-keys")
            yield Static(Content("Esc closes · the mouse works too: click a row, scroll with the wheel"), id="help-foot")


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; the text is shown literally."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    #confirm-box {
        width: 64;
        max-width: 95%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    #confirm-detail {
        color: $text-muted;
        margin: 1 0;
    }
    #confirm-buttons {
        height: auto;
        align-horizontal: right;
    }
    #confirm-buttons Button {
        margin-left: 2;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self._question = question
        self._detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content(self._question), id="confirm-question")
            if self._detail:
                yield Static(Content(self._detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
