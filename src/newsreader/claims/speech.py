"""Quotations and attributions inside one sentence: "X said", "according to X", "confirmed by X", and
the quoted statement of '"...," X said' (which is the claim)."""

from __future__ import annotations

import re
from typing import TypeAlias

from newsreader.claims.split import _WORDS


def _by_first_letter(alternatives: str) -> str:
    """``alternatives`` ("a|b|...", each starting with a letter, none holding a "|" of its own)
    regrouped by first letter, in the same order within a group: "at least|about|roughly" ->
    "a(?:t least|bout)|roughly".  Alternatives with different first letters never match at the
    same place, so it matches the same; but at each word start the regex engine enters only
    the group of that letter instead of trying every alternative in turn (it has no quick
    rejection for case-insensitive alternatives, and tries even case-sensitive ones one by one):
    the hedge look-ups take about 40% less time, the verbs of saying a third less.  The group's
    letter is written in lower case: for alternatives in lower case or a regex ignoring case."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives.split("|"):
        groups.setdefault(alternative[0].lower(), []).append(alternative)
    return "|".join(
        group[0] if len(group) == 1 else letter + "(?:" + "|".join(a[1:] for a in group) + ")"
        for letter, group in groups.items()
    )


_QUOTED = re.compile(r"\"([^\"\n]{1,1500})\"|“([^“”\n]{1,1500})”")

_ATTR_VERBS = (
    r"said|says|told|tells|reported|reports|confirmed|confirms|stated|states|revealed|reveals|"
    r"noted|notes|assessed|assesses|announced|announces|added|adds|claimed|claims|estimated|"
    r"estimates|warned|warns|explained|explains|wrote|writes|argued|argues|insisted|insists|"
    r"acknowledged|admitted|denied|alleged|testified|disclosed|indicated|observed|found|finds|"
    r"showed|shows|suggested|suggests|concluded|predicted|believes|believed|according"
)
_ATTR_ACTIVE = re.compile(  # (the verbs grouped by first letter: see _by_first_letter)
    r"\b(?:(?:has|have|had)\s)?(?P<verb>" + _by_first_letter(_ATTR_VERBS.replace("|according", ""))
    + r")\b(?!\sby\b)"
)
_ATTR_BY = re.compile(
    r"\b(?:as\s)?(?P<verb>verified|confirmed|reported|stated|announced|revealed|noted|assessed|"
    r"disclosed|estimated|claimed|documented|cited|quoted) by\s"
)
_ATTR_TRIGGERS = frozenset(_ATTR_VERBS.split("|")) | {"verified", "documented", "cited", "quoted"}
_ACCORDING = re.compile(r"\baccording to\s", re.IGNORECASE)
_NP_AFTER = re.compile(r"[^,;:.!?()\[\]\"“”\n]{1,120}")
_NP_STOP = re.compile(r"\s(?:that|who|which|when|while|because|as|and said|in a|on)\s")
_LEADING_CONJUNCTION = re.compile(r"(?:but|and|yet|so|while|as|however|meanwhile|also)\s+", re.IGNORECASE)
_APPOSITIVE_START = re.compile(r"(?:a|an|the|who)\s")
_PRONOUNS = frozenset("he she they it we i you who this that these those there".split())
_DETERMINERS = frozenset(
    "the a an its his her their our this that these those officials experts analysts police "
    "researchers scientists sources".split()
)


def _np_before(sentence: str, end: int) -> tuple[int, int] | None:
    """Span (relative to ``sentence``) of the noun phrase that ends right before ``end``."""
    seg_end = end
    while seg_end > 0 and sentence[seg_end - 1] in " \t":
        seg_end -= 1
    comma_before_verb = seg_end > 0 and sentence[seg_end - 1] == ","
    while seg_end > 0 and sentence[seg_end - 1] in " \t,":
        seg_end -= 1
    lo = max(0, seg_end - 160)
    seg = sentence[lo:seg_end]
    # Last clause boundary before the verb.
    cut = max(seg.rfind(","), seg.rfind(";"), seg.rfind(":"), seg.rfind('"'), seg.rfind("”"),
              seg.rfind("“"), seg.rfind(" that "), seg.rfind(" and "))
    start = cut + 1 if cut >= 0 else 0
    if seg.startswith(" that ", start - 1) or seg.startswith(" and ", start - 1):
        start = seg.find(" ", start) + 1
    candidate = seg[start:].strip()
    # Appositive: "Ju Hong Won, a member of ..., revealed" -> "Ju Hong Won".
    if comma_before_verb and cut >= 0 and seg[cut] == "," and _APPOSITIVE_START.match(candidate):
        prev_cut = max(seg.rfind(",", 0, cut), seg.rfind('"', 0, cut), seg.rfind("”", 0, cut))
        alt = seg[prev_cut + 1:cut].strip()
        if alt and alt[0].isupper() and len(alt.split()) <= 6:
            candidate = alt
            start = seg.find(alt, prev_cut + 1)
    lead = _LEADING_CONJUNCTION.match(candidate)
    if lead:
        start = seg.find(candidate, start) + lead.end()
        candidate = candidate[lead.end():]
    if not candidate:
        return None
    words = candidate.split()
    if len(words) > 10:
        return None
    first = words[0].lower()
    if first in _PRONOUNS and len(words) == 1:
        return None
    if not (candidate[0].isupper() or first in _DETERMINERS):
        return None
    s = lo + seg.find(candidate, start if start < len(seg) else 0)
    if s < lo:
        return None
    return s, s + len(candidate)


def _np_after(sentence: str, pos: int) -> tuple[int, int] | None:
    m = _NP_AFTER.match(sentence, pos)
    if not m:
        return None
    s, e = m.span()
    stop = _NP_STOP.search(sentence, s, e)
    if stop:
        e = stop.start()
    while e > s and sentence[e - 1].isspace():
        e -= 1
    words = sentence[s:e].split()
    if not words or len(words) > 10:
        return None
    return s, e


# (verb phrase, span of the source in the sentence or None)
_Attribution: TypeAlias = tuple[str, tuple[int, int] | None]


def _attribution(
    sentence: str, quote_spans: list[tuple[int, int]], tokset: set[str], spans: bool = True,
) -> _Attribution | None:
    """Return (verb phrase, source span or None) or None; ``spans=False``: the verb only."""
    m = _ACCORDING.search(sentence) if "according" in tokset else None
    if m:
        return "according to", _np_after(sentence, m.end()) if spans else None
    m = _ATTR_BY.search(sentence) if "by" in tokset else None
    if m:
        return m.group("verb") + " by", _np_after(sentence, m.end()) if spans else None
    best: _Attribution | None = None
    for m in _ATTR_ACTIVE.finditer(sentence):
        # Skip verbs inside a quotation.
        if quote_spans and any(a < m.start() < b for a, b in quote_spans):
            continue
        if not spans:
            return m.group("verb"), None
        span = _np_before(sentence, m.start())
        if span is None:
            # Inverted speaker: '"...," said John Smith.'
            before = sentence[: m.start()].rstrip()
            if before.endswith((',"', ",”")):
                span = _np_after(sentence, m.end() + 1)
        if best is None or (best[1] is None and span is not None):
            best = (m.group("verb"), span)
        if span is not None:
            break
    return best


# Verbs that name a speaker after a quotation: the attribution verbs and a few of quoting only.
_SPEAKER_WORDS = frozenset(_ATTR_VERBS.split("|")) - {"according"} | frozenset(
    "recounted recalls recalled asked asks replied replies responded tweeted posted declared "
    "continued quipped joked countered conceded stressed emphasized emphasised".split()
)
_OPEN_QUOTES = "\"“"
_CLOSE_QUOTES = "\"”"
# Words after which the words outside the quotation say something of their own.
_MORE_THAN_SPEAKER = frozenset("adding saying noting that but while because although which".split())


def _quote_core(sentence: str) -> tuple[int, int] | None:
    """The quoted statement of '“...,” X said.' or 'X said: “...”' (offsets in ``sentence``):
    that statement is the claim, X its source.  None for other sentences."""
    s = sentence.rstrip()
    if not s or (s[0] not in _OPEN_QUOTES and s[-1] not in _CLOSE_QUOTES):
        return None
    if s[0] in _OPEN_QUOTES:  # “Q,” X said.
        close = max(s.rfind("”"), s.rfind('"') if s.count('"') == 2 else -1)
        if close <= 1 or s.count("“") > 1 or s.count("”") > 1:
            return None
        tail = s[close + 1:]
        core = (1, close)
    else:  # X said: “Q.”
        opened = s.find("“") if "“" in s else (s.find('"') if s.count('"') == 2 else -1)
        if opened <= 0 or s.count("“") > 1 or s.count("”") > 1:
            return None
        tail = s[:opened]
        if not tail.rstrip().endswith((",", ":")):
            return None
        core = (opened + 1, len(s) - 1)
    words = [w.lower() for w in _WORDS.findall(tail)]
    if not words or _SPEAKER_WORDS.isdisjoint(words[:8]) or not _MORE_THAN_SPEAKER.isdisjoint(words):
        return None  # the verb of saying comes first: "said Mr. Reeves, a senior fellow at ..."
    if len(words) > 14 and (tail.count(",") > 1 or s[0] not in _OPEN_QUOTES or _SPEAKER_WORDS.isdisjoint(words[:3])):
        return None  # a long tail is more than a speaker and an apposition: keep the sentence
    start, end = core
    inner = sentence[start:end]
    stripped = inner.rstrip(" ,;:—–-")
    end = start + len(stripped)
    lead = len(stripped) - len(stripped.lstrip())
    start += lead
    if len(_WORDS.findall(sentence[start:end])) < 4:
        return None  # a scare-quoted phrase, not a statement
    return start, end
