"""General rules for scraped article text, shared by every reader.

Scraped articles carry the page around them: a section label glued to the title,
the title printed twice, image captions printed twice with a credit line under
them, "Key points" boxes, "Related content" and "Advertisement" furniture.  The
rules here recognise those shapes in any article; none of them knows a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

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
        listen\s+to\s+(?:this\s+)?article|close|menu|loading\.*|please\s+wait\.*|
        (?:next|previous|prev)\s+(?:article|story|post|page)|
        [\w.-]+\.(?:jpe?g|png|gif|webp|svg|avif))\s*[:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# ... and one of these ends the article: what follows belongs to the page, not the story.
TRAILER = re.compile(
    r"""^\s*(?:related(?:\s+(?:content|articles?|stories|coverage|topics|reading|links))?|read\s+more|
        more\s+(?:on\s+this\s+story|from\s+\w+(?:\s+\w+)?|stories|like\s+this|news)|recommended(?:\s+for\s+you)?|
        you\s+(?:may|might)\s+also\s+like|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|comments?|
        (?:see\s+)?also\s+(?:read|see)|top\s+stories|latest\s+news|explore\s+more|around\s+the\s+web|
        (?:other|more)\s+(?:[\w’'-]+\s+){0,2}(?:columns|stories|articles|posts|videos|opinions?|reviews|galleries)|
        what\s+to\s+read\s+next|read\s+next|up\s+next|editor['’]?s\s+picks|in\s+case\s+you\s+missed\s+it|
        popular\s+(?:now|stories|articles|on\s+\w+))
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
    key_points_heading: str = ""
    key_points_at: int = 0
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


def shift_images(images: list[Image], removed: int) -> list[Image]:
    """Images placed among blocks after ``removed`` blocks were taken off the top."""
    if not removed:
        return images
    return [replace(image, at=max(0, image.at - removed)) for image in images]


def tidy(
    blocks: list[Block], *, title: str = "", guess_headings: bool = False, images: list[Image] | None = None
) -> Tidied:
    """Apply the scraped-article rules to a reader's raw blocks.

    ``title`` drops a repeat of the headline at the top of the body.
    ``guess_headings`` (plain text) turns short unpunctuated lines into headings.
    ``images`` stand before raw block ``image.at``; they come back (with the images
    made from caption and credit lines) placed among the tidied blocks, in page order.
    Nothing is moved: what the page printed keeps its order and its words.
    """
    result = Tidied(title=title)
    out: list[Block] = []
    waiting = sorted(images or [], key=lambda image: image.at)
    placed: list[Image] = []
    credited = ended = False
    skip_to = 0
    for position, block in enumerate(blocks):
        while waiting and waiting[0].at <= position:
            placed.append(replace(waiting.pop(0), at=len(out)))
        if position < skip_to:
            continue
        text = block.text.strip()
        if block.kind != "list":
            if not text:
                continue
            if TRAILER.match(text) and _after_body(out):
                following = blocks[position + 1] if position + 1 < len(blocks) else None
                if following is not None and following.kind == "list" and _prose(blocks[position + 2 :]):
                    skip_to = position + 2  # a box of links set in the story, which goes on after it
                    continue
                ended = True
                break
            if FURNITURE.match(text) or _is_promo(text):
                continue
            if block.kind == "paragraph":
                text = _DATELINE.sub(r"\1 ", CAPTION_LABEL.sub("", text), count=1)
            if not text:
                continue
            if block.kind == "paragraph" and CREDIT.match(text) and len(text) <= 300:
                if _is_source_line(text, blocks, position):
                    out.append(Block("paragraph", text))
                    continue
                caption = ""
                if out and out[-1].kind in ("paragraph", "heading") and len(out[-1].text) <= 300:
                    caption = out.pop().text
                    placed = [replace(image, at=len(out)) if image.at > len(out) else image for image in placed]
                placed.append(Image(caption=caption, credit=TRAILING_LABEL.sub("", text), at=len(out)))
                credited = True
                continue
            if text != block.text:
                block = replace(block, text=text)
        else:
            items = tuple(item for item in block.items if not _is_promo(item))
            if not items or (not out and _is_meta_list(items)):
                continue
            if items != block.items:
                block = replace(block, items=items)
        if out and _fold_block(out[-1]) == _fold_block(block):
            continue  # printed twice
        if not out and not credited and title and block.kind != "list" and fold(text) == fold(title):
            continue  # the headline again
        if guess_headings and block.kind == "paragraph" and looks_like_heading(text):
            block = Block("heading", text, level=2)
        out.append(block)
    if not ended:  # images after a trailer belong to the related stories
        placed.extend(replace(image, at=len(out)) for image in waiting)

    # A key-points box: its heading followed by a list, before the body gets going.
    # It stays where it was printed, under its own heading.
    for index, block in enumerate(out[:-1]):
        following = out[index + 1]
        if block.kind in ("heading", "paragraph") and KEY_POINTS.match(block.text) and following.kind == "list":
            if not result.key_points:
                result.key_points = list(following.items)
                result.key_points_heading = block.text
                result.key_points_at = index
                del out[index : index + 2]
                placed = [replace(image, at=image.at - min(2, image.at - index)) if image.at > index else image
                          for image in placed]
            break
    # A heading with nothing after it is furniture, not structure.
    while out and out[-1].kind == "heading":
        out.pop()
    result.key_points_at = min(result.key_points_at, len(out))
    result.images = [replace(image, at=min(image.at, len(out))) for image in placed]
    result.blocks = out
    return result


# A screen reader's label left in front of a caption ("Media caption", "Image caption").
CAPTION_LABEL = re.compile(r"^(?:media|image|video|photo|picture)\s+caption\s*[:,.\-–—]?\s*", re.IGNORECASE)

# A credit's label printed again after it ("Credit: AP Credit:").
TRAILING_LABEL = re.compile(r"\s+(?:credit|photo|image|picture)s?\s*:\s*$", re.IGNORECASE)

# A dateline run into the first word: "(CNN)President" (the page set them apart with a style).
_DATELINE = re.compile(
    r"^([^\W\d_][^()\n]{0,40}?\s?\([^\W\d_][\w .&/-]{0,30}\)|\([^\W\d_][\w .&/-]{0,30}\))(?=[^\W\d_])"
)

# Labels of links to other stories set in the body: "SEE MORE:", "More:", "DON'T MISS", "READ MORE:".
_PROMO_LABEL = re.compile(
    r"""^\s*(?:(?:see|read|watch|click\s+for|find\s+out)\s+(?:more|also|next)|more|related|also\s+read|
        don['’]?t\s+miss|must\s+read|recommended|trending|in\s+pictures|pictures|watch|listen|
        topics|tags|filed\s+under|categories|keywords)
        (?:\s*[:|»>]|(?=\s*$))""",
    re.IGNORECASE | re.VERBOSE,
)
# A bracketed all-capitals tag after a promoted link: "[INSIGHT]", "[VIDEO]", "[POLL]" (or its halves).
_PROMO_TAG = re.compile(r"\[[A-Z][A-Z' ]{1,20}\]|(?<![\w\]])\[[A-Z]{3,}\b|\b[A-Z]{3,}\](?!\w)")
_PROMO_REST = re.compile(r"[\W_]+")
_PROMO_TAG_LAST = re.compile(r"(?:\[[A-Z][A-Z' ]{1,20}\]|\b[A-Z]{3,}\])[\s|.»]*$")


def _is_promo(text: str) -> bool:
    """A line that promotes other stories: a link label with only a few headlines after it,
    a bracketed tag ("Title [INSIGHT]"), or what is left of tags ("[INSIGHT]|", "VIDEO]")."""
    label = _PROMO_LABEL.match(text)
    if label and len(_WORD.findall(text)) <= 40 and (label.group().isupper() or not text[label.end() :].strip()
                                                    or ":" in label.group()):
        return True
    tags = _PROMO_TAG.findall(text)
    if not tags:
        return False
    rest = _PROMO_TAG.sub(" ", text)
    if not _PROMO_REST.sub("", rest):
        return True
    # a headline and its tag; a sentence with a note after it ("... on Friday. [UPDATE]") is the story's
    return len(text) <= 300 and bool(_PROMO_TAG_LAST.search(text)) and not re.search(r"[.!?…]\W*$", rest.rstrip(" |»"))


def _is_source_line(text: str, blocks: list[Block], position: int) -> bool:
    """A "Source: ..." line closing the article names its sources; it is no image credit
    (and the last paragraph above it is no caption)."""
    if not re.match(r"^\s*(?:sources?|credits?)\s*:", text, re.IGNORECASE):
        return False
    for block in blocks[position + 1 :]:
        rest = block.text.strip() if block.kind != "list" else "x"
        if rest and TRAILER.match(rest):
            return True
        if rest and not FURNITURE.match(rest):
            return False
    return True


# A page's date, section and comment count set as a list above the story ("24 July 2015",
# "US & Canada", "941"): a few short items, one of them a date and one a bare number.
_META_DATE = re.compile(
    r"^\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}$"
    r"|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2},? \d{4}$"
)
_META_COUNT = re.compile(r"^\d[\d,.]*$")


def _is_meta_list(items: tuple[str, ...]) -> bool:
    """A list before the story that is only its date, section and a count, not its text."""
    texts = [item.strip() for item in items]
    return (
        2 <= len(texts) <= 5
        and all(len(text.split()) <= 4 and not _SENTENCE_END.search(text) for text in texts)
        and any(_META_DATE.match(text) for text in texts)
        and any(_META_COUNT.match(text) for text in texts)
    )


def _prose(blocks: list[Block]) -> bool:
    """Do these blocks go on with the story: two paragraphs of a sentence or more?"""
    long = 0
    for block in blocks:
        if block.kind == "paragraph" and len(block.text) >= 80 and _SENTENCE_END.search(block.text):
            long += 1
            if long >= 2:
                return True
    return False


def _fold_block(block: Block) -> str:
    return fold(block.text if block.kind != "list" else "\n".join(block.items))


def _after_body(blocks: list[Block]) -> bool:
    """True once some real body text has been seen (a trailer line at the top is kept)."""
    return any(block.kind in ("paragraph", "list", "quote") for block in blocks)
