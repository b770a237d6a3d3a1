"""The list filter: plain words plus ``source:``, ``tag:``, ``verdict:`` and ``kind:`` terms.

    north korea source:jcs tag:official verdict:false

Words match the title, publication, category and author (all words must match,
case-insensitively, anywhere).  ``source:X`` matches an article citing a source
whose name or alias contains X; ``tag:X`` one citing a source tagged X;
``verdict:X`` one with a claim given verdict X (``verdict:any`` any verdict);
``kind:X`` one with a claim of kind X.  Values may be quoted: ``source:"joint chiefs"``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

FIELDS = ("source", "tag", "verdict", "kind")
_FIELD = re.compile(r"^(source|tag|verdict|kind):(.*)$", re.IGNORECASE)


@dataclass
class Query:
    words: list[str] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.words and not self.terms

    @property
    def needs_analysis(self) -> bool:
        return any(name in self.terms for name in ("source", "tag", "kind"))


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


@dataclass
class Facts:
    """What the filter can know about one article."""

    text: str  # title, publication, category, author
    sources: Iterable[str] = ()  # source names and aliases
    tags: Iterable[str] = ()
    verdicts: Iterable[str] = ()
    kinds: Iterable[str] = ()


def matches(query: Query, facts: Facts) -> bool:
    haystack = facts.text.casefold()
    if not all(word in haystack for word in query.words):
        return False
    checks = {
        "source": [name.casefold() for name in facts.sources],
        "tag": [tag.casefold() for tag in facts.tags],
        "verdict": [verdict.casefold() for verdict in facts.verdicts],
        "kind": [kind.casefold() for kind in facts.kinds],
    }
    for name, values in query.terms.items():
        have = checks[name]
        for value in values:
            if name == "verdict" and value == "any":
                if not [verdict for verdict in have if verdict != "unchecked"]:
                    return False
            elif name in ("source",):
                if not any(value in item for item in have):
                    return False
            elif not any(item == value or item.startswith(value) for item in have):
                return False
    return True
