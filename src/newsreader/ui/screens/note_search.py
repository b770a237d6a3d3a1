"""Search every note in the library: type words, see each note that holds them all (its article,
what it is on, the words around the first match); Enter opens the article there.

The search runs in a worker (:func:`newsreader.notes.search.search_notes`) as you type; the
screen dismisses with the chosen :class:`~newsreader.notes.search.NoteHit` or ``None``.  Notes
are untrusted text: cleaned and drawn as ``Content``, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.library_sources import ResultList
from newsreader.ui.widgets.notes_panel import NOTE_MARKER, shorten

if TYPE_CHECKING:
    from newsreader.notes import NotesStore
    from newsreader.notes.search import NoteHit

MAX_SHOWN = 500


def hit_prompt(hit: NoteHit) -> Content:
    """Two lines: the article and what the note is on; then the words around the match."""
    if hit.target == "claim":
        on_what = "on claim: " + shorten(hit.quote, 80) if hit.quote else "on a claim"
    elif hit.target == "source":
        on_what = "on source: " + shorten(hit.source, 60)
    else:
        on_what = "on the article"
    first = Content.assemble(
        (f"{NOTE_MARKER} ", "$note-marker"),
        (shorten(hit.title, 80) or hit.article_id, "bold"),
        ("  ", ""),
        (on_what, "$text-muted italic"),
    )
    return Content("\n").join([first, Content(shorten(hit.excerpt, 200))])



class NoteSearchScreen(Screen["NoteHit | None"]):
    """Type words; every note holding them all is listed; Enter on one opens its article."""

    CSS_PATH = "note_search.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="note_search.close"),
        Binding("down", "to_results", "Results", show=False, id="note_search.results"),
    ]

    @dataclass
    class Found(Message):
        """The notes holding every word of ``words`` (``problems``: notes files skipped)."""

        words: str
        hits: list[NoteHit]
        problems: int

    def __init__(self, store: NotesStore, words: str = "") -> None:
        super().__init__()
        self._store = store
        self._words = words
        self._hits: list[NoteHit] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Search notes"), id="note-search-title")
        yield Input(self._words, placeholder="words in your notes (every one must be there)", id="note-search-input")
        yield Static(Content("Type words to find the notes that hold them."), id="note-search-status")
        yield ResultList(id="note-search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self._words.strip():
            self.search(self._words)

    @on(Input.Changed, "#note-search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.search(event.value)

    @on(Input.Submitted, "#note-search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_results()

    @work(thread=True, exclusive=True, group="note-search")
    def search(self, words: str) -> None:
        from newsreader.notes import NotesError
        from newsreader.notes.search import search_notes

        problems: list[NotesError] = []
        hits = search_notes(self._store, words, limit=MAX_SHOWN, skipped=problems) if words.strip() else []
        self.post_message(self.Found(words, hits, len(problems)))

    def on_note_search_screen_found(self, message: Found) -> None:
        if message.words != self.query_one(Input).value:
            return  # typed on since: a newer search is coming
        self._hits = message.hits
        results = self.query_one(OptionList)
        results.set_options([Option(hit_prompt(hit), id=str(number)) for number, hit in enumerate(message.hits)])
        count = len(message.hits)
        if not message.words.strip():
            text = "Type words to find the notes that hold them."
        elif not count:
            text = "No note holds every one of these words."
        else:
            more = f" (the first {MAX_SHOWN})" if count >= MAX_SHOWN else ""
            text = f"{count} note{'' if count == 1 else 's'}{more} · ↓ or Enter: to the list · Enter there: open"
        if message.problems:
            text += f" · {message.problems} notes file(s) could not be read"
        self.query_one("#note-search-status", Static).update(Content(text))

    def action_to_results(self) -> None:
        results = self.query_one(OptionList)
        if self._hits:
            if results.highlighted is None:
                results.highlighted = 0
            results.focus()

    @on(OptionList.OptionSelected, "#note-search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._hits[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)
