"""Which language an article is written in, and whether the claim model can score it.

Pure Python core (never imports Textual).  An article's language is the one its
page declares (``<html lang>``, ``og:locale``, front matter ``language:``) unless
CLD2 (``pycld2``: Chromium's compact language detector, a 1 MB C extension
that ships its tables, no downloads) is confident the text says otherwise;
pages declare ``lang="en"`` from a site template more often than they are
mistranslated, so a reliable detection of the body wins over the declaration.
Codes are ISO 639-1 (``en``, ``ru``, ``ko``); ``""`` means unknown.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "SCORED_LANGUAGES",
    "detect",
    "is_scored",
    "normalise_code",
    "resolve",
    "mostly_latin",
]

SCORED_LANGUAGES = frozenset({"en"})
"""Languages the check-worthiness model was trained on (CheckThat! English data)."""

SAMPLE_CHARS = 6000
"""How much of an article the detector reads (its title and the start of its body)."""

_CODE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
# ISO 639-2/3 codes that pages and front matter use instead of the two-letter ones.
_THREE_TO_TWO = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it",
    "por": "pt", "rus": "ru", "ukr": "uk", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko",
    "ara": "ar", "hin": "hi", "nld": "nl", "dut": "nl", "pol": "pl", "tur": "tr", "swe": "sv",
    "fas": "fa", "per": "fa", "heb": "he", "ell": "el", "gre": "el", "ces": "cs", "cze": "cs",
}
_OLD_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}


def normalise_code(value: object) -> str:
    """``"en-US"`` -> ``"en"``, ``"zh_Hant"`` -> ``"zh"``, ``"eng"`` -> ``"en"``; anything else -> ``""``."""
    if not isinstance(value, str) or len(value) > 40:
        return ""
    m = _CODE.match(value)
    if not m:
        return ""
    code = m.group(1).lower()
    if len(code) == 3:
        return _THREE_TO_TWO.get(code, "")
    return _OLD_CODES.get(code, code)


def _clean(text: str) -> str:
    # CLD2 takes valid UTF-8 only: the shared cleaner drops control characters and escapes
    # and replaces lone surrogates.
    from newsreader.sanitize import clean_text

    return clean_text(text[:SAMPLE_CHARS])


def detect(text: str) -> tuple[str, bool]:
    """(ISO 639-1 code, reliable) of ``text``; ``("", False)`` when nothing can be told."""
    sample = _clean(text)
    if not sample.strip():
        return "", False
    try:
        import pycld2
    except ImportError:  # an install without the detector: fall back on the script
        return ("en", False) if mostly_latin(sample) else ("", False)
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:
        return "", False
    code = details[0][1] if details else "un"
    if code in ("un", "xxx", ""):
        return "", False
    code = normalise_code(code.split("-")[0]) or ""
    return code, bool(reliable) and details[0][2] >= 60


def resolve(declared: str, text: str) -> str:
    """The language of an article: what it declares, unless the detector reliably disagrees."""
    declared = normalise_code(declared)
    detected, reliable = detect(text)
    if reliable and detected:
        return detected
    return declared or detected


def is_scored(language: str) -> bool:
    """Whether check-worthiness can be scored for text in ``language`` (unknown counts as yes
    only for Latin-script text: see :func:`mostly_latin`, which callers check per sentence)."""
    return not language or language in SCORED_LANGUAGES


_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]")


def mostly_latin(text: str) -> bool:
    """True when most letters of ``text`` are Latin (ASCII letters counted without a lookup)."""
    if not _NOT_LATIN.search(text, 0, 2000):  # only Latin letters, punctuation and symbols: no count needed
        return True
    latin = other = 0
    for ch in text[:2000]:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
        elif ch.isalpha():
            if unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return latin >= other
