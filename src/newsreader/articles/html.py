"""HTML articles (.html, .htm).

Basic conversion: markdownify the page body, then read it as Markdown.  The
main-text extraction issue replaces this with a content extractor.
"""

from __future__ import annotations

import re

from newsreader.articles.model import Article

_DROP = re.compile(r"<(script|style|noscript|iframe|template|svg|nav|footer|header|form)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def read_html(path: str, raw: str) -> Article:
    from html import unescape

    from markdownify import markdownify

    from newsreader.articles.markdown import read_markdown

    page = _DROP.sub(" ", raw)
    title = _TITLE.search(page)
    meta = {"title": unescape(title.group(1)).strip()} if title else {}
    markdown = markdownify(page, heading_style="ATX", strip=["a", "img"])
    return read_markdown(path, markdown, fmt="html", meta=meta)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a meta tag within its first 4 KB."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None
