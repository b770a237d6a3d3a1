"""One file into the index: read it once (only regular files, within the size limit), parse and
analyse those bytes (never read again), and the ``articles`` row that results."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsreader.articles import MAX_BYTES
from newsreader.library.database import _pack
from newsreader.library.rows import IndexRow, _error_id, _path_title


@dataclass
class _Entry:
    """One ``articles`` row: list fields, and the blobs when it is new."""

    sha256: str
    article_id: str
    title: str
    source: str
    category: str
    author: str
    published: str
    url: str
    error: str
    claims: int | None
    worthy: int | None
    path_title: bool = False
    article_json: bytes | None = None
    analysis_json: bytes | None = None
    text: str = ""
    language: str = ""

    def row(self, path: str, article_id: str) -> IndexRow:
        title = _path_title(path, bool(self.error)) if self.path_title else self.title
        return IndexRow(path, article_id, title, self.source, self.category, self.author, self.published,
                        self.url, self.error, self.claims, self.worthy)


def _read(path: str) -> tuple[os.stat_result | None, bytes, str] | None:
    """(stat, bytes, '') or (stat, b'', why it cannot be read); None when it changed while read.
    Only regular files are opened (a FIFO or a link to ``/dev/zero`` is refused, never read)."""
    from newsreader.articles import Unreadable, open_regular, too_large

    try:
        with open_regular(path) as file:
            before = os.fstat(file.fileno())
            if before.st_size > MAX_BYTES:
                return before, b"", too_large(before.st_size)
            data = file.read(MAX_BYTES + 1)
        after = os.stat(path)
    except Unreadable as error:
        return None, b"", str(error)
    except OSError as error:
        return None, b"", f"cannot read: {error.strerror or error}"
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
        return None
    return after, data, ""


def _failure_entry(path: str, fmt: str, reason: str) -> _Entry:
    import hashlib

    from newsreader.articles.model import Article

    article = Article(path="", format=fmt, title=Path(path).name, error=reason, id=_error_id(path))
    data = article.to_dict()
    del data["text"], data["markdown"]
    return _Entry("!" + hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest(), article.id,
                  article.title, "", "", "", "", "", reason, None, None, path_title=True,
                  article_json=_pack(data), analysis_json=_pack({"version": _analysis_version(), "claims": []}))


def _analysis_version() -> int:
    from newsreader import analysis

    return analysis.ANALYSIS_VERSION


def _parse(path: str, digest: str, data: bytes) -> _Entry:
    """Parse and analyse the bytes that were read and hashed (the file is not read again)."""
    from newsreader.analysis import analyze
    from newsreader.articles import parse_bytes

    article = parse_bytes(path, data)
    analysis = analyze(article) if article.ok else None
    text = article.text if article.ok else ""
    title = article.title
    path_title = title in (Path(path).stem, Path(path).name) and title.encode("utf-8", "replace") not in data
    stored = article.to_dict()
    del stored["text"], stored["markdown"]
    stored["path"] = ""
    return _Entry(
        digest, article.id, title, article.source, article.category, article.author, article.published,
        article.url, article.error,
        len(analysis.claims) if analysis else None,
        len(analysis.check_worthy) if analysis else None,
        path_title=path_title,
        article_json=_pack(stored),
        analysis_json=_pack(analysis.to_dict() if analysis else {"version": _analysis_version(), "claims": []}),
        text=text,
        language=article.language,
    )


def _collect(conn: sqlite3.Connection, digests: Iterable[str]) -> None:
    """Delete the content rows (and their search rows) no file refers to any more."""
    for digest in set(digests):
        if conn.execute("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", (digest,)).fetchone():
            continue
        found = conn.execute("SELECT id FROM articles WHERE sha256 = ?", (digest,)).fetchone()
        if found:
            conn.execute("DELETE FROM search WHERE rowid = ?", (found[0],))
            conn.execute("DELETE FROM blobs WHERE id = ?", (found[0],))
            conn.execute("DELETE FROM articles WHERE id = ?", (found[0],))
