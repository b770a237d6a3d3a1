"""The sources of an article as the rest of the app sees them: :class:`Source`, its kinds, preset
tags, and the matching key of a name (:func:`normalise`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsreader.sanitize import clean_line

KINDS = ("official body", "politician", "media outlet", "social media account", "expert", "anonymous", "other")
PRESET_TAGS = [
    "official", "government", "military", "intelligence", "politician", "party-affiliated", "media",
    "social media", "anonymous", "expert", "unverified", "reliable", "disputed",
]


@dataclass
class Source:
    """One source of an article: everything the article says it said is traced to it."""

    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    kind: str = "other"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "description": self.description,
            "kind": self.kind,
            "mentions": [{"start": s, "end": e} for s, e in self.mentions],
            "tags": list(self.tags),
        }


# --------------------------------------------------------------------------
# Lexicons


_PUNCT_RE = re.compile(r"[^\w@]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b|(?<=s)['’](?=\s|$)")


@lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """The matching key of a name: casefolded, without "the", possessive 's, punctuation or extra spaces."""
    text = clean_line(name).casefold()
    text = _POSSESSIVE_RE.sub("", text)
    text = _PUNCT_RE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())
