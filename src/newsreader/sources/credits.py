"""Image credit lines ("Images source: © X, @handle") and the sources they name."""

from __future__ import annotations

import re

from newsreader.sources.lexicon import _MEDIA_WORDS, _PLATFORMS
from newsreader.sources.model import normalise

_CREDIT_LABEL = (
    r"[ \t]*(?:(?:images?|photos?|photographs?|pictures?|video|illustrations?|graphics?)"
    r"(?:[ \t]+(?:source|sources|credits?|by))?|credits?|source|©)[ \t]*[:©][ \t]*"
)
_CREDIT_LINE = re.compile("^" + _CREDIT_LABEL, re.IGNORECASE | re.MULTILINE)
# The same after a line break: a search for it skips from line break to line break in C, where one
# for a pattern that starts with "^" tries every character of the text.
_CREDIT_AFTER_BREAK = re.compile(r"\n" + _CREDIT_LABEL, re.IGNORECASE)
_HANDLE = re.compile(r"@\w{1,50}")


def _credits(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(name, kind, span) of every image credit line."""
    out = []
    # Where the label of each credit line ends: what _CREDIT_LINE.finditer(text) finds (no match
    # holds a line break, so the matches are one per line at most, in the order of the lines).
    first = _CREDIT_LINE.match(text)
    label_ends = [first.end()] if first else []
    label_ends += [m.end() for m in _CREDIT_AFTER_BREAK.finditer(text)]
    for label_end in label_ends:
        line_end = text.find("\n", label_end)
        if line_end < 0:
            line_end = len(text)
        if line_end - label_end > 200:
            continue
        body_start = label_end
        body = text[body_start:line_end]
        stripped = body.lstrip(" ©\t")
        body_start += len(body) - len(stripped)
        body = stripped.rstrip(" .\t")
        if not body:
            continue
        handle = _HANDLE.search(body)
        parts = [p.strip(" ©") for p in re.split(r"[,/|]| via ", body) if p.strip(" ©")]
        platform = next((_PLATFORMS[p.casefold()] for p in parts if p.casefold() in _PLATFORMS), None)
        if handle:
            name = f"{platform}/{handle.group()}" if platform else handle.group()
            kind = "social media account"
        elif platform:
            name, kind = platform, "social media account"
        else:
            name = " / ".join(parts)
            kind = "media outlet" if set(normalise(body).split()) & _MEDIA_WORDS else "other"
        out.append((name, kind, (body_start, body_start + len(body))))
    return out


# --------------------------------------------------------------------------
# The analysis of one text
