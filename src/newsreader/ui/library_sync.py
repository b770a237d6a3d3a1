"""Keeping the article list in step with the files: what the list knows of each file, the
articles opened lately, and the bodies of the workers that index new and changed files and
notice changes on disk.  Plain code: the reader screen runs the workers and receives their
messages (:mod:`newsreader.ui.messages`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from newsreader.library import IndexRow, LibraryIndex, OpenedArticles, article_record, discover_paths, quick_row
from newsreader.query import Query, words_match
from newsreader.ui.messages import FilesChanged, FilesFound, Progress, RowsArrived, Synced
from newsreader.ui.widgets.article_table import Row

if TYPE_CHECKING:
    from newsreader.analysis import Analysis
    from newsreader.articles import Article
    from newsreader.notes import NotesStore
    from newsreader.registry import Registry

Post = Callable[[Message], object]
NOTE_HITS = 1_000_000  # the note: filter reads every note (search_notes stops at its limit)


def placeholder_row(path: str) -> IndexRow:
    """The row of a file not read yet: its name, until its heading is known."""
    return IndexRow(path, "", os.path.basename(path))


def feed_of(path: str) -> str:
    """The ``feed`` of a fetched page's sidecar (pages live in the library's ``web`` folder)."""
    where = Path(path)
    if where.parent.name != "web" or where.suffix.lower() != ".html":
        return ""
    from newsreader.web.store import read_sidecar

    side = read_sidecar(where)
    return side.feed if side is not None else ""


def list_rows(entries: Sequence[IndexRow], read: set[str], note_counts: dict[str, int],
              flagged: dict[str, int] | None = None) -> list[Row]:
    """List rows for index entries (on a warm start 10,000 of them before the first frame).
    ``flagged``: by article id, how many of its claims repeat a fact-check (``⚑2``)."""
    rows = []
    for entry in entries:
        article_id = entry.id
        count = note_counts.get(article_id, 0) if note_counts else 0
        flag = f"✎{count}" if count else ""
        checked = flagged.get(article_id, 0) if flagged else 0
        if checked:
            flag = f"{flag} ⚑{checked}".strip()
        rows.append(Row(entry.path, entry.title, entry.source or entry.category, entry.published, entry.claims,
                        bool(article_id) and article_id in read, entry.error, flag))
    return rows


class Library:
    """The library's files in order, what the index knows of each, and the articles opened lately."""

    OPENED_KEEP = 32

    def __init__(self, roots: list[Path], index: LibraryIndex | None = None) -> None:
        self.roots = roots
        self.index = index or LibraryIndex()
        self.entries: dict[str, IndexRow] = {}  # by path: what the list knows of every file
        self.files: list[str] = []  # every article file's path, in library order
        self.listed: list[IndexRow] | None = None  # the list as stored in the index at start
        self.opened = OpenedArticles(self.index, keep=self.OPENED_KEEP)
        self.stop = threading.Event()
        self.feed_names: dict[str, str] = {}  # by path: the feed a fetched page came from, once asked

    def feed_name(self, path: str) -> str:
        """The name of the feed the page at ``path`` was fetched from ("" for any other file),
        from the page's sidecar (read once, then remembered)."""
        name = self.feed_names.get(path)
        if name is None:
            name = self.feed_names[path] = feed_of(path)
        return name

    def open_article(self, path: str) -> tuple[Article, Analysis]:
        """The article at ``path`` and its analysis: from memory, the index, or the file itself."""
        return self.opened.open(path)

    def article_id(self, path: str) -> str:
        """The article id for a list row (a file not indexed yet is opened to learn it)."""
        entry = self.entries.get(path)
        # A row not analysed yet is a quick row, whose id may differ from the article's (it is
        # read from the first lines only: a page's URL is often not among them).
        if entry is not None and entry.id and (entry.claims is not None or entry.error):
            return entry.id
        return self.open_article(path)[0].id

    def set_files(self, files: list[str], known: dict[str, IndexRow] | None = None) -> None:
        """The library's files are now ``files``: entries for new ones, none for removed ones."""
        known = known or {}
        kept = set(files)
        for path in [path for path in self.entries if path not in kept]:
            del self.entries[path]
            self.opened.pop(path, None)
        for path in files:
            if path not in self.entries:
                self.entries[path] = known.get(path) or placeholder_row(path)
        self.files = files

    def listed_rows(self) -> list[IndexRow]:
        return [self.entries[path] for path in self.files if path in self.entries]

    def export_record(self, path: str) -> dict:
        """The analysed record of one file for export (the index's analysis when it has one)."""
        return article_record(path, self.index)


def sync(library: Library, files: list[str] | None, missing: list[str], shown: list[str] | None, post: Post) -> None:
    """Bring the index up to date (in a worker thread); rows are posted in batches.

    ``files is None``: the list was painted from the stored listing (``shown``); walk the
    folders first and post what was added or removed since."""
    stop, index = library.stop, library.index
    if files is None:
        files = list(discover_paths(library.roots))
        if files != shown:
            known = set(shown or ())
            added = [path for path in files if path not in known]
            cached = {row.path: row for row in index.cached_rows(added)}
            missing = [path for path in added if path not in cached]
            post(FilesFound(files, cached))
    batch: list[IndexRow] = []
    for path in missing:  # a cold start: titles first, analysis after
        if stop.is_set():
            return
        batch.append(quick_row(path))
        if len(batch) >= 200:
            post(RowsArrived(batch))
            batch = []
    if batch:
        post(RowsArrived(batch))
    todo = len(index.plan(files).todo)
    if todo:
        post(Progress(0, todo))
    done = 0

    def arrived(rows: list[IndexRow]) -> None:
        nonlocal done
        done += len(rows)
        post(RowsArrived(rows))
        post(Progress(done, todo))

    plan = index.sync(files, on_rows=arrived, stop=stop)
    if not stop.is_set():
        post(Synced([str(path) for path in plan.gone]))


def rescan(library: Library, known: int, post: Post) -> None:
    """Notice files added, changed or deleted while the app runs (``known``: how many are listed)."""
    files = list(discover_paths(library.roots))
    plan = library.index.plan(files)
    changed = bool(plan.todo or plan.gone) or len(files) != known
    post(FilesChanged(files if changed else None))


def article_ids_with_notes(store: NotesStore, words: str) -> set[str]:
    """The articles with a note holding every one of ``words`` (a notes file that cannot be read is skipped)."""
    from newsreader.notes.search import search_notes

    return {hit.article_id for hit in search_notes(store, words, limit=NOTE_HITS)}


def matching_rows(query: Query, rows: Sequence[Row], library: Library, registry: Registry,
                  article_verdicts: dict[str, set[str]], notes_store: NotesStore | None = None,
                  article_checks: dict[str, set[str]] | None = None) -> list[int]:
    """The numbers of the list rows that ``query`` lets through: words over the list fields and
    (through the index) the full text; ``source:``/``tag:`` through the index; ``feed:`` through
    the pages' sidecars; ``verdict:`` through the notes (``article_verdicts``: each article's verdicts);
    ``note:`` through the text of the notes in ``notes_store`` (none without one); ``checked:``
    through ``article_checks`` (each article's fact-check matches as "rating · publisher", case-folded)."""
    allowed: set[str] | None = None  # article ids every index-backed term allows

    def narrow(ids: Iterable[str]) -> None:
        nonlocal allowed
        found = set(ids)
        allowed = found if allowed is None else allowed & found

    search = library.index.search
    for value in query.terms.get("source", []):
        narrow(search(value))
    for value in query.terms.get("tag", []):
        narrow(article_id for name in registry.names_with_tag(value) for article_id in search(name))
    for value in query.terms.get("note", []):
        narrow(article_ids_with_notes(notes_store, value) if notes_store is not None else ())
    for value in query.terms.get("verdict", []):
        narrow(
            article_id for article_id, verdicts in article_verdicts.items()
            if any(verdict != "unchecked" and (value == "any" or verdict.startswith(value)) for verdict in verdicts)
        )
    for value in query.terms.get("checked", []):
        narrow(
            article_id for article_id, labels in (article_checks or {}).items()
            if labels and (value == "any" or any(value in label for label in labels))
        )
    in_text = set(search(" ".join(query.words))) if query.words else set()
    feeds = query.terms.get("feed", [])
    order = []
    for number, row in enumerate(rows):
        entry = library.entries.get(row.id)
        article_id = entry.id if entry is not None else ""
        if allowed is not None and article_id not in allowed:
            continue
        if feeds and not words_match(feeds, library.feed_name(row.id)):
            continue
        if query.words:
            fields = " ".join((row.title, row.source, entry.category if entry else "", entry.author if entry else ""))
            if not (words_match(query.words, fields) or article_id in in_text):
                continue
        order.append(number)
    return order
