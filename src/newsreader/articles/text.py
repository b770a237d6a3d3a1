"""Plain-text articles (.txt), as people save them from web pages."""

from __future__ import annotations

import re

from newsreader.articles.dates import find_date, normalise_date
from newsreader.articles.model import Article, Block
from newsreader.articles.tidy import CREDIT, split_section, tidy
from newsreader.sanitize import clean_line, clean_text

BULLET = re.compile(r"^\s*(?:[•·▪‣◦●○■□➢➤►*\-–—]|(\d{1,3})[.)])\s+(\S.*)$")
QUOTE_LINE = re.compile(r"^\s*>\s?(.*)$")
BYLINE = re.compile(
    r"^\s*(?:(?:written|words|analysis|opinion|commentary|reporting)\s+)?by\s+([^\d].{1,80})$", re.IGNORECASE
)
_TERMINAL = re.compile(r"""[.!?…。！？؟۔।]["'”’)\]」』]*$""")


def read_text(path: str, raw: str) -> Article:
    lines = [line.rstrip() for line in clean_text(raw).split("\n")]
    nonblank = [index for index, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return Article(path=path, format="txt", error="no text in file")

    # Headline: the first line, with a glued section label split off and its repeat dropped.
    first = clean_line(lines[nonblank[0]])
    second = clean_line(lines[nonblank[1]]) if len(nonblank) > 1 else None
    category, title = split_section(first, second)
    consumed = 1
    if second is not None and second == title:
        consumed = 2
    body_lines = lines[nonblank[consumed - 1] + 1 :] if len(nonblank) >= consumed else []

    author, published, body_lines = _take_meta(body_lines)
    tidied = tidy(_blocks(body_lines), title=title, guess_headings=True)
    return Article(
        path=path,
        format="txt",
        title=title,
        category=category,
        author=author,
        published=published,
        images=tidied.images,
        key_points=tidied.key_points,
        key_points_heading=tidied.key_points_heading,
        key_points_at=tidied.key_points_at,
        blocks=tidied.blocks,
    )


def _take_meta(lines: list[str]) -> tuple[str, str, list[str]]:
    """A byline and a date in the first few lines under the headline."""
    author = published = ""
    index = 0
    seen = 0
    while index < len(lines) and seen < 4:
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        seen += 1
        byline = BYLINE.match(line)
        if byline and not author and not _TERMINAL.search(line):
            author = clean_line(byline.group(1))
            lines[index - 1] = ""
            continue
        if not published and len(line) <= 60:
            date = find_date(line)
            if date:
                published = normalise_date(date)
                lines[index - 1] = ""
                continue
        break
    return author, published, lines


def _blocks(lines: list[str]) -> list[Block]:
    """Cut lines into raw blocks: paragraphs, lists, quotes (headings are guessed later)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    ordered = False
    quote: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Block("paragraph", clean_line(" ".join(paragraph))))
            paragraph.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Block("list", items=tuple(items), ordered=ordered))
            items.clear()

    def flush_quote() -> None:
        if quote:
            blocks.append(Block("quote", "\n".join(quote)))
            quote.clear()

    previous = ""
    pending_blank = False
    for raw in lines:
        line = clean_line(raw)
        if not line:
            flush_paragraph()
            flush_quote()
            pending_blank = True
            continue
        bullet = BULLET.match(line)
        quoted = QUOTE_LINE.match(line)
        if bullet:
            flush_paragraph()
            flush_quote()
            is_ordered = bullet.group(1) is not None
            if items and is_ordered != ordered:
                flush_items()
            ordered = is_ordered
            items.append(clean_line(bullet.group(2)))
        elif quoted:
            flush_paragraph()
            flush_items()
            quote.append(clean_line(quoted.group(1)))
        else:
            if items and not pending_blank and not raw[:1].isspace():
                # An unindented line straight after a bullet ends the list.
                flush_items()
            elif items and pending_blank:
                flush_items()
            elif items:
                # An indented continuation of the last item.
                items[-1] = items[-1] + " " + line
                previous = line
                pending_blank = False
                continue
            flush_quote()
            if paragraph and not _continues(previous, line, paragraph):
                flush_paragraph()
            paragraph.append(line)
        previous = line
        pending_blank = False
    flush_paragraph()
    flush_items()
    flush_quote()
    return blocks


def _continues(previous: str, line: str, paragraph: list[str]) -> bool:
    """Is ``line`` the same paragraph as ``previous`` (hard-wrapped text)?"""
    if previous == line:
        return False  # a line printed twice: keep both so tidy() collapses them
    if CREDIT.match(line) or CREDIT.match(previous):
        return False
    if not _TERMINAL.search(previous):
        # Mid-sentence: wrapped, unless the previous line is a short caption-like line.
        return len(previous) >= 40 or line[:1].islower()
    # The previous line ends a sentence: continue only if this looks hard-wrapped at a column.
    return 55 <= len(previous) <= 100 and len(paragraph[0]) >= 55 and len(paragraph[0]) <= 100
