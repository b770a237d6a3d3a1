"""Find and normalise publication dates in the forms news sites print them."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)-(?P<num>[01]?\d)-(?P<day>[0-3]?\d)"
    r"(?P<time>[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?\b"
)
_DAY_MONTH = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)


def find_date(text: str) -> date | datetime | None:
    """The first date written in ``text``, or None."""
    match = _ISO.search(text)
    if match:
        if match.group("time"):
            try:
                return datetime.fromisoformat(match.group(0).replace("Z", "+00:00").replace(" ", "T"))
            except ValueError:
                pass
        return _make(match.group("year"), match.group("num"), match.group("day"))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.search(text)
        if match:
            month = _MONTHS[match.group("month").casefold()]
            return _make(match.group("year"), str(month), match.group("day"))
    return None


def _make(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def normalise_date(value: object) -> str:
    """An ISO 8601 string for a date, a datetime or a string that holds one ('' if none)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        found = find_date(value)
        return normalise_date(found) if found else ""
    return ""
