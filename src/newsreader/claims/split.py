"""Sentence splitting: every newline a hard boundary, no split after abbreviations, initials or inside
quotations, nothing longer than ``MAX_SENTENCE``; other languages through ``sentencex``.  The last
text's split is kept, so that claims and sources (which both split an article) split it once."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from newsreader.claims.claim import MAX_SENTENCE

# --------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"[ \t]*(?:[•·▪◦●‣∙*\-–—]|\d{1,2}[.)])[ \t]+")
# Sentence-final punctuation, then closing quotes/brackets.  Latin punctuation
# must be followed by whitespace (or end of line); CJK/Arabic full stops need not.
# The look-behind makes a match start only at the first mark of a run, so a long
# run of dots not followed by a space is tried once, not once per dot (linear time).
# Written to start with a character class (then the look-behind, then which kind of mark it
# was), so that the regex engine skips to the next mark in C instead of trying both
# alternatives at every character; it matches just what
# r"(?<![.!?…])[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？؟۔]+[\"'”’」』)\]]*" matches.
_TERMINATOR = re.compile(
    r"[.!?…。！？؟۔](?:(?<=[.!?…])(?<![.!?…][.!?…])[.!?…]*[\"'”’»)\]]*(?=\s|$)"
    r"|(?<=[。！？؟۔])[。！？؟۔]*[\"'”’」』)\]]*)"
)
_SENTENCE_END = re.compile(r"[.!?…。！？؟۔][\"'”’»」』)\]]*$")

# Titles and the like: a full stop after these never ends a sentence.
_TITLES = frozenset(
    "mr mrs ms dr prof gen sen rep gov lt col capt sgt maj adm cmdr st mt ft no nos vs v "
    "e.g i.e cf jr sr rev hon pres supt insp det fig figs vol p pp approx ca c.f a.m p.m".split()
)
# Abbreviations that may also end a sentence: split only when a common
# sentence starter follows ("... in the U.S. The ...").
_ABBREVS = frozenset(
    "u.s u.k u.n u.s.a e.u inc corp co ltd llc plc bros dept univ assn est etc al "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun".split()
)
_STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her its their our my "
    "in on at but and so yet however meanwhile after before when while if as for since "
    "according some many most officials".split()
)
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]?(\S{0,30})")


_DOUBLE_QUOTE = re.compile(r"[\"“”]")


def _quote_regions(line: str) -> list[tuple[int, int]]:
    """(open, close) indices of paired double quotes in ``line`` (straight and curly)."""
    regions: list[tuple[int, int]] = []
    straight = -1
    curly = -1
    for m in _DOUBLE_QUOTE.finditer(line):
        ch = m.group()
        i = m.start()
        if ch == '"':
            if straight < 0:
                straight = i
            else:
                regions.append((straight, i))
                straight = -1
        elif ch == "“":
            curly = i
        elif curly >= 0:
            regions.append((curly, i))
            curly = -1
    regions.sort()
    return regions


def _inside_quote(regions: list[tuple[int, int]], starts: list[int], pos: int, end: int) -> bool:
    """True if ``pos`` (a terminator) lies inside a quote that closes after ``end``."""
    k = bisect.bisect_right(starts, pos) - 1
    while k >= 0:
        o, c = regions[k]
        if o < pos and c >= end and c - o < 1500:
            return True
        if c < pos:
            # Regions do not nest, so earlier ones close earlier still.
            return False
        k -= 1
    return False


def _is_boundary(line: str, m: re.Match[str], regions: list[tuple[int, int]], starts: list[int]) -> bool:
    punct = m.group()
    end = m.end()
    if end >= len(line):
        return True
    if punct[0] in "。！？؟۔":
        return True
    nxt = _NEXT_WORD.match(line, end)
    word = nxt.group(1) if nxt else ""
    if not word:
        return True
    first = word[0]
    if first.islower():
        # "A. B." the report stated / e.g. something / ... and then
        return False
    if regions and _inside_quote(regions, starts, m.start(), end):
        return False
    if punct[0] == "." and punct.rstrip("\"'”’»)]") == ".":
        # The word before the full stop (its last 40 characters): what r"(\S{1,40})$" finds in the
        # 41 characters before it, without a regex trying every start in that window.
        seg = line[max(0, m.start() - 41):m.start()]
        if seg and not seg[-1].isspace():
            before = seg.split()[-1][-40:]
            token = before.lstrip("\"'“‘([").lower()
            if token in _TITLES:
                return False
            if len(token) == 1 and token.isalpha() and before[-1].isupper():
                return False  # an initial: J. K. Rowling
            if token in _ABBREVS or (len(token) <= 6 and "." in token and token.replace(".", "").isalpha()):
                return word.strip("\"'“‘”’,").lower() in _STARTERS
    return True


def _cap(start: int, end: int, text: str, out: list[tuple[int, int]]) -> None:
    """Append (start, end) trimmed of whitespace, cut into pieces of at most MAX_SENTENCE."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut < 0:
            cut = start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))


def _split(text: str) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, bulleted) for every sentence of ``text``."""
    for lm in _LINE.finditer(text):
        base = lm.start()
        line = lm.group()
        b = _BULLET.match(line)
        pos = b.end() if b else 0
        bulleted = b is not None
        regions = _quote_regions(line) if ('"' in line or "“" in line) else []
        starts = [o for o, _ in regions]
        out: list[tuple[int, int]] = []
        for m in _TERMINATOR.finditer(line, pos):
            if _is_boundary(line, m, regions, starts):
                _cap(base + pos, base + m.end(), text, out)
                pos = m.end()
        if pos < len(line):
            _cap(base + pos, base + len(line), text, out)
        for s, e in out:
            yield s, e, bulleted


def _split_other(text: str, language: str) -> Iterator[tuple[int, int, bool]]:
    """Like :func:`_split`, for a language other than English: ``sentencex`` knows its
    abbreviations and full stops (German "z. B.", CJK "。")."""
    import sentencex

    for lm in _LINE.finditer(text):
        base = lm.start()
        line = lm.group()
        b = _BULLET.match(line)
        pos = b.end() if b else 0
        out: list[tuple[int, int]] = []
        for piece in sentencex.segment(language, line[pos:]):
            at = line.find(piece, pos)
            if at < 0:  # sentencex gives back the line's own characters; be safe all the same
                break
            if out and _continues(piece) and base + at + len(piece) - out[-1][0] <= MAX_SENTENCE:
                # "т. е. до конца": a sentence never starts in lower case; the split was an abbreviation.
                out[-1] = (out[-1][0], base + at + len(piece.rstrip()))
            else:
                _cap(base + at, base + at + len(piece), text, out)
            pos = at + len(piece)
        if pos < len(line):
            _cap(base + pos, base + len(line), text, out)
        for s, e in out:
            yield s, e, b is not None


def _continues(piece: str) -> bool:
    """Whether a piece sentencex cut off starts in lower case (in a cased script)."""
    for ch in piece[:40]:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


_last_split: tuple[str, str, list[tuple[int, int, bool]]] = ("", "", [])


def forget_split() -> None:
    """Drop the kept split (benchmarks: each timed run must split its text again)."""
    global _last_split
    _last_split = ("", "", [])


def _sentences(text: str, language: str = "") -> list[tuple[int, int, bool]]:
    """(start, end, bulleted) of every sentence; the last text's split is kept, so that
    claims and sources (which both split an article's text, one after the other) split once."""
    global _last_split
    if language == "en":
        language = ""  # (English is split as text of unknown language is: the kept split serves both)
    last_text, last_language, last = _last_split
    if text is last_text and language == last_language:
        return last
    spans: list[tuple[int, int, bool]] | None = None
    if language:
        try:
            spans = list(_split_other(text, language))
        except Exception:
            spans = None
    if spans is None:
        spans = list(_split(text))
    _last_split = (text, language, spans)
    return spans


def split_sentences(text: str, language: str = "") -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)``.

    Every newline is a hard boundary; a leading bullet marker is not part of
    the sentence.  Full stops after abbreviations, initials and inside
    quotations do not end a sentence; nothing is longer than MAX_SENTENCE.
    Text in another language than English (ISO 639-1 ``language``) is split by
    ``sentencex``, which knows that language's abbreviations.
    """
    if not text:
        return []
    return [(s, e) for s, e, _ in _sentences(text, language)]


# --------------------------------------------------------------------------


_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_LETTER = re.compile(r"[^\W\d_]")
