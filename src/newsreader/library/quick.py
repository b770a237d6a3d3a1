"""The cheap first pass of a cold start: a provisional row from the first few KB of a file."""

from __future__ import annotations

import os
import re
from pathlib import Path

from newsreader.articles import SUFFIXES
from newsreader.library.rows import IndexRow, _error_id

QUICK_BYTES = 4096
"""How much of a file :func:`quick_row` reads (16 times that of a web page, for its head)."""
QUICK_LINES = 6
"""How many non-blank lines (after any front matter) :func:`quick_row` parses: headline, section, byline, date."""


_HTML_TITLES = (
    re.compile(
        r"""<meta\s[^>]*?(?:property|name)\s*=\s*["'](?:og:title|twitter:title)["'][^>]*?content\s*=\s*["']([^"']{1,500})""",
        re.IGNORECASE,
    ),
    re.compile(r"<title[^>]*>([^<]{1,500})</title", re.IGNORECASE),
)
_HTML_SITE = re.compile(
    r"""<meta\s[^>]*?property\s*=\s*["']og:site_name["'][^>]*?content\s*=\s*["']([^"']{1,200})""", re.IGNORECASE
)


def quick_row(path: str | os.PathLike[str]) -> IndexRow:
    """A provisional row from the first few KB of a file (title, byline, date; no analysis), for a cold start.

    About a tenth of a millisecond for a text file.  Its ``id`` may differ from the indexed one:
    match provisional rows to indexed ones by ``path``.
    """
    from newsreader.articles import decode
    from newsreader.articles.model import Article

    name = os.fspath(path)
    fmt = SUFFIXES.get(Path(name).suffix.lower(), "txt")
    from newsreader.articles import Unreadable, looks_binary, open_regular

    try:
        with open_regular(name) as file:
            data = file.read(QUICK_BYTES if fmt != "html" else 16 * QUICK_BYTES)
    except Unreadable as error:
        return IndexRow(name, _error_id(name), Path(name).name, error=str(error))
    except OSError as error:
        return IndexRow(name, _error_id(name), Path(name).name, error=f"cannot read: {error.strerror or error}")
    if not data.strip():
        return IndexRow(name, _error_id(name), Path(name).name, error="empty file")
    if looks_binary(data):
        return IndexRow(name, _error_id(name), Path(name).name, error="binary file, not text")
    if fmt == "html":
        import html

        text = data.decode("utf-8", "replace")
        title = next((found.group(1) for pattern in _HTML_TITLES if (found := pattern.search(text))), "")
        title = html.unescape(title).strip()
        site = _HTML_SITE.search(text)
        article = Article(path=name, format=fmt, title=" ".join(title.split()) or Path(name).stem,
                          publication=html.unescape(site.group(1)).strip() if site else "")
    else:
        data = _head(data, fmt)
        text, _ = decode(data, fmt)
        try:
            if fmt == "md":
                from newsreader.articles.markdown import read_markdown

                article = read_markdown(name, text)
            else:
                from newsreader.articles.text import read_text

                article = read_text(name, text)
        except Exception:
            article = Article(path=name, format=fmt, title=Path(name).stem)
        article.error = ""
        if not article.title:
            article.title = Path(name).stem
    return IndexRow(name, article.id, article.title, article.source, article.category, article.author,
                    article.published, article.url)


def _head(data: bytes, fmt: str) -> bytes:
    """The first lines of a text or Markdown file: its front matter and :data:`QUICK_LINES` more non-blank lines."""
    lines = data.split(b"\n")
    if len(data) == QUICK_BYTES:
        lines.pop()  # cut mid-line
    kept: list[bytes] = []
    index = 0
    if fmt == "md" and lines and lines[0].strip() == b"---":
        # The closing line of the front matter (else the last line).
        index = next((k for k, line in enumerate(lines[1:], 1) if line.strip() in (b"---", b"...")), len(lines) - 1)
        kept = lines[: index + 1]
        index += 1
    nonblank = 0
    for line in lines[index:]:
        kept.append(line[:500])
        nonblank += bool(line.strip())
        if nonblank >= QUICK_LINES:
            break
    return b"\n".join(kept)
