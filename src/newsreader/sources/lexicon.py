"""Word lists the attribution rules read, and the learned cue lexicon (:class:`CueLexicon`).

The hand-written lists are constants; the learned lexicon (``data/cue_lexicon.json``: for each
word, how often it is annotated as a cue in PolNeAR train and how often it appears; rebuilt by
``benchmarks/bench_attribution.py --build-lexicon``) is an object passed to whoever needs it."""

from __future__ import annotations

import json
import re
from pathlib import Path


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
    "always usually generally ever just even long has have had also previously later earlier "
    "repeatedly publicly recently again already reportedly "
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


_QUANTIFIERS = _words("both all many most several other two three four five some")
_POLLED = _words("surveyed polled asked interviewed questioned sampled")
_QUANT_HEADS = _words("percent half majority minority most many some others another both few third quarter plurality "
                      "respondents")



_NOT_ADVERBS = _words("rally ally family reply supply apply italy july")
_CLAUSE_WORDS = _BE | _words(
    "has have had will would can could should must may might shall do does did 's when if because "
    "since while after before although whereas"
)


_ASIDES = _words("however too though meanwhile moreover instead also though therefore nonetheless")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday yesterday today")


_TAKES_OBJECT = _words("tell tells told inform informs informed assure assures assured remind reminds reminded "
                       "warn warns warned")


_NOUNLIKE_S = _words(
    "reports claims notes states estimates votes calls demands promises forecasts comments remarks questions "
    "orders appeals rules doubts fears hopes posts signals counters threatens backs"
)
_PLURAL_WORDS = _words("police people staff media military personnel they we i you cattle clergy")


# ", saying ..." and the like after a main clause: its subject is the source.
_PARTICIPLES = _words(
    "saying adding demanding urging accusing warning insisting arguing claiming vowing calling denying "
    "promising threatening noting stressing pledging"
)


_SPEECH_PARTICIPLES = _words("saying adding insisting arguing claiming noting stressing warning telling")
_OPENER_SKIP = _PREPOSITIONS | _LEADING_SKIP | _words("here there when while as if although though even unless")


_CLAUSE_OPENERS = _words("that to he she they it we i you there this these those whether if how why what")


_NP_OBJECT_RATE = 0.35  # chosen by 5-fold CV on PolNeAR train (0.2-0.7 tried)
# "expressed support for", "offered condolences": an act reported, not a statement.
_ACT_NOUNS = _words(
    "support solidarity condolences sympathy gratitude thanks commitment interest appreciation sorrow regret "
    "frustration anger concern concerns hope hopes optimism"
)


_HEADLINE_CUES = _words("says said tells told slams blasts warns vows urges calls claims denies admits")
_SUBORDINATORS = _words("while although though because if since as whereas unless when after before even")


_IRREGULAR = _words(
    "met sent made took gave held began became left went came saw got put set ran won lost led fled built "
    "spent paid sold bought brought kept fell rose grew struck hit"
)


# --------------------------------------------------------------------------
# The learned cue lexicon
# --------------------------------------------------------------------------

LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "cue_lexicon.json"
# Words that are part of annotated cues but never a cue by themselves ("also said", "publicly called").
_NOT_CUE_WORDS = _words(
    "also just even still now then the a an to of in on for that it its his her their re ve ll s t don didn "
    "doesn isn wasn aren weren won can could would will should might must may has have had is are was were "
    "be been being do does did not no never more most very so too really only well back out up down over "
    "about quick length passion description inclination assertion suggestion concern"
)


def load_words(path: Path = LEXICON_PATH) -> dict[str, list[int]]:
    """The learned cue lexicon: word -> [times annotated as a cue, times seen] (PolNeAR train)."""
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


class CueLexicon:
    """The cue words in use: the hand-written lists plus a learned lexicon.

    ``words`` maps a learned word to [times annotated as a cue, times seen]; ``learned`` are
    the usable learned words that no hand-written list has, ``all_cues`` every cue word.
    The shipped lexicon is :meth:`load`'s; the benchmark's cross-validation builds one per fold.
    """

    __slots__ = ("all_cues", "learned", "words")

    def __init__(self, words: dict[str, list[int]]) -> None:
        self.words: dict[str, list[int]] = {w: list(cn) for w, cn in words.items()}
        self.learned: frozenset[str] = _usable_cues(self.words) - _SPEECH - _STANCE - _EVIDENCE - _PARTICIPLES
        self.all_cues: frozenset[str] = (
            _SPEECH | _STANCE | _EVIDENCE | {"according"} | _PASSIVE_BY | _PARTICIPLES | self.learned
        )

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> CueLexicon:
        """The lexicon in ``path`` (the shipped one by default; none when it cannot be read)."""
        return cls(load_words(path))

    def rate(self, word: str) -> float:
        """How often ``word`` is annotated as a cue when it appears (0 when unknown)."""
        c, n = self.words.get(word, (0, 0))
        return c / n if n else 0.0
