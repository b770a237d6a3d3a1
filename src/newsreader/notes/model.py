"""Notes, verdicts and the per-article collection, as immutable values.

Everything here is plain data: :class:`Note` and :class:`Verdict` are frozen
dataclasses, :class:`ArticleNotes` is a snapshot of one article's file.  The
store (:mod:`newsreader.notes.store`) reads and writes them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .anchors import Anchor, normalize_source_name, resolve_anchor
from .errors import NotesError

SCHEMA_VERSION = 1

UNCHECKED = "unchecked"
VERIFIED = "verified"
FALSE = "false"
MISLEADING = "misleading"
DISPUTED = "disputed"
UNPROVEN = "unproven"
NEEDS_CONTEXT = "needs context"
#: Every claim verdict, in the order a UI should offer them.
VERDICTS: tuple[str, ...] = (UNCHECKED, VERIFIED, FALSE, MISLEADING, DISPUTED, UNPROVEN, NEEDS_CONTEXT)

TARGET_ARTICLE = "article"
TARGET_CLAIM = "claim"
TARGET_SOURCE = "source"
TARGETS: tuple[str, ...] = (TARGET_ARTICLE, TARGET_CLAIM, TARGET_SOURCE)


def now_stamp() -> str:
    """UTC time as stored in files: ``2024-05-01T12:34:56.123456Z`` (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_id(kind: str) -> str:
    """A random id: ``n`` + 12 hex digits for notes, ``v`` + 12 for verdicts (never number-like)."""
    return kind + secrets.token_hex(6)


@dataclass(frozen=True)
class Note:
    """A Markdown note on the article, on a claim (``anchor``) or on a source (``source``)."""

    id: str
    target: str  # one of TARGETS
    body: str
    created: str
    updated: str | None = None
    anchor: Anchor | None = None  # claim notes
    source: str | None = None  # source notes: the source's name as shown
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown keys from a hand-edited file, kept

    @property
    def source_key(self) -> str | None:
        return normalize_source_name(self.source) if self.source is not None else None


@dataclass(frozen=True)
class Verdict:
    """A claim verdict (one of :data:`VERDICTS` except ``unchecked``) attached by anchor."""

    id: str
    verdict: str
    anchor: Anchor
    updated: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class ClaimAttachment:
    """What belongs to one claim: its newest verdict and its notes."""

    verdict: Verdict | None = None
    notes: list[Note] = field(default_factory=list)

    @property
    def verdict_name(self) -> str:
        return self.verdict.verdict if self.verdict else UNCHECKED


@dataclass
class Attachment:
    """Result of :meth:`ArticleNotes.attach`: notes and verdicts sorted onto claims and sources.

    ``claims[i]`` / ``sources[i]`` follow the order of the spans / names given.
    ``unmatched``: claim notes/verdicts whose quote was found but is not inside any
    given claim.  ``detached``: quote not found, or source not in the article.
    """

    claims: list[ClaimAttachment]
    sources: list[list[Note]]
    article: list[Note]
    unmatched: list[Note | Verdict]
    detached: list[Note | Verdict]


@dataclass
class ArticleNotes:
    """Snapshot of one article's notes file.

    If ``error`` is set the file could not be read safely: ``read_only`` is true,
    the store refuses every change for this article and never overwrites the file.
    ``notes``/``verdicts`` then hold whatever could be read (often nothing).
    """

    article_id: str
    file: Path
    notes: tuple[Note, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)  # title / path / url, for humans
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    schema_version: int = SCHEMA_VERSION
    error: NotesError | None = None
    exists: bool = False

    @property
    def read_only(self) -> bool:
        return self.error is not None

    def note(self, note_id: str) -> Note | None:
        for note in self.notes:
            if note.id == note_id:
                return note
        return None

    def article_notes(self) -> list[Note]:
        return [n for n in self.notes if n.target == TARGET_ARTICLE]

    def claim_notes(self) -> list[Note]:
        return [n for n in self.notes if n.target == TARGET_CLAIM]

    def source_notes(self, name: str | None = None) -> list[Note]:
        """Notes on sources; only those on ``name`` (case/space-insensitive) if given."""
        key = normalize_source_name(name) if name is not None else None
        return [n for n in self.notes if n.target == TARGET_SOURCE and (key is None or n.source_key == key)]

    def for_span(self, text: str, start: int, end: int) -> ClaimAttachment:
        """Verdict (newest) and notes whose anchor resolves in ``text`` to a span overlapping start..end."""
        result = ClaimAttachment()
        for verdict in self.verdicts:
            span = resolve_anchor(verdict.anchor, text)
            if span and _overlap(span, (start, end)) > 0:
                if result.verdict is None or verdict.updated > result.verdict.updated:
                    result.verdict = verdict
        for note in self.claim_notes():
            span = resolve_anchor(note.anchor, text) if note.anchor else None
            if span and _overlap(span, (start, end)) > 0:
                result.notes.append(note)
        return result

    def detached(self, text: str, source_names: Iterable[str] | None = None) -> list[Note | Verdict]:
        """Claim notes/verdicts whose quote is no longer in ``text`` (and, if ``source_names``
        is given, source notes on sources not among them)."""
        return self.attach(text, [], source_names).detached

    def attach(
        self,
        text: str,
        claim_spans: Sequence[tuple[int, int]],
        source_names: Iterable[str] | None = None,
    ) -> Attachment:
        """Sort every note and verdict onto the given claims and sources (for display/export).

        Each claim note/verdict goes to the claim its resolved quote overlaps most;
        each source note to the source with the same normalised name.  Nothing is
        dropped: the rest lands in ``unmatched`` or ``detached``.
        """
        spans = [(int(s), int(e)) for s, e in claim_spans]
        claims = [ClaimAttachment() for _ in spans]
        names = list(source_names) if source_names is not None else None
        keys: dict[str, int] = {}
        for i, name in enumerate(names or []):
            keys.setdefault(normalize_source_name(name), i)
        sources: list[list[Note]] = [[] for _ in names or []]
        result = Attachment(claims, sources, [], [], [])

        def place(item: Note | Verdict, anchor: Anchor | None) -> int | None:
            span = resolve_anchor(anchor, text) if anchor else None
            if span is None:
                result.detached.append(item)
                return None
            best, best_overlap = None, 0
            for i, claim in enumerate(spans):
                overlap = _overlap(span, claim)
                if overlap > best_overlap:
                    best, best_overlap = i, overlap
            if best is None:
                result.unmatched.append(item)
            return best

        for verdict in sorted(self.verdicts, key=lambda v: v.updated):
            slot = place(verdict, verdict.anchor)
            if slot is not None:
                older = claims[slot].verdict
                if older is not None:  # an older verdict on the same claim
                    result.unmatched.append(older)
                claims[slot].verdict = verdict
        for note in self.notes:
            if note.target == TARGET_ARTICLE:
                result.article.append(note)
            elif note.target == TARGET_CLAIM:
                slot = place(note, note.anchor)
                if slot is not None:
                    claims[slot].notes.append(note)
            elif names is None:
                result.unmatched.append(note)
            elif note.source_key in keys:
                sources[keys[note.source_key]].append(note)
            else:
                result.detached.append(note)
        return result


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[0] == a[1] == b[0] == b[1]:
        return 1
    return min(a[1], b[1]) - max(a[0], b[0])
