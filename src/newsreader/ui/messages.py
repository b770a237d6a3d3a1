"""What the reader screen's workers report back, as messages (posted from their threads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from newsreader.articles import Article
    from newsreader.factchecks.matching import Match
    from newsreader.library import IndexRow
    from newsreader.library.related import Related, RelatedIndex
    from newsreader.notes import ArticleNotes


@dataclass
class FilesFound(Message):
    """The folders were walked: the library's files are now ``files`` (``known``: their stored rows)."""

    files: list[str]
    known: dict[str, IndexRow]


@dataclass
class RowsArrived(Message):
    """Rows for some files, read (titles) or analysed (claims) by the sync worker."""

    rows: list[IndexRow]


@dataclass
class Progress(Message):
    """Indexing progress: ``done`` of ``total`` files analysed."""

    done: int
    total: int


@dataclass
class Synced(Message):
    """The index has caught up with the files; ``gone`` were removed from disk."""

    gone: list[str]


@dataclass
class FilesChanged(Message):
    """A rescan found files added, changed or removed (None: nothing changed)."""

    files: list[str] | None


@dataclass
class NotesLoaded(Message):
    """The notes of ``article`` (the current one, when it was asked for; or any, for the list)."""

    notes: ArticleNotes
    article: Article | None = None


@dataclass
class NotesSaved(Message):
    """A note or verdict of ``article`` was saved: its notes should be read again."""

    article: Article


@dataclass
class TagsSaved(Message):
    """A source's tags were saved (or the save failed and the registry was reloaded)."""


@dataclass
class Failed(Message):
    """A worker's problem, to show as a notification."""

    title: str
    text: str
    severity: str = "error"
    timeout: float | None = None


@dataclass
class Exported(Message):
    """An export finished: ``count`` articles to ``path``; ``problems`` were left out."""

    count: int
    path: str
    problems: list[str]


@dataclass
class FeedFetched(Message):
    """One feed of a fetch run finished (``done`` of ``total``): ``error`` (its reason) or its new
    articles, with the library's files as they are now and the new files' rows."""

    done: int
    total: int
    name: str
    error: str
    files: list[str] | None  # None: nothing new, the list stays as it is
    rows: dict[str, IndexRow]


@dataclass
class FeedsDone(Message):
    """A fetch run is over: ``fetched`` of ``total`` feeds, ``new`` articles; ``failed`` by name
    (``problem``: why nothing was fetched at all, e.g. an unreadable feeds.yaml)."""

    total: int
    new: int
    failed: list[str]
    problem: str = ""


@dataclass
class PageAdded(Message):
    """A page was fetched into the library (or was there already: ``existed``)."""

    url: str
    path: str
    existed: bool
    files: list[str]
    rows: dict[str, IndexRow]


@dataclass
class PageNotAdded(Message):
    """The address typed could not be fetched; ``reason`` says why (the address stays in the prompt's history)."""

    url: str
    reason: str


@dataclass
class ArticleChecked(Message):
    """One article's claims were matched: fact-check ``matches`` (under ``signature``, against
    ``matcher_size`` fact-checks) and, when the related index was there (``version``), ``related``."""

    article_id: str
    signature: object
    matcher_size: int
    matches: dict[tuple[int, int], tuple[Match, ...]]
    version: int
    related: dict[tuple[int, int], tuple[Related, ...]] | None


@dataclass
class LibraryChecked(Message):
    """A batch of the whole-library pass: the matches of some articles' claims (``done``: the last)."""

    signature: object
    matcher_size: int
    found: dict[str, dict[tuple[int, int], tuple[Match, ...]]]
    done: bool = False


@dataclass
class ClaimsCheckProgress(Message):
    """The whole-library pass has matched ``done`` of ``total`` claims."""

    done: int
    total: int


@dataclass
class RelatedBuilt(Message):
    """The related-claims index of the library is ready."""

    index: RelatedIndex
