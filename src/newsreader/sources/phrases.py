"""Noun phrases in a token list: where one starts and ends, its head, whether it can be a source,
whether it is a name, a title and a name, a description, or a clause fragment."""

from __future__ import annotations

from newsreader.sources.lexicon import (
    _AGENT_HEADS,
    _BE,
    _BOUNDARY_WORDS,
    _CLAUSE_WORDS,
    _DEMONSTRATIVES,
    _DETERMINERS,
    _DOC_NOUNS,
    _EVIDENCE,
    _EXPERT_HEADS,
    _HONORIFICS,
    _IRREGULAR,
    _LEADING_SKIP,
    _MEDIA_WORDS,
    _MODAL,
    _NEG,
    _NOT_ADVERBS,
    _ORG_HEADS,
    _PLURAL_WORDS,
    _POLLED,
    _POSTMODIFIER,
    _PREPOSITIONS,
    _PRONOUNS,
    _QUANT_HEADS,
    _QUANTIFIERS,
    _ROLE_HEADS,
    _SKIP_BEFORE_VERB,
    _SPEECH,
    _STANCE,
    _TIME_WORDS,
    _TITLES,
)
from newsreader.sources.tokens import _CP, _EN, _HARD_PUNCT, _LO, _ST, _TX, _WD, _Tok


def _is_name_like(toks: list[_Tok]) -> bool:
    words = [t for t in toks if t[_WD]]
    if not words or len(words) > 6:
        return False
    for t in words:
        if not (t[_CP] or t[_LO] in ("of", "de", "la", "van", "von", "al", "bin", "da", "and", "&")):
            return False
    return words[0][_CP] and words[-1][_CP]


def _looks_parenthetical(toks: list[_Tok]) -> bool:
    """', in an interview with the BBC,' / ', speaking on Monday,' / ', who ...,'."""
    if not toks:
        return False
    first = toks[0][_LO]
    return (
        first in _PREPOSITIONS
        or first in ("who", "which", "speaking", "writing", "citing", "according", "asked", "quoted",
                     "echoing", "responding", "addressing", "appearing", "visiting", "referring")
        or first.endswith(("ing", "ed")) and not toks[0][_CP]
    )


def _looks_description(toks: list[_Tok]) -> bool:
    """', a member of South Korea's People Power Party,' / ', director of X,'."""
    if not toks or toks[0][_CP] and toks[0][_LO] not in _DETERMINERS:
        return False
    first = toks[0][_LO]
    if first in ("a", "an", "the", "its", "his", "her", "their", "our"):
        return len(toks) >= 2
    return first in _ROLE_HEADS or first in ("former", "senior", "deputy", "chief", "head", "acting")


def _trim_np(np: list[_Tok]) -> list[_Tok]:
    """Drop leading adverbs/conjunctions and a leading time phrase without a comma."""
    while np and np[0][_LO] in _LEADING_SKIP:
        np = np[1:]
    if np and np[0][_LO] in _PREPOSITIONS and len(np) > 1:
        # "By the end of February South Korean intelligence services": cut after the last time word.
        cut = -1
        for k, t in enumerate(np):
            if t[_LO] in _TIME_WORDS or t[_TX].isdigit():
                cut = k
        if cut < 0 or cut + 1 >= len(np):
            return []
        np = np[cut + 1:]
    return np


def _head(np: list[_Tok]) -> _Tok | None:
    """The head noun: the last word before a post-modifier ("Analysts at Goldman Sachs" -> Analysts)."""
    words = [t for t in np if t[_WD]]
    if not words:
        return None
    for k, t in enumerate(words):
        if k > 0 and (t[_LO] in _POSTMODIFIER or t[_LO].endswith("ed") and k + 1 < len(words)
                      and words[k + 1][_LO] == "by") and not (
                t[_LO] == "of" and words[k - 1][_CP] and k + 1 < len(words) and words[k + 1][_CP]):
            return words[k - 1]
    return words[-1]


def _np_ok(np: list[_Tok], verb: str, strict: bool) -> bool:
    """Is ``np`` a plausible source for ``verb``?"""
    words = [t for t in np if t[_WD]]
    if not words or len(words) > 12:
        return False
    if len(words) == 1 and words[0][_LO] in _PRONOUNS:
        return words[0][_LO] not in ("him", "her") and verb not in _EVIDENCE
    first = words[0][_LO]
    if first == "those" and len(words) == 2 and words[1][_LO] in _POLLED:
        return verb not in _EVIDENCE  # "those surveyed said"
    if first in _DEMONSTRATIVES or first in _PRONOUNS and len(words) == 1:
        return False
    head = _head(np)
    if head is None:
        return False
    hlow = head[_LO].rstrip("'s").rstrip("'") if head[_LO].endswith(("'s", "s'")) else head[_LO]
    if verb in _EVIDENCE:
        return hlow in _DOC_NOUNS or hlow in _EXPERT_HEADS or hlow in ("investigators", "inspectors",
                                                                          "auditors", "researchers")
    if head[_CP] and head[_LO] not in _DEMONSTRATIVES:
        return True
    if hlow in _AGENT_HEADS or hlow.endswith("s") and hlow[:-1] in _AGENT_HEADS:
        return True
    if hlow.endswith(("quarters", "thirds", "third", "half")) and verb in _SPEECH:
        return True
    if (hlow in _QUANT_HEADS or hlow.replace(",", "").isdigit()) and verb in _SPEECH and len(words) <= 8:
        return True  # "72 percent of Democrats said", "Nearly half said", "About 4 in 10 say"
    if strict:
        return False
    # Speech verbs accept other lower-case heads only with a determiner ("the coach said").
    return (first in _DETERMINERS or first in _QUANTIFIERS and len(words) >= 2) and len(words) <= 7



def _np_after(toks: list[_Tok], i: int) -> list[_Tok]:
    """The noun phrase starting at ``toks[i]`` (after "according to", "by", inverted "said")."""
    out: list[_Tok] = []
    j = i
    n = len(toks)
    while j < n and len(out) < 14:
        t = toks[j]
        if not t[_WD]:
            if t[_TX] in ("'", "’", "&", "-"):
                out.append(t)
                j += 1
                continue
            break
        if t[_LO] in _BOUNDARY_WORDS or t[_LO] in ("who", "said", "says", "told", "added", "citing"):
            break
        if t[_LO] in ("on", "in", "at") and j + 1 < n and (toks[j + 1][_LO] in _TIME_WORDS or toks[j + 1][_LO] in
                                                          ("a", "an", "the") and not toks[j + 1][_CP]):
            # "said X on Monday" / "said X in a statement": stop before the adjunct
            break
        if t[_LO] in ("and", "or") and not (out and out[-1][_CP] and j + 1 < n and toks[j + 1][_CP]):
            break
        out.append(t)
        j += 1
    while out and not out[-1][_WD]:
        out.pop()
    return out


def _np_before(toks: list[_Tok], k: int) -> tuple[list[_Tok], int]:
    """The noun phrase ending at ``toks[k]`` (inclusive) and the index where it starts."""
    out: list[_Tok] = []
    j = k
    while j >= 0 and len(out) < 16:
        t = toks[j]
        if not t[_WD]:
            if t[_TX] in ("'", "’", "&", "-", "/"):
                out.append(t)
                j -= 1
                continue
            break
        if t[_LO] in _BOUNDARY_WORDS:
            break
        if t[_LO] == "who" and out:
            # "Residents who fled the town told ..." -> the noun phrase before "who".
            inner, s = _np_before(toks, j - 1)
            return (inner, s) if inner else ([], j + 1)
        if t[_LO] in ("and", "or", "&") and not (out and out[-1][_CP] and j > 0 and toks[j - 1][_CP]):
            break
        out.append(t)
        j -= 1
    out.reverse()
    return out, j + 1


def _chunk_before(toks: list[_Tok], k: int) -> tuple[list[_Tok], int]:
    """Tokens from the previous comma/quote/bracket (exclusive) up to ``toks[k]`` (inclusive)."""
    j = k
    while j >= 0 and k - j < 40 and (toks[j][_WD] or toks[j][_TX] not in _HARD_PUNCT or _abbrev_stop(toks, j)):
        j -= 1
    return toks[j + 1:k + 1], j


def _abbrev_stop(toks: list[_Tok], j: int) -> bool:
    """Is the full stop ``toks[j]`` the end of an abbreviation ("Mich.", "S.C.", "No. 2") rather than of a
    sentence?  Within one sentence it nearly always is: it sticks to the word before it."""
    return toks[j][_TX] == "." and j > 0 and toks[j - 1][_WD] and toks[j - 1][_EN] == toks[j][_ST] \
        and len(toks[j - 1][_TX]) <= 4


def _skippable_before_verb(t: _Tok) -> bool:
    low = t[_LO]
    return (low in _SKIP_BEFORE_VERB or low in _NEG or low in _MODAL
            or (len(low) > 4 and low.endswith("ly") and not t[_CP] and t[_WD] and low not in _NOT_ADVERBS))


def _clausey(np: list[_Tok], cues: frozenset[str]) -> bool:
    """Is ``np`` a clause or a fragment of one rather than a noun phrase ("China has sent troops")?
    ``cues``: every cue word (a cue verb inside makes it a clause)."""
    words = [t for t in np if t[_WD]]
    if not words or len(words) > 10:
        return True
    for k, t in enumerate(words):
        low = t[_LO]
        if t[_CP] or k == 0:
            continue
        if low in _CLAUSE_WORDS or low in cues and low not in _AGENT_HEADS:
            return True
        if low.endswith("ed") and k + 1 < len(words) and words[k + 1][_LO] in _DETERMINERS:
            return True  # "sent the troops"
        if low.endswith("ed") and k + 1 == len(words) and low not in _POLLED and len(words) > 2:
            return True  # "the department no longer existed"
    return False


def _is_age(chunk: list[_Tok]) -> bool:
    return len(chunk) == 1 and chunk[0][_TX].isdigit()


def _appositive_ok(chunk: list[_Tok]) -> bool:
    """"national director of the Pro-Life Action League", "Hong Kong's security chief"."""
    words = [t for t in chunk if t[_WD]]
    if not words or len(words) > 25:
        return False
    if any(t[_LO] in _CLAUSE_WORDS or t[_LO] in _MODAL for t in words[1:]):
        return False  # "some of its functions would be performed by other agencies"
    return any(t[_LO] in _ROLE_HEADS or t[_LO] in _ORG_HEADS or t[_LO] in _EXPERT_HEADS for t in words)


def _plural(np: list[_Tok]) -> bool | None:
    """Is the subject plural?  None when unsure."""
    words = [t for t in np if t[_WD]]
    if not words:
        return None
    if any(t[_LO] in ("and", "&") for t in words) and words[-1][_CP]:
        return True
    head = _head(np)
    if head is None:
        return None
    h = head[_LO]
    if h in ("he", "she", "it"):
        return False
    if h in _PLURAL_WORDS or h in ("officials", "sources"):
        return True
    if head[_TX].isupper():
        return False
    if h.endswith("s") and not h.endswith(("ss", "us", "is", "'s")) and not head[_CP]:
        return True
    if not head[_CP]:
        return False
    return None



def _leading_np(toks: list[_Tok]) -> list[_Tok]:
    """The noun phrase that opens a clause: "Thousands of people" in "Thousands of people marched ..."."""
    np: list[_Tok] = []
    for t in toks[:12]:
        low = t[_LO]
        if not t[_WD] or (not t[_CP] and (low in _BE or low in _MODAL or low.endswith("ed") or low in _SPEECH
                                          or low in _STANCE or low in _IRREGULAR or low in _BOUNDARY_WORDS)):
            break
        np.append(t)
    if len(np) > 8 or not np or np[0][_LO] in _PREPOSITIONS or np[0][_LO] in _DEMONSTRATIVES:
        return []
    return _trim_np(np)


def _SINGLE_SURNAME(words: list[_Tok]) -> bool:
    return len(words) == 1 and words[0][_CP] and not words[0][_TX].isupper()


def _squash(name: str) -> str:
    return " ".join(name.split()).strip(" ,;:")


_JOB_WORDS = frozenset(
    "writer reporter correspondent editor columnist analyst producer author contributor economist "
    "researcher strategist pollster historian lawyer attorney consultant".split()
)


def _title_split(words: list[_Tok]) -> tuple[list[_Tok], list[_Tok]] | None:
    """Split "Foreign Minister Anna Kovac" into (title words, name words), or None."""
    if len(words) < 2:
        return None
    # The name is the trailing run of capitalised words without title words or possessives.
    k = len(words)
    while k > 0 and words[k - 1][_CP] and words[k - 1][_LO].strip(".") not in _TITLES \
            and not words[k - 1][_LO].endswith("'s") and not words[k - 1][_TX].isupper():
        k -= 1
    if k == 0 or k == len(words):
        return None
    title = words[:k]
    name = words[k:]
    if title[-1][_LO].strip(".") not in _TITLES and title[-1][_LO].strip(".") not in _ROLE_HEADS and not (
            title[-1][_LO] in _JOB_WORDS and len(name) >= 2):  # "staff writer David Emery"
        return None
    if len(name) > 4:
        return None
    if any(t[_LO] in _ORG_HEADS or t[_LO] in _MEDIA_WORDS for t in name):
        return None
    if len(name) == 1 and title[-1][_LO].strip(".") not in _HONORIFICS and title[-1][_LO].strip(".") not in (
        "president", "minister", "senator", "governor", "mayor", "chancellor", "general", "judge", "secretary",
        "spokesman", "spokeswoman", "spokesperson", "professor", "leader", "chief",
    ):
        return None
    return title, name


# --------------------------------------------------------------------------
# Image credits
