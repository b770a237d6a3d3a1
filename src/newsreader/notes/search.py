"""Searching the text of every note: which notes, on which articles, mention these words.

:func:`search_notes` reads each notes file through :meth:`NotesStore.load` (so a file read once and
unchanged since costs nothing) and keeps the notes whose body holds every word of the query,
case-insensitively and as substrings ("tariff" finds "tariffs"; a straight apostrophe finds a
typographic one).  A file that cannot be read is skipped and its error handed back.  Blocking:
call it from a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..sanitize import clean_line
from .errors import NotesError
from .model import TARGET_CLAIM, TARGET_SOURCE
from .store import NotesStore

log = logging.getLogger(__name__)

MAX_HITS = 1000
"""At most this many notes are returned (the first, by article id then note order)."""
EXCERPT_CHARS = 120
"""About this many characters of the note around its first match (on one line)."""
MAX_QUERY_WORDS = 32

_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})


@dataclass(frozen=True, slots=True)
class NoteHit:
    """A note that holds every word searched for.

    ``target`` is what the note is on: ``"article"``, ``"claim"`` (``quote`` is then the claim's
    text as the note quotes it) or ``"source"`` (``source`` is its name).  ``excerpt`` is one
    line of the body around the first match (control characters removed), with "…" where it
    was cut; ``title`` the article's title as the notes file keeps it ("" when it has none).
    """

    article_id: str
    note_id: str
    target: str
    excerpt: str
    title: str = ""
    quote: str = ""
    source: str = ""
    created: str = ""
    updated: str = ""


def _fold(text: str) -> str:
    return text.lower().translate(_FOLD)  # keeps offsets, unlike casefold ("ß" -> "ss")


def excerpt(body: str, at: int, width: int = EXCERPT_CHARS) -> str:
    """About ``width`` characters of ``body`` around offset ``at``, on one line."""
    start = max(0, at - width // 3)
    end = min(len(body), start + width)
    start = max(0, min(start, end - width))
    if start > 0:  # begin on a word
        space = body.find(" ", start, at)
        start = space + 1 if space != -1 else start
    if end < len(body):
        space = body.rfind(" ", max(at, start), end)
        end = space if space > at else end
    text = clean_line(body[start:end])
    return ("…" if start > 0 else "") + text + ("…" if end < len(body) else "")


def search_notes(
    store: NotesStore,
    words: str,
    *,
    limit: int = MAX_HITS,
    skipped: list[NotesError] | None = None,
) -> list[NoteHit]:
    """The notes of every article in ``store`` whose body holds all of ``words`` (split on white
    space; case-insensitive substrings), by article id then in the file's order; at most ``limit``.

    No words, no hits.  A notes file that cannot be read (or a notes folder that cannot be listed)
    is skipped: its :class:`NotesError` is appended to ``skipped`` when given, and logged.
    """
    wanted = [_fold(word) for word in words.split()[:MAX_QUERY_WORDS]]
    if not wanted or limit <= 0:
        return []
    problems: list[NotesError] = []
    hits: list[NoteHit] = []
    try:
        ids = store.all_article_ids()
    except NotesError as error:
        ids = []
        problems.append(error)
    for article_id in ids:
        try:
            notes = store.load(article_id)
        except NotesError as error:  # load() reports a bad file in .error; an id it refuses lands here
            problems.append(error)
            continue
        if notes.error is not None:
            problems.append(notes.error)
            continue
        title = clean_line(str(notes.meta.get("title") or ""))
        for note in notes.notes:
            body = _fold(note.body)
            if not all(word in body for word in wanted):
                continue
            at = body.find(wanted[0])
            hits.append(NoteHit(
                article_id, note.id, note.target, excerpt(note.body, at), title,
                quote=clean_line(note.anchor.exact) if note.target == TARGET_CLAIM and note.anchor else "",
                source=clean_line(note.source or "") if note.target == TARGET_SOURCE else "",
                created=note.created, updated=note.updated or "",
            ))
            if len(hits) >= limit:
                break
        if len(hits) >= limit:
            break
    for problem in problems:
        log.warning("notes search: skipped %s", problem)
    if skipped is not None:
        skipped.extend(problems)
    return hits
