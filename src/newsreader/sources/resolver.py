"""Resolution: noun phrases to sources, grouping the mentions of one source (acronyms, titles,
surnames, pronouns, descriptions) and naming its kind."""

from __future__ import annotations

import re
from collections.abc import Callable

from newsreader.sources.cues import _Raw
from newsreader.sources.lexicon import (
    _ANON_HEADS,
    _BOUNDARY_WORDS,
    _DEMONSTRATIVES,
    _DETERMINERS,
    _DOC_NOUNS,
    _EXPERT_HEADS,
    _EXPERT_WORDS,
    _FIRST_PERSON_SOURCES,
    _GROUP_HEADS,
    _HONORIFICS,
    _LEADING_SKIP,
    _MEDIA_HEADS,
    _MEDIA_WORDS,
    _NATIONALITIES,
    _OFFICIAL_WORDS,
    _ORG_HEADS,
    _POLITICIAN_WORDS,
    _PREPOSITIONS,
    _PRONOUNS,
    _ROLE_HEADS,
    _TIME_WORDS,
    _TITLES,
    _words,
)
from newsreader.sources.model import Source, normalise
from newsreader.sources.phrases import (
    _SINGLE_SURNAME,
    _clausey,
    _head,
    _is_name_like,
    _leading_np,
    _squash,
    _title_split,
)
from newsreader.sources.tokens import _CP, _EN, _LO, _QT, _ST, _TX, _WD, _span_text, _Tok, _tokenise


def _acronym(name: str) -> str:
    """'South Korea's Joint Chiefs of Staff' -> 'JCS' (initials after the last possessive)."""
    words = name.replace("’", "'").split()
    for k in range(len(words) - 1, -1, -1):
        if words[k].endswith("'s") and k < len(words) - 1:
            words = words[k + 1:]
            break
    letters = [w[0] for w in words if w[:1].isupper() and w.lower() not in ("the",)]
    return "".join(letters) if len(letters) >= 2 else ""


_OFFICIAL_ACRONYM = re.compile(r"\b(?:UN|EU|WHO|NATO|IMF|FBI|CIA|NSA|JCS|IAEA|OSCE|ECB|FDA|CDC|ICC|ICJ)\b")


def _kind_of(name: str, description: str, head: str, person: bool) -> str:
    if "@" in name:
        return "social media account"
    words = set(normalise(name + " " + description).split())
    h = head.lower()
    if h in _ANON_HEADS and not any(w[:1].isupper() for w in name.split()[1:]):
        return "anonymous"
    if words & _POLITICIAN_WORDS and (person or "party" in words):
        return "politician"
    if words & _MEDIA_WORDS and not (person and words & _ROLE_HEADS - {"reporter", "journalist", "editor"}):
        return "media outlet"
    if h in _EXPERT_HEADS or words & _EXPERT_WORDS:
        return "expert"
    if (words & _OFFICIAL_WORDS or _OFFICIAL_ACRONYM.search(name)) and not person:
        return "official body"
    if h in _GROUP_HEADS and not name[:1].isupper():
        return "anonymous"
    return "other"


_PLACE_BEFORE = _PREPOSITIONS | _words("to of from into via")
_STARTER_WORDS = (_DETERMINERS | _PREPOSITIONS | _LEADING_SKIP | _BOUNDARY_WORDS | _DEMONSTRATIVES
                  | _words("he she it they we i you if when while as after before there here yes no why how"))


class _Resolver:
    """Turns noun phrases into sources, grouping mentions of one source."""

    def __init__(self, text: str, cues: frozenset[str]) -> None:
        self.text = text
        self.cues = cues  # every cue word
        self.sources: list[Source] = []
        self.person: list[bool] = []
        self.last: list[int] = []  # position of the latest mention of each source
        self.recent: list[int] = []  # sources by latest mention, most recent last
        self.hay: list[frozenset[str]] = []  # words of name, aliases and description
        self.doc_nouns: list[set[str]] = []
        self.seen: set[tuple[int, tuple[int, int]]] = set()  # every mention recorded (of any source)
        self.keys: dict[str, int] = {}
        self.acronyms: dict[str, int] = {}
        self.surnames: dict[str, int] = {}
        self.prev_sentence: tuple[int, int] = (0, 0)  # the sentence before the one being read
        self.name_scan: tuple[int, list[_Tok]] = (0, [])  # (read up to, last person's name found)

    # -- index ------------------------------------------------------------
    def _index(self, idx: int, name: str) -> None:
        key = normalise(name)
        if key:
            self.keys.setdefault(key, idx)
        acr = _acronym(name)
        if acr:
            self.acronyms.setdefault(acr, idx)
        # The part after a possessive: "Joint Chiefs of Staff".
        low = name.replace("’", "'")
        cut = low.rfind("'s ")
        if cut > 0:
            tail = normalise(low[cut + 3:])
            if tail and len(tail.split()) >= 2:
                self.keys.setdefault(tail, idx)

    def _new(self, name: str, kind: str, description: str, person: bool) -> int:
        idx = len(self.sources)
        self.sources.append(Source(name=name, description=description, kind=kind))
        self.person.append(person)
        self.last.append(-1)
        self.hay.append(frozenset())
        self._refresh(idx)
        self.doc_nouns.append(set())
        self._index(idx, name)
        if person:
            surname = name.split()[-1].casefold().strip(".,")
            if len(name.split()) >= 2:
                self.surnames.setdefault(surname, idx)
        return idx

    def _refresh(self, idx: int) -> None:
        src = self.sources[idx]
        self.hay[idx] = frozenset(normalise(" ".join([src.name, src.description, *src.aliases])).split())

    def _alias(self, idx: int, alias: str) -> None:
        src = self.sources[idx]
        if alias and alias != src.name and alias not in src.aliases and normalise(alias) != normalise(src.name):
            src.aliases.append(alias)
            self._refresh(idx)
        self._index(idx, alias)

    def mention(self, idx: int, span: tuple[int, int]) -> None:
        src = self.sources[idx]
        if (idx, span) not in self.seen:
            self.seen.add((idx, span))
            src.mentions.append(span)
        if span[0] >= self.last[idx]:
            self.last[idx] = span[0]
            recent = self.recent
            if idx in recent[-8:]:
                recent.remove(idx)
            elif len(recent) > 64:
                del recent[:32]  # keep the look-back bounded
            elif idx in recent:
                recent.remove(idx)
            recent.append(idx)

    def nearest(self, pos: int, want: Callable[[int], bool]) -> int | None:
        """The most recently mentioned source before ``pos`` that ``want``s (bounded look-back)."""
        best, best_pos = None, -1
        for idx in reversed(self.recent[-24:]):
            p = self.last[idx]
            if p < pos and p > best_pos and want(idx):
                best, best_pos = idx, p
                break
        return best

    # -- resolution ---------------------------------------------------------
    def resolve(self, raw: _Raw) -> int | None:
        np = raw.np
        words = [t for t in np if t[_WD]]
        if not words:
            return None
        span = (np[0][_ST], np[-1][_EN])
        pos = span[0]
        low0 = words[0][_LO]
        if len(words) == 1 and low0 in _FIRST_PERSON_SOURCES or not any(c.isalpha() for t in words for c in t[_TX]):
            return None  # "when I asked him" (the writer), "941 comments": nobody the reader can tag
        if len(words) == 2 and low0 == "the" and words[1][_LO] in _NATIONALITIES:
            return None  # "the American demand that ...": an adjective before a noun, not a speaker
        if len(words) == 1 and low0 in _PRONOUNS:
            want = _PRONOUNS[low0]
            if want == "person":
                idx = self.nearest(pos, lambda i: self.person[i])
            elif want == "org":
                idx = self.nearest(pos, lambda i: not self.person[i] and self.sources[i].kind != "anonymous")
            else:
                idx = self.nearest(pos, lambda i: not self.person[i])
            if idx is None:
                idx = self._from_previous_subject(raw.sentence[0], want)
            if idx is None and want == "person":
                idx = self._nearest_name(pos)
            if idx is None:
                return None  # nobody to point at: the claim stays unattributed
            self.mention(idx, span)
            return idx
        head = _head(np)
        hlow = head[_LO] if head else ""
        hbase = hlow[:-2] if hlow.endswith("'s") else hlow
        # Documents: "The latest JCS report", "the JCS's report", "the report".
        if hbase in _DOC_NOUNS and head is words[-1]:
            owner = [t for t in words[:-1] if t[_CP] and t[_LO] not in _DETERMINERS and t[_LO] not in ("latest", "new")]
            if owner:
                owner_np = np[np.index(owner[0]):np.index(words[-1])]
                owner_name = _squash(_span_text(owner_np))
                idx = self._lookup(owner_name)
                if idx is None:
                    idx = self._new(owner_name, _kind_of(owner_name, "", owner[-1][_LO], False), "", False)
                self.doc_nouns[idx].add(hbase)
                self.mention(idx, span)
                return idx
            if low0 in ("the", "this", "that", "its", "their"):
                idx = self.nearest(pos, lambda i: hbase in self.doc_nouns[i])
                if idx is None and hbase in ("report", "statement", "assessment"):
                    idx = self.nearest(pos, lambda i: not self.person[i] and self.sources[i].kind != "anonymous"
                                       and "@" not in self.sources[i].name)
                if idx is not None:
                    self.doc_nouns[idx].add(hbase)
                    self.mention(idx, span)
                    return idx
        # Definite descriptions: "the ministry", "the newspaper", "the spokesman".
        if low0 == "the" and all(not t[_CP] for t in words[1:]) and len(words) <= 4:
            idx = self._description(pos, hbase, words)
            if idx is not None:
                self.mention(idx, span)
                return idx
        name = _span_text(np)
        description = raw.description
        person = False
        # Titles: "Foreign Minister Anna Kovac", "Opposition leader Kemal Aydin", "Mr Okafor".
        split = _title_split(words)
        if split is not None:
            title_words, name_words = split
            title = _span_text(title_words)
            if title_words and title_words[-1][_LO].strip(".") in _HONORIFICS and len(name_words) == 1:
                name = title + " " + name_words[0][_TX]
                surname = name_words[0][_LO]
                idx = self.surnames.get(surname)
                if idx is None:
                    idx = self._lookup(name)
                if idx is None:
                    idx = self._new(name, "other", description, True)
                    self.surnames.setdefault(surname, idx)
                self.mention(idx, span)
                return idx
            name = _span_text(name_words)
            description = description or title
            person = True
            if len(name_words) == 1 and name_words[0][_LO] in self.surnames:
                # "President Obama" after "Barack Obama": the same person.
                idx = self.surnames[name_words[0][_LO]]
                self.mention(idx, span)
                return idx
        elif _is_name_like(words) and 2 <= len(words) <= 4 and not any(
            t[_LO] in _OFFICIAL_WORDS or t[_LO] in _MEDIA_WORDS or t[_LO] in _ORG_HEADS or t[_LO].endswith("'s")
            or t[_TX].isupper() or t[_LO] in _DETERMINERS for t in words
        ):
            person = True
        if _clausey(words, self.cues) or all(t[_LO].strip(".") in _TITLES for t in words) or (
                not words[0][_CP] and words[0][_LO] in _PLACE_BEFORE):
            return None  # a sentence fragment or a bare title ("Mr") is nobody's name
        name = _squash(name)
        if words[0][_LO] in ("the", "a", "an") and not person:
            if _is_name_like(words[1:]):
                name = _span_text(words[1:]) if words[0][_LO] == "the" else name
            else:
                name = name[:1].lower() + name[1:]
        elif not words[0][_CP] or words[0][_LO] in _ANON_HEADS | _GROUP_HEADS | _EXPERT_HEADS:
            if not any(t[_CP] for t in words[1:]):
                name = name[:1].lower() + name[1:]
        if _SINGLE_SURNAME(words) and words[0][_LO] in self.surnames:
            idx = self.surnames[words[0][_LO]]
            self.mention(idx, span)
            return idx
        idx = self._lookup(name)
        if idx is None and person and len(name.split()) >= 2:
            # "Trump" or "Mr. Trump" first, "Donald Trump" later: one person, shown by the full name.
            short = self.surnames.get(name.split()[-1].casefold().strip(".,"))
            if short is not None and self._short_form(short):
                src = self.sources[short]
                src.aliases.insert(0, src.name)
                src.name = name
                self.person[short] = True
                self._index(short, name)
                self._refresh(short)
                if src.kind == "other":
                    src.kind = _kind_of(name, description, hbase, True)
                idx = short
        if idx is None and raw.acronym:
            idx = self._lookup(raw.acronym)
        if idx is None:
            kind = _kind_of(name, description, hbase, person)
            idx = self._new(name, kind, description, person)
            if _SINGLE_SURNAME(words) and not name.isupper():
                self.surnames.setdefault(words[0][_LO], idx)
        src = self.sources[idx]
        if raw.acronym:
            self._alias(idx, raw.acronym)
        if description and not src.description:
            src.description = description
            self._refresh(idx)
            src.kind = _kind_of(src.name, description, hbase, self.person[idx]) if src.kind == "other" else src.kind
        self.mention(idx, span)
        return idx

    def _lookup(self, name: str) -> int | None:
        key = normalise(name)
        if not key:
            return None
        idx = self.keys.get(key)
        if idx is None and name.isupper() and 2 <= len(name) <= 8:
            idx = self.acronyms.get(name)
            if idx is not None:
                self._alias(idx, name)
        if idx is None and not name.isupper():
            # "JCS" first, "the Joint Chiefs of Staff" later: the full name takes over.
            acr = _acronym(name)
            found = self.keys.get(normalise(acr)) if acr else None
            if found is not None and self.sources[found].name == acr:
                src = self.sources[found]
                src.name = name
                src.aliases.insert(0, acr)
                self._index(found, name)
                self._refresh(found)
                idx = found
        return idx

    def _get_or_new(self, name: str, kind: str, description: str, person: bool) -> int:
        idx = self.keys.get(normalise(name))
        return idx if idx is not None else self._new(name, kind, description, person)

    def _short_form(self, idx: int) -> bool:
        """Is the source named by a surname alone ("Trump") or with an honorific ("Mr. Trump")?"""
        words = self.sources[idx].name.split()
        return len(words) == 1 or len(words) == 2 and words[0].lower().strip(".") in _HONORIFICS

    def _description(self, pos: int, hbase: str, words: list[_Tok]) -> int | None:
        def fits(i: int) -> bool:
            src = self.sources[i]
            if hbase in _ROLE_HEADS:
                # "the president" is not "Zippy Duvall, president of the Farm Bureau".
                desc = normalise(src.description).split()
                if hbase in normalise(" ".join([src.name, *src.aliases])).split():
                    return True
                if hbase not in desc:
                    return False
                at = desc.index(hbase)
                return at + 1 == len(desc) or desc[at + 1] not in ("of", "for", "at", "to", "with", "in", "on")
            if hbase in self.hay[i]:
                return True
            if hbase in _MEDIA_HEADS:
                return src.kind == "media outlet"
            if hbase in ("government", "authorities", "regime", "military", "army"):
                return src.kind == "official body"
            return False

        return self.nearest(pos, fits)

    def _nearest_name(self, pos: int) -> int | None:
        """'... met Hillary Clinton at the rally. She said ...': the last person's name in the 400
        characters before ``pos`` (two to four capitalised words, not at a sentence start)."""
        # Each stretch of text is read once: a scan picks up where the previous one stopped.
        start = max(0, pos - 400, self.name_scan[0])
        if start > 0:
            cut = self.text.find(" ", start, pos)
            start = cut + 1 if cut >= 0 else pos  # not in the middle of a word
        toks = _tokenise(self.text, start, pos) if start < pos else []
        best: list[_Tok] = []
        run: list[_Tok] = []
        for k, t in enumerate(toks + [("", "", pos, pos, False, False, False)]):
            if t[_WD] and t[_CP] and not t[_QT]:
                run.append(t)
                continue
            if run:
                cand = run
                before = k - len(run) - 1
                if before >= 0 and toks[before][_LO] in _PLACE_BEFORE:
                    cand = []  # "to Hong Kong", "in New York": a place
                if cand and (before < 0 or toks[before][_TX] in ".!?\"“”''") and cand[0][_LO] in _STARTER_WORDS:
                    cand = cand[1:]  # "The", "In", "But" open the sentence, not the name
                split = _title_split(cand) if len(cand) >= 2 else None
                name = split[1] if split else cand
                if 2 <= len(name) <= 4 and _is_name_like(name) and not any(
                        w[_LO] in _ORG_HEADS or w[_LO] in _MEDIA_WORDS or w[_LO] in _OFFICIAL_WORDS
                        or w[_LO].endswith("'s") or w[_TX].isupper() or w[_LO] in _TIME_WORDS for w in name):
                    best = cand
                run = []
        if not best:
            best = self.name_scan[1]
            if not best or best[0][_ST] < pos - 1500:
                self.name_scan = (max(pos, self.name_scan[0]), best)
                return None
        self.name_scan = (max(pos, self.name_scan[0]), best)
        fake = _Raw((best[0][_ST], best[-1][_EN]), "", (0, 0), best, 9)
        return self.resolve(fake)

    def _from_previous_subject(self, sentence_start: int, want: str) -> int | None:
        """'Kim met Shoigu. He vowed ...': the subject of the previous sentence, when it fits."""
        text = self.text
        ps, pe = self.prev_sentence
        if not ps < pe <= sentence_start or sentence_start - pe > 600 or "\n" in text[pe:sentence_start]:
            return None
        toks = _tokenise(text, ps, min(pe, ps + 300))
        np = _leading_np(toks)
        words = [t for t in np if t[_WD]]
        if not words:
            return None
        if words[0][_LO] in _DEMONSTRATIVES or words[0][_LO] in _PRONOUNS:
            return None
        split = _title_split(words)
        person = split is not None or (_is_name_like(words) and 2 <= len(words) <= 4 and not any(
            t[_LO] in _ORG_HEADS or t[_LO] in _OFFICIAL_WORDS for t in words))
        if want == "person" and not person:
            return None
        if want != "person" and person:
            return None
        head = _head(words)
        if want == "group" and not (head and (head[_LO].endswith("s") or head[_LO] in _ORG_HEADS)):
            return None
        if want == "org" and not (head and (head[_CP] or head[_LO] in _ORG_HEADS)):
            return None
        fake = _Raw((ps, pe), "", (0, 0), words, 9)
        return self.resolve(fake)
