"""The analysis of one text: credits, cues and their sources, other mentions of the names found.

:class:`Analyzer` holds the cue lexicon and a small cache of results; :func:`default_analyzer` is the
one with the shipped lexicon."""

from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass, replace
from functools import lru_cache

from newsreader.claims import split_sentences
from newsreader.sources.credits import _HANDLE, _credits
from newsreader.sources.cues import _cue_window, _cues_in_sentence, _Raw
from newsreader.sources.lexicon import _MEDIA_WORDS, _OFFICIAL_WORDS, _ORG_HEADS, CueLexicon, _words
from newsreader.sources.model import Source, normalise
from newsreader.sources.resolver import _Resolver
from newsreader.sources.tokens import _CP, _EN, _LO, _ST, _TX, _WD, _tokenise


@dataclass
class Cue:
    """One attribution in the text: the sentence it is in, the mention of its source there, the cue
    ("said", "according to"), the source (an index into :attr:`Result.sources`), its priority among
    the sentence's cues (lower first) and whether it backs up the sentence before."""

    sentence: tuple[int, int]
    mention: tuple[int, int]
    cue: str
    source: int
    priority: int
    back_ref: bool


@dataclass
class Result:
    """The analysis of one text: its sources, its cues in order, its sentences."""

    sources: list[Source]
    cues: list[Cue]
    sentences: list[tuple[int, int]]


class Analyzer:
    """Finds the sources of texts with one cue lexicon, keeping the last few results.

    ``analyse_sources`` and ``attribute`` read one text's analysis: the small cache (under its
    lock) spares the second the work of the first.  Nothing else is kept between texts.
    """

    CACHE_SIZE = 4

    def __init__(self, lexicon: CueLexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else CueLexicon.load()
        self._cache: dict[str, Result] = {}
        self._lock = threading.Lock()

    def analyse(self, text: str) -> Result:
        """The analysis of ``text`` (cached)."""
        with self._lock:
            hit = self._cache.get(text)
        if hit is not None:
            return hit
        result = _analyse_uncached(text, self.lexicon)
        with self._lock:
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[text] = result
        return result

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()


@lru_cache(maxsize=1)
def default_analyzer() -> Analyzer:
    """The analyzer with the shipped lexicon (made on first use)."""
    return Analyzer()



def _analyse_uncached(text: str, lexicon: CueLexicon) -> Result:
    all_cues = lexicon.all_cues
    resolver = _Resolver(text, all_cues)
    cues: list[Cue] = []
    sentences = split_sentences(text) if text else []
    credits = _credits(text) if text else []
    credit_lines = {text.rfind("\n", 0, span[0]) + 1 for _, _, span in credits}
    for name, kind, span in credits:
        credited = resolver._get_or_new(name, kind, "image credit", False)
        handle = _HANDLE.search(name)
        if handle and handle.group() != name:
            resolver._alias(credited, handle.group())
        resolver.mention(credited, span)
    window = _cue_window
    prev = (0, 0)
    for s, e in sentences:
        resolver.prev_sentence, prev = prev, (s, e)
        if s in credit_lines:
            continue
        colon = text.find(":", s, min(e, s + 60))
        if colon > 0:
            speaker = _headline_speaker(text, s, e, colon, resolver)
            if speaker is not None:
                cues.append(speaker)
        w = window(text[s:e], all_cues)
        if w < 0:
            continue
        raws = _cues_in_sentence(text, s, e, lexicon, s + w)
        resolved: list[int | None] = []
        for raw in raws:
            if raw.same_as >= 0:
                idx = resolved[raw.same_as]
                mention = cues[-1].mention if idx is not None and cues else None
                resolved.append(idx)
                if idx is not None and mention is not None:
                    cues.append(Cue((s, e), mention, raw.cue, idx, raw.priority, False))
                continue
            idx = resolver.resolve(raw)
            resolved.append(idx)
            if idx is not None:
                words = [t for t in raw.np if t[_WD]]
                span = (words[0][_ST], words[-1][_EN])
                if raw.relative is not None:
                    span = (raw.relative[_ST], raw.relative[_EN])  # "who": the pronoun is the mention
                    resolver.mention(idx, span)
                cues.append(Cue((s, e), span, raw.cue, idx, raw.priority, raw.back_ref))
    _add_name_mentions(text, resolver)
    for src in resolver.sources:
        src.mentions.sort()
    return Result(resolver.sources, cues, sentences)


_LABELS = _words(
    "q a update updated note editor editors photo photos video source sources poll watch read related "
    "advertisement correction warning breaking exclusive live analysis opinion tags tag topics share "
    "washington london new york chart graphic map caption credit credits image images background "
    "disclaimer disclosure summary transcript bottom line why what how when where who"
)


def _headline_speaker(text: str, s: int, e: int, colon: int, resolver: _Resolver) -> Cue | None:
    """"Bill Clinton: Hillary better qualified ..." / "TRUMP: The deaths of ...": a name, a colon, what
    they said.  Only a person's name (two or three capitalised words) or a known source's surname."""
    if colon + 1 >= len(text) or not text[colon + 1:colon + 2].isspace():
        return None
    toks = _tokenise(text, s, colon)
    words = [t for t in toks if t[_WD]]
    if not words or len(words) != len(toks) or len(words) > 3 or not all(t[_CP] for t in words):
        return None
    if any(t[_LO].strip(".") in _LABELS or t[_LO] in _MEDIA_WORDS or t[_LO] in _ORG_HEADS
           or t[_LO] in _OFFICIAL_WORDS for t in words):
        return None
    key = words[-1][_LO].strip(".")
    idx = resolver.surnames.get(key)
    if idx is None and len(words) == 1:
        idx = resolver.keys.get(normalise(words[0][_TX]))
        if idx is not None and not resolver.person[idx]:
            idx = None
    if idx is None:
        if len(words) < 2 or words[0][_TX].isupper():
            return None
        raw = _Raw((s, colon), ":", (colon, colon + 1), toks, 1)
        idx = resolver.resolve(raw)
        if idx is None:
            return None
    span = (words[0][_ST], words[-1][_EN])
    resolver.mention(idx, span)
    return Cue((s, e), span, "colon", idx, 1, False)


_WORD_RUN = re.compile(r"\w*")
_WORD_CHAR = re.compile(r"\w")


def _add_name_mentions(text: str, resolver: _Resolver) -> None:
    """Other mentions of a named source's name or aliases (word-bounded, exact case)."""
    names: dict[str, int] = {}
    for idx, src in enumerate(resolver.sources[:300]):
        if src.kind == "anonymous" or "(unresolved)" in src.name:
            continue
        for n in [src.name, *src.aliases]:
            if len(n) >= 3 and n[:1].isupper() or n.startswith("@"):
                names.setdefault(n, idx)
    if not names:
        return
    # What one regex "(?<![\w@])(?:longest name|...|shortest name)(?!\w)" would find, without
    # trying every name at every position (which costs names x text).  A name that matches at a
    # position starts with the same key there, its first character and the run of word characters
    # after it: that run ends inside the name where the name has a non-word character, or where
    # the name ends (no word character may follow a match).  So one regex finds the keys at word
    # starts (it begins with a character class: the regex engine skips to those characters fast),
    # and only the names with that key are tried there, longest first.
    by_key: dict[str, list[str]] = {}
    for n in sorted(names, key=len, reverse=True):
        run = _WORD_RUN.match(n, 1)  # (always matches: it may be empty)
        by_key.setdefault(n[0] + (run.group() if run else ""), []).append(n)
    first_chars = "".join(sorted({n[0] for n in names}))
    candidates = re.compile("[" + re.escape(first_chars) + r"](?<![\w@][\s\S])\w*")
    taken = sorted(span for src in resolver.sources for span in src.mentions)
    starts = [s for s, _ in taken]
    after = 0  # matches do not overlap: the next one starts after the last one's end
    word_char = _WORD_CHAR.match
    get = by_key.get
    for c in candidates.finditer(text):
        bucket = get(c.group())
        if bucket is None:
            continue
        start = c.start()
        if start < after:
            continue
        for n in bucket:
            end = start + len(n)
            if text.startswith(n, start) and not word_char(text, end):
                break
        else:
            continue
        after = end
        k = bisect.bisect_right(starts, start)
        if k > 0 and taken[k - 1][1] > start:
            continue  # inside a mention already recorded
        if k < len(taken) and taken[k][0] < end:
            continue
        idx = names[n]
        resolver.sources[idx].mentions.append((start, end))


def analyse_sources(text: str, analyzer: Analyzer | None = None) -> list[Source]:
    """The sources in ``text`` (an article's plain text), in order of first appearance.

    Every call returns fresh objects (tags filled by ``registry.apply_tags`` do not leak).
    ``analyzer``: the one with the shipped lexicon unless given.
    """
    if not text:
        return []
    result = (analyzer or default_analyzer()).analyse(text)
    out = [replace(s, aliases=list(s.aliases), mentions=list(s.mentions), tags=list(s.tags)) for s in result.sources]
    return sorted(out, key=lambda s: s.mentions[0] if s.mentions else (len(text), len(text)))
