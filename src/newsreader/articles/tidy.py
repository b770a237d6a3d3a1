"""General rules for scraped article text, shared by every reader.

Scraped articles carry the page around them: a section label glued to the title,
the title printed twice, image captions printed twice with a credit line under
them, "Key points" boxes, "Related content" and "Advertisement" furniture.  The
rules here recognise those shapes in any article; none of them knows a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsreader.articles.model import Block, Image

# Section labels that sites print before the headline ("NewsNorth Korea ...").
SECTIONS = frozenset(
    """news world politics business economy markets money finance tech technology science
    health sport sports opinion analysis culture arts entertainment lifestyle travel climate
    environment education uk us europe asia africa americas australia local national
    international breaking live video features feature investigations comment commentary
    fact-check factcheck explainer media""".split()
)

# A line that introduces a credit for the image above it.
CREDIT = re.compile(
    r"""^\s*(?:
        (?:images?|photos?|pictures?|photograph|photography|illustration|video|graphic)
            (?:\s+(?:source|sources|credit|credits|by))?\s*[:\-–—]
      | (?:source|credit|credits|image\s+courtesy|photo\s+courtesy)\s*:
      | (?:photo|photograph|picture|image)s?\s+by\s
      | ©|\(c\)\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Headings that introduce a box of key points when a list follows them.
KEY_POINTS = re.compile(
    r"""^\s*(?:what\s+(?:do\s+)?(?:you\s+)?(?:need|should\s+you)\s+to\s+know|what\s+we\s+know|
        key\s+(?:points|facts|takeaways|findings)|takeaways|at\s+a\s+glance|in\s+brief|in\s+short|
        the\s+essentials|the\s+big\s+picture|highlights|summary|tl;?dr|quick\s+read|why\s+it\s+matters)
        \s*[?:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Page furniture: a line that is only one of these is dropped ...
FURNITURE = re.compile(
    r"""^\s*(?:advertisement|advert|sponsored(?:\s+content)?|skip\s+advertisement|story\s+continues\s+below(?:\s+advertisement)?|
        share(?:\s+this(?:\s+(?:article|story|page))?)?|share\s+on\s+\w+|tweet|print|email|copy\s+link|
        subscribe(?:\s+now)?|sign\s+up(?:\s+for\s+(?:our|the)\s+newsletter)?|follow\s+us(?:\s+on\s+\w+)?|
        listen\s+to\s+(?:this\s+)?article|close|menu|loading\.*)\s*[:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# ... and one of these ends the article: what follows belongs to the page, not the story.
TRAILER = re.compile(
    r"""^\s*(?:related(?:\s+(?:content|articles?|stories|coverage|topics|reading|links))?|read\s+more|
        more\s+(?:on\s+this\s+story|from\s+\w+(?:\s+\w+)?|stories|like\s+this|news)|recommended(?:\s+for\s+you)?|
        you\s+(?:may|might)\s+also\s+like|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|comments?|
        (?:see\s+)?also\s+(?:read|see)|top\s+stories|latest\s+news|explore\s+more|around\s+the\s+web)
        \s*[:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# (with the full stops of Chinese, Japanese, Arabic and Urdu, Hindi and Armenian text)
_SENTENCE_END = re.compile(r"""[.!;,:…。！；，：؛،۔।։]["'”’)\]」』]*$""")
_WORD = re.compile(r"\w+")


@dataclass
class Tidied:
    title: str = ""
    category: str = ""
    images: list[Image] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def split_section(first: str, second: str | None) -> tuple[str, str]:
    """Split a section label glued to a headline: return ``(category, title)``.

    ``first`` is the first line of the article, ``second`` the next one.  When the
    first line ends with the second ("NewsNorth Korea..." then "North Korea..."),
    the rest is the label.  Without a repeat, a known section word glued to a
    capital ("WorldFrance votes") is split off.
    """
    first = first.strip()
    if second:
        second = second.strip()
        if first != second and second and first.endswith(second):
            prefix = first[: -len(second)].strip(" :|-–—·")
            if prefix and len(prefix) <= 40 and len(prefix.split()) <= 4:
                return prefix, second
    match = re.match(r"^([A-Z][A-Za-z&\-]*(?: [A-Z][a-z&\-]+)?)(?=[A-Z][a-z'’])", first)
    if match and match.group(1).casefold() in SECTIONS:
        return match.group(1), first[match.end() :]
    for separator in (" | ", " - ", " – ", " — ", ": "):
        label, found, rest = first.partition(separator)
        if found and label.casefold() in SECTIONS and rest:
            return label, rest.strip()
    return "", first


def looks_like_heading(line: str) -> bool:
    """A short line without sentence punctuation, or a short question."""
    line = line.strip()
    if not line or len(line) > 100 or "\n" in line:
        return False
    words = _WORD.findall(line)
    if not words or len(words) > 14:
        return False
    if line[0].islower() or line[0] in "\"'“‘(":
        return False
    if line.endswith("?"):
        return len(words) <= 12
    return not _SENTENCE_END.search(line)


def fold(text: str) -> str:
    """Text compared loosely: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def take_headline(blocks: list[Block]) -> tuple[str, str]:
    """Take the headline from a body that has none elsewhere: the first level-1/2 heading
    among the first three blocks, removed with what precedes it.  Returns
    ``(category, title)`` (a glued section label split off), or ``("", "")``."""
    for index, block in enumerate(blocks[:3]):
        if block.kind == "heading" and block.level <= 2:
            following = blocks[index + 1].text if index + 1 < len(blocks) else None
            del blocks[: index + 1]
            return split_section(block.text, following)
    return "", ""


def tidy(blocks: list[Block], *, title: str = "", guess_headings: bool = False) -> Tidied:
    """Apply the scraped-article rules to a reader's raw blocks.

    ``title`` drops a repeat of the headline at the top of the body.
    ``guess_headings`` (plain text) turns short unpunctuated lines into headings.
    """
    result = Tidied(title=title)
    out: list[Block] = []
    for block in blocks:
        text = block.text.strip()
        if block.kind != "list":
            if not text:
                continue
            if TRAILER.match(text) and _after_body(out):
                break
            if FURNITURE.match(text):
                continue
            if block.kind == "paragraph" and CREDIT.match(text) and len(text) <= 300:
                caption = ""
                if out and out[-1].kind in ("paragraph", "heading") and len(out[-1].text) <= 300:
                    caption = out.pop().text
                result.images.append(Image(caption=caption, credit=text))
                continue
        if out and _fold_block(out[-1]) == _fold_block(block):
            continue  # printed twice
        if not out and not result.images and title and block.kind != "list" and fold(text) == fold(title):
            continue  # the headline again
        if guess_headings and block.kind == "paragraph" and looks_like_heading(text):
            block = Block("heading", text, level=2)
        out.append(block)

    # A key-points box: its heading followed by a list, before the body gets going.
    for index, block in enumerate(out[:-1]):
        following = out[index + 1]
        if block.kind in ("heading", "paragraph") and KEY_POINTS.match(block.text) and following.kind == "list":
            if not result.key_points:
                result.key_points = list(following.items)
                del out[index : index + 2]
            break
    # A heading with nothing after it is furniture, not structure.
    while out and out[-1].kind == "heading":
        out.pop()
    result.blocks = out
    return result


def _fold_block(block: Block) -> str:
    return fold(block.text if block.kind != "list" else "\n".join(block.items))


def _after_body(blocks: list[Block]) -> bool:
    """True once some real body text has been seen (a trailer line at the top is kept)."""
    return any(block.kind in ("paragraph", "list", "quote") for block in blocks)
