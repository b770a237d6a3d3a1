"""Articles: one model, readers for .txt, .md and .html, and safe loading of untrusted files."""

from __future__ import annotations

import os
from pathlib import Path

from newsreader.articles.model import Article, Block, Image, Segment, content_id

__all__ = ["Article", "Block", "Image", "Segment", "SUFFIXES", "MAX_BYTES", "load_article", "content_id"]

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
MAX_BYTES = 32 * 1024 * 1024
"""Files larger than this are refused (a 20 MB saved web page still opens)."""


def _failed(path: str, fmt: str, reason: str) -> Article:
    return Article(path=path, format=fmt, title=Path(path).name, error=reason)


def decode(data: bytes, fmt: str) -> tuple[str, list[str]]:
    """Bytes -> text: UTF-8 (with or without BOM), else the declared charset, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if fmt == "html":
        from newsreader.articles.html import declared_charset

        charset = declared_charset(data)
        if charset:
            try:
                return data.decode(charset, errors="replace"), []
            except LookupError:
                pass
    return data.decode("cp1252", errors="replace"), ["not valid UTF-8: read as Windows-1252"]


def load_article(path: str | os.PathLike[str]) -> Article:
    """Read one file into an :class:`Article`; never raises for a bad file.

    A file that cannot be read comes back with ``error`` set to the reason.
    """
    path = str(path)
    fmt = SUFFIXES.get(Path(path).suffix.lower(), "txt")
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            return _failed(path, fmt, f"file too large: {size / 1e6:.1f} MB (limit {MAX_BYTES // (1024 * 1024)} MiB)")
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except IsADirectoryError:
        return _failed(path, fmt, "is a directory")
    except PermissionError:
        return _failed(path, fmt, "permission denied")
    except OSError as error:
        return _failed(path, fmt, f"cannot read: {error.strerror or error}")
    if not data.strip():
        return _failed(path, fmt, "empty file")
    if b"\x00" in data[:8192]:
        return _failed(path, fmt, "binary file, not text")
    text, warnings = decode(data, fmt)
    try:
        if fmt == "md":
            from newsreader.articles.markdown import read_markdown

            article = read_markdown(path, text)
        elif fmt == "html":
            from newsreader.articles.html import read_html

            article = read_html(path, text)
        else:
            from newsreader.articles.text import read_text

            article = read_text(path, text)
    except RecursionError:
        return _failed(path, fmt, "too deeply nested to read")
    article.warnings.extend(warnings)
    if article.error and not article.title:
        article.title = Path(path).name
    elif article.ok and not article.blocks and not article.key_points:
        article.error = "no article text found"
    if not article.title:
        article.title = Path(path).stem
    return article
