"""The find bar under the article: a box to type a phrase in and how many places it was found.

It only reports: what is typed (:class:`FindBar.Changed`), a step to the next or previous hit
(:class:`FindBar.Step`) and closing (:class:`FindBar.Closed`); the screen finds the hits
(:func:`newsreader.find.find_all`), draws them and tells the bar the count (:meth:`FindBar.show_count`).
Mounted the first time it is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from newsreader.ui.commands import bindings


class FindInput(Input):
    """The phrase box: ``Enter`` / ``↓`` next hit, ``shift+Enter`` / ``↑`` previous, ``Esc`` close
    (its own keys, so that they win over the box's and show in the key bar)."""

    BINDINGS = bindings("find")

    def action_next(self) -> None:
        self.post_message(FindBar.Step(1))

    def action_previous(self) -> None:
        self.post_message(FindBar.Step(-1))

    def action_close(self) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            bar.close()


class FindBar(Horizontal):
    """The phrase box (:class:`FindInput`) and the count."""

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        background: $boost;
    }
    FindBar > #find-label {
        width: auto;
        padding: 0 1;
        color: $text-muted;
        text-style: bold;
    }
    FindBar > Input {
        width: 1fr;
    }
    FindBar > #find-count {
        width: auto;
        min-width: 10;
        padding: 0 1;
        color: $text-muted;
    }
    FindBar > #find-count.-none {
        color: $text-error;
    }
    """

    @dataclass
    class Changed(Message):
        """The phrase to find is now ``query``."""

        query: str

    @dataclass
    class Step(Message):
        """Go to the next (``1``) or previous (``-1``) hit."""

        step: int

    class Closed(Message):
        """The bar was closed: the hits should no longer be shown."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Find"), id="find-label")
        yield FindInput(placeholder="a phrase in this article", id="find-input", compact=True)
        yield Static(Content(""), id="find-count")

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    @property
    def query_text(self) -> str:
        return self.input.value if self.display else ""

    def open(self) -> None:
        self.display = True
        self.input.focus()

    def close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def show_count(self, current: int | None, total: int, capped: bool = False) -> None:
        """``3 of 17`` (``current`` counts from 0), ``no match`` or nothing (no phrase yet)."""
        count = self.query_one("#find-count", Static)
        if not self.input.value.strip():
            text = ""
        elif not total:
            text = "no match"
        else:
            more = "+" if capped else ""
            text = f"{(current or 0) + 1} of {total}{more}" if current is not None else f"{total}{more} found"
        count.update(Content(text))
        count.set_class(bool(self.input.value.strip()) and not total, "-none")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

