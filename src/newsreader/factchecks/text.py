"""Tokenising claims and tweets for matching: plain functions, no state.

Tweets carry noise a fact-checker's wording does not: links, ``pic.twitter.com/...``,
``#HashTagsInCamelCase``, ``@handles``, numbers written ``1,000`` and emoji.  ``tokens()`` removes
the links, splits hashtags, handles and CamelCase words (``@IvankaTrump`` -> "ivanka trump": the
handle and the embed signature ``— Name (@handle) Month D, YYYY`` often name the claim's subject,
and dropping them or the date lowered the cross-validated MAP), joins digit groups, folds case and
accents, drops stop words and strips a few English suffixes (a light stemmer: plural, ``-ing``,
``-ed``...; better in cross-validation than none or plural-only), so "Vaccines" and "vaccine",
"#CoronaVirus" and "corona virus" meet.

Untrusted text: every input is cut to ``MAX_TEXT_CHARS`` first, so a 1 MB string costs no more than
a long article; control characters are just separators.
"""

from __future__ import annotations

import re
import unicodedata

#: Longer inputs are cut to this many characters before anything else (a tweet is at most 280).
MAX_TEXT_CHARS = 5000
#: At most this many tokens are kept from one text.
MAX_TOKENS = 600

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*|[\w.-]+\.(?:com|org|net|ly|co)/\S*", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_NEEDS_SPLIT = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]|[A-Za-z]\d|\d[A-Za-z]")
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"['’‘`]s?\b")

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves s t don didn doesn isn wasn aren weren won wouldn shouldn couldn ve ll
    re d m o y im u ur rt via amp""".split()
)

_SUFFIXES = (
    ("ational", "ate"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ization", "ize"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ities", "ity"),
    ("ingly", ""),
    ("edly", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ed", ""),
    ("es", "e"),
    ("ly", ""),
    ("s", ""),
)


def stem(word: str) -> str:
    """A light English stemmer: strips one common suffix, keeping a stem of 3+ letters."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) < 3:
                return word
            out = base + repl
            if suffix in ("ing", "ed", "ings") and len(out) > 3 and out[-1] == out[-2] and out[-1] not in "lsz":
                out = out[:-1]  # "stopped" -> "stop"
            return out
    return word


def clean(text: str) -> str:
    """The text without links, the tweet-embed signature and @handles; hashtags and CamelCase split."""
    text = text[:MAX_TEXT_CHARS]
    if "/" in text or "www." in text:
        text = _URL.sub(" ", text)
    text = text.replace("#", " ").replace("@", " ")
    if _NEEDS_SPLIT.search(text):
        text = _CAMEL.sub(" ", text)
    if "," in text or "." in text:
        text = _DIGIT_GROUP.sub("", text)
    if "'" in text or "’" in text or "‘" in text or "`" in text:
        text = _APOSTROPHE.sub("", text)
    return text


def fold(text: str) -> str:
    """Lower case without accents (``é`` -> ``e``); other scripts are kept."""
    text = text.lower()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words of the cleaned text, stop words kept (for n-grams and overlap)."""
    return _WORD.findall(fold(clean(text)))[:MAX_TOKENS]


def tokens(text: str, stems: dict[str, str] | None = None) -> list[str]:
    """The index terms of ``text``: cleaned, folded, stop words removed, stemmed.

    ``stems`` is an optional cache (word -> stem) the caller owns, to speed up indexing.
    """
    if stems is None:
        return [stem(w) for w in words(text) if w not in STOP_WORDS]
    out = []
    for w in words(text):
        if w in STOP_WORDS:
            continue
        s = stems.get(w)
        if s is None:
            s = stems[w] = stem(w)
        out.append(s)
    return out


def numbers(text: str) -> set[str]:
    """The numbers mentioned (digit groups joined), e.g. ``{"2020", "1000"}``."""
    return {w for w in words(text) if w.isdigit()}


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*[a-z0-9][\w]*|\b[A-Z]{2,}\b")


def names(text: str, cleaned: bool = False) -> set[str]:
    """Capitalised words not at the start of a sentence, folded and stemmed: a cheap named-entity set."""
    if not cleaned:
        text = clean(text)
    out: set[str] = set()
    for m in _CAPITALISED.finditer(text):
        start = m.start()
        before = text[max(0, start - 2) : start].strip()
        if start == 0 or before[-1:] in (".", "!", "?", '"', "“"):
            continue
        w = fold(m.group())
        for part in _WORD.findall(w):
            if part not in STOP_WORDS:
                out.add(stem(part))
    return out


def analyse(text: str, stems: dict[str, str] | None = None) -> tuple[list[str], set[str], set[str]]:
    """``(tokens(text), numbers(text), names(text))``, cleaning the text once."""
    cleaned = clean(text)
    ws = _WORD.findall(fold(cleaned))[:MAX_TOKENS]
    if stems is None:
        stems = {}
    terms = []
    for w in ws:
        if w in STOP_WORDS:
            continue
        s = stems.get(w)
        if s is None:
            s = stems[w] = stem(w)
        terms.append(s)
    return terms, {w for w in ws if w.isdigit()}, names(cleaned, cleaned=True)
