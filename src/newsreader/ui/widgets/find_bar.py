"""The find bar under the article: a box to type a phrase in and how many places it was found.

The bar owns the find: the phrase, its hits in the text it is given (:func:`newsreader.find.find_all`),
which one is current, and its keys (next, previous, close).  It reports up: the hits changed
(:class:`FindBar.HitsChanged`, with the one to scroll to) and it was closed (:class:`FindBar.Closed`);
the screen draws the hits it is handed (:meth:`FindBar.decorations`).  Mounted the first time it is opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from newsreader.find import MAX_HITS, find_all
from newsreader.ui.commands import bindings

Span = tuple[int, int]


class FindInput(Input):
    """The phrase box: ``Enter`` / ``↓`` next hit, ``shift+Enter`` / ``↑`` previous, ``Esc`` close
    (its own keys, so that they win over the box's and show in the key bar)."""

    BINDINGS = bindings("find")

    def action_next(self) -> None:
        self._bar_do("step", 1)

    def action_previous(self) -> None:
        self._bar_do("step", -1)

    def action_close(self) -> None:
        self._bar_do("close")

    def _bar_do(self, name: str, *args: int) -> None:
        bar = self.parent
        if isinstance(bar, FindBar):
            getattr(bar, name)(*args)


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
    class HitsChanged(Message):
        """The hits or the current one changed: draw ``spans`` (decorations), show ``current``."""

        spans: list[tuple[int, int, str]]
        current: Span | None

    class Closed(Message):
        """The bar was closed: the hits should no longer be shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: tuple[str, str] | None = None  # (the text, the phrase) the hits are for
        self._text = ""
        self._hits: list[Span] = []
        self._current: int | None = None

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

    def open(self, text: str) -> None:
        """Show the bar over ``text`` (the article's), the phrase kept: its hits are found again."""
        self.display = True
        self.input.focus()
        self._key = None  # count and draw again (the bar was closed: nothing was drawn)
        self._search(text)
        self._report()

    def close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def step(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) hit."""
        if not self._hits:
            return
        current = self._current if self._current is not None else -step
        self._current = (current + step) % len(self._hits)
        self._count()
        self._report()

    def decorations(self, text: str) -> list[tuple[int, int, str]]:
        """The hits of the phrase in ``text`` as decorations (none while the bar is closed)."""
        self._search(text)
        spans = [(start, end, "find-hit") for start, end in self._hits]
        if self._current is not None and self._current < len(self._hits):
            start, end = self._hits[self._current]
            spans.append((start, end, "find-current"))
        return spans

    def _search(self, text: str) -> None:
        """Find the phrase in ``text`` again if either changed."""
        self._text = text
        phrase = self.query_text
        key = (text, phrase)
        if key != self._key:
            self._key = key
            self._hits = find_all(text, phrase) if phrase.strip() else []
            self._current = 0 if self._hits else None
            if self.display:
                self._count()

    def _report(self) -> None:
        current = self._hits[self._current] if self._current is not None and self._current < len(self._hits) else None
        self.post_message(self.HitsChanged(self.decorations(self._text), current))

    def _count(self) -> None:
        self.show_count(self._current, len(self._hits), capped=len(self._hits) >= MAX_HITS)

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
        self._search(self._text)
        self._report()

