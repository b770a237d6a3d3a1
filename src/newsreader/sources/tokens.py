"""The tokenizer of the attribution rules: a sentence as a list of plain tuples.

A token is a tuple (fast to build with ``zip``), read by the ``Final`` indices below: text,
lower case (straight apostrophe), start, end, starts upper-case, is a word, inside double quotes."""

from __future__ import annotations

import re
from itertools import accumulate, compress, count
from operator import add, itemgetter, sub
from typing import Final, TypeAlias

# Whitespace, then a word (internal apostrophes, full stops, hyphens, ampersands and
# thousands separators allowed), an @handle, or one other character.
# The final "\Z" keeps trailing whitespace from being rescanned at every position (quadratic).
# Abbreviated titles ("Mr.", "Sen.") and initials ("George W. Bush") keep their full stop, so a
# name is never cut at it; "''" (two apostrophes) is a double quote in some papers' text.
_ABBREV_TITLES = (
    "Mrs|Mr|Ms|Dr|Prof|Sens|Sen|Reps|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr|Rev|Hon|Pres|Supt|Insp|Atty|Jr|Sr|St"
)
_TOKEN_WS = re.compile(
    r"(\s*)(@\w+|(?:" + _ABBREV_TITLES + r")\.(?![\w.])|[A-Z]\.(?=[ \t]+[A-Z])"
    r"|[^\W_][\w&\-]*(?:['’.][\w&\-]+|,\d\d\d[\w&\-]*)*|''|[^\w\s]|_|\Z)"
)
_QUOTE_CHARS = frozenset(('"', "“", "”", "''"))
_HARD_PUNCT = frozenset(',;:()[]"“”—–.!?…') | {"''"}


# A token is a plain tuple (fast to build): text, lower case (straight apostrophe), start, end,
# starts upper-case, is a word (not punctuation), inside double quotes.
_Tok: TypeAlias = tuple[str, str, int, int, bool, bool, bool]
_TX: Final = 0
_LO: Final = 1
_ST: Final = 2
_EN: Final = 3
_CP: Final = 4
_WD: Final = 5
_QT: Final = 6
_first = itemgetter(0)
_second = itemgetter(1)


def _tokenise(text: str, start: int, end: int) -> list[_Tok]:
    pairs = _TOKEN_WS.findall(text, start, end)
    while pairs and not pairs[-1][1]:
        pairs.pop()  # the empty matches at the end
    if not pairs:
        return []
    # Built with map() over C functions: this runs on most sentences of an article.
    texts = list(map(_second, pairs))
    lens = list(map(len, texts))
    ends = list(accumulate(map(add, map(len, map(_first, pairs)), lens), initial=start))
    del ends[0]
    starts = list(map(sub, ends, lens))
    chunk = text[start:end]
    lows = list(map(str.lower, texts))
    if "’" in chunk:
        lows = [w.replace("’", "'") for w in lows]
    firsts = list(map(_first, texts))
    caps = list(map(str.isupper, firsts))
    words = list(map(str.isalnum, firsts))
    if "@" in chunk:
        words = [w or c == "@" for w, c in zip(words, firsts)]
    quoted = [False] * len(pairs)
    if '"' in chunk or "“" in chunk or "”" in chunk or "''" in chunk:
        # Tokens inside double quotes (straight quotes toggle; curly quotes open/close).
        inside = False
        opened = 0
        for k in list(compress(count(), map(_QUOTE_CHARS.__contains__, texts))):
            c = texts[k]
            if inside:
                quoted[opened:k] = [True] * (k - opened)
            if c == "“":
                inside = True
            elif c == "”":
                inside = False
            else:
                inside = not inside
            opened = k + 1
        if inside:
            quoted[opened:] = [True] * (len(pairs) - opened)
    return list(zip(texts, lows, starts, ends, caps, words, quoted))


def _possessive_split(tok: _Tok) -> tuple[str, bool]:
    """'Korea's' -> ('Korea', True)."""
    low = tok[_LO]
    if low.endswith("'s") and len(low) > 2:
        return tok[_TX][:-2], True
    return tok[_TX], False


# --------------------------------------------------------------------------
# Raw cues in one sentence
# --------------------------------------------------------------------------


def _span_text(toks: list[_Tok]) -> str:
    """The text of a run of tokens, any whitespace between two of them as one space."""
    if not toks:
        return ""
    parts = [toks[0][_TX]]
    for a, b in zip(toks, toks[1:]):
        if b[_ST] > a[_EN]:
            parts.append(" ")
        parts.append(b[_TX])
    return "".join(parts)
