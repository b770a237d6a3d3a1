"""Quote anchors: find a stored quote again in (possibly edited) article text.

An :class:`Anchor` remembers the ``exact`` quoted text, up to 32 characters of
context on each side (``prefix``/``suffix``) and the ``start``/``end`` offsets
in the article's plain text.  :func:`resolve_anchor` tries, in order:

1. the stored offsets, if the exact text is still there;
2. every occurrence of the exact text, preferring the one whose context matches
   best, then the one nearest the old offset;
3. the same search on a normalised copy of both texts (case, runs of
   whitespace, typographic quotes and dashes are ignored);

and otherwise returns ``None``: the anchor is *detached*.  It deliberately does
not re-attach a quote whose words changed (a verdict on "50 %" must not silently
move to "30 %"); detached notes are shown as such and kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..sanitize import clean_line
from .errors import InvalidInputError

CONTEXT_CHARS = 32
_MAX_HITS = 2000  # occurrences examined per search: bounded work on pathological text

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "",  # soft hyphen
}


@dataclass(frozen=True)
class Anchor:
    """Where a claim note or verdict is attached: a quote plus its surroundings."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0

    @classmethod
    def from_span(cls, text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
        """Anchor on ``text[start:end]`` (offsets in the article's plain text)."""
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
            raise InvalidInputError(f"bad span {start}..{end} for a text of {len(text)} characters")
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - context):start],
            suffix=text[end:end + context],
            start=start,
            end=end,
        )

    def resolve(self, text: str) -> tuple[int, int] | None:
        """Shortcut for :func:`resolve_anchor`."""
        return resolve_anchor(self, text)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _occurrences(haystack: str, needle: str) -> list[int]:
    hits: list[int] = []
    pos = haystack.find(needle)
    while pos != -1 and len(hits) < _MAX_HITS:
        hits.append(pos)
        pos = haystack.find(needle, pos + 1)
    return hits


def _scored(
    hits: list[int], text: str, length: int, prefix: str, suffix: str, near: Callable[[int], int], old: int, exact: int
) -> list[tuple[int, int, int, int]]:
    """``(context chars matched, exact?, -distance to the old offset, position)`` per hit."""
    return [
        (
            _common_suffix(prefix, text[max(0, pos - len(prefix)):pos])
            + _common_prefix(suffix, text[pos + length:pos + length + len(suffix)]),
            exact,
            -abs(near(pos) - old),
            pos,
        )
        for pos in hits
    ]


@lru_cache(maxsize=16)
def _normalise(text: str) -> tuple[str, tuple[int, ...]]:
    """Lower-case, fold quotes/dashes, collapse whitespace; map each output char to its source index."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
                space = True
            continue
        space = False
        for c in _FOLD.get(ch, ch).lower():
            out.append(c)
            where.append(i)
    return "".join(out), tuple(where)


def resolve_anchor(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """Return the ``(start, end)`` of ``anchor`` in ``text``, or ``None`` if detached."""
    exact = anchor.exact
    if not exact or not text:
        return None
    start, end = anchor.start, anchor.end
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        return start, end
    best = None
    hits = _occurrences(text, exact)
    if hits:
        score = max(_scored(hits, text, len(exact), anchor.prefix, anchor.suffix, lambda p: p, start, 1))
        best = (score, (score[3], score[3] + len(exact)))
        if score[0] == len(anchor.prefix) + len(anchor.suffix):
            return best[1]  # exact text in its exact context: look no further
    # Tolerant pass: whitespace, case, quotes and dashes do not matter.  It can also win
    # over an exact hit in the wrong context (the quote was re-flowed, the same words
    # appear elsewhere).
    ntext, where = _normalise(text)
    nexact = _normalise(exact)[0].strip()
    nhits = _occurrences(ntext, nexact) if nexact else []
    if nhits:
        nprefix = _normalise(anchor.prefix)[0]
        nsuffix = _normalise(anchor.suffix)[0]
        score = max(_scored(nhits, ntext, len(nexact), nprefix, nsuffix, lambda p: where[p], start, 0))
        pos = score[3]
        candidate = (score, (where[pos], where[pos + len(nexact) - 1] + 1))
        if best is None or candidate[0][:3] > best[0][:3]:
            best = candidate
    return best[1] if best else None


def normalize_source_name(name: str) -> str:
    """The key source notes are matched by: case-folded, whitespace collapsed."""
    return clean_line(name or "").casefold()
