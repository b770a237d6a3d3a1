"""Raw cues in one sentence: "X said", "according to X", "confirmed by X", quotes before and after the
speaker, appositions, relative pronouns, participles; each with the noun phrase of its source, before
that noun phrase is resolved to a source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from typing import TypeAlias

from newsreader.sources.lexicon import (
    _ACT_NOUNS,
    _AGENT_HEADS,
    _ANAPHORIC_START,
    _ASIDES,
    _BASE_FORMS,
    _BE,
    _BOUNDARY_WORDS,
    _CLAUSE_OPENERS,
    _COGNITION,
    _DEMONSTRATIVES,
    _DETERMINERS,
    _EVIDENCE,
    _HEADLINE_CUES,
    _MODAL,
    _NEEDS_PARTICLE,
    _NEG,
    _NOUNLIKE_S,
    _NP_OBJECT_RATE,
    _OPENER_SKIP,
    _PARTICIPLES,
    _PASSIVE_BY,
    _PREPOSITIONS,
    _PRONOUNS,
    _SPEECH,
    _SPEECH_PARTICIPLES,
    _STANCE,
    _SUBORDINATORS,
    _TAKES_OBJECT,
    _TIME_WORDS,
    _WEAK,
    _WEEKDAYS,
    CueLexicon,
)
from newsreader.sources.phrases import (
    _appositive_ok,
    _chunk_before,
    _clausey,
    _head,
    _is_age,
    _is_name_like,
    _leading_np,
    _looks_description,
    _looks_parenthetical,
    _np_after,
    _np_before,
    _np_ok,
    _plural,
    _skippable_before_verb,
    _trim_np,
)
from newsreader.sources.tokens import (
    _CP,
    _EN,
    _HARD_PUNCT,
    _LO,
    _QT,
    _QUOTE_CHARS,
    _ST,
    _TX,
    _WD,
    _second,
    _span_text,
    _Tok,
    _tokenise,
)

# What a subject finder returns: (noun phrase, description, acronym, inverted).
_Subject: TypeAlias = tuple[list[_Tok], str, str, bool]


@dataclass
class _Raw:
    """An attribution found in a sentence, before its noun phrase is resolved to a source."""

    sentence: tuple[int, int]
    cue: str
    cue_span: tuple[int, int]
    np: list[_Tok]  # the source's noun phrase
    priority: int  # lower is better
    description: str = ""
    acronym: str = ""
    back_ref: bool = False
    same_as: int = -1  # index (in the sentence's list) of the cue whose subject this one shares
    relative: _Tok | None = None  # "who"/"which" standing for ``np``: the mention in the text


def _subject(toks: list[_Tok], i: int, verb: str, cues: frozenset[str]) -> _Subject | None:
    """Source noun phrase for the verb at ``toks[i]``: (np, description, acronym, inverted)."""
    k = i - 1
    negated = False
    while k >= 0 and _skippable_before_verb(toks[k]):
        if toks[k][_LO] in _NEG:
            negated = True
        k -= 1
    if negated:
        return None
    # ", however," / ", too," between subject and verb.
    if k >= 2 and toks[k][_TX] == "," and toks[k - 2][_TX] == "," and toks[k - 1][_LO] in _ASIDES:
        k -= 3
        while k >= 0 and _skippable_before_verb(toks[k]):
            k -= 1
    # "on Tuesday" between subject and verb: "The ministry on Tuesday said".
    if k >= 1 and toks[k][_LO] in _TIME_WORDS and toks[k - 1][_LO] in ("on", "in", "last", "this"):
        k -= 2
    elif k >= 1 and toks[k][_LO] in _WEEKDAYS and toks[k - 1][_WD]:
        k -= 1  # "Trump Tuesday said"
    if k < 0:
        return None
    t = toks[k]
    if t[_TX] == ")" and k >= 3 and toks[k - 2][_TX] == "(" and toks[k - 1][_WD] and toks[k - 1][_TX].isupper() \
            and "-" not in toks[k - 1][_TX]:
        np, _ = _np_before(toks, k - 3)
        np = _trim_np(np)
        return (np, "", toks[k - 1][_TX], False) if np else None
    if t[_TX] == ")":
        # "Sen. Marco Rubio (R-Fla.) said": skip a short bracket.
        o = k - 1
        while o >= 0 and k - o < 10 and toks[o][_TX] != "(":
            o -= 1
        if o >= 1 and toks[o][_TX] == "(" and toks[o - 1][_WD]:
            np = _trim_np(_np_before(toks, o - 1)[0])
            return (np, "", "", False) if np else None
        return None
    if t[_WD]:
        np, s = _np_before(toks, k)
        np = _trim_np(np)
        if not np:
            return None
        return np, "", "", False
    if t[_TX] == ",":
        return _apposed_subject(toks, k, cues) or _inverted(toks, i)
    if t[_TX] in ("-", "—", "–"):
        # "The justice -- who has been in a scuffle with Trump -- said": the noun phrase before the dashes.
        while k >= 1 and toks[k - 1][_TX] in ("-", "—", "–"):
            k -= 1
        o = k - 1
        while o >= 0 and k - o < 40 and toks[o][_TX] not in ("-", "—", "–", ",", ";", ":") \
                and toks[o][_TX] not in _QUOTE_CHARS:
            o -= 1
        while o >= 1 and toks[o - 1][_TX] in ("-", "—", "–"):
            o -= 1
        if o >= 1 and k - o < 40 and toks[o][_TX] in ("-", "—", "–") and toks[o - 1][_WD]:
            np = _trim_np(_np_before(toks, o - 1)[0])
            if np and not _clausey(np, cues):
                return np, "", "", False
    if t[_TX] in ("”", '"', "''") and k >= 1 and toks[k - 1][_TX] in (",", "!", "?", "…", "-", "—"):
        return _inverted(toks, i)
    if t[_TX] in (",", "—", "–") or t[_TX] in _QUOTE_CHARS:
        return _inverted(toks, i)
    return None



def _apposed_subject(toks: list[_Tok], k: int, cues: frozenset[str]) -> _Subject | None:
    """The subject of a verb after ``toks[k]`` (a comma) when commas set off appositions:
    "Marley Anderson, 21, a junior from Las Vegas, said" -> Marley Anderson."""
    chunks: list[tuple[list[_Tok], int]] = []  # (chunk, index of its last token), nearest first
    j = k
    while j >= 0 and toks[j][_TX] == "," and len(chunks) < 6:
        chunk, b = _chunk_before(toks, j - 1)
        if not chunk:
            break
        chunks.append((chunk, j - 1))
        j = b
    if len(chunks) < 2:
        return None
    if j >= 0 and toks[j][_TX] == ",":
        return None  # a longer list: not appositions
    chunks.reverse()  # earliest first
    nearest = chunks[-1][0]
    # "A spokesman for the ministry, John Doe, said": the name nearest the verb (but "Giovanni Vian, the
    # editor of the Vatican's newspaper, L'Osservatore Romano, said" is Vian's).
    first = next((c for c, _ in chunks if not _looks_parenthetical(c) and c[0][_LO] not in _OPENER_SKIP), None)
    if _is_name_like(nearest) and _looks_description(chunks[-2][0]) and (first is None or not _is_name_like(first)):
        return nearest, _span_text(chunks[-2][0]), "", False
    for n, (chunk, last) in enumerate(chunks[:-1]):
        if _looks_parenthetical(chunk) or chunk[0][_LO] in _OPENER_SKIP:
            continue  # "In a statement," / "As part of his plea,"
        np = _trim_np(_np_before(toks, last)[0])
        if not np or _clausey(np, cues):
            return None
        rest = [c for c, _ in chunks[n + 1:]]
        head = _head(np)
        named = _is_name_like(np) or head is not None and (head[_CP] or head[_LO] in _AGENT_HEADS)
        if not all(_is_name_like(c) or _looks_description(c) or _looks_parenthetical(c) or _is_age(c)
                   or _appositive_ok(c) or (named and not _clausey(c, cues)) for c in rest):
            return None
        desc = next((_span_text(c) for c in rest if _looks_description(c) or _appositive_ok(c)), "")
        return np, desc, "", False
    return None


def _inverted(toks: list[_Tok], i: int) -> _Subject | None:
    """'"...," said Maria Lopez, director of X.' -> (Maria Lopez, 'director of X')."""
    if toks[i][_LO] not in _SPEECH or toks[i][_LO] in _TAKES_OBJECT:
        return None  # "Rand Paul, R-Ky., told Fox News": the one told is not the source
    j = i + 1
    if j < len(toks) and toks[j][_LO] in ("in", "on") and j + 1 < len(toks) and toks[j + 1][_LO] in _TIME_WORDS:
        j += 2
    np = _np_after(toks, j)
    if not np:
        return None
    end = j + len(np)
    desc = ""
    if end < len(toks) and toks[end][_TX] == ",":
        chunk: list[_Tok] = []
        m = end + 1
        while m < len(toks) and (toks[m][_WD] or toks[m][_TX] not in _HARD_PUNCT) and len(chunk) < 20:
            chunk.append(toks[m])
            m += 1
        if _looks_description(chunk):
            desc = _span_text(chunk)
    return np, desc, "", True


def _main_subject(toks: list[_Tok]) -> list[_Tok]:
    """The subject of a sentence's main clause, past an opening adverbial ("On Sunday, Sanders ...")."""
    j = 0
    for _ in range(2):
        if j >= len(toks) or not (toks[j][_LO] in _OPENER_SKIP or (toks[j][_LO].endswith(("ing", "ed"))
                                                                   and toks[j][_WD])):
            break
        k = j
        while k < len(toks) and k - j < 20 and toks[k][_TX] != ",":
            k += 1
        if k >= len(toks) or toks[k][_TX] != ",":
            return []
        j = k + 1
    np = _leading_np(toks[j:j + 12])
    head = _head(np) if np else None
    if head is not None and head[_LO] in _TIME_WORDS:
        return []  # "The day before, ...": a time, not a subject
    return np


def _called_x_y(toks: list[_Tok], i: int) -> bool:
    """'Trump called Clinton "a liar"', 'She called Carson a special person': calling names is a cue."""
    if i + 1 >= len(toks) or toks[i + 1][_LO] in ("for", "on", "off", "in", "up", "out", "back", "into", "it"):
        return False
    for t in toks[i + 1:i + 13]:
        if t[_TX] in _QUOTE_CHARS or t[_TX] == "‘":
            return True
        if t[_LO] in ("a", "an") or not t[_WD] and t[_TX] not in ("'", "’", "-"):
            return t[_LO] in ("a", "an") and t is not toks[i + 1]
    return False


def _clause_follows(toks: list[_Tok], j: int) -> bool:
    """Does a clause, a quotation or a colon follow ``toks[j]`` (after an adverb or "that")?"""
    n = len(toks)
    while j < n and _skippable_before_verb(toks[j]) and toks[j][_LO] not in _NEG:
        j += 1
    if j >= n:
        return False
    t = toks[j]
    return t[_LO] in _CLAUSE_OPENERS or t[_TX] in _QUOTE_CHARS or t[_TX] in (":", "‘") or (
        t[_LO] in ("the", "a", "an") and any(x[_LO] in _BE or x[_LO] in _MODAL or x[_LO] in ("has", "have", "had")
                                             for x in toks[j + 1:j + 8]))


def _subordinate(toks: list[_Tok], first: _Tok) -> bool:
    """Is the noun phrase starting with ``first`` the subject of a subordinate clause?"""
    k = first[_ST]
    for j in range(len(toks)):
        if toks[j][_ST] == k:
            return j > 0 and toks[j - 1][_LO] in _SUBORDINATORS
    return False


def _and_before(toks: list[_Tok], i: int) -> bool:
    k = i - 1
    while k >= 0 and _skippable_before_verb(toks[k]) and toks[k][_LO] not in _NEG:
        k -= 1
    return k >= 0 and toks[k][_LO] in ("and", "but")


def _relative_before(toks: list[_Tok], i: int) -> int | None:
    """Index of the "who"/"which" that is the subject of the verb at ``toks[i]`` ("Republicans who say")."""
    k = i - 1
    while k >= 0 and _skippable_before_verb(toks[k]) and toks[k][_LO] not in _NEG:
        k -= 1
    return k if k >= 1 and toks[k][_LO] in ("who", "which") else None


def _antecedent(toks: list[_Tok], r: int, cues: frozenset[str]) -> _Subject | None:
    """The noun phrase a relative pronoun at ``toks[r]`` stands for ("Cruz, who says ..." -> Cruz)."""
    j = r - 1
    if toks[j][_TX] == ",":
        j -= 1
    if j < 0 or not toks[j][_WD] or toks[j][_LO] in _BOUNDARY_WORDS:
        return None
    np = _trim_np(_np_before(toks, j)[0])
    if not np or _clausey(np, cues):
        return None
    return np, "", "", False


def _cues_in_sentence(text: str, s: int, e: int, lexicon: CueLexicon, stop: int | None = None) -> list[_Raw]:
    """Attributions in the sentence ``text[s:e]`` (whose cues all lie before ``stop``)."""
    all_cues = lexicon.all_cues
    learned = lexicon.learned
    toks = _tokenise(text, s, e if stop is None else stop)
    n = len(toks)
    found: list[_Raw] = []
    headline = None  # worked out when first needed (few sentences need it)
    for i in list(compress(count(), map(all_cues.__contains__, map(_second, toks)))):  # cue words' indices
        t = toks[i]
        low = t[_LO]
        if not t[_WD] or t[_QT]:
            continue
        if low == "according" and i + 1 < n and toks[i + 1][_LO] == "to":
            np = _np_after(toks, i + 2)
            if np and (_np_ok(np, "according", strict=False) or np[0][_LO] not in _DEMONSTRATIVES
                       and np[0][_LO] not in _PRONOUNS and not _clausey(np, all_cues)):
                found.append(_Raw((s, e), "according to", (t[_ST], toks[i + 1][_EN]), np, 0))
            continue
        if low in _PASSIVE_BY and i + 1 < n and toks[i + 1][_LO] == "by" and not t[_CP]:
            np = _np_after(toks, i + 2)
            if np and _np_ok(np, "by", strict=False):
                cue = ("as " if i > 0 and toks[i - 1][_LO] == "as" else "") + low + " by"
                back = bool(_ANAPHORIC_START.match(text, s)) and i < 12 and not (i > 0 and toks[i - 1][_LO] == "as")
                before = toks[i - 1] if i > 0 else None
                # "an attack claimed by the Taliban" qualifies a noun: the sentence's own verb comes first.
                reduced = before is not None and before[_WD] and before[_LO] not in _BE and before[_LO] not in (
                    "as", "been", "being", "and", "or", "but", "also", "was", "were") and not before[_LO].endswith("ly")
                found.append(_Raw((s, e), cue, (t[_ST], toks[i + 1][_EN]), np, 2 if reduced else 0, back_ref=back))
            continue
        if t[_CP] and i > 0:
            if low in _HEADLINE_CUES and headline is None:
                # "Glenn Beck Says Trump Poses A Threat": a headline in title case.
                caps = [tok[_CP] for tok in toks[:30] if tok[_WD]]
                headline = len(caps) >= 4 and sum(caps) * 4 >= len(caps) * 3
            if not (headline and low in _HEADLINE_CUES):
                continue
        if low in _PARTICIPLES:
            # "Protesters marched through the city, demanding ...": the main clause's subject.
            if i > 0 and toks[i - 1][_LO] in (",", "and") and not found and (low != "calling" or (
                    i + 1 < n and toks[i + 1][_LO] in ("for", "on")) or _called_x_y(toks, i)):
                np = _main_subject(toks)
                if np and not _clausey(np, all_cues) and (
                        _np_ok(np, "stance", strict=True) or low in _SPEECH_PARTICIPLES and _np_ok(np, "says", False)):
                    found.append(_Raw((s, e), low, (t[_ST], t[_EN]), np, 3))
            continue
        if low in _SPEECH:
            kind = 1
        elif low in _STANCE:
            kind = 2
        elif low in _EVIDENCE:
            kind = 3
        elif low in learned:
            kind = 2
        else:
            continue
        if low in _EVIDENCE:
            kind = 3
        nxt = toks[i + 1][_LO] if i + 1 < n else ""
        if low in _NEEDS_PARTICLE and nxt not in _NEEDS_PARTICLE[low] and not _called_x_y(toks, i):
            continue
        prev = toks[i - 1][_LO] if i > 0 else ""
        # "is expected", "was reported": passive without an agent; "the reported attack": adjective.
        if prev in _BE or prev in _DETERMINERS or prev in ("being", "having"):
            continue
        if prev in ("has", "have", "had") and i > 1 and toks[i - 2][_LO] in _BE:
            continue
        if low in _BASE_FORMS and prev in _MODAL:
            continue
        if nxt == "by" or nxt in ("to", "as") and low in ("expected", "believed", "thought", "said", "reported",
                                                          "estimated", "projected", "feared", "alleged"):
            # "... expected to" without a subject before is a hedge, not a cue
            if prev in _BE or not prev:
                continue
        if kind == 3 and nxt != "that":
            pass  # decided by the subject check below
        # "The latest JCS report noted", "the military's report appeared": a noun, not a verb.
        if low in _BASE_FORMS or low in _NOUNLIKE_S:
            if prev.endswith("'s") or nxt in all_cues or (i + 1 < n and toks[i + 1][_LO] in _BE):
                continue
        cue = low + (" " + nxt if low in _NEEDS_PARTICLE and nxt in _NEEDS_PARTICLE[low] else "")
        relative = _relative_before(toks, i)
        subj = (_antecedent(toks, relative, all_cues) if relative is not None
                else _subject(toks, i, low, all_cues))
        if subj is None and relative is not None:
            continue
        if subj is None:
            # "X denied ... and said ...": the subject of the previous cue in this sentence.
            if found and i > 0 and toks[i - 1][_LO] in ("and", "but") and found[-1].cue not in ("according to",):
                prev_raw = found[-1]
                found.append(_Raw((s, e), cue, (t[_ST], t[_EN]), prev_raw.np, prev_raw.priority + 1,
                                  same_as=len(found) - 1))
            elif not found and kind == 1 and i > 0 and _and_before(toks, i):
                # "He called it a crystal ball and said ...": the subject that opens the sentence.
                np = _leading_np(toks)
                if np and np[0][_LO] not in _PREPOSITIONS and _np_ok(np, "says", strict=False) \
                        and not _clausey(np, all_cues):
                    found.append(_Raw((s, e), cue, (t[_ST], t[_EN]), np, 2))
            continue
        np, desc, acronym, inverted = subj
        if not inverted and (low in _BASE_FORMS or low in _NOUNLIKE_S):
            plural = _plural(np)
            if plural is not None and plural != (low in _BASE_FORMS):
                continue  # "report" after a singular subject, "reports" after a plural one
        if low in learned and not inverted and not _clause_follows(toks, i + 1) and (
                lexicon.rate(low) < _NP_OBJECT_RATE or nxt in _ACT_NOUNS
                or (i + 2 < n and toks[i + 2][_LO] in _ACT_NOUNS)):
            continue  # "expressed support for Russia": an act reported, not something said
        strict = kind != 1 or low in _WEAK
        if kind == 3 and nxt == "that":
            ok = _np_ok(np, "says", strict=True)
        else:
            ok = _np_ok(np, low if kind == 3 else ("says" if kind == 1 else "stance"), strict=strict)
        if not ok:
            continue
        priority = 1 if kind == 1 and low not in _COGNITION else 2 if kind != 3 else 3
        if inverted:
            priority = 0
        elif np and _subordinate(toks, np[0]) or relative is not None:
            priority += 2  # "While Comey has said ..., Lewandowski said ...": the main clause first
        found.append(_Raw((s, e), cue, (t[_ST], t[_EN]), np, priority, desc, acronym,
                          relative=toks[relative] if relative is not None else None))
    return found


# --------------------------------------------------------------------------
# Resolution: noun phrases -> sources


def _cue_window(sentence: str, cues: frozenset[str]) -> int:
    """How much of ``sentence`` the cue finder needs to read: up to 300 characters past its
    last cue word (enough for any noun phrase after it); -1 when it has no cue word at all."""
    low = sentence.lower()
    found = cues.intersection(_CUE_PREFILTER.findall(low))
    if not found:
        return -1
    last = max(map(low.rfind, found))
    return min(len(sentence), last + 300)


_CUE_PREFILTER = re.compile(r"[a-z]{3,}")
