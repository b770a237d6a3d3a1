"""Cheap signals of one sentence: its tokens, numbers, comparison, prediction, whether it attributes,
and its hedges (:class:`Scan`, shared by the kind detector and the model)."""

from __future__ import annotations

import re
from functools import reduce
from itertools import compress, count
from operator import or_

from newsreader.claims.speech import _ATTR_TRIGGERS, _by_first_letter

# --------------------------------------------------------------------------

_NUMWORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|third)"
)
_NUMWORD_SET = (
    frozenset(_NUMWORD[3:-1].replace("?", "").split("|"))
    | frozenset(
        "hundred thousand million billion trillion dozen hundreds thousands millions billions trillions dozens".split()
    )
) - {"third", "quarter"}
# Digits (with thousands separators and decimals); currency, percent and scale
# words around them are added by _numbers() ...
_DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_PERCENT_SUFFIX = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_SCALE_SUFFIX = re.compile(r"\s(?:million|billion|trillion|thousand|bn)\b", re.IGNORECASE)
_CURRENCY_SIGNS = "$€£¥"
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


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
    # (The last alternative starts with a look-behind: it is not tried at every letter.)
    r"predicts?|projected|by (?:the end of )?20[3-9]\d)\b|(?<=\w)['’]ll\b",
    re.IGNORECASE,
)
_PREDICTION_TRIGGERS = frozenset(
    "will won't shall going expected set due poised projected forecast predicted likely plan plans "
    "planned intend intends forecasts predicts predict".split()
)


def _hedges(sentence: str, sc: Scan) -> list[tuple[int, int]]:
    flags = sc.flags
    found = []
    if sc.numbers and flags & _F_HEDGE_NUM:
        found += [m.span() for m in _HEDGE_NUM.finditer(sentence)]
    if flags & _F_HEDGE_WORD:
        found += [m.span() for m in _HEDGE_WORD.finditer(sentence)]
    if flags & _F_HEDGE_MODAL:
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


_NUM_SUB = re.compile(r"\d+(?:[.,]\d+)*")
_US_SUB = re.compile(r"\bUS\b")
# One token: "#num"/"#year", a word (internal apostrophes allowed), or one other character that
# is not a space.  Written to start with a character class ("the next character that is not a
# space", which the regex engine skips to in C), then which kind of token that character starts;
# it finds just what r"#(?:num|year)\b|\w+(?:'\w+)*|[$€£¥%]|[^\w\s]" finds, in about a third less time.
_MODEL_TOKEN = re.compile(r"\S(?:(?<=#)(?:num|year)\b|(?<=\w)\w*+(?:'\w++)*+|)")
_HAS_DIGIT = re.compile(r"\d")


def tokens(sentence: str) -> list[str]:
    """Lower-cased tokens; numbers become "#num" / "#year"; "US" is read as "U.S."."""
    if "US" in sentence:
        sentence = _US_SUB.sub("U.S.", sentence)
    low = sentence.lower()
    if "’" in low:
        low = low.replace("’", "'")
    if _HAS_DIGIT.search(low):
        low = _NUM_SUB.sub(_number_token, low)
    return _MODEL_TOKEN.findall(low)


def _number_token(m: re.Match[str]) -> str:
    t = m.group()
    return " #year " if len(t) == 4 and _YEAR.match(t) else " #num "



class Scan:
    """Cheap per-sentence signals shared by the kind detector and the model."""

    __slots__ = ("toks", "tokset", "flags", "numbers", "comparison", "prediction", "attribution")

    def __init__(self, sentence: str, toks: list[str] | None = None):
        self.toks = toks = tokens(sentence) if toks is None else toks
        self.tokset = tokset = set(toks)
        # Which of the word lists below the sentence has words of, all in one look-up per word.
        self.flags = flags = reduce(or_, map(_TRIGGERS.__getitem__, tokset.intersection(_TRIGGER_WORDS)), 0)
        numbers: list[str] = []
        if flags & F_DIGIT:
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


# Words the model's hand features look for (``worthiness.hand_features``).
FIRST_PERSON = frozenset("i me my mine we us our ours i'm i've i'll i'd we're we've we'll".split())
MODALS = frozenset("may might could would should must can will shall".split())
CURRENCY = frozenset("$ € £ ¥ dollars dollar euros pounds cents billion trillion budget tax taxes".split())
NEGATION = frozenset("not no never n't don't doesn't didn't won't can't isn't aren't wasn't nothing".split())
OPINION = frozenset("think believe feel hope want love hate wish guess opinion".split())

# Bits of ``Scan.flags``: the sentence has a word of that list.
_T_NUMWORD, _T_COMPARISON, _T_PREDICTION, _T_ATTRIBUTION = 1, 2, 4, 8
(F_DIGIT, F_YEAR, F_PERCENT, F_MONEY, F_FIRST, F_YOU, F_OPINION, F_MODAL, F_QUESTION, F_EXCLAIM, F_NEGATION,
 _F_HEDGE_NUM, _F_HEDGE_WORD, _F_HEDGE_MODAL) = (1 << k for k in range(4, 18))
_TRIGGERS: dict[str, int] = {}
for _flag, _words in (
    (_T_NUMWORD, _NUMWORD_SET),
    (_T_COMPARISON, _COMPARISON_TRIGGERS),
    (_T_PREDICTION, _PREDICTION_TRIGGERS),
    (_T_ATTRIBUTION, _ATTR_TRIGGERS | {"according"}),
    (F_DIGIT, {"#num", "#year"}),
    (F_YEAR, {"#year"}),
    (F_PERCENT, {"%", "percent"}),
    (F_MONEY, CURRENCY),
    (F_FIRST, FIRST_PERSON),
    (F_YOU, {"you", "your"}),
    (F_OPINION, OPINION),
    (F_MODAL, MODALS),
    (F_QUESTION, {"?"}),
    (F_EXCLAIM, {"!"}),
    (F_NEGATION, NEGATION),
    (_F_HEDGE_NUM, _HEDGE_NUM_TRIGGERS),
    (_F_HEDGE_WORD, _HEDGE_WORD_TRIGGERS),
    (_F_HEDGE_MODAL, _MODAL_TRIGGERS),
):
    for _w in _words:
        _TRIGGERS[_w] = _TRIGGERS.get(_w, 0) | _flag
_TRIGGER_WORDS = frozenset(_TRIGGERS)
_SCALES = frozenset(
    "hundred thousand million billion trillion dozen hundreds thousands millions billions trillions dozens".split()
)
_FRACTIONS = frozenset("third thirds quarter quarters".split())
_COUNTERS = frozenset(("a", "one", "several", "two", "three", "few"))


def _number_words(toks: list[str]) -> list[str]:
    """Numbers written in words: "five", "a thousand", "two thirds", "dozens"."""
    out: list[str] = []
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
