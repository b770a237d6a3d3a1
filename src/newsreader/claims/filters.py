"""What is not a claim: headings, captions and credits, bylines, calls to action, page furniture,
fragments, questions and greetings."""

from __future__ import annotations

import re

from newsreader.claims.split import _LETTER, _SENTENCE_END, _WORDS

_CAPTION = re.compile(
    r"(?:images?|photos?|photograph|picture|pictures|video|credit|credits|source|sources|"
    r"illustration|graphic|map|image source|images source|photo credit)\s*(?:source)?\s*[:©]"
    r"|@\w|(?:getty|reuters|ap photo|afp)\b",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:related (?:content|articles?|stories|news|coverage)|read more|read next|see also|share this|"
    r"share|share on \w+|advertisement|sponsored|subscribe|sign up|newsletter|most read|"
    r"more from|recommended|follow us|comments?|skip to content|click here|watch|listen)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:thank you|thanks|good (?:morning|evening|afternoon|night)|hello|hi|welcome|"
    r"congratulations|okay|ok|yes|no|well)\b[\s\W]*$",
    re.IGNORECASE,
)


def _is_heading_like(sentence: str, bulleted: bool) -> bool:
    """A line without sentence punctuation: heading, caption or label unless long/bulleted."""
    if _SENTENCE_END.search(sentence[-12:]):
        return False
    n = len(_WORDS.findall(sentence[:400]))
    if bulleted:
        return n < 4
    return n < 15


# Bylines and credits: "By Jane Doe", "Keith Bradsher contributed reporting from Hong Kong.",
# "Reporting by X; Editing by Y", "Follow X on Twitter".
_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by|reporting by|additional reporting by|edited by|editing by|"
    r"compiled by|produced by|interview by|photos? by|video by|graphics? by|illustrations? by)\s+\S",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing)\s+(?:reporting|research|to\s+(?:this|the)\s+(?:report|story|article))\b"
    r"|\b(?:reporting|research|writing|editing)\s+by\b[^.]{0,80}(?:;|\bediting\s+by\b)"
    r"|^(?:follow|contact|email|e-mail|reach)\s+(?:him|her|them|the\s+(?:author|writer|reporter)|@?[A-Z][\w.]*"
    r"(?:\s+[A-Z][\w.]*){0,3})\s+(?:on|at|via)\s+(?:twitter|x|facebook|instagram|threads|bluesky|@|\S+@)"
    r"|^this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|amended|corrected|originally\s+published)\b",
    re.IGNORECASE,
)
# Calls to action addressed to the reader.
_CALL_TO_ACTION = re.compile(
    r"^(?:sign\s+up|subscribe|click|tap|follow\s+us|follow\s+@|like\s+us|share\s+(?:this|on|your)|"
    r"read\s+(?:more|the\s+full|our|next)|watch\s+(?:the|our|live|now|more)|listen\s+(?:to\s+(?:the|our)|now|live)|"
    r"download\s+(?:the|our)|get\s+(?:the|our)\s+\w+\s+(?:app|newsletter)|join\s+(?:us|the\s+conversation|our)|"
    r"don['’]t\s+miss|do\s+not\s+miss|let\s+us\s+know|tell\s+us|send\s+us|email\s+us|contact\s+us|"
    r"visit\s+(?:our|the\s+\w+\s+(?:website|page))|scroll\s+(?:down|up)|see\s+more|find\s+out\s+more|"
    r"learn\s+more|support\s+(?:our|independent)|donate|check\s+(?:it|them|this)\s+out|"
    r"\(?see\s+(?:below|above|here|more|also|the\s+(?:video|graphic|chart|map|full|list)))\b",
    re.IGNORECASE,
)
# Page furniture: "SEE MORE:", "DON'T MISS", "[INSIGHT]", "VIDEO]", "More:", "Media caption ...".
_LABEL = re.compile(
    r"^(?:see more|read more|more|also read|read|related|related articles?|watch|video|videos|pictures?|photos?|"
    r"gallery|pictured|listen|don['’]t miss|insight|reveal|live|updates?|breaking|breaking news|exclusive|poll|"
    r"quiz|sponsored|advertisement|more on this|more on this story|top stories|trending|latest|opinion)\s*[:|»›>]",
    re.IGNORECASE,
)
_BRACKET_TAG = re.compile(r"\[[A-Z][A-Z ]{2,20}\]|\b[A-Z]{3,}\]|\[[A-Z]{3,}\b")
_MEDIA_PREFIX = re.compile(r"^(?:media|image|video|photo|audio)\s+(?:caption|copyright|credit|source)\b", re.IGNORECASE)
_FRAGMENT_START = re.compile(r"^(?:--|—|–|-|…|\.\.\.|[,;:)\]])|^[\"'“‘(]?[a-z]")


_CREDIT_WORDS = ("contribut", "reporting by", "research by", "writing by", "editing by")
_CREDIT_STARTS = ("follow", "contact", "email", "e-mail", "reach", "this article", "this story")
# Whether any of _CREDIT_WORDS occurs (an alternation of plain words: the engine skips to their
# first letters in C).
_CREDIT_WORD = re.compile("|".join(map(re.escape, _CREDIT_WORDS)))


def _may_be_credit(s: str) -> bool:
    """A cheap look for the words ``_CONTRIBUTED`` needs (its search is the costly part)."""
    low = s.lower()
    # (Every credit word but the first ends in " by": most sentences are ruled out without a regex.)
    return low.startswith(_CREDIT_STARTS) or "contribut" in low or (
        " by" in low and _CREDIT_WORD.search(low) is not None)


def _shouting(s: str) -> bool:
    """A short line in capitals ("DON'T MISS", "BREAKING NEWS"): a label, not a sentence."""
    if len(s) > 80 or not s.isupper():  # (isupper: every cased letter is a capital; C speed)
        return False
    return len(s.split()) <= 6 and sum(c.isalpha() for c in s) >= 3


def _skip_reason(sentence: str, bulleted: bool) -> str | None:
    s = sentence.strip()
    if not _LETTER.search(s[:500]):
        return "no words"
    if _CAPTION.match(s) or "©" in s[:300] or _MEDIA_PREFIX.match(s):
        return "caption"
    if len(s) < 60 and _FURNITURE.match(s):
        return "furniture"
    if _LABEL.match(s) or ("]" in s or "[" in s) and _BRACKET_TAG.search(s[:400]) or _shouting(s):
        return "furniture"
    if len(s) < 160 and (_BYLINE.match(s) or _may_be_credit(s) and _CONTRIBUTED.search(s)):
        return "byline"
    if len(s) < 200 and _CALL_TO_ACTION.match(s.lstrip("\"'“‘(*•-–— ")):
        return "call to action"
    if _FRAGMENT_START.match(s) and len(_WORDS.findall(s[:200])) < 8:
        return "fragment"
    if s.endswith(("?", "?\"", "?”", "？", "؟")):
        return "question"
    if _GREETING.match(s[:200]):
        return "greeting"
    if _is_heading_like(s, bulleted):
        return "heading"
    if len(s) < 12 and len(_WORDS.findall(s)) < 3:
        return "fragment"
    return None
