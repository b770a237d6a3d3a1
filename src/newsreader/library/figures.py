"""Figures in a claim ("3,000 soldiers", "$20 billion in aid", "40 percent of voters") and the
figures two claims give differently for the same measure.

A :class:`Figure` is a value, a unit (``"%"``, ``"pp"``, ``"USD"``, ``"EUR"``, ``"GBP"``, ``"JPY"``
or ``""`` for a count) and what it measures: the lemma of the noun it counts (``"soldier"``,
``"job"``, ``"people"``), or ``""`` for a percentage or a sum of money that names nothing.  A bare
number that measures nothing ("rose to 11,000"), a year, a date, a time, an ordinal or a number
inside a name ("COVID-19") is not a figure.

Each figure also carries the range of values it allows: its hedge ("about", "more than", "up to")
and its rounding ("2.5 million" is anything from 2.45 to 2.55 million, "3,000" only 3,000 give or
take half a percent).  Two figures *differ* when their ranges do not meet, so "about 3,000" and
"3,000" agree, "more than 3,000" and "3,500" agree, "3,000" and "3,500" do not.

Plain regular expressions over at most :data:`MAX_TEXT_CHARS` characters, linear time; no state.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from newsreader.factchecks.text import STOP_WORDS, stem

MAX_TEXT_CHARS = 5000
"""Longer texts are cut to this many characters (a claim is one sentence)."""
MAX_FIGURES = 40
"""At most this many figures are read from one text."""
EXACT_TOLERANCE = 0.005
"""A figure written out in digits, unhedged, allows this relative error either way."""
APPROXIMATE_TOLERANCE = 0.10
"""A figure hedged "about", "nearly", "roughly"... allows this relative error."""

_UNITS = {
    "$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "rupees": "INR",
}
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "trillion": 1e12, "tn": 1e12, "hundred": 1e2,
}
_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# A year-like number after one of these is a year even when a noun follows ("in 2024 elections").
_YEAR_CUES = frozenset(
    "in since by until till from to of year years during before after and between late early mid "
    "the spring summer autumn fall winter".split()
)
_PARTITIVE = re.compile(r"\s+of\b", re.IGNORECASE)
# Words between a number and the noun it counts: "3,000 more soldiers", "40 percent of the vote".
_FILLERS = frozenset("more additional extra new other of the its their his her our further fresh".split())
_MONEY_FILLERS = _FILLERS | {"in", "for", "on", "worth", "to"}
_IRREGULAR = {
    "people": "people", "persons": "people", "person": "people", "individuals": "people", "children": "child",
    "men": "man", "women": "woman", "police": "police", "staff": "staff", "personnel": "personnel",
    "cattle": "cattle", "livestock": "livestock", "troops": "soldier", "troop": "soldier", "mice": "mouse",
    "teeth": "tooth", "feet": "foot", "geese": "goose", "data": "data",
}
_NOT_MEASURES = frozenset(
    "am pm a.m p.m percent cent times per each apiece a an this that these those than as were was are is "
    "have has had will would could can may might said says say".split()
)

_NUMBER_WORD = "|".join(sorted(_ONES, key=len, reverse=True))
_FIGURE = re.compile(
    r"""
    (?P<currency>US\$|[$€£¥])?\s?
    (?:
        (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
      | (?P<words>\b(?:a|""" + _NUMBER_WORD + r""")\b(?:[\s-]+(?:and\s+)?(?:""" + _NUMBER_WORD
    + r"""|hundred|thousand|million|billion|trillion)\b)*)
    )
    (?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn|m|k)\b)?
    (?:\s?(?P<percent>%|percent\b|per\s+cent\b|percentage\s+points?\b))?
    (?:\s(?P<money>dollars|euros|pounds|yen|yuan|rupees)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_NEXT_WORDS = re.compile(r"(?:\s+(?:[A-Za-z][A-Za-z'’-]*))+")
_HEDGE = re.compile(
    r"(?:\b(?P<hedge>at least|more than|over|above|upwards of|in excess of|exceeding|just over|"
    r"fewer than|less than|under|below|up to|at most|as many as|as much as|just under|"
    r"about|around|approximately|roughly|some|an estimated|estimated|close to|nearly|almost)|(?P<tilde>~))\s*$",
    re.IGNORECASE,
)
_LOWER_BOUND = frozenset("at least|more than|over|above|upwards of|in excess of|exceeding".split("|"))
_UPPER_BOUND = frozenset("fewer than|less than|under|below|up to|at most|as many as|as much as".split("|"))
_JUST_BELOW = frozenset(("nearly", "almost", "just under"))


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure of a text: ``value`` ``unit`` of ``measure`` at ``text[start:end]``.

    ``low``..``high`` is the range of values the wording allows (its hedge and its rounding);
    ``hedge`` the hedge word(s) before it, lower case ("" for none).
    """

    value: float
    unit: str
    measure: str
    start: int
    end: int
    text: str = ""
    hedge: str = ""
    low: float = 0.0
    high: float = 0.0

    @property
    def key(self) -> tuple[str, str]:
        """What the figure measures: (unit, measure).  Figures are compared only within one key."""
        return self.unit, self.measure

    def agrees_with(self, other: Figure) -> bool:
        """Whether the two ranges meet: the figures can both be right."""
        return self.low <= other.high and other.low <= self.high


def _lemma(word: str) -> str:
    low = word.lower().replace("’", "'")
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    return stem(low)


def _plural(word: str) -> bool:
    low = word.lower()
    return low in _IRREGULAR or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3)


def _measure(text: str, at: int, money: bool) -> tuple[str, int]:
    """The lemma of the noun counted by a number ending at ``at``, and where that noun ends."""
    found = _NEXT_WORDS.match(text, at, min(len(text), at + 80))
    if found is None:
        return "", at
    fillers = _MONEY_FILLERS if money else _FILLERS
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(found.group(), 0):
        low = word.group().lower().rstrip(".")
        if not run and low in fillers:
            continue
        if low in _MONTHS or low in _NOT_MEASURES or (low in STOP_WORDS and low not in _IRREGULAR):
            break
        run.append(word)
        if len(run) == 3 or _plural(low):
            break
    if not run:
        return "", at
    head = next((word for word in run if _plural(word.group())), run[0])
    name = head.group().rstrip(".")
    low = name.lower()
    if head is run[0] and not _plural(low) and low.endswith(("ed", "ing", "ly")):
        return "", at  # "11,000 fled", "3,000 according": a verb, not a noun
    return _lemma(name), found.start() + head.start() + len(name)


def _word_value(words: str) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word == "a":
            current = 1.0
        elif word in _ONES:
            current += _ONES[word]
            seen = True
        elif word == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current, seen = 0.0, True
    return total + current if seen else None


def _is_date_or_code(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if before and (before.isalnum() or before in "-:/.#_"):
        return True  # "COVID-19", "10:30", "v2", "No.5", "#3"
    if after[:1].isalpha() or (after and after[0] in "-_") or (after[:1] in ":/." and after[1:2].isdigit()):
        return True  # "3rd", "1990s", "45-year-old", "10:30", "1/2"
    previous = text[max(0, start - 12) : start].split()
    following = text[end : end + 12].split()
    return bool(previous and previous[-1].lower().strip(".,") in _MONTHS) or bool(
        following and following[0].lower().strip(".,") in _MONTHS | {"am", "pm", "a.m.", "p.m.", "o'clock"}
    )


def _hedge(text: str, start: int) -> str:
    found = _HEDGE.search(text, max(0, start - 24), start)
    if found is None:
        return ""
    return "~" if found.group("tilde") else " ".join(found.group("hedge").lower().split())


def _bounds(value: float, step: float, hedge: str) -> tuple[float, float]:
    spread = max(value * EXACT_TOLERANCE, step / 2 * 0.999)
    low, high = value - spread, value + spread
    if hedge in _LOWER_BOUND:
        return low, math.inf
    if hedge in _UPPER_BOUND:
        return 0.0, high
    if hedge in _JUST_BELOW:
        return min(low, value * (1 - APPROXIMATE_TOLERANCE)), high
    if hedge == "just over":
        return low, max(high, value * (1 + APPROXIMATE_TOLERANCE))
    if hedge:
        return min(low, value * (1 - APPROXIMATE_TOLERANCE)), max(high, value * (1 + APPROXIMATE_TOLERANCE))
    return low, high


def extract_figures(text: str) -> list[Figure]:
    """The figures of ``text``, in order (at most :data:`MAX_FIGURES`); offsets into ``text``."""
    text = text[:MAX_TEXT_CHARS]
    figures: list[Figure] = []
    for found in _FIGURE.finditer(text):
        if len(figures) >= MAX_FIGURES:
            break
        digits, words, scale_word = found.group("digits"), found.group("words"), found.group("scale")
        currency, percent, money = found.group("currency"), found.group("percent"), found.group("money")
        number_start = found.start("digits") if digits else found.start("words")
        number_end = found.end("digits") if digits else found.end("words")
        scale_key = (scale_word or "").lower()
        if scale_key in ("m", "k", "mn") and not currency:
            scale_word, scale_key = None, ""  # "20m" is metres, "5k" a race: only "$20m" is money
        end = found.end("scale") if scale_word else number_end
        end = found.end("percent") if percent else end
        end = found.end("money") if money else end
        if digits:
            if _is_date_or_code(text, number_start, end if scale_word and not percent else number_end):
                continue
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            value = float(digits.replace(",", ""))
            scale = _SCALES.get(scale_key, 1.0)
            step = 10.0**-decimals * scale if scale_word else 0.0
        else:
            word_value = _word_value(words)
            if word_value is None or (word_value < 2 and not scale_word):
                continue
            value, scale = word_value, _SCALES.get(scale_key, 1.0)
            last = words.lower().split()[-1]
            step = _SCALES.get(last, 1.0) * scale if last in _SCALES else 0.0
        value *= scale
        unit = ""
        if percent:
            unit = "pp" if percent.lower().startswith("percentage") else "%"
        elif currency or money:
            unit = _UNITS.get((currency or money or "").lower(), "")
        measure, measure_end = _measure(text, end, money=unit not in ("", "%", "pp"))
        if not measure and not unit:
            continue  # a bare number: what it measures is not said next to it
        if not unit and _PARTITIVE.match(text, end):
            # "4,000 of the soldiers (were injured)": a part of the soldiers, not how many there
            # are; it is compared only with other parts ("3,000 of the soldiers").
            measure = f"of {measure}"
        if digits and not unit and not scale_word and "," not in digits and "." not in digits:
            if 1800 <= value <= 2100 and len(digits) == 4:
                previous = text[max(0, number_start - 12) : number_start].split()
                if not measure or (previous and previous[-1].lower() in _YEAR_CUES):
                    continue  # a year
        start = found.start("currency") if currency else number_start
        hedge = _hedge(text, start)
        low, high = _bounds(value, step, hedge)
        end = max(end, measure_end)
        figures.append(Figure(value, unit, measure, start, end, text[start:end], hedge, low, high))
    return figures


def _distance(value: float, figure: Figure) -> float:
    return abs(math.log((figure.value + 1) / (value + 1)))


def compare_figures(a: Sequence[Figure], b: Sequence[Figure]) -> list[tuple[Figure, Figure]]:
    """Pairs (figure of ``a``, figure of ``b``) that measure the same thing with values that cannot
    both be right.  A measure on which the two agree at least once ("from 3,000 to 3,500 soldiers"
    and "3,500 soldiers") is not flagged; otherwise each figure of ``a`` for it is paired with the
    nearest figure of ``b`` for it."""
    by_key: dict[tuple[str, str], list[Figure]] = {}
    for figure in b:
        by_key.setdefault(figure.key, []).append(figure)
    pairs: list[tuple[Figure, Figure]] = []
    keys_a: dict[tuple[str, str], list[Figure]] = {}
    for figure in a:
        if figure.key in by_key:
            keys_a.setdefault(figure.key, []).append(figure)
    for key, mine in keys_a.items():
        theirs = by_key[key]
        if any(x.agrees_with(y) for x in mine for y in theirs):
            continue
        seen: set[float] = set()
        for x in mine:
            if x.value in seen:
                continue
            seen.add(x.value)
            pairs.append((x, min(theirs, key=partial(_distance, x.value))))
    return pairs


def differing_figures(a: str, b: str) -> list[tuple[Figure, Figure]]:
    """Figures of claim ``a`` and claim ``b`` that measure the same thing with different values:
    (figure in ``a``, figure in ``b``) pairs, offsets into each text.  See :func:`compare_figures`."""
    return compare_figures(extract_figures(a), extract_figures(b))
