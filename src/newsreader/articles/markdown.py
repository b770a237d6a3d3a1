"""Markdown articles (.md), with optional YAML front matter."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsreader.articles.dates import normalise_date
from newsreader.articles.model import Article, Block, Image
from newsreader.articles.tidy import shift_images, take_headline, tidy
from newsreader.language import normalise_code
from newsreader.sanitize import clean_line, clean_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELDS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "by"),
    "published": ("date", "published", "published_at", "pubdate", "datetime"),
    "publication": ("source", "publication", "site", "site_name", "publisher"),
    "url": ("url", "link", "canonical", "source_url"),
    "category": ("category", "section", "categories"),
    "language": ("language", "lang", "inLanguage"),
}


class FrontMatterError(ValueError):
    pass


def split_front_matter(text: str) -> tuple[dict[str, object], str, list[str]]:
    """Return ``(fields, body, warnings)``; a broken block is reported, not fatal."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    body = text[match.end() :]
    from newsreader.safeyaml import YAMLBoundsError, check_yaml_bounds

    try:
        # Front matter is a handful of fields: bounded hard before anything is built.
        check_yaml_bounds(match.group(1), max_events=10_000, max_depth=8)
        data = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except YAMLBoundsError as error:
        where = f" at line {error.line + 1}" if error.line else ""
        return {}, body, [f"front matter refused{where}: {error}; ignored"]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return {}, body, [f"front matter is not valid YAML{where}; ignored"]
    if not isinstance(data, dict):
        return {}, body, ["front matter is not a mapping; ignored"]
    return data, body, []


def _scalar(value: object) -> object:
    """A front-matter value as text: strings, numbers and dates only (never a printed structure)."""
    import datetime

    if isinstance(value, bool):
        return ""
    if isinstance(value, (str, int, float, datetime.date)):
        return value
    if isinstance(value, dict):
        return _scalar(value.get("name", ""))
    return ""


def _field(data: Mapping[str, object], name: str) -> object:
    for key in _FIELDS[name]:
        if key in data and data[key] is not None:
            value = data[key]
            if isinstance(value, list):  # authors: [a, b]; only the plain strings among them
                value = ", ".join(str(found) for item in value[:50] if (found := _scalar(item)) != "")
            else:
                value = _scalar(value)
            return value
    return ""


@functools.cache
def _markdown_parser() -> MarkdownIt:
    # One parser for every document (building one costs a quarter of a millisecond).
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def read_markdown(path: str, raw: str, *, fmt: str = "md", meta: Mapping[str, object] | None = None) -> Article:
    text = clean_text(raw)
    front, body, warnings = split_front_matter(text)
    if meta:
        front = {**meta, **{key: value for key, value in front.items() if value}}
    blocks, images = parse_blocks(body)

    title = clean_line(str(_field(front, "title") or ""))
    category = clean_line(str(_field(front, "category") or ""))
    if not title:
        count = len(blocks)
        found_category, title = take_headline(blocks)
        category = category or found_category
        images = shift_images(images, count - len(blocks))
    if not blocks and not images and not title:
        return Article(path=path, format=fmt, error="no article text found", warnings=warnings)
    tidied = tidy(blocks, title=title, images=images)
    return Article(
        path=path,
        format=fmt,
        title=title,
        category=category,
        author=clean_line(str(_field(front, "author") or "")),
        published=normalise_date(_field(front, "published")),
        publication=clean_line(str(_field(front, "publication") or "")),
        url=clean_line(str(_field(front, "url") or "")),
        images=tidied.images,
        key_points=tidied.key_points,
        key_points_heading=tidied.key_points_heading,
        key_points_at=tidied.key_points_at,
        blocks=tidied.blocks,
        warnings=warnings,
        language=normalise_code(_field(front, "language")),
    )


def parse_blocks(markdown: str) -> tuple[list[Block], list[Image]]:
    """Markdown text -> body blocks and stand-alone images (alt text as caption)."""
    tokens = _markdown_parser().parse(markdown)
    blocks: list[Block] = []
    images: list[Image] = []
    list_stack: list[tuple[bool, list[str]]] = []
    quote_depth = 0
    quote_lines: list[str] = []
    heading_level = 0
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_stack.append((kind == "ordered_list_open", []))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered, items = list_stack.pop()
            if list_stack:
                # A nested list: fold its items into the parent item.
                if list_stack[-1][1]:
                    list_stack[-1][1][-1] += " — " + "; ".join(items)
                else:
                    list_stack[-1][1].extend(items)
            elif items:
                if quote_depth:
                    quote_lines.extend(items)
                else:
                    blocks.append(Block("list", items=tuple(items), ordered=ordered))
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
            if not quote_depth and quote_lines:
                blocks.append(Block("quote", "\n".join(quote_lines)))
                quote_lines = []
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "inline":
            text, picture = _inline_text(token)
            if picture is not None and not text:
                images.append(replace(picture, at=len(blocks)))
                continue
            if not text:
                continue
            if list_stack:
                list_stack[-1][1].append(text)
            elif quote_depth:
                quote_lines.append(text)
            elif heading_level:
                blocks.append(Block("heading", text, level=heading_level))
            else:
                blocks.append(Block("paragraph", text))
        elif kind in ("fence", "code_block"):
            code = clean_text(token.content).strip("\n")
            if code:
                blocks.append(Block("quote", code))
    return blocks, images


def _inline_text(token: Token) -> tuple[str, Image | None]:
    parts: list[str] = []
    picture: Image | None = None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            alt = "".join(grand.content for grand in child.children or []) or child.content
            picture = Image(caption=clean_line(alt), url=str(child.attrs.get("src", "")))
    return clean_line("".join(parts)), picture
