"""Find checkable claims in article text.

Pure Python, no UI imports.  ``find_claims(text)`` splits plain article text
into sentences, drops what is not a claim (headings, captions and credits,
questions, page furniture, greetings), and for every remaining sentence says
what kind of claim it is, how check-worthy it is (``score``, 0..1, >= 0.5 means
check-worthy), which qualifiers hedge it and whom it is attributed to.

The check-worthiness score comes from a small linear model
(``data/claim_model.json.gz``, trained by ``benchmarks/train_claims.py`` on the
CheckThat! 2024 English check-worthiness data).  It is loaded lazily on first
use; inference is a few dictionary look-ups per word, so it stays linear in the
input.  Every regular expression here is written to run in linear time: no
nested unbounded quantifiers, and sentences are capped at ``MAX_SENTENCE``
characters.
"""

from __future__ import annotations

import base64
import bisect
import gzip
import json
import math
import re
import threading
from array import array
from dataclasses import dataclass, replace
from functools import reduce
from itertools import compress, count, islice, repeat
from operator import add
from pathlib import Path

from newsreader.language import is_scored, mostly_latin

__all__ = [
    "Claim",
    "Hedge",
    "KINDS",
    "find_claims",
    "score_sentence",
    "split_sentences",
]

KINDS = ("statistic", "quote", "attributed", "comparison", "prediction", "factual")
MAX_SENTENCE = 2000
MODEL_PATH = Path(__file__).resolve().parent / "data" / "claim_model.json.gz"


@dataclass(frozen=True)
class Hedge:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    text: str
    kind: str
    score: float | None
    """Check-worthiness 0..1 (>= 0.5: check-worthy); None when the claim's language is one
    the model was not trained on (see ``newsreader.language``)."""
    hedges: tuple[Hedge, ...] = ()
    source: str | None = None
    source_span: tuple[int, int] | None = None
    reasons: tuple[str, ...] = ()

    @property
    def check_worthy(self) -> bool:
        return self.score is not None and self.score >= 0.5

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "score": self.score,
            "hedges": [h.to_dict() for h in self.hedges],
            "source": self.source,
            "source_span": list(self.source_span) if self.source_span else None,
            "reasons": list(self.reasons),
        }


# --------------------------------------------------------------------------
# Sentence splitting
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


def _quote_regions(line: str) -> list[tuple[int, int]]:
    """(open, close) indices of paired double quotes in ``line`` (straight and curly)."""
    regions: list[tuple[int, int]] = []
    straight = -1
    curly = -1
    for m in re.finditer(r"[\"“”]", line):
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


def _is_boundary(line: str, m: re.Match, regions, starts) -> bool:
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


def _split(text: str):
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


def _split_other(text: str, language: str):
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
    last_text, last_language, last = _last_split
    if text is last_text and language == last_language:
        return last
    spans: list[tuple[int, int, bool]] | None = None
    if language and language != "en":
        try:
            spans = list(_split_other(text, language))
        except Exception:  # noqa: BLE001 - a segmenter failure must not lose the article: fall back
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
# Claim features
# --------------------------------------------------------------------------

_NUMWORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|third)"
)
_NUMWORD_SET = (
    frozenset(_NUMWORD[3:-1].replace("?", "").split("|"))
    | frozenset("hundred thousand million billion trillion dozen hundreds thousands millions billions trillions dozens".split())
) - {"third", "quarter"}
# Digits (with thousands separators and decimals); currency, percent and scale
# words around them are added by _numbers() ...
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_PERCENT_SUFFIX = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_SCALE_SUFFIX = re.compile(r"\s(?:million|billion|trillion|thousand|bn)\b", re.IGNORECASE)
_CURRENCY_SIGNS = "$€£¥"
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _by_first_letter(alternatives: str) -> str:
    """``alternatives`` ("a|b|...", each starting with a letter, none holding a "|" of its own)
    regrouped by first letter, in the same order within a group: "at least|about|roughly" ->
    "a(?:t least|bout)|roughly".  Alternatives with different first letters never match at the
    same place, so it matches the same; but at each word start the regex engine enters only
    the group of that letter instead of trying every alternative in turn (it has no quick
    rejection for case-insensitive alternatives): the hedge look-ups take about 40% less time."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives.split("|"):
        groups.setdefault(alternative[0].lower(), []).append(alternative)
    return "|".join(
        group[0] if len(group) == 1 else letter + "(?:" + "|".join(a[1:] for a in group) + ")"
        for letter, group in groups.items()
    )


_NUM_AHEAD = r"(?=\s(?:a\s|an\s)?(?:[$€£¥]?\d|(?:one|a|" + _NUMWORD[3:] + r"\b))"
_HEDGE_NUM = re.compile(
    r"\b(?:" + _by_first_letter(
        r"at least|at most|approximately|roughly|around|about|nearly|almost|over|more than|"
        r"less than|fewer than|up to|some|as many as|as much as|close to|upwards of|in excess of|"
        r"just under|just over|under|an estimated") + ")" + _NUM_AHEAD,
    re.IGNORECASE,
)
_HEDGE_WORD = re.compile(
    r"\b(?:" + _by_first_letter(
        r"approximately|roughly|reportedly|allegedly|apparently|purportedly|supposedly|"
        r"likely|unlikely|possibly|probably|perhaps|estimated|an estimated|"
        r"appears?(?= to\b)|appeared(?= to\b)|seems?(?= to\b)|seemed(?= to\b)|"  # "appears to", ...
        r"believed to|thought to|unconfirmed|unverified") + r")\b",
    re.IGNORECASE,
)
_HEDGE_MODAL = re.compile(r"\b(?:may|might|could)\b")  # case-sensitive: "May" is a month
_HEDGE_NUM_TRIGGERS = frozenset(
    "least most approximately roughly around about nearly almost over than up some many much close "
    "upwards excess under estimated".split()
)
_HEDGE_WORD_TRIGGERS = frozenset(
    "approximately roughly reportedly allegedly apparently purportedly supposedly likely unlikely "
    "possibly probably perhaps estimated appears appear appeared seems seem seemed believed thought "
    "unconfirmed unverified".split()
)
_MODAL_TRIGGERS = frozenset(("may", "might", "could"))

_QUOTED = re.compile(r"\"([^\"\n]{1,1500})\"|“([^“”\n]{1,1500})”")

_ATTR_VERBS = (
    r"said|says|told|tells|reported|reports|confirmed|confirms|stated|states|revealed|reveals|"
    r"noted|notes|assessed|assesses|announced|announces|added|adds|claimed|claims|estimated|"
    r"estimates|warned|warns|explained|explains|wrote|writes|argued|argues|insisted|insists|"
    r"acknowledged|admitted|denied|alleged|testified|disclosed|indicated|observed|found|finds|"
    r"showed|shows|suggested|suggests|concluded|predicted|believes|believed|according"
)
_ATTR_ACTIVE = re.compile(
    r"\b(?:(?:has|have|had)\s)?(?P<verb>" + _ATTR_VERBS.replace("|according", "") + r")\b(?!\sby\b)"
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
_PRONOUNS = frozenset("he she they it we i you who this that these those there".split())
_DETERMINERS = frozenset(
    "the a an its his her their our this that these those officials experts analysts police "
    "researchers scientists sources".split()
)

_THAN = re.compile(r"\b(\w+) than\b", re.IGNORECASE)
_COMPARATIVES = frozenset(
    "more less fewer greater higher lower larger smaller bigger better worse faster slower cheaper "
    "older younger stronger weaker richer poorer longer shorter".split()
)
_NOT_COMPARATIVE = frozenset("other rather whether never ever either neither over under".split())
_SUPERLATIVES = frozenset(
    "biggest largest highest lowest smallest greatest worst best fastest slowest strongest weakest "
    "richest poorest oldest youngest longest shortest deadliest costliest".split()
)
_CHANGE_WORDS = frozenset("doubled tripled quadrupled halved".split())
_MOVE_WORDS = frozenset(
    "rose fell grew dropped declined increased decreased jumped surged plunged climbed".split()
)
_COMPARISON_TRIGGERS = (
    frozenset(("than", "compared", "record", "twice", "times", "most", "least"))
    | _SUPERLATIVES | _CHANGE_WORDS | _MOVE_WORDS
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|(?:is|are|am) going to|(?:is|are|was|were) (?:expected|set|due|poised|"
    r"projected|forecast|predicted|likely) to|plans? to|planned to|intends? to|forecasts?|"
    r"predicts?|projected|by (?:the end of )?20[3-9]\d)\b|(?<=\w)['’]ll\b",  # (a look-behind: not tried at every letter)
    re.IGNORECASE,
)
_PREDICTION_TRIGGERS = frozenset(
    "will won't shall going expected set due poised projected forecast predicted likely plan plans "
    "planned intend intends forecasts predicts predict".split()
)

_CAPTION = re.compile(
    r"(?:images?|photos?|photograph|picture|pictures|video|credit|credits|source|sources|"
    r"illustration|graphic|map|image source|images source|photo credit)\s*(?:source)?\s*[:©]"
    r"|@\w|(?:getty|reuters|ap photo|afp)\b",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:related (?:content|articles?|stories|news|coverage)|read more|read next|see also|share this|"
    r"share|share on \w+|advertisement|sponsored|subscribe|sign up|newsletter|most read|"
    r"more from|recommended|follow us|comments?|skip to content|click here|watch|listen)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:thank you|thanks|good (?:morning|evening|afternoon|night)|hello|hi|welcome|"
    r"congratulations|okay|ok|yes|no|well)\b[\s\W]*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_LETTER = re.compile(r"[^\W\d_]")


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
    if comma_before_verb and cut >= 0 and seg[cut] == "," and re.match(r"(?:a|an|the|who)\s", candidate):
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


def _attribution(sentence: str, quote_spans: list[tuple[int, int]], tokset: set[str], spans: bool = True):
    """Return (verb phrase, source span or None) or None; ``spans=False``: the verb only."""
    m = _ACCORDING.search(sentence) if "according" in tokset else None
    if m:
        return "according to", _np_after(sentence, m.end()) if spans else None
    m = _ATTR_BY.search(sentence) if "by" in tokset else None
    if m:
        return m.group("verb") + " by", _np_after(sentence, m.end()) if spans else None
    best = None
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


def _hedges(sentence: str, sc: "_Scan") -> list[tuple[int, int]]:
    tokset = sc.tokset
    found = []
    if sc.numbers and not tokset.isdisjoint(_HEDGE_NUM_TRIGGERS):
        found += [m.span() for m in _HEDGE_NUM.finditer(sentence)]
    if not tokset.isdisjoint(_HEDGE_WORD_TRIGGERS):
        found += [m.span() for m in _HEDGE_WORD.finditer(sentence)]
    if not tokset.isdisjoint(_MODAL_TRIGGERS):
        found += [m.span() for m in _HEDGE_MODAL.finditer(sentence)]
    if not found:
        return found
    found.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _is_heading_like(sentence: str, bulleted: bool) -> bool:
    """A line without sentence punctuation: heading, caption or label unless long/bulleted."""
    if _SENTENCE_END.search(sentence[-12:]):
        return False
    n = len(_WORDS.findall(sentence[:400]))
    if bulleted:
        return n < 4
    return n < 15


# Bylines and credits: "By Jane Doe", "Keith Bradsher contributed reporting from Hong Kong.",
# "Reporting by X; Editing by Y", "Follow X on Twitter".
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reporting by|additional reporting by|edited by|editing by|"
    r"compiled by|produced by|interview by|photos? by|video by|graphics? by|illustrations? by)\s+\S",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing)\s+(?:reporting|research|to\s+(?:this|the)\s+(?:report|story|article))\b"
    r"|\b(?:reporting|research|writing|editing)\s+by\b[^.]{0,80}(?:;|\bediting\s+by\b)"
    r"|^(?:follow|contact|email|e-mail|reach)\s+(?:him|her|them|the\s+(?:author|writer|reporter)|@?[A-Z][\w.]*"
    r"(?:\s+[A-Z][\w.]*){0,3})\s+(?:on|at|via)\s+(?:twitter|x|facebook|instagram|threads|bluesky|@|\S+@)"
    r"|^this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|amended|corrected|originally\s+published)\b",
    re.IGNORECASE,
)
# Calls to action addressed to the reader.
_CALL_TO_ACTION = re.compile(
    r"^(?:sign\s+up|subscribe|click|tap|follow\s+us|follow\s+@|like\s+us|share\s+(?:this|on|your)|"
    r"read\s+(?:more|the\s+full|our|next)|watch\s+(?:the|our|live|now|more)|listen\s+(?:to\s+(?:the|our)|now|live)|"
    r"download\s+(?:the|our)|get\s+(?:the|our)\s+\w+\s+(?:app|newsletter)|join\s+(?:us|the\s+conversation|our)|"
    r"don['’]t\s+miss|do\s+not\s+miss|let\s+us\s+know|tell\s+us|send\s+us|email\s+us|contact\s+us|"
    r"visit\s+(?:our|the\s+\w+\s+(?:website|page))|scroll\s+(?:down|up)|see\s+more|find\s+out\s+more|"
    r"learn\s+more|support\s+(?:our|independent)|donate|check\s+(?:it|them|this)\s+out|"
    r"\(?see\s+(?:below|above|here|more|also|the\s+(?:video|graphic|chart|map|full|list)))\b",
    re.IGNORECASE,
)
# Page furniture: "SEE MORE:", "DON'T MISS", "[INSIGHT]", "VIDEO]", "More:", "Media caption ...".
_LABEL = re.compile(
    r"^(?:see more|read more|more|also read|read|related|related articles?|watch|video|videos|pictures?|photos?|"
    r"gallery|pictured|listen|don['’]t miss|insight|reveal|live|updates?|breaking|breaking news|exclusive|poll|"
    r"quiz|sponsored|advertisement|more on this|more on this story|top stories|trending|latest|opinion)\s*[:|»›>]",
    re.IGNORECASE,
)
_BRACKET_TAG = re.compile(r"\[[A-Z][A-Z ]{2,20}\]|\b[A-Z]{3,}\]|\[[A-Z]{3,}\b")
_MEDIA_PREFIX = re.compile(r"^(?:media|image|video|photo|audio)\s+(?:caption|copyright|credit|source)\b", re.IGNORECASE)
_FRAGMENT_START = re.compile(r"^(?:--|—|–|-|…|\.\.\.|[,;:)\]])|^[\"'“‘(]?[a-z]")


_CREDIT_WORDS = ("contribut", "reporting by", "research by", "writing by", "editing by")
_CREDIT_STARTS = ("follow", "contact", "email", "e-mail", "reach", "this article", "this story")
# Whether any of _CREDIT_WORDS occurs (an alternation of plain words: the engine skips to their
# first letters in C).
_CREDIT_WORD = re.compile("|".join(map(re.escape, _CREDIT_WORDS)))


def _may_be_credit(s: str) -> bool:
    """A cheap look for the words ``_CONTRIBUTED`` needs (its search is the costly part)."""
    low = s.lower()
    return low.startswith(_CREDIT_STARTS) or _CREDIT_WORD.search(low) is not None


def _shouting(s: str) -> bool:
    """A short line in capitals ("DON'T MISS", "BREAKING NEWS"): a label, not a sentence."""
    if len(s) > 80 or not s.isupper():  # (isupper: every cased letter is a capital; C speed)
        return False
    return len(s.split()) <= 6 and sum(c.isalpha() for c in s) >= 3


def _skip_reason(sentence: str, bulleted: bool) -> str | None:
    s = sentence.strip()
    if not _LETTER.search(s[:500]):
        return "no words"
    if _CAPTION.match(s) or "©" in s[:300] or _MEDIA_PREFIX.match(s):
        return "caption"
    if _FURNITURE.match(s) and len(s) < 60:
        return "furniture"
    if _LABEL.match(s) or ("]" in s or "[" in s) and _BRACKET_TAG.search(s[:400]) or _shouting(s):
        return "furniture"
    if len(s) < 160 and (_BYLINE.match(s) or _may_be_credit(s) and _CONTRIBUTED.search(s)):
        return "byline"
    if len(s) < 200 and _CALL_TO_ACTION.match(s.lstrip("\"'“‘(*•-–— ")):
        return "call to action"
    if _FRAGMENT_START.match(s) and len(_WORDS.findall(s[:200])) < 8:
        return "fragment"
    if s.endswith(("?", "?\"", "?”", "？", "؟")):
        return "question"
    if _GREETING.match(s[:200]):
        return "greeting"
    if _is_heading_like(s, bulleted):
        return "heading"
    if len(s) < 12 and len(_WORDS.findall(s)) < 3:
        return "fragment"
    return None


# --------------------------------------------------------------------------
# Check-worthiness model
# --------------------------------------------------------------------------

_FIRST_PERSON = frozenset("i me my mine we us our ours i'm i've i'll i'd we're we've we'll".split())
_MODALS = frozenset("may might could would should must can will shall".split())
_CURRENCY = frozenset("$ € £ ¥ dollars dollar euros pounds cents billion trillion budget tax taxes".split())
_CAPITALISED = re.compile(r"\s[^\W\d_a-z]")  # a word that starts with a capital (after the first)
_NEGATION = frozenset("not no never n't don't doesn't didn't won't can't isn't aren't wasn't nothing".split())
_OPINION = frozenset("think believe feel hope want love hate wish guess opinion".split())


_NUM_SUB = re.compile(r"\d+(?:[.,]\d+)*")
_US_SUB = re.compile(r"\bUS\b")
_MODEL_TOKEN = re.compile(r"#(?:num|year)\b|\w+(?:'\w+)*|[$€£¥%]|[^\w\s]")
_HAS_DIGIT = re.compile(r"\d")


def _tokens(sentence: str) -> list[str]:
    """Lower-cased tokens; numbers become "#num" / "#year"; "US" is read as "U.S."."""
    if "US" in sentence:
        sentence = _US_SUB.sub("U.S.", sentence)
    low = sentence.lower()
    if "’" in low:
        low = low.replace("’", "'")
    if _HAS_DIGIT.search(low):
        low = _NUM_SUB.sub(_number_token, low)
    return _MODEL_TOKEN.findall(low)


def _number_token(m: re.Match) -> str:
    t = m.group()
    return " #year " if len(t) == 4 and _YEAR.match(t) else " #num "


def _char_grams(word: str) -> list[str]:
    w = "<" + word + ">"
    n = len(w)
    return ["c:" + w[i:i + k] for k in (3, 4, 5) for i in range(n - k + 1)]


class _Scan:
    """Cheap per-sentence signals shared by the kind detector and the model."""

    __slots__ = ("toks", "tokset", "numbers", "comparison", "prediction", "attribution")

    def __init__(self, sentence: str, toks: list[str] | None = None):
        self.toks = toks = _tokens(sentence) if toks is None else toks
        self.tokset = tokset = set(toks)
        flags = 0
        for t in tokset.intersection(_TRIGGER_WORDS):  # (a set: the loop is over the sentence's words)
            flags |= _TRIGGERS[t]
        numbers: list[str] = []
        if "#num" in tokset or "#year" in tokset:
            numbers = _numbers(sentence)
        if flags & _T_NUMWORD:
            numbers += _number_words(toks)
        self.numbers = numbers
        self.comparison = _comparison(sentence, toks, tokset) if flags & _T_COMPARISON else None
        pm = None
        if flags & _T_PREDICTION or "'ll" in sentence or "’ll" in sentence or (
            "#year" in tokset and "by" in tokset
        ):
            pm = _PREDICTION.search(sentence)
        self.prediction = pm.group() if pm else None
        self.attribution = bool(flags & _T_ATTRIBUTION)


_T_NUMWORD, _T_COMPARISON, _T_PREDICTION, _T_ATTRIBUTION = 1, 2, 4, 8
_TRIGGERS: dict[str, int] = {}
for _flag, _words in (
    (_T_NUMWORD, _NUMWORD_SET),
    (_T_COMPARISON, _COMPARISON_TRIGGERS),
    (_T_PREDICTION, _PREDICTION_TRIGGERS),
    (_T_ATTRIBUTION, _ATTR_TRIGGERS | {"according"}),
):
    for _w in _words:
        _TRIGGERS[_w] = _TRIGGERS.get(_w, 0) | _flag
_TRIGGER_WORDS = frozenset(_TRIGGERS)
_SCALES = frozenset("hundred thousand million billion trillion dozen hundreds thousands millions billions trillions dozens".split())
_FRACTIONS = frozenset("third thirds quarter quarters".split())
_COUNTERS = frozenset(("a", "one", "several", "two", "three", "few"))


def _number_words(toks: list[str]) -> list[str]:
    """Numbers written in words: "five", "a thousand", "two thirds", "dozens"."""
    out = []
    prev = ""
    for t in toks:
        if t in _NUMWORD_SET or t in _FRACTIONS:
            if (t in _SCALES or t in _FRACTIONS) and (prev in _COUNTERS or prev in _NUMWORD_SET):
                if out and out[-1] == prev:
                    out.pop()
                out.append(prev + " " + t)
            elif t not in _FRACTIONS:
                out.append(t)
        prev = t
    return out


def _numbers(sentence: str) -> list[str]:
    """Numbers written with digits, with their currency sign, percent or scale word; not years."""
    out = []
    for m in _DIGIT_RUN.finditer(sentence):
        s, e = m.span()
        before = sentence[s - 1] if s else " "
        if before.isalnum() or before in "_.,-":
            continue  # COVID-19, A4, part of a longer token
        if before in _CURRENCY_SIGNS:
            s -= 1
        elif before == " " and s >= 2 and sentence[s - 2] in _CURRENCY_SIGNS:
            s -= 2
        suffix = _PERCENT_SUFFIX.match(sentence, e) or _SCALE_SUFFIX.match(sentence, e)
        if suffix:
            e = suffix.end()
        elif s == m.start() and _YEAR.match(m.group()):
            continue
        out.append(sentence[s:e])
    return out


def _comparison(sentence: str, toks: list[str], tokset: set[str]) -> str | None:
    """The phrase that makes ``sentence`` a comparison, or None."""
    if "than" in tokset:
        for m in _THAN.finditer(sentence):
            w = m.group(1).lower()
            if w in _COMPARATIVES or (w.endswith("er") and len(w) > 3 and w not in _NOT_COMPARATIVE):
                return m.group()
    n = len(toks)
    # Only the words that can start a phrase below (all in _COMPARISON_TRIGGERS), in order.
    for i in compress(count(), map(_COMPARISON_TRIGGERS.__contains__, toks)):
        t = toks[i]
        if t in _SUPERLATIVES:
            return t
        if t in _CHANGE_WORDS:
            return t
        nxt = toks[i + 1] if i + 1 < n else ""
        if t in _MOVE_WORDS and nxt in ("by", "to", "from"):
            return t + " " + nxt
        if t in ("most", "least") and i > 0 and toks[i - 1] == "the" and nxt.isalpha():
            return "the " + t + " " + nxt
        if t == "compared" and nxt in ("with", "to"):
            return "compared " + nxt
        if t == "record" and nxt in ("high", "low", "-"):
            return "record " + nxt
        if t in ("twice", "times") and nxt == "as":
            return t + " as"
    return None


_CAPS_FEATURES = ("h:caps0", "h:caps1", "h:caps2", "h:caps3")
_FIRST_FEATURES = ("h:first0", "h:first1", "h:first2")


def _hand_features(sentence: str, sc: _Scan) -> list[str]:
    """Hand-written indicator features (names start with 'h:')."""
    toks = sc.toks
    tokset = sc.tokset
    f = ["h:bias"]
    n = len(toks)
    f.append("h:len1" if n <= 4 else "h:len2" if n <= 8 else "h:len3" if n <= 15 else "h:len4" if n <= 25 else "h:len5")
    if "#num" in tokset or "#year" in tokset:
        f.append("h:digit")
    if "#year" in tokset:
        f.append("h:year")
    if "%" in tokset or "percent" in tokset:
        f.append("h:percent")
    if not tokset.isdisjoint(_CURRENCY):
        f.append("h:money")
    if sc.numbers:
        f.append("h:number")
    # (Names from tuples of constants rather than built: the model's look-up needs no new hash.)
    caps = len(_CAPITALISED.findall(sentence, 1))
    f.append(_CAPS_FEATURES[min(caps, 3)])
    fp = 0 if tokset.isdisjoint(_FIRST_PERSON) else sum(map(_FIRST_PERSON.__contains__, toks))
    f.append(_FIRST_FEATURES[min(fp, 2)])
    if toks:
        f.append("h:start=" + toks[0])
    if "you" in tokset or "your" in tokset:
        f.append("h:you")
    if not tokset.isdisjoint(_OPINION):
        f.append("h:opinion" if not fp else "h:opinion+first")
    if not tokset.isdisjoint(_MODALS):
        f.append("h:modal" if not fp else "h:modal+first")
    if sc.comparison:
        f.append("h:comparison")
    if sc.prediction:
        f.append("h:prediction")
    if "?" in tokset:
        f.append("h:question")
    if "!" in tokset:
        f.append("h:exclaim")
    if sc.attribution:
        f.append("h:attribution")
    if not tokset.isdisjoint(_NEGATION):
        f.append("h:negation")
    return f


def _text_scale(n_tokens: int) -> float:
    return 1.0 / math.sqrt(n_tokens + 1.0)


def features(sentence: str) -> dict[str, float]:
    """The model's feature vector of ``sentence`` (used for training and tests).

    Word unigrams ('u:'), char 3-5-grams of each word ('c:') and word bigrams
    ('b:') are counted and scaled by 1/sqrt(tokens+1); a word's char grams share
    one unit (each counts 1/len(grams)), so that a long or unseen word weighs no
    more than a short one.  Unigram + char-gram contributions depend on the word
    alone and are cached.  Hand features ('h:', including the first word) are 0/1.
    """
    toks = _tokens(sentence)
    scale = _text_scale(len(toks))
    out: dict[str, float] = {}
    for t in toks:
        g = "u:" + t
        out[g] = out.get(g, 0.0) + scale
        if t[0] != "#":
            grams = _char_grams(t)
            share = scale / len(grams)
            for g in grams:
                out[g] = out.get(g, 0.0) + share
    for a, b in zip(toks, toks[1:]):
        g = "b:" + a + " " + b
        out[g] = out.get(g, 0.0) + scale
    for h in _hand_features(sentence, _Scan(sentence, toks)):
        out[h] = 1.0
    return out


class _Model:
    """Linear model over ``features``; per-word contributions are cached."""

    def __init__(self, weights: dict[str, float], bias: float, meta: dict):
        self.w = weights
        self.bias = bias
        self.meta = meta
        self._word: dict[str, float] = {}
        # Bigram weights by (first word, second word): one look-up, no string building.
        self._bigram: dict[tuple[str, str], float] = {}
        # The hand features' weights apart too: a small dict, quick to look up in.
        self._hand: dict[str, float] = {}
        for k, v in weights.items():
            if k.startswith("b:"):
                a, _, b = k[2:].partition(" ")
                self._bigram[a, b] = v
            elif k.startswith("h:"):
                self._hand[k] = v
        self._lock = threading.Lock()
        decision = meta.get("decision") or {}
        self.threshold = float(decision.get("threshold", 0.5))
        self.identity_from = float(decision.get("identity_from", 0.5))

    def scale(self, p: float) -> float:
        return decision_scale(p, self.threshold, self.identity_from)

    def word_value(self, tok: str) -> float:
        v = self._word.get(tok)
        if v is None:
            w = self.w
            v = w.get("u:" + tok, 0.0)
            if tok[0] != "#":
                grams = _char_grams(tok)
                v += sum(w.get(g, 0.0) for g in grams) / len(grams)
            self._word[tok] = v
        return v

    def logit(self, sentence: str, sc: _Scan | None = None) -> tuple[float, list[str]]:
        if sc is None:
            sc = _Scan(sentence)
        toks = sc.toks
        cache = self._word
        if len(cache) > 200_000:  # bound memory on adversarial input
            cache.clear()
        try:
            s = sum(map(cache.__getitem__, toks))
        except KeyError:  # words not seen before: their values are worked out once
            for t in sc.tokset.difference(cache):
                self.word_value(t)
            s = sum(map(cache.__getitem__, toks))
        # Each bigram's weight added in turn, as a loop would (the same float), but in C: a pair
        # without a weight gives 0.0 (which adds nothing).
        s = reduce(add, map(self._bigram.get, zip(toks, islice(toks, 1, None)), repeat(0.0)), s)
        s *= _text_scale(len(toks))
        hand = _hand_features(sentence, sc)
        hand_weight = self._hand.get
        for h in hand:
            s += hand_weight(h, 0.0)
        return s + self.bias, hand


_model: _Model | None = None
_model_lock = threading.Lock()


def decision_scale(p: float, threshold: float, identity_from: float) -> float:
    """The score shown for a calibrated probability ``p``: the same number from
    ``identity_from`` up (so 0.7 still means 70%), while the cross-validated F1-best
    ``threshold`` becomes 0.5 (linear in between, and below).  Monotone: ranking
    (MAP) is unchanged."""
    if p >= identity_from or not 0.0 < threshold < identity_from:
        return p
    if p >= threshold:
        return 0.5 + (p - threshold) * (identity_from - 0.5) / (identity_from - threshold)
    return 0.5 * p / threshold


def _load_model(path: Path = MODEL_PATH) -> _Model:
    """Load the gzip'd JSON model: keys joined by newlines, float32 weights in base64."""
    with gzip.open(path, "rb") as fh:
        data = json.loads(fh.read().decode("utf-8"))
    keys = data["keys"].split("\n") if data["keys"] else []
    weights = array("f")
    weights.frombytes(base64.b64decode(data["weights"]))
    if weights.itemsize == 4 and data.get("byteorder", "little") != __import__("sys").byteorder:
        weights.byteswap()
    if len(keys) != len(weights):
        raise ValueError("claim model is corrupt: keys and weights differ in length")
    if data.get("format") != 2:  # format 1 summed char grams; its weights mean something else here
        raise ValueError(f"claim model format {data.get('format')} is not supported")
    return _Model(dict(zip(keys, weights)), float(data["bias"]), data.get("meta", {}))


def _get_model() -> _Model | None:
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                try:
                    _model = _load_model()
                except (OSError, ValueError, KeyError):
                    _model = _Model({}, 0.0, {"fallback": True})
    return _model if not _model.meta.get("fallback") else None


_HAND_FALLBACK = {
    "h:digit": 1.2, "h:number": 0.6, "h:percent": 0.8, "h:money": 0.6, "h:year": 0.3,
    "h:comparison": 0.5, "h:attribution": 0.4, "h:caps1": 0.2,
    "h:caps2": 0.4, "h:caps3": 0.6, "h:first1": -0.6, "h:first2": -1.0, "h:opinion": -0.8,
    "h:question": -1.5, "h:you": -0.4, "h:len1": -1.5, "h:len2": -0.7, "h:len4": 0.3,
    "h:len5": 0.3, "h:exclaim": -0.5, "h:bias": -0.9,
}


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _score(sentence: str, sc: _Scan | None = None) -> tuple[float, list[str]]:
    if sc is None:
        sc = _Scan(sentence)
    model = _get_model()
    if model is None:
        hand = _hand_features(sentence, sc)
        return _sigmoid(sum(_HAND_FALLBACK.get(h, 0.0) for h in hand)), hand
    logit, hand = model.logit(sentence, sc)
    return model.scale(_sigmoid(logit)), hand


def score_sentence(sentence: str) -> float:
    """Check-worthiness of one sentence, 0..1 (>= 0.5: check-worthy)."""
    if len(sentence) > MAX_SENTENCE:
        sentence = sentence[:MAX_SENTENCE]
    return _score(sentence)[0]


# --------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------

_HAND_REASONS = {
    "h:first1": "first person", "h:first2": "first person", "h:opinion": "opinion marker",
    "h:opinion+first": "opinion marker", "h:modal+first": "modal verb",
    "h:caps2": "named entities", "h:caps3": "named entities", "h:year": "date/year",
    "h:modal": "modal verb", "h:negation": "negation",
}
_ANAPHORIC = re.compile(
    r"^(?:this|that|these|those|it|the (?:information|figures?|numbers?|data|report|claim|estimate))\b",
    re.IGNORECASE,
)
_PRECEDENCE = ("quote", "statistic", "prediction", "comparison", "attributed", "factual")


def _analyse(
    text: str, start: int, end: int, bulleted: bool, scored: bool = True, language: str = "", spans: bool = True,
) -> tuple[Claim, bool] | None:
    sentence = text[start:end]
    if _skip_reason(sentence, bulleted):
        return None
    sc = _Scan(sentence)
    kinds: set[str] = set()
    reasons: list[str] = []

    quote_spans = []
    long_quote = False
    if '"' in sentence or "“" in sentence:
        for m in _QUOTED.finditer(sentence):
            quote_spans.append(m.span())
            inner = m.group(1) or m.group(2) or ""
            if len(inner.split()) >= 5 or inner.rstrip()[-1:] in ".,!?…":
                long_quote = True
    if long_quote:
        kinds.add("quote")
        reasons.append("direct quote")
    elif quote_spans:
        reasons.append("quoted phrase")

    if sc.numbers:
        kinds.add("statistic")
        reasons.extend("number: " + n for n in sc.numbers[:3])
    if sc.prediction:
        kinds.add("prediction")
        reasons.append("prediction: " + sc.prediction)
    if sc.comparison:
        kinds.add("comparison")
        reasons.append("comparison: " + sc.comparison)

    source = None
    source_span = None
    attr = _attribution(sentence, quote_spans if long_quote else [], sc.tokset, spans) if sc.attribution else None
    if attr:
        verb, span = attr
        kinds.add("attributed")
        reasons.append("attribution: " + verb)
        if span:
            source = sentence[span[0]:span[1]]
            source_span = (start + span[0], start + span[1])

    hedges: tuple[Hedge, ...] = ()
    hedge_spans = _hedges(sentence, sc)
    if hedge_spans:  # (most sentences have none)
        hedges = tuple(Hedge(start + s, start + e, sentence[s:e]) for s, e in hedge_spans)
        reasons.extend("hedge: " + h.text for h in hedges)

    core = _quote_core(sentence) if long_quote else None
    if core is not None:
        # '“...,” X said.': the quoted statement is the claim, scored on its own words.
        cs, ce = core
        hedges = tuple(h for h in hedges if start + cs <= h.start and h.end <= start + ce)
        start, end, sentence = start + cs, start + ce, sentence[cs:ce]
        sc = None  # the model scans the statement itself

    score: float | None = None
    if scored and (sentence.isascii() or mostly_latin(sentence)):
        score, hand = _score(sentence, sc)
        reasons.append(("model: check-worthy %.2f" if score >= 0.5 else "model: low check-worthiness %.2f") % score)
        for h in hand:
            r = _HAND_REASONS.get(h)
            if r and r not in reasons:
                reasons.append(r)
    else:
        reasons.append("model: not scored (%s)" % (
            "language: " + language if language and not is_scored(language) else "not in Latin script"))

    kind = next((k for k in _PRECEDENCE if k in kinds), "factual")
    claim = Claim(
        start=start, end=end, text=sentence, kind=kind, score=None if score is None else round(score, 4),
        hedges=hedges, source=source, source_span=source_span, reasons=tuple(reasons),
    )
    # "This information has been confirmed by X." backs up the previous sentence.
    back_ref = bool(source and not long_quote and _ANAPHORIC.match(sentence) and not sc.numbers)
    return claim, back_ref


def find_claims(text: str, language: str = "", *, sources: bool = True) -> list[Claim]:
    """Claims in ``text`` (plain article text), sorted by start, non-overlapping.

    ``language`` (ISO 639-1, "" unknown) picks the sentence splitter; claims in a
    language the model was not trained on get ``score=None``, as do sentences
    not in Latin script whatever the article's language.  ``sources=False``: leave
    ``source``/``source_span`` empty (``newsreader.sources.attribute`` fills them; the
    simple look for them here would be work thrown away).
    """
    if not text:
        return []
    claims: list[Claim] = []
    scored = is_scored(language)
    prev_end = -1  # end of the previous sentence, claim or not
    for start, end, bulleted in _sentences(text, language):
        result = _analyse(text, start, end, bulleted, scored, language, sources)
        last_end, prev_end = prev_end, end
        if result is None:
            continue
        claim, back_ref = result
        if (
            back_ref
            and claims
            and claims[-1].source is None
            and claims[-1].end == last_end
            and "\n" not in text[last_end:start]
        ):
            prev = claims[-1]
            claims[-1] = replace(
                prev, source=claim.source, source_span=claim.source_span,
                reasons=prev.reasons + ("attribution (next sentence): " + claim.source,),
            )
        claims.append(claim)
    return claims
