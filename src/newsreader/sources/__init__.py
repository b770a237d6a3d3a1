"""Who says what: sources and attributions in an article's plain text.

Pure Python, no UI imports.  Two parts:

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

Everything runs in time linear in the text: sentences are tokenised once, every
look-back or look-ahead is bounded (the pronoun fallback reads each stretch of
text once), look-ups are dictionary hits, and the regular expressions have no
nested unbounded quantifiers.  No module state: the cue lexicon and a small
result cache (under its lock) belong to an :class:`Analyzer`; the functions here
use :func:`default_analyzer` (the shipped lexicon) unless given another.

Modules: ``model`` (Source, kinds, tags, normalise), ``lexicon`` (word lists, the
learned cue lexicon), ``tokens`` (the tokenizer), ``phrases`` (noun phrases),
``cues`` (raw cues in a sentence), ``resolver`` (noun phrases to sources),
``credits`` (image credits), ``analyser`` (one text's analysis and its cache),
``attribution`` (claims to sources).  The user's registry of sources is
``newsreader.registry``.

Quality on PolNeAR (benchmarks/bench_attribution.py): see the report there; the
hand-annotated passages of benchmarks/bench_sources.py are a smoke test.
"""

from __future__ import annotations

from newsreader.sources.analyser import Analyzer, analyse_sources, default_analyzer
from newsreader.sources.attribution import attribute
from newsreader.sources.lexicon import LEXICON_PATH, CueLexicon
from newsreader.sources.model import KINDS, PRESET_TAGS, Source, normalise

__all__ = [
    "KINDS",
    "LEXICON_PATH",
    "PRESET_TAGS",
    "Analyzer",
    "CueLexicon",
    "Source",
    "analyse_sources",
    "attribute",
    "default_analyzer",
    "normalise",
]
