"""The prompt of ``A``: a web address typed or pasted, fetched into the library by the reader
screen's worker.  What is not an http(s) address (``javascript:``, ``file:``) is refused
here, with the reason under the field and the text left as typed."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Static

from newsreader.sanitize import clean_line
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.dialog import Dialog, DialogBox

MAX_URL_LENGTH = 4000
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def address(text: str) -> str:
    """``text`` as the address to fetch: stripped, and ``https://`` before a bare host and path
    (``example.com/story``), as a browser's address bar does; raises FetchError naming it otherwise."""
    from newsreader.web.fetch import check_url

    text = clean_line(text)
    if text and not _SCHEME.match(text) and not text.startswith("/"):
        text = "https://" + text
    return check_url(text)


class AddUrlScreen(Dialog[str | None]):
    """Ask for a web address; Enter returns it (checked), Esc cancels."""

    CSS_PATH = "add_url.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add_url.cancel")]

    def __init__(self, value: str = "") -> None:
        super().__init__()
        self._value = value

    def compose(self) -> ComposeResult:
        with DialogBox(id="add-url-box"):
            yield Static(Content("Add a web page to the library"), id="add-url-title")
            yield Input(self._value, placeholder="https://…", max_length=MAX_URL_LENGTH, id="add-url-input")
            yield Static(Content(""), id="add-url-problem")
            yield Static(Content("Enter fetches it (http and https only) · Esc cancels"), id="add-url-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#add-url-problem", Static).display = False
        self.query_one(Input).focus()

    @property
    def problem(self) -> str:
        """What is wrong with the address last submitted ("" if nothing was)."""
        shown = self.query_one("#add-url-problem", Static)
        return str(shown.render()) if shown.display else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from newsreader.web.fetch import FetchError

        if not event.value.strip():
            self.dismiss(None)
            return
        try:
            url = address(event.value)
        except FetchError as error:
            problem = self.query_one("#add-url-problem", Static)
            problem.update(Content(f"Not added: {clean_line(error.reason)}"))
            problem.display = True
            return
        self.dismiss(url)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#add-url-problem", Static).display = False

    def action_cancel(self) -> None:
        self.dismiss(None)
