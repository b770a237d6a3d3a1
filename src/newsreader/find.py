"""Find in the open article: every place a typed phrase occurs in the article's text.

Matching is case-insensitive and forgiving about what a keyboard cannot type or a person does not
notice: any run of white space in the query matches any run of white space (a line break
included), a straight quote or apostrophe matches the typographic ones (``don't`` finds
``don’t``, ``"no"`` finds ``“no”``) and a hyphen matches the other dashes (``1990-1995`` finds
``1990–1995``).  The query is taken literally otherwise (no wildcards).  Linear time: the query is
escaped, and both it and the number of hits are bounded.  Pure Python, no UI.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_HITS = 10_000
"""At most this many hits are returned (the first ones)."""
MAX_QUERY_CHARS = 1000
"""A longer query is cut to this many characters."""

_APOSTROPHES = "'’‘ʼ′`´"
_QUOTES = "\"“”„‟″«»"
_DASHES = "-‐‑‒–—―−"
_CLASSES = {char: "[" + re.escape(group) + "]" for group in (_APOSTROPHES, _QUOTES, _DASHES) for char in group}


@lru_cache(maxsize=64)
def _pattern(query: str) -> re.Pattern[str] | None:
    parts = []
    for word in query[:MAX_QUERY_CHARS].split():
        parts.append("".join(_CLASSES.get(char) or re.escape(char) for char in word))
    if not parts:
        return None
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def find_all(text: str, query: str, limit: int = MAX_HITS) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``query`` in ``text``, in order, not overlapping; at most
    ``limit`` (and never more than :data:`MAX_HITS`).  An empty or blank query finds nothing."""
    pattern = _pattern(query)
    if pattern is None or limit <= 0:
        return []
    limit = min(limit, MAX_HITS)
    spans = []
    for found in pattern.finditer(text):
        spans.append(found.span())
        if len(spans) >= limit:
            break
    return spans
