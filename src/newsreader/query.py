"""The list filter: plain words plus ``source:``, ``feed:``, ``tag:``, ``verdict:``, ``note:`` and
``checked:`` terms.

    north korea source:jcs feed:wire tag:official verdict:false note:customs

Words match the title, publication, category, author or the full text (all words
must match, case-insensitively).  ``source:X`` matches an article whose text names
X; ``feed:X`` one fetched from a feed whose name contains X; ``tag:X`` one naming a
source you tagged X; ``verdict:X`` one with a claim given verdict X (``verdict:any``:
any verdict); ``note:X`` one with a note holding every word of X; ``checked:X`` one with a claim
that repeats a fact-check whose rating or publisher contains X (``checked:any``: any fact-check).  Values may be quoted:
``source:"joint chiefs"``, ``note:"customs data"``.
The app answers the full-text parts from the library index, and ``note:`` from the notes.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

FIELDS = ("source", "feed", "tag", "verdict", "note", "checked")
_FIELD = re.compile(r"^(source|feed|tag|verdict|note|checked):(.*)$", re.IGNORECASE)


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.words and not self.terms


def parse_query(text: str) -> Query:
    try:
        parts = shlex.split(text)
    except ValueError:  # an unclosed quote while typing: treat it as plain words
        parts = text.split()
    query = Query()
    for part in parts:
        match = _FIELD.match(part)
        if match and match.group(2):
            query.terms.setdefault(match.group(1).casefold(), []).append(match.group(2).casefold())
        elif part and not (match and not match.group(2)):
            query.words.append(part.casefold())
    return query


def words_match(words: list[str], text: str) -> bool:
    """Every (case-folded) word occurs somewhere in ``text``."""
    haystack = text.casefold()
    return all(word in haystack for word in words)
