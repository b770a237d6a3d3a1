"""Sources across the library: every source the articles cite, then every claim one of them made.

The screen reads the library's cached analyses in a worker (the index's, never the files;
an article the index has not analysed yet is left out and counted), merges them with
:func:`newsreader.library.sources_across.sources_across` and lists the sources, most claims
first.  Enter on a source lists its claims in every article with their verdicts; Enter on a
claim dismisses with a :class:`ClaimTarget` (the reader opens the article at that claim).
Esc goes back from the claims to the sources, then closes.  Everything shown comes from
articles, notes or the registry: cleaned and drawn as ``Content``, never markup.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from newsreader.notes import UNCHECKED
from newsreader.sanitize import clean_line
from newsreader.ui.commands import bindings
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.widgets.notes_panel import VERDICT_MARKER, shorten, verdict_style
from newsreader.ui.widgets.sources_panel import stars, tag_chips

if TYPE_CHECKING:
    from newsreader.library import LibraryIndex
    from newsreader.library.sources_across import SourceClaim, SourceSummary
    from newsreader.notes import NotesStore
    from newsreader.registry import Registry
    from newsreader.ui.library_sync import Library

T = TypeVar("T")

PROGRESS_SECONDS = 0.1  # at most this often the worker says how far it got
WORK_SECONDS = 0.01  # the worker reads this long, then sleeps BREATHE_SECONDS so the UI thread gets the GIL
BREATHE_SECONDS = 0.005


@dataclass(frozen=True)
class ClaimTarget:
    """Where to go: the claim at ``start``-``end`` of the article at ``path`` (``quote``: its
    text, to find it if the article changed since it was analysed)."""

    path: str
    start: int
    end: int
    quote: str = ""


def cached_records(index: LibraryIndex, paths: Iterable[str], noted: set[str], *,
                   stop: threading.Event | None = None,
                   progress: Callable[[int], object] = lambda done: None) -> tuple[list[dict[str, Any]], int]:
    """The analysed records of ``paths`` that the index has (``sources_across`` input), in the
    order of ``paths``, and how many it has not analysed yet.  Only the analyses are read, and the
    article's text (to place verdicts) only for the ``noted`` ids."""
    wanted = {os.path.abspath(path): (number, path) for number, path in enumerate(paths)}  # the index's keys
    found: list[tuple[int, dict[str, Any]]] = []
    for done, record in enumerate(breathing(index.cached_analyses(stop)), 1):
        number, path = wanted.get(record["path"], (-1, ""))
        if number >= 0:
            record["path"] = path  # as the list has it
            if record["id"] in noted:
                loaded = index.load(path)
                record["text"] = loaded[0].text if loaded is not None else None
            found.append((number, record))
        progress(done)
    found.sort(key=lambda pair: pair[0])
    return [record for _, record in found], len(wanted) - len(found)


def breathing(items: Iterable[T], work: float = WORK_SECONDS, pause: float = BREATHE_SECONDS) -> Iterator[T]:
    """``items``, with a short sleep after each ``work`` seconds spent on them: a busy worker thread
    otherwise keeps the UI thread waiting for the GIL every time it comes back from the terminal
    (a screen pushed meanwhile takes as long as the worker to appear)."""
    since = time.monotonic()
    for item in items:
        yield item
        if time.monotonic() - since >= work:
            time.sleep(pause)
            since = time.monotonic()


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def source_prompt(summary: SourceSummary) -> Content:
    """One source: name, kind, counts, tags, rating, verdicts other than unchecked."""
    parts: list[Content | tuple[str, str] | str] = [
        (shorten(summary.name, 80) or "(unnamed)", "bold $claim-source"),
        ("  ", ""),
        (clean_line(summary.kind), "$text-muted"),
        ("  ", ""),
        (f"{_plural(summary.claim_count, 'claim')} in {_plural(summary.article_count, 'article')}",
         "" if summary.claim_count else "$text-muted"),
    ]
    tags = [tag for tag in summary.tags if clean_line(tag)]
    if tags:
        parts += ["  ", tag_chips(tags)]
    rating = (stars(summary.rating), "$text-warning") if summary.rating is not None else ("unrated", "$text-muted")
    parts += ["  ", rating]
    checked = {verdict: count for verdict, count in summary.verdicts.items() if verdict != UNCHECKED}
    for verdict, count in sorted(checked.items()):
        parts += ["  ", (f"{VERDICT_MARKER} {verdict} {count}", verdict_style(verdict))]
    return Content.assemble(*parts)


def claim_prompt(claim: SourceClaim) -> Content:
    """Two lines: the verdict, kind and article; then the claim's text."""
    first = Content.assemble(
        (f"{VERDICT_MARKER} {claim.verdict}", f"bold {verdict_style(claim.verdict)}"),
        ("  ", ""),
        (clean_line(claim.kind), "$text-muted"),
        ("  ", ""),
        (shorten(claim.title, 100), "italic"),
    )
    return Content("\n").join([first, Content(shorten(claim.text, 300))])



class ResultList(OptionList):
    """An option list moved with j / k / g / G too (the side panels' keys)."""

    BINDINGS = bindings("panel")

class LibrarySourcesScreen(Screen[ClaimTarget | None]):
    """Every source in the library, then the claims of the one chosen."""

    CSS_PATH = "library_sources.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="library_sources.back"),
        Binding("q", "close", "Close", id="library_sources.close"),
    ]

    @dataclass
    class Read(Message):
        """The worker has read ``done`` of ``total`` articles (``merging``: all, and is merging their sources)."""

        done: int
        total: int
        merging: bool = False

    @dataclass
    class Gathered(Message):
        """Every source (``missing``: articles the index has not analysed yet, left out)."""

        summaries: list[SourceSummary]
        missing: int

    def __init__(self, library: Library, registry: Registry | None, store: NotesStore | None) -> None:
        super().__init__()
        self._library = library
        self._registry = registry
        self._store = store
        self._files = list(library.files)  # as listed now
        self._summaries: list[SourceSummary] = []
        self._missing = 0
        self._source: SourceSummary | None = None  # whose claims are shown
        self._stop = threading.Event()  # set when the screen closes: the worker stops reading

    def compose(self) -> ComposeResult:
        yield Static(Content("Sources across the library"), id="library-sources-title")
        yield Static(Content(f"Reading {len(self._files):,} articles…"), id="library-sources-status")
        yield ResultList(id="library-sources-list")
        yield ResultList(id="library-source-claims")
        yield KeyBar()

    @property
    def sources_list(self) -> OptionList:
        return self.query_one("#library-sources-list", OptionList)

    @property
    def claims_list(self) -> OptionList:
        return self.query_one("#library-source-claims", OptionList)

    @property
    def showing_claims(self) -> bool:
        return self._source is not None

    def on_mount(self) -> None:
        self.claims_list.display = False
        self.sources_list.focus()
        self.gather(self._files)

    def on_unmount(self) -> None:
        self._stop.set()

    # -- reading the library (a worker) --------------------------------------------
    @work(thread=True, exclusive=True, group="library-sources")
    def gather(self, files: list[str]) -> None:
        from textual.worker import get_current_worker

        from newsreader.library.sources_across import sources_across
        from newsreader.notes import NotesError

        worker = get_current_worker()
        total = len(files)
        store = self._store
        try:
            noted = set(store.all_article_ids()) if store is not None else set()
        except NotesError:  # verdicts are then all "unchecked" (the app reports the notes folder itself)
            noted = set()
        last = 0.0

        def progress(done: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_SECONDS:
                last = now
                self.post_message(self.Read(done, total))

        records, missing = cached_records(self._library.index, files, noted, stop=self._stop, progress=progress)
        if self._stop.is_set() or worker.is_cancelled:
            return
        self.post_message(self.Read(len(records), total, merging=True))
        summaries = sources_across(breathing(records), self._registry, store if noted else None)
        self.post_message(self.Gathered(summaries, missing))

    def on_library_sources_screen_read(self, message: Read) -> None:
        if message.merging:
            self._status(f"Merging the sources of {message.done:,} articles…")
        else:
            self._status(f"Reading {min(message.done, message.total):,} of {message.total:,} articles…")

    def on_library_sources_screen_gathered(self, message: Gathered) -> None:
        self._summaries, self._missing = message.summaries, message.missing
        self.sources_list.set_options(
            [Option(source_prompt(summary), id=str(number)) for number, summary in enumerate(self._summaries)])
        if self._summaries:
            self.sources_list.highlighted = 0
        self._status_for_sources()

    def _status(self, text: str) -> None:
        self.query_one("#library-sources-status", Static).update(Content(text))

    def _status_for_sources(self) -> None:
        count = len(self._summaries)
        text = (f"{_plural(count, 'source')} in {_plural(len(self._files) - self._missing, 'article')}"
                " · Enter: its claims · Esc: close") if count else "No sources found in the library."
        if self._missing:
            text += f" · {_plural(self._missing, 'article')} not analysed yet, left out"
        self.query_one("#library-sources-title", Static).update(Content("Sources across the library"))
        self._status(text)

    # -- choosing --------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#library-sources-list")
    def _source_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.show_claims(self._summaries[int(event.option.id or 0)])

    def show_claims(self, summary: SourceSummary) -> None:
        """List ``summary``'s claims (every article) in place of the sources."""
        self._source = summary
        claims = self.claims_list
        claims.set_options([Option(claim_prompt(claim), id=str(number))
                            for number, claim in enumerate(summary.claims)])
        self.sources_list.display = False
        claims.display = True
        if summary.claims:
            claims.highlighted = 0
        claims.focus()
        title = Content.assemble(("Claims by ", ""), (shorten(summary.name, 80), "bold $claim-source"))
        self.query_one("#library-sources-title", Static).update(title)
        if summary.claims:
            verdicts = ", ".join(f"{verdict} {count}" for verdict, count in sorted(summary.verdicts.items()))
            self._status(f"{_plural(summary.claim_count, 'claim')} in {_plural(summary.article_count, 'article')}"
                         f" · {verdicts} · Enter: open the article there · Esc: back to the sources")
        else:
            self._status("No claims are attributed to this source (it is only mentioned). Esc: back to the sources")

    @on(OptionList.OptionSelected, "#library-source-claims")
    def _claim_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self._source is None:
            return
        claim = self._source.claims[int(event.option.id or 0)]
        self.dismiss(ClaimTarget(claim.path, claim.start, claim.end, claim.text))

    def action_back(self) -> None:
        if self._source is None:
            self.dismiss(None)
            return
        number = self._summaries.index(self._source) if self._source in self._summaries else 0
        self._source = None
        self.claims_list.display = False
        sources = self.sources_list
        sources.display = True
        sources.highlighted = number
        sources.focus()
        self._status_for_sources()

    def action_close(self) -> None:
        self.dismiss(None)

