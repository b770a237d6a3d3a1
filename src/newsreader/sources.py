"""Who says what: sources and attributions in an article's plain text, and the source registry.

Pure Python, no UI imports.  Three parts:

* :func:`analyse_sources` finds the sources of an article's plain text (the
  ``Article.text`` the claims engine reads): speakers of speech verbs ("X said"),
  ``according to X``, ``as confirmed by X``, documents ("the JCS report
  stated"), subjects of non-speech cues ("the Security Council condemned",
  "Trump refuses to"), speakers of quotes before or after them, anonymous
  sourcing ("officials said") and image credits ("Images source: © X,
  @handle").  Mentions of one source are grouped: acronyms ("Joint Chiefs of
  Staff (JCS)" = "JCS" = "the JCS report"), appositions ("Ju Hong Won, a member
  of ...," gives a description), titles ("Foreign Minister Anna Kovac"),
  surnames ("Ms Smith" = "Jane Smith"), pronouns (he/she: the nearest person,
  they/it: the nearest organisation or group) and descriptions ("the ministry",
  "the newspaper", "the report") resolved to the nearest fitting earlier source.
  Beyond the hand-written verb lists, cues come from a lexicon learned from
  PolNeAR train (``data/cue_lexicon.json``: for each word, how often it is
  annotated as a cue and how often it appears; rebuilt by
  ``benchmarks/bench_attribution.py --build-lexicon``): "condemned", "refuses",
  "believes", "wants" and the like.  A learned cue needs a subject that can be a
  source and, unless the word is a cue in at least 35% of its uses, a clause,
  quotation or colon after it ("expressed support for Russia" reports an act).
  Quotes before and after the speaker ('"...," X said', '"...," said X',
  'X said: "..."', NYT-style ''...'' quotes), appositions ("Marley Anderson,
  21, a junior from Las Vegas, said"), brackets and dashes ("Sen. Marco Rubio
  (R-Fla.) said"), relative pronouns ("Republicans who say": the mention is
  "who"), quantities ("72 percent of Democrats said") and "Name: ..." headlines
  are read.  Titles and possessives never split a name ("Mr. Trump", "Trump's
  aide"); "Trump", "Mr. Trump" and "Donald Trump" are one source, shown by the
  full name.  A pronoun that no earlier person or source explains attributes
  nothing (no "he (unresolved)"), and clause fragments or bare titles are never
  names.
* :func:`attribute` gives every claim the source of its own sentence (its
  ``source_span`` the mention in that sentence: "He" for "He said ..."), or,
  conservatively, of a neighbouring sentence: "This information has been
  confirmed by X" backs up the sentence before it, a quotation that goes on
  in the next sentence keeps its speaker, and what follows "X responded:" is X's.
  Anything else stays unattributed.
* :class:`Registry`: the user's YAML file of sources with tags, reliability and
  notes, matched across articles by normalised name and aliases.

Everything runs in time linear in the text: sentences are tokenised once, every
look-back or look-ahead is bounded (the pronoun fallback reads each stretch of
text once), look-ups are dictionary hits, and the regular expressions have no
nested unbounded quantifiers.  No module state is written during an analysis
(only the small result cache, under its lock).

Quality on PolNeAR (benchmarks/bench_attribution.py): see the report there; the
hand-annotated passages of benchmarks/bench_sources.py are a smoke test.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add, itemgetter, sub
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsreader.claims import Claim, split_sentences
from newsreader.sanitize import clean_line, clean_text

__all__ = [
    "KINDS",
    "PRESET_TAGS",
    "Entry",
    "Registry",
    "RegistryError",
    "Source",
    "analyse_sources",
    "apply_tags",
    "attribute",
    "normalise",
    "registry_path",
]

KINDS = ("official body", "politician", "media outlet", "social media account", "expert", "anonymous", "other")
PRESET_TAGS = [
    "official", "government", "military", "intelligence", "politician", "party-affiliated", "media",
    "social media", "anonymous", "expert", "unverified", "reliable", "disputed",
]


@dataclass
class Source:
    """One source of an article: everything the article says it said is traced to it."""

    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    kind: str = "other"
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "description": self.description,
            "kind": self.kind,
            "mentions": [{"start": s, "end": e} for s, e in self.mentions],
            "tags": list(self.tags),
        }


# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Speech and report verbs: the subject (or the noun phrase after an inverted
# verb: '"...," said X') is the source.
_SPEECH = _words(
    "say says said tell tells told report reports reported confirm confirms confirmed state states stated "
    "reveal reveals revealed note notes noted assess assesses assessed write writes wrote announce "
    "announces announced warn warns warned claim claims claimed add adds added estimate estimates "
    "estimated argue argues argued deny denies denied insist insists insisted explain explains explained "
    "acknowledge acknowledges acknowledged admit admits admitted allege alleges alleged testify testifies "
    "testified disclose discloses disclosed observe observes observed predict predicts predicted believe "
    "believes believed expect expects expected assert asserts asserted maintain maintains maintained "
    "stress stresses stressed emphasise emphasises emphasised emphasize emphasizes emphasized underline "
    "underlines underlined recall recalls recalled complain complains complained concede concedes conceded "
    "caution cautions cautioned tweet tweets tweeted post posts posted declare declares declared reiterate "
    "reiterates reiterated mention mentions mentioned remark remarks remarked comment comments commented "
    "reply replies replied respond responds responded counter counters countered contend contends contended "
    "describe describes described inform informs informed assure assures assured suggest suggests suggested "
    "indicate indicates indicated conclude concludes concluded forecast forecasts projected project projects "
    "think thinks thought fear fears feared hope hopes hoped doubt doubts doubted"
)
# Belief and expectation: a weaker frame than "said" when both are in a sentence.
_COGNITION = _words(
    "believe believes believed expect expects expected think thinks thought fear fears feared hope hopes "
    "hoped doubt doubts doubted predict predicts predicted estimate estimates estimated forecast forecasts "
    "project projects projected suggest suggests suggested"
)
# Non-speech cues: the subject is still the source of what follows.
_STANCE = _words(
    "condemn condemns condemned refuse refuses refused reject rejects rejected vow vows vowed urge urges "
    "urged accuse accuses accused demand demands demanded endorse endorses endorsed vote votes voted agree "
    "agrees agreed pledge pledges pledged promise promises promised threaten threatens threatened "
    "criticise criticises criticised criticize criticizes criticized praise praises praised welcome welcomes "
    "welcomed dismiss dismisses dismissed blame blames blamed defend defends defended propose proposes "
    "proposed recommend recommends recommended question questions questioned dispute disputes disputed "
    "signal signals signalled signaled hint hints hinted back backs backed oppose opposes opposed approve "
    "approves approved rule rules ruled decide decides decided order orders ordered appeal appeals appealed "
    "call calls called ask asks asked"
)
# Evidence verbs: only with a document subject ("the study found") or a that-clause.
_EVIDENCE = _words("find finds found show shows showed shown suggest suggests suggested indicate indicates indicated")
# call/ask only count with the right particle: "called for", "called on", "asked ... to" is too loose.
_NEEDS_PARTICLE = {"call": ("for", "on"), "calls": ("for", "on"), "called": ("for", "on")}
_BASE_FORMS = _words(
    "say tell report confirm state reveal note assess write announce warn claim add estimate argue deny "
    "insist explain acknowledge admit allege testify disclose observe predict believe expect assert "
    "maintain stress emphasise emphasize underline recall complain concede caution tweet post declare "
    "reiterate mention remark comment reply respond counter contend describe inform assure suggest indicate "
    "conclude forecast project think fear hope doubt condemn refuse reject vow urge accuse demand endorse "
    "vote agree pledge promise threaten criticise criticize praise welcome dismiss blame defend propose "
    "recommend question dispute signal hint back oppose approve rule decide order appeal call ask find show"
)
# Verbs that rarely report anything unless their subject is a known agent.
_WEAK = _words(
    "back backs backed rule rules ruled decide decides decided order orders ordered appeal appeals appealed "
    "post posts posted add adds added note notes project projects forecast forecasts think thinks thought "
    "hope hopes hoped fear fears feared doubt doubts doubted question questions questioned signal signals "
    "counter counters ask asks asked describe describes described mention mentions recall recalls"
)
_PASSIVE_BY = _words(
    "verified confirmed reported stated announced revealed noted assessed disclosed estimated claimed "
    "documented cited quoted said alleged predicted described condemned denied"
)
_BE = _words("is are was were be been being am 's")
_MODAL = _words("will would can could may might must should shall do does did to")
_NEG = _words("not never n't no")
_SKIP_BEFORE_VERB = _words(
    "always usually generally ever just even long has have had also previously later earlier repeatedly publicly recently again already reportedly "
    "further then first initially once still subsequently separately privately openly frequently often "
    "quickly swiftly immediately officially formally explicitly strongly flatly firmly widely "
    "unanimously overwhelmingly narrowly jointly"
)
_DETERMINERS = _words("the a an this that these those its his her their our my your some any each every no")
_DEMONSTRATIVES = _words("this that these those which what who whom whose here there")
_FIRST_PERSON_SOURCES = frozenset({"i", "me", "you"})
_NATIONALITIES = frozenset(
    "american british chinese russian french german iranian israeli palestinian syrian iraqi afghan pakistani "
    "indian japanese korean ukrainian turkish saudi mexican canadian european sudanese egyptian libyan italian "
    "spanish australian african cuban venezuelan brazilian polish dutch swedish greek lebanese yemeni".split()
)
_PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "org", "him": "person", "her": "person"}
_BOUNDARY_WORDS = _words(
    "that which when while because as but if after before since although though whereas where so than "
    "whether until unless once whom whose nor yet"
)
_LEADING_SKIP = _words(
    "meanwhile however but and also separately still yet so then now instead indeed moreover furthermore "
    "additionally earlier later previously"
)
_PREPOSITIONS = _words(
    "by in on at during after before regarding for from under since despite amid following with without "
    "over about across against among around behind beyond into near through toward towards upon within "
    "last this earlier later concerning"
)
_TIME_WORDS = _words(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday year years month months week weeks day days morning evening "
    "night afternoon weekend time today yesterday tonight quarter decade"
)
_POSTMODIFIER = _words(
    "of at in for from with on to close familiar briefed involved based near inside within who knowledgeable by"
)
# Nouns that make a lower-case noun phrase a plausible source.
_DOC_NOUNS = _words(
    "report reports study studies survey surveys poll polls analysis assessment statement statements "
    "data figures research review document documents memo letter filing paper findings estimate "
    "estimates forecast audit investigation inquiry images footage video photos evidence records "
    "release communique communiqué transcript"
)
_ANON_HEADS = _words(
    "official officials source sources person people insider insiders aide aides diplomat diplomats "
    "individual individuals someone"
)
_GROUP_HEADS = _words(
    "critics residents witnesses investors observers supporters opponents protesters protestors "
    "campaigners activists locals villagers survivors families relatives parents workers employees "
    "staff members voters citizens shoppers users patients victims refugees troops soldiers rebels "
    "militants fighters insurgents demonstrators farmers doctors nurses medics teachers students groups "
    "group lawmakers legislators senators mps politicians leaders ministers negotiators diplomats "
    "allies partners countries nations states sides parties republicans democrats conservatives "
    "liberals commanders officers prosecutors investigators authorities inspectors regulators "
    "monitors media outlets"
)
_EXPERT_HEADS = _words(
    "expert experts analyst analysts economist economists researcher researchers scientist scientists "
    "academic academics scholar scholars professor professors epidemiologist epidemiologists historian "
    "historians specialist specialists strategist strategists"
)
_ORG_HEADS = _words(
    "ministry ministries government governments council committee commission agency agencies police "
    "military army navy force forces service services department office bureau court courts parliament "
    "congress senate assembly administration authority authorities regime kremlin pentagon embassy "
    "cabinet presidency secretariat board bank union company firm corporation group organisation "
    "organization institute foundation party campaign coalition alliance team club airline operator "
    "utility university hospital school prosecutor prosecutors intelligence command headquarters "
    "chiefs staff state states"
)
_ROLE_HEADS = _words(
    "spokesman spokeswoman spokesperson minister president chancellor premier secretary governor mayor "
    "senator lawmaker judge ambassador envoy director chief chairman chairwoman chair ceo executive "
    "founder head leader commander general admiral colonel officer lawyer attorney prosecutor adviser "
    "advisor aide official actor actress coach manager owner author editor reporter correspondent "
    "journalist doctor surgeon nurse teacher professor economist analyst researcher scientist "
    "expert candidate king queen prince pope monarch pilot captain member representative deputy "
    "speaker counsel investigator inspector auditor diplomat"
)
_MEDIA_HEADS = _words(
    "newspaper paper daily broadcaster outlet channel network magazine tabloid agency station publication "
    "website site blog"
)
_AGENT_HEADS = _DOC_NOUNS | _ANON_HEADS | _GROUP_HEADS | _EXPERT_HEADS | _ORG_HEADS | _ROLE_HEADS | _MEDIA_HEADS
# Words before a name that are a title, not part of the name.
_TITLES = _words(
    "president prime minister foreign defence defense finance interior justice health education "
    "secretary senator sen sen. rep rep. representative governor gov gov. general gen gen. colonel col "
    "admiral lieutenant lt major maj captain capt sergeant sgt dr dr. doctor professor prof prof. mr mr. "
    "mrs mrs. ms ms. miss judge justice chancellor ambassador mayor spokesman spokeswoman spokesperson "
    "chief executive ceo chairman chairwoman director leader opposition speaker pope king queen prince "
    "princess sheikh emir commander deputy vice envoy counsel attorney minister's coach manager"
)
_HONORIFICS = _words("mr mrs ms miss dr prof sir dame lord lady")
_MEDIA_WORDS = _words(
    "times post news journal herald guardian telegraph tribune gazette reuters afp bbc cnn bloomberg "
    "yonhap tass xinhua interfax ria kyodo nhk politico axios newsweek economist observer independent "
    "mirror express sun mail chronicle globe standard daily press wire television tv radio broadcaster "
    "newspaper magazine media outlet jazeera dpa ansa efe getty"
)
_OFFICIAL_WORDS = _words(
    "ministry department government council chiefs military army navy police agency office commission "
    "committee parliament congress senate court kremlin pentagon cabinet administration authority "
    "authorities intelligence services forces embassy bureau regime presidency white house bank prosecutor "
    "prosecutors guard command force"
)
_POLITICIAN_WORDS = _words(
    "president minister senator lawmaker mp mps governor mayor chancellor party congressman congresswoman "
    "politician candidate premier legislator parliamentarian republicans democrats republican democrat"
)
_EXPERT_WORDS = _EXPERT_HEADS | _words("university institute study survey think-tank researcher doctor")
_PLATFORMS = {
    "x": "X", "twitter": "X", "instagram": "Instagram", "facebook": "Facebook", "telegram": "Telegram",
    "tiktok": "TikTok", "youtube": "YouTube", "threads": "Threads", "bluesky": "Bluesky",
    "reddit": "Reddit", "vk": "VK", "weibo": "Weibo", "truth social": "Truth Social",
}
_ANAPHORIC_START = re.compile(
    r"(?:this|that|these|those|it|the (?:information|decision|figures?|numbers?|data|report|claim|news|"
    r"move|plan|estimate|account|death toll|toll|finding|findings|details?))\b",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------

# Whitespace, then a word (internal apostrophes, full stops, hyphens, ampersands and
# thousands separators allowed), an @handle, or one other character.
# The final "\Z" keeps trailing whitespace from being rescanned at every position (quadratic).
# Abbreviated titles ("Mr.", "Sen.") and initials ("George W. Bush") keep their full stop, so a
# name is never cut at it; "''" (two apostrophes) is a double quote in some papers' text.
_ABBREV_TITLES = (
    "Mrs|Mr|Ms|Dr|Prof|Sens|Sen|Reps|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Cmdr|Rev|Hon|Pres|Supt|Insp|Atty|Jr|Sr|St"
)
_TOKEN_WS = re.compile(
    r"(\s*)(@\w+|(?:" + _ABBREV_TITLES + r")\.(?![\w.])|[A-Z]\.(?=[ \t]+[A-Z])"
    r"|[^\W_][\w&\-]*(?:['’.][\w&\-]+|,\d\d\d[\w&\-]*)*|''|[^\w\s]|_|\Z)"
)
_QUOTE_CHARS = frozenset(('"', "“", "”", "''"))
_HARD_PUNCT = frozenset(',;:()[]"“”—–.!?…') | {"''"}


# A token is a plain tuple (fast to build): text, lower case (straight apostrophe), start, end,
# starts upper-case, is a word (not punctuation), inside double quotes.
_Tok = tuple
_TX, _LO, _ST, _EN, _CP, _WD, _QT = range(7)
_first = itemgetter(0)
_second = itemgetter(1)


def _tokenise(text: str, start: int, end: int) -> list[_Tok]:
    pairs = _TOKEN_WS.findall(text, start, end)
    while pairs and not pairs[-1][1]:
        pairs.pop()  # the empty matches at the end
    if not pairs:
        return []
    # Built with map() over C functions: this runs on most sentences of an article.
    texts = list(map(_second, pairs))
    lens = list(map(len, texts))
    ends = list(accumulate(map(add, map(len, map(_first, pairs)), lens), initial=start))
    del ends[0]
    starts = list(map(sub, ends, lens))
    chunk = text[start:end]
    lows = list(map(str.lower, texts))
    if "’" in chunk:
        lows = [w.replace("’", "'") for w in lows]
    firsts = list(map(_first, texts))
    caps = list(map(str.isupper, firsts))
    words = list(map(str.isalnum, firsts))
    if "@" in chunk:
        words = [w or c == "@" for w, c in zip(words, firsts)]
    quoted = [False] * len(pairs)
    if '"' in chunk or "“" in chunk or "”" in chunk or "''" in chunk:
        # Tokens inside double quotes (straight quotes toggle; curly quotes open/close).
        inside = False
        opened = 0
        for k in [k for k, c in enumerate(texts) if c in _QUOTE_CHARS]:
            c = texts[k]
            if inside:
                quoted[opened:k] = [True] * (k - opened)
            if c == "“":
                inside = True
            elif c == "”":
                inside = False
            else:
                inside = not inside
            opened = k + 1
        if inside:
            quoted[opened:] = [True] * (len(pairs) - opened)
    return list(zip(texts, lows, starts, ends, caps, words, quoted))


def _possessive_split(tok: _Tok) -> tuple[str, bool]:
    """'Korea's' -> ('Korea', True)."""
    low = tok[_LO]
    if low.endswith("'s") and len(low) > 2:
        return tok[_TX][:-2], True
    return tok[_TX], False


# --------------------------------------------------------------------------
# Raw cues in one sentence
# --------------------------------------------------------------------------

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
                      and words[k + 1][_LO] == "by") and not (t[_LO] == "of" and words[k - 1][_CP] and k + 1 < len(words)
                                                         and words[k + 1][_CP]):
            return words[k - 1]
    return words[-1]


def _np_ok(np: list[_Tok], verb: str, strict: bool) -> bool:
    """Is ``np`` a plausible source for ``verb``?"""
    words = [t for t in np if t[_WD]]
    if not words or len(words) > 12:
        return False
    if len(words) == 1 and words[0][_LO] in _PRONOUNS:
        return words[0][_LO] not in ("him", "her") and not (verb in _EVIDENCE)
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


_QUANTIFIERS = _words("both all many most several other two three four five some")
_POLLED = _words("surveyed polled asked interviewed questioned sampled")
_QUANT_HEADS = _words("percent half majority minority most many some others another both few third quarter plurality "
                      "respondents")


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


_NOT_ADVERBS = _words("rally ally family reply supply apply italy july")
_CLAUSE_WORDS = _BE | _words(
    "has have had will would can could should must may might shall do does did 's when if because "
    "since while after before although whereas"
)


def _clausey(np: list[_Tok]) -> bool:
    """Is ``np`` a clause or a fragment of one rather than a noun phrase ("China has sent troops")?"""
    words = [t for t in np if t[_WD]]
    if not words or len(words) > 10:
        return True
    for k, t in enumerate(words):
        low = t[_LO]
        if t[_CP] or k == 0:
            continue
        if low in _CLAUSE_WORDS or low in _ALL_CUES and low not in _AGENT_HEADS:
            return True
        if low.endswith("ed") and k + 1 < len(words) and words[k + 1][_LO] in _DETERMINERS:
            return True  # "sent the troops"
        if low.endswith("ed") and k + 1 == len(words) and low not in _POLLED and len(words) > 2:
            return True  # "the department no longer existed"
    return False


def _subject(toks: list[_Tok], i: int, verb: str) -> tuple[list[_Tok], str, str, bool] | None:
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
        return _apposed_subject(toks, k) or _inverted(toks, i)
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
            if np and not _clausey(np):
                return np, "", "", False
    if t[_TX] in ("”", '"', "''") and k >= 1 and toks[k - 1][_TX] in (",", "!", "?", "…", "-", "—"):
        return _inverted(toks, i)
    if t[_TX] in (",", "—", "–") or t[_TX] in _QUOTE_CHARS:
        return _inverted(toks, i)
    return None


_ASIDES = _words("however too though meanwhile moreover instead also though therefore nonetheless")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday yesterday today")


def _apposed_subject(toks: list[_Tok], k: int) -> tuple[list[_Tok], str, str, bool] | None:
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
        if not np or _clausey(np):
            return None
        rest = [c for c, _ in chunks[n + 1:]]
        head = _head(np)
        named = _is_name_like(np) or head is not None and (head[_CP] or head[_LO] in _AGENT_HEADS)
        if not all(_is_name_like(c) or _looks_description(c) or _looks_parenthetical(c) or _is_age(c)
                   or _appositive_ok(c) or (named and not _clausey(c)) for c in rest):
            return None
        desc = next((_span_text(c) for c in rest if _looks_description(c) or _appositive_ok(c)), "")
        return np, desc, "", False
    return None


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


def _span_text(toks: list[_Tok]) -> str:
    """The text of a run of tokens, any whitespace between two of them as one space."""
    if not toks:
        return ""
    parts = [toks[0][_TX]]
    for a, b in zip(toks, toks[1:]):
        if b[_ST] > a[_EN]:
            parts.append(" ")
        parts.append(b[_TX])
    return "".join(parts)


_TAKES_OBJECT = _words("tell tells told inform informs informed assure assures assured remind reminds reminded "
                       "warn warns warned")


def _inverted(toks: list[_Tok], i: int) -> tuple[list[_Tok], str, str, bool] | None:
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
        chunk = []
        m = end + 1
        while m < len(toks) and (toks[m][_WD] or toks[m][_TX] not in _HARD_PUNCT) and len(chunk) < 20:
            chunk.append(toks[m])
            m += 1
        if _looks_description(chunk):
            desc = _span_text(chunk)
    return np, desc, "", True


_NOUNLIKE_S = _words(
    "reports claims notes states estimates votes calls demands promises forecasts comments remarks questions "
    "orders appeals rules doubts fears hopes posts signals counters threatens backs"
)
_PLURAL_WORDS = _words("police people staff media military personnel they we i you cattle clergy")


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


# ", saying ..." and the like after a main clause: its subject is the source.
_PARTICIPLES = _words(
    "saying adding demanding urging accusing warning insisting arguing claiming vowing calling denying "
    "promising threatening noting stressing pledging"
)


_SPEECH_PARTICIPLES = _words("saying adding insisting arguing claiming noting stressing warning telling")
_OPENER_SKIP = _PREPOSITIONS | _LEADING_SKIP | _words("here there when while as if although though even unless")


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


_CLAUSE_OPENERS = _words("that to he she they it we i you there this these those whether if how why what")


_NP_OBJECT_RATE = 0.35  # chosen by 5-fold CV on PolNeAR train (0.2-0.7 tried)
# "expressed support for", "offered condolences": an act reported, not a statement.
_ACT_NOUNS = _words(
    "support solidarity condolences sympathy gratitude thanks commitment interest appreciation sorrow regret "
    "frustration anger concern concerns hope hopes optimism"
)


def _rate(word: str) -> float:
    c, n = _LEARNED_WORDS.get(word, (0, 0))
    return c / n if n else 0.0


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


_HEADLINE_CUES = _words("says said tells told slams blasts warns vows urges calls claims denies admits")
_SUBORDINATORS = _words("while although though because if since as whereas unless when after before even")


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


def _antecedent(toks: list[_Tok], r: int) -> tuple[list[_Tok], str, str, bool] | None:
    """The noun phrase a relative pronoun at ``toks[r]`` stands for ("Cruz, who says ..." -> Cruz)."""
    j = r - 1
    if toks[j][_TX] == ",":
        j -= 1
    if j < 0 or not toks[j][_WD] or toks[j][_LO] in _BOUNDARY_WORDS:
        return None
    np = _trim_np(_np_before(toks, j)[0])
    if not np or _clausey(np):
        return None
    return np, "", "", False


def _cues_in_sentence(text: str, s: int, e: int, stop: int | None = None) -> list[_Raw]:
    """Attributions in the sentence ``text[s:e]`` (whose cues all lie before ``stop``)."""
    toks = _tokenise(text, s, e if stop is None else stop)
    n = len(toks)
    found: list[_Raw] = []
    headline = None  # worked out when first needed (few sentences need it)
    for i in list(compress(count(), map(_ALL_CUES.__contains__, map(_second, toks)))):  # cue words' indices
        t = toks[i]
        low = t[_LO]
        if not t[_WD] or t[_QT]:
            continue
        if low == "according" and i + 1 < n and toks[i + 1][_LO] == "to":
            np = _np_after(toks, i + 2)
            if np and (_np_ok(np, "according", strict=False) or np[0][_LO] not in _DEMONSTRATIVES
                       and np[0][_LO] not in _PRONOUNS and not _clausey(np)):
                found.append(_Raw((s, e), "according to", (t[_ST], toks[i + 1][_EN]), np, 0))
            continue
        if low in _PASSIVE_BY and i + 1 < n and toks[i + 1][_LO] == "by" and not t[_CP]:
            np = _np_after(toks, i + 2)
            if np and _np_ok(np, "by", strict=False):
                cue = ("as " if i > 0 and toks[i - 1][_LO] == "as" else "") + low + " by"
                back = bool(_ANAPHORIC_START.match(text, s)) and i < 12 and not (i > 0 and toks[i - 1][_LO] == "as")
                prev = toks[i - 1] if i > 0 else None
                # "an attack claimed by the Taliban" qualifies a noun: the sentence's own verb comes first.
                reduced = prev is not None and prev[_WD] and prev[_LO] not in _BE and prev[_LO] not in (
                    "as", "been", "being", "and", "or", "but", "also", "was", "were") and not prev[_LO].endswith("ly")
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
                if np and not _clausey(np) and (
                        _np_ok(np, "stance", strict=True) or low in _SPEECH_PARTICIPLES and _np_ok(np, "says", False)):
                    found.append(_Raw((s, e), low, (t[_ST], t[_EN]), np, 3))
            continue
        if low in _SPEECH:
            kind = 1
        elif low in _STANCE:
            kind = 2
        elif low in _EVIDENCE:
            kind = 3
        elif low in _LEARNED:
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
            if prev.endswith("'s") or nxt in _ALL_CUES or (i + 1 < n and toks[i + 1][_LO] in _BE):
                continue
        cue = low + (" " + nxt if low in _NEEDS_PARTICLE and nxt in _NEEDS_PARTICLE[low] else "")
        relative = _relative_before(toks, i)
        subj = _antecedent(toks, relative) if relative is not None else _subject(toks, i, low)
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
                if np and np[0][_LO] not in _PREPOSITIONS and _np_ok(np, "says", strict=False) and not _clausey(np):
                    found.append(_Raw((s, e), cue, (t[_ST], t[_EN]), np, 2))
            continue
        np, desc, acronym, inverted = subj
        if not inverted and (low in _BASE_FORMS or low in _NOUNLIKE_S):
            plural = _plural(np)
            if plural is not None and plural != (low in _BASE_FORMS):
                continue  # "report" after a singular subject, "reports" after a plural one
        if low in _LEARNED and not inverted and not _clause_follows(toks, i + 1) and (
                _rate(low) < _NP_OBJECT_RATE or nxt in _ACT_NOUNS or (i + 2 < n and toks[i + 2][_LO] in _ACT_NOUNS)):
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
# --------------------------------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w@]+")
_POSSESSIVE_RE = re.compile(r"['’]s\b|(?<=s)['’](?=\s|$)")


@lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """The matching key of a name: casefolded, without "the", possessive 's, punctuation or extra spaces."""
    text = clean_line(name).casefold()
    text = _POSSESSIVE_RE.sub("", text)
    text = _PUNCT_RE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


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

    def __init__(self, text: str):
        self.text = text
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

    def nearest(self, pos: int, want) -> int | None:
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
        text = self.text
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
        if _clausey(words) or all(t[_LO].strip(".") in _TITLES for t in words) or (
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


_IRREGULAR = _words(
    "met sent made took gave held began became left went came saw got put set ran won lost led fled built "
    "spent paid sold bought brought kept fell rose grew struck hit"
)


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
# --------------------------------------------------------------------------

_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:(?:images?|photos?|photographs?|pictures?|video|illustrations?|graphics?)"
    r"(?:[ \t]+(?:source|sources|credits?|by))?|credits?|source|©)[ \t]*[:©][ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_HANDLE = re.compile(r"@\w{1,50}")


def _credits(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(name, kind, span) of every image credit line."""
    out = []
    for m in _CREDIT_LINE.finditer(text):
        line_end = text.find("\n", m.end())
        if line_end < 0:
            line_end = len(text)
        if line_end - m.end() > 200:
            continue
        body_start = m.end()
        body = text[body_start:line_end]
        stripped = body.lstrip(" ©\t")
        body_start += len(body) - len(stripped)
        body = stripped.rstrip(" .\t")
        if not body:
            continue
        handle = _HANDLE.search(body)
        parts = [p.strip(" ©") for p in re.split(r"[,/|]| via ", body) if p.strip(" ©")]
        platform = next((_PLATFORMS[p.casefold()] for p in parts if p.casefold() in _PLATFORMS), None)
        if handle:
            name = f"{platform}/{handle.group()}" if platform else handle.group()
            kind = "social media account"
        elif platform:
            name, kind = platform, "social media account"
        else:
            name = " / ".join(parts)
            kind = "media outlet" if set(normalise(body).split()) & _MEDIA_WORDS else "other"
        out.append((name, kind, (body_start, body_start + len(body))))
    return out


# --------------------------------------------------------------------------
# The analysis of one text
# --------------------------------------------------------------------------

@dataclass
class _Cue:
    sentence: tuple[int, int]
    mention: tuple[int, int]
    cue: str
    source: int
    priority: int
    back_ref: bool


@dataclass
class _Result:
    sources: list[Source]
    cues: list[_Cue]
    sentences: list[tuple[int, int]]


_cache: dict[str, _Result] = {}
_cache_lock = threading.Lock()


def _analyse(text: str) -> _Result:
    with _cache_lock:
        hit = _cache.get(text)
    if hit is not None:
        return hit
    result = _analyse_uncached(text)
    with _cache_lock:
        if len(_cache) >= 4:
            _cache.pop(next(iter(_cache)))
        _cache[text] = result
    return result


def _cue_window(sentence: str) -> int:
    """How much of ``sentence`` the cue finder needs to read: up to 300 characters past its
    last cue word (enough for any noun phrase after it); -1 when it has no cue word at all."""
    low = sentence.lower()
    cues = _ALL_CUES.intersection(_CUE_PREFILTER.findall(low))
    if not cues:
        return -1
    last = max(low.rfind(c) for c in cues)
    return min(len(sentence), last + 300)


_LEXICON_PATH = Path(__file__).resolve().parent / "data" / "cue_lexicon.json"
# Words that are part of annotated cues but never a cue by themselves ("also said", "publicly called").
_NOT_CUE_WORDS = _words(
    "also just even still now then the a an to of in on for that it its his her their re ve ll s t don didn "
    "doesn isn wasn aren weren won can could would will should might must may has have had is are was were "
    "be been being do does did not no never more most very so too really only well back out up down over "
    "about quick length passion description inclination assertion suggestion concern"
)


def _load_lexicon(path: Path = _LEXICON_PATH) -> dict[str, list[int]]:
    """The learned cue lexicon: word -> [times annotated as a cue, times seen] (PolNeAR train)."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        words = data["words"]
        return {str(w): [int(c), int(n)] for w, (c, n) in words.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _usable_cues(words: dict[str, list[int]]) -> frozenset[str]:
    return frozenset(
        w for w in words
        if w.isalpha() and len(w) > 2 and w not in _NOT_CUE_WORDS and not w.endswith("ly")
    )


def _learned_cues() -> dict[str, list[int]]:
    """The learned lexicon in use (for benchmarks)."""
    return dict(_LEARNED_WORDS)


def _set_learned_cues(words: dict[str, list[int]]) -> None:
    """Use this learned lexicon: the shipped one at import, another in the benchmark's
    cross-validation (which rebuilds it per fold)."""
    global _LEARNED_WORDS, _LEARNED, _ALL_CUES
    _LEARNED_WORDS = dict(words)
    _LEARNED = _usable_cues(_LEARNED_WORDS) - _SPEECH - _STANCE - _EVIDENCE - _PARTICIPLES
    _ALL_CUES = _SPEECH | _STANCE | _EVIDENCE | {"according"} | _PASSIVE_BY | _PARTICIPLES | _LEARNED
    _cache.clear()


_LEARNED_WORDS: dict[str, list[int]] = {}
_LEARNED: frozenset[str] = frozenset()
_ALL_CUES: frozenset[str] = frozenset()
_set_learned_cues(_load_lexicon())

_CUE_PREFILTER = re.compile(r"[a-z]{3,}")


def _analyse_uncached(text: str) -> _Result:
    resolver = _Resolver(text)
    cues: list[_Cue] = []
    sentences = split_sentences(text) if text else []
    credits = _credits(text) if text else []
    credit_lines = {text.rfind("\n", 0, span[0]) + 1 for _, _, span in credits}
    for name, kind, span in credits:
        idx = resolver._get_or_new(name, kind, "image credit", False)
        handle = _HANDLE.search(name)
        if handle and handle.group() != name:
            resolver._alias(idx, handle.group())
        resolver.mention(idx, span)
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
        w = window(text[s:e])
        if w < 0:
            continue
        raws = _cues_in_sentence(text, s, e, s + w)
        resolved: list[int | None] = []
        for raw in raws:
            if raw.same_as >= 0:
                idx = resolved[raw.same_as]
                mention = cues[-1].mention if idx is not None and cues else None
                resolved.append(idx)
                if idx is not None and mention is not None:
                    cues.append(_Cue((s, e), mention, raw.cue, idx, raw.priority, False))
                continue
            idx = resolver.resolve(raw)
            resolved.append(idx)
            if idx is not None:
                words = [t for t in raw.np if t[_WD]]
                span = (words[0][_ST], words[-1][_EN])
                if raw.relative is not None:
                    span = (raw.relative[_ST], raw.relative[_EN])  # "who": the pronoun is the mention
                    resolver.mention(idx, span)
                cues.append(_Cue((s, e), span, raw.cue, idx, raw.priority, raw.back_ref))
    _add_name_mentions(text, resolver)
    for src in resolver.sources:
        src.mentions.sort()
    return _Result(resolver.sources, cues, sentences)


_LABELS = _words(
    "q a update updated note editor editors photo photos video source sources poll watch read related "
    "advertisement correction warning breaking exclusive live analysis opinion tags tag topics share "
    "washington london new york chart graphic map caption credit credits image images background "
    "disclaimer disclosure summary transcript bottom line why what how when where who"
)


def _headline_speaker(text: str, s: int, e: int, colon: int, resolver: "_Resolver") -> _Cue | None:
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
    return _Cue((s, e), span, "colon", idx, 1, False)


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
        by_key.setdefault(n[0] + _WORD_RUN.match(n, 1).group(), []).append(n)
    first_chars = "".join(sorted({n[0] for n in names}))
    candidates = re.compile("[" + re.escape(first_chars) + r"](?<![\w@][\s\S])\w*")
    taken = sorted(span for src in resolver.sources for span in src.mentions)
    import bisect

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


def analyse_sources(text: str) -> list[Source]:
    """The sources in ``text`` (an article's plain text), in order of first appearance.

    Every call returns fresh objects (tags filled by :func:`apply_tags` do not leak).
    """
    if not text:
        return []
    result = _analyse(text)
    out = [replace(s, aliases=list(s.aliases), mentions=list(s.mentions), tags=list(s.tags)) for s in result.sources]
    return sorted(out, key=lambda s: s.mentions[0] if s.mentions else (len(text), len(text)))


# --------------------------------------------------------------------------
# Attribution of claims
# --------------------------------------------------------------------------

def _quote_start(text: str, start: int) -> bool:
    return text[start:start + 1] in ('"', "“")


def attribute(text: str, claims: list[Claim], sources: list[Source]) -> list[Claim]:
    """``claims`` with ``source`` (a source's name) and ``source_span`` (its mention) set.

    The mention is the one in the claim's own sentence when there is one.  Otherwise,
    conservatively: a following "This was confirmed by X" sentence, or, for a quotation
    that goes on from the previous sentence, that sentence's speaker.  Claims with no
    attribution get ``source=None`` (unattributed), whatever they carried before.
    """
    if not claims:
        return []
    result = _analyse(text) if text else _Result([], [], [])
    by_span: dict[tuple[int, int], str] = {}
    for src in sources:
        for span in src.mentions:
            by_span.setdefault(tuple(span), src.name)
    internal = result.sources

    def name_of(cue: _Cue) -> str:
        return by_span.get(cue.mention) or internal[cue.source].name

    cues = result.cues
    starts = [c.sentence[0] for c in cues]
    import bisect

    out: list[Claim] = []
    for claim in claims:
        lo = bisect.bisect_left(starts, claim.start)
        own = []
        k = lo
        while k < len(cues) and cues[k].sentence[0] < claim.end:
            if cues[k].sentence[1] > claim.start:
                own.append(cues[k])
            k += 1
        # Sentences that began before the claim but overlap it (claims are sentences; be safe).
        j = lo - 1
        while j >= 0 and cues[j].sentence[1] > claim.start:
            own.append(cues[j])
            j -= 1
        chosen: _Cue | None = None
        how = ""
        if own:
            chosen = min(own, key=lambda c: (c.priority, c.mention[0]))
            how = chosen.cue
        else:
            # "X happened. This has been confirmed by Y."
            if k < len(cues):
                nxt = cues[k]
                gap = text[claim.end:nxt.sentence[0]]
                if nxt.back_ref and gap.strip() == "" and "\n" not in gap:
                    chosen, how = nxt, nxt.cue + ", next sentence"
            # 'Breitbart News responded:\n\n"If there are people ..."': what follows the colon.
            if chosen is None and lo > 0:
                prev = cues[lo - 1]
                end = prev.sentence[1]
                if text[end - 1:end] == ":" and end <= claim.start and text[end:claim.start].strip() == "":
                    chosen, how = prev, prev.cue + ", after a colon"
            # '"...," she said. "More quotation."'
            if chosen is None and _quote_start(text, claim.start) and lo > 0:
                prev = cues[lo - 1]
                gap = text[prev.sentence[1]:claim.start]
                if gap.strip() == "" and "\n" not in gap and ('"' in text[prev.sentence[0]:prev.sentence[1]]
                                                               or "“" in text[prev.sentence[0]:prev.sentence[1]]):
                    chosen, how = prev, prev.cue + ", quotation continued"
        if chosen is None:
            # Claims are frozen: one that carries no source already is returned as it is.
            out.append(claim if claim.source is None and claim.source_span is None
                       else replace(claim, source=None, source_span=None))
            continue
        name = name_of(chosen)
        # (Built directly: dataclasses.replace looks the fields up anew on every call.)
        out.append(Claim(claim.start, claim.end, claim.text, claim.kind, claim.score, claim.hedges, name,
                         chosen.mention, tuple(claim.reasons) + (f"source: {name} ({how})",)))
    return out


# --------------------------------------------------------------------------
# The registry: moved to newsreader.registry (these names still work from here)
# --------------------------------------------------------------------------

_MOVED_TO_REGISTRY = frozenset({"Entry", "Registry", "RegistryError", "apply_tags", "registry_path"})


def __getattr__(name: str):
    if name in _MOVED_TO_REGISTRY:  # imported on first use: newsreader.registry imports this module
        from newsreader import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
