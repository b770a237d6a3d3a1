"""Fact-checkers' notes and claim verdicts, stored as one YAML file per article.

Headless (never imports textual).  Typical use from a UI worker thread::

    from newsreader.notes import NotesStore, Anchor, VERDICTS, NotesError

    store = NotesStore()                      # <data_dir>/notes, created on first save
    notes = store.load(article_id)            # ArticleNotes; notes.error / notes.read_only
    anchor = Anchor.from_span(text, claim_start, claim_end)
    store.set_verdict(article_id, anchor, "misleading", article_meta={"title": t, "path": p, "url": u})
    note = store.add_note(article_id, "Customs data says **38 %**.", target="claim", anchor=anchor)
    store.update_note(article_id, note.id, "...")
    store.delete_note(article_id, note.id)
    store.add_note(article_id, "Usually reliable.", target="source", source="Reuters")
    view = store.load(article_id).attach(text, [(c["start"], c["end"]) for c in claims],
                                         [s["name"] for s in sources])

Every change raises a :class:`NotesError` subclass with a user-facing message on failure.
"""

from .anchors import CONTEXT_CHARS, Anchor, normalize_source_name, resolve_anchor
from .errors import (
    InvalidInputError,
    NoteNotFoundError,
    NotesError,
    NotesFileError,
    NotesReadOnlyError,
    NotesWriteError,
)
from .fileformat import MAX_FILE_BYTES
from .model import (
    DISPUTED,
    FALSE,
    MISLEADING,
    NEEDS_CONTEXT,
    SCHEMA_VERSION,
    TARGET_ARTICLE,
    TARGET_CLAIM,
    TARGET_SOURCE,
    TARGETS,
    UNCHECKED,
    UNPROVEN,
    VERDICTS,
    VERIFIED,
    ArticleNotes,
    Attachment,
    ClaimAttachment,
    Note,
    Verdict,
)
from .store import NotesStore, check_article_id

__all__ = [
    "Anchor", "ArticleNotes", "Attachment", "ClaimAttachment", "CONTEXT_CHARS", "DISPUTED", "FALSE",
    "InvalidInputError", "MAX_FILE_BYTES", "MISLEADING", "NEEDS_CONTEXT", "Note", "NoteNotFoundError",
    "NotesError", "NotesFileError", "NotesReadOnlyError", "NotesStore", "NotesWriteError", "SCHEMA_VERSION",
    "TARGET_ARTICLE", "TARGET_CLAIM", "TARGET_SOURCE", "TARGETS", "UNCHECKED", "UNPROVEN", "VERDICTS",
    "VERIFIED", "Verdict", "check_article_id", "normalize_source_name", "resolve_anchor",
]
