"""The library index: parsed metadata and analyses cached by content hash, so a big library opens at once.

One SQLite file, ``paths.cache_dir() / "index.sqlite3"`` (WAL mode, one connection per
thread).  It is only a cache: deleting it is always safe, and a file that is corrupt,
truncated, from another schema or analysis version, or not a database at all is
rebuilt empty (``LibraryIndex.problem`` says why, and it is logged).  Nothing here
imports textual.

Tables
    files(path, size, mtime_ns, sha256, article_id, content, listing, claims, worthy)
        one row per article file; ``sha256`` is the key of its ``articles`` row, ``content``
        that row's id, and ``listing`` the text list fields for this path in one string
        (few columns to read per file is what makes :meth:`LibraryIndex.cached_rows` fast).
    articles(id, sha256, article_id, title, source, category, author, published, url,
             error, claims, worthy, path_title, language)
        one row per distinct content, list fields only (so reading the list stays fast;
        ``language`` is ISO 639-1, see ``newsreader.language``);
        ``sha256`` is ``"<sha256 of the bytes>:<format>"``
        (the same bytes read as .md and .txt are different articles), or ``"!<hash of
        the path>"`` for a file that could not be read at all (re-tried on every plan).
    blobs(id, article_json, analysis_json)
        the rest of each ``articles`` row: zlib-compressed JSON; ``article_json`` omits
        the derived ``text``/``markdown``.
    search  full-text search (FTS5; a plain table scanned with LIKE when the sqlite
            build has no FTS5) over title, source, category, author, tags, text.
    tags(article_id, tags)  filled by :meth:`LibraryIndex.set_tags`.

A copy, rename or ``touch`` of a file costs a hash, not a parse: the content is
already known.  The per-path parts of an article (its path, the id of an unreadable
file, a title taken from the file name) are recomputed for each path.

Typical use (the worker owns the writes; the UI thread only reads)::

    index = LibraryIndex()
    files = list(discover(roots))
    rows = index.cached_rows(files)           # warm start: show these at once
    # in a worker thread:
    index.sync(files, on_rows=lambda rows: ..., stop=event)
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.articles import SUFFIXES, Article
from newsreader.library.database import _SEARCH_COLUMNS, Database, _unpack
from newsreader.library.entries import _collect, _Entry, _failure_entry, _parse, _read
from newsreader.library.rows import (
    _ROW_FIELDS,
    _ROW_NAMES,
    IndexRow,
    Plan,
    _Corrupt,
    _error_id,
    _key_path,
    _listing,
    _make_row,
    _path_title,
    _roots_key,
)

if TYPE_CHECKING:
    from newsreader.analysis import Analysis

log = logging.getLogger(__name__)

_ROW_SQL = "SELECT path, article_id, listing, claims, worthy FROM files"


#: ``(start, end, text, source, kind)``: one claim as :meth:`LibraryIndex.cached_claims` reads it.
CachedClaim = tuple[int, int, str, str | None, str]
#: ``(path, article_id, title, claims)``: see :meth:`LibraryIndex.cached_claims`.
CachedClaims = tuple[str, str, str, list[CachedClaim]]
#: A claim scoring this or more is check-worthy (``Claim.check_worthy``).
WORTHY = 0.5
#: Analyses decoded per read by :meth:`LibraryIndex.cached_analyses`.
_BLOBS_AT_ONCE = 200


def _analyses_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, bytes]:
    marks = ",".join("?" * len(ids))
    return dict(conn.execute(f"SELECT id, analysis_json FROM blobs WHERE id IN ({marks})", ids))

class LibraryIndex(Database):
    """The index of one library.  Never raises for a bad cache file: it rebuilds it."""

    # -- reading ----------------------------------------------------------------------------------
    def cached_rows(self, files: Iterable[str | os.PathLike[str]]) -> list[IndexRow]:
        """The cached rows of ``files``, in their order; no stat, no parsing.  Unknown paths are left out."""

        def read(conn: sqlite3.Connection) -> list[IndexRow]:
            stored = {row[0]: row for row in conn.execute(_ROW_SQL)}
            rows = []
            for file in files:
                name = os.fspath(file)
                found = stored.get(name) or stored.get(_key_path(name))
                if found is not None:
                    rows.append(_make_row(name, found))
            return rows

        return self._run(read, [], "cached rows")

    def listing(self, roots: Sequence[str | os.PathLike[str]]) -> list[IndexRow] | None:
        """The whole list as the last finished sync of these library roots left it: every file's
        row, in order, from one read (a warm start paints this before walking any folder).
        None when there is none, or it does not decode (it is then dropped)."""
        key = _roots_key(roots)

        def read(conn: sqlite3.Connection) -> list[IndexRow] | None:
            found = conn.execute("SELECT rows FROM listings WHERE roots = ?", (key,)).fetchone()
            if found is None:
                return None
            try:
                return [IndexRow(*fields) for fields in json.loads(found[0]) if len(fields) == _ROW_FIELDS]
            except (ValueError, TypeError) as error:
                log.warning("index: a stored list does not decode (%s): dropped", error)
                conn.execute("DELETE FROM listings WHERE roots = ?", (key,))
                return None

        return self._run(read, None, "listing")

    def save_listing(self, roots: Sequence[str | os.PathLike[str]], rows: Sequence[IndexRow]) -> None:
        """Keep ``rows`` (the whole list, in order) as the listing of these roots."""
        data = [[getattr(row, name) for name in _ROW_NAMES] for row in rows]
        # Not compressed: reading 2 MB for 10,000 rows is faster than inflating 0.5 MB.
        blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        key = _roots_key(roots)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR REPLACE INTO listings(roots, rows) VALUES (?, ?)", (key, blob))

        self._run(write, None, "listing")

    def row(self, path: str | os.PathLike[str]) -> IndexRow | None:
        def read(conn: sqlite3.Connection) -> IndexRow | None:
            found = conn.execute(_ROW_SQL + " WHERE path = ?", (_key_path(path),)).fetchone()
            return _make_row(os.fspath(path), found) if found else None

        return self._run(read, None, "row")

    def plan(self, files: Iterable[str | os.PathLike[str]]) -> Plan:
        """Stat every file: which are new, changed, unchanged; which indexed paths are not in ``files``.

        ``files`` is the whole library (what :func:`newsreader.library.discover` found).
        A file that could not be read is always planned again (a permission fix changes no mtime).
        """

        def read(conn: sqlite3.Connection) -> dict[str, tuple[int, int, bool]]:
            # A file whose content row is missing, or that could not be read, is planned again.
            return {path: (size, mtime, key.startswith("!") or known is None) for path, size, mtime, key, known in
                    conn.execute("SELECT f.path, f.size, f.mtime_ns, f.sha256, a.id FROM files f"
                                 " LEFT JOIN articles a ON a.id = f.content")}

        stored: dict[str, tuple[int, int, bool]] = self._run(read, {}, "plan")
        plan = Plan()
        seen: set[str] = set()
        for file in files:
            key = _key_path(file)
            seen.add(key)
            known = stored.get(key)
            if known is None:
                plan.new.append(Path(file))
                continue
            try:
                stat = os.stat(key)
            except OSError:
                plan.changed.append(Path(file))
                continue
            if known[0] != stat.st_size or known[1] != stat.st_mtime_ns or known[2]:
                plan.changed.append(Path(file))
            else:
                plan.unchanged.append(Path(file))
        plan.gone = [Path(path) for path in stored if path not in seen]
        return plan

    def load(self, article_id_or_path: str | os.PathLike[str]) -> tuple[Article, Analysis] | None:
        """The cached article and analysis, without touching the file; None when not cached."""
        from newsreader.analysis import Analysis
        from newsreader.articles.model import article_from_dict

        wanted = os.fspath(article_id_or_path)

        def read(conn: sqlite3.Connection) -> tuple[Article, Analysis] | None:
            found = conn.execute(
                "SELECT f.path, f.article_id, b.article_json, b.analysis_json, a.path_title FROM files f"
                " JOIN articles a ON a.id = f.content JOIN blobs b ON b.id = f.content WHERE f.path = ?",
                (_key_path(wanted),),
            ).fetchone()
            if found is None and os.sep not in wanted:
                found = conn.execute(
                    "SELECT f.path, f.article_id, b.article_json, b.analysis_json, a.path_title FROM files f"
                    " JOIN articles a ON a.id = f.content JOIN blobs b ON b.id = f.content WHERE f.article_id = ?"
                    " ORDER BY f.path LIMIT 1", (wanted,)
                ).fetchone()
            if found is None:
                return None
            path, article_id, article_blob, analysis_blob, path_title = found
            data = _unpack(article_blob)
            data["path"], data["id"] = path, article_id
            if path_title:
                data["title"] = _path_title(path, bool(data.get("error")))
            try:
                article = article_from_dict(data)
                analysis = Analysis.from_dict(article, _unpack(analysis_blob))
            except (KeyError, ValueError, TypeError) as error:
                raise _Corrupt(f"undecodable cache entry: {error}") from error
            return article, analysis

        return self._run(read, None, "load")

    def cached_claims(self, stop: threading.Event | None = None, *, worthy_only: bool = False,
                      each: Callable[[CachedClaims], None] | None = None) -> list[CachedClaims]:
        """Every analysed file's claims as the index has them, by path: ``(path, article_id, title,
        claims)``, each claim a :data:`CachedClaim` ``(start, end, text, source, kind)``, read
        through :meth:`cached_analyses` (no Article is built): what library-wide matching reads.
        ``worthy_only``: only the check-worthy claims (score >= 0.5).  Files without (such)
        claims are left out.  ``each``: called with every row instead of keeping them (a large
        library's claims are then never all in memory at once).  ``stop`` set: the rows so far."""
        found: list[CachedClaims] = []
        for record in self.cached_analyses(stop):
            try:
                claims = [
                    (int(c["start"]), int(c["end"]), str(c["text"]),
                     None if c.get("source") is None else str(c["source"]), str(c.get("kind", "")))
                    for c in record["claims"]
                    if not worthy_only or (c.get("score") is not None and float(c["score"]) >= WORTHY)
                ]
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # an undecodable entry: the article is re-analysed when it is opened
            if not claims:
                continue
            row = (record["path"], record["id"], record["title"], claims)
            if each is None:
                found.append(row)
            else:
                each(row)
        return found

    def cached_analyses(self, stop: threading.Event | None = None) -> Iterator[dict[str, Any]]:
        """Every analysed file as an analysed record without the article's text: ``id``, ``path``,
        ``title``, ``error`` and the analysis' ``claims`` and ``sources`` as stored (dicts), by
        path.  One query; only the analysis is decoded (what library-wide questions such as
        sources across the library read).  Yields as it reads; ``stop`` set: no more."""

        def read(conn: sqlite3.Connection) -> list[tuple[str, str, str, int, str, int]]:
            return conn.execute(
                "SELECT f.path, f.article_id, a.title, a.path_title, a.error, f.content FROM files f"
                " JOIN articles a ON a.id = f.content ORDER BY f.path"
            ).fetchall()

        rows: list[tuple[str, str, str, int, str, int]] = self._run(read, [], "cached analyses")
        for first in range(0, len(rows), _BLOBS_AT_ONCE):  # the analyses a few at a time: memory stays flat
            chunk = rows[first : first + _BLOBS_AT_ONCE]
            wanted = sorted({content for *_, content in chunk})

            empty: dict[int, bytes] = {}
            found = self._run(partial(_analyses_by_id, ids=wanted), empty, "cached analyses")
            for path, article_id, title, path_title, error, content in chunk:
                if stop is not None and stop.is_set():
                    return
                try:
                    analysis = _unpack(found[content])
                except (_Corrupt, KeyError):
                    continue  # undecodable or gone meanwhile: the article is re-analysed when it is opened
                yield {"id": article_id, "path": path, "error": error or "",
                       "title": _path_title(path, bool(error)) if path_title else title,
                       "claims": analysis.get("claims") or [], "sources": analysis.get("sources") or []}

    def search(self, query: str, limit: int = 10_000) -> list[str]:
        """Ids of the indexed articles matching every word of ``query`` (the last word, from three
        letters on, as a prefix), in title, source, category, author, tags or text.  Unordered;
        an empty query matches all."""
        words = [word for word in query.split() if any(char.isalnum() for char in word)]

        def read(conn: sqlite3.Connection) -> list[str]:
            sql: str
            args: list[str | int]
            if not words:
                sql, args = "SELECT DISTINCT article_id FROM files LIMIT ?", [limit]
            elif self.fts:
                terms = ['"' + word.replace('"', '""') + '"' for word in words]
                if len(words[-1]) >= 3:  # shorter prefixes match half the vocabulary, slowly
                    terms[-1] += "*"
                sql = ("SELECT DISTINCT article_id FROM files WHERE content IN"
                       " (SELECT rowid FROM search WHERE search MATCH ?) LIMIT ?")
                args = [" ".join(terms), limit]
            else:
                hay = " || ' ' || ".join(f"search.{column}" for column in _SEARCH_COLUMNS)
                where = " AND ".join(f"{hay} LIKE ? ESCAPE '\\'" for _ in words)
                sql = ("SELECT DISTINCT article_id FROM files WHERE content IN"
                       f" (SELECT rowid FROM search WHERE {where}) LIMIT ?")
                args = ["%" + re.sub(r"([\\%_])", r"\\\1", word) + "%" for word in words] + [limit]
            return [row[0] for row in conn.execute(sql, args)]

        return self._run(read, [], "search")

    # -- writing ----------------------------------------------------------------------------------
    def index_file(self, path: str | os.PathLike[str]) -> IndexRow:
        """Read and hash ``path``; reuse what is stored for that content, else parse, analyse and store.

        Always returns a row (an error row for a file that cannot be read).  Meant for one worker
        thread; the UI thread may read meanwhile.
        """
        import hashlib  # imported by the indexing worker, not before the first frame

        name = os.fspath(path)
        key_path = _key_path(name)
        fmt = SUFFIXES.get(Path(name).suffix.lower(), "txt")
        for _attempt in range(4):
            read = _read(key_path)
            if read is None:  # changed while being read: read again
                continue
            stat, data, failure = read
            if failure:
                entry: _Entry | None = _failure_entry(key_path, fmt, failure)
            else:
                digest = f"{hashlib.sha256(data).hexdigest()}:{fmt}"
                entry = self._stored(digest) or _parse(key_path, digest, data)
            if entry is None:
                continue
            row = self._store(key_path, stat, entry)
            if row is None:  # the stored content went away meanwhile: parse it after all
                continue
            row.path = name
            return row
        entry = _failure_entry(key_path, fmt, "the file keeps changing while it is read")
        row = self._store(key_path, None, entry) or entry.row(key_path, _error_id(key_path))
        row.path = name
        return row

    def _stored(self, digest: str) -> _Entry | None:
        def read(conn: sqlite3.Connection) -> _Entry | None:
            found = conn.execute(
                "SELECT article_id, title, source, category, author, published, url, error, claims, worthy,"
                " path_title FROM articles WHERE sha256 = ?", (digest,)).fetchone()
            if not found:
                return None
            article_id, title, source, category, author, published, url, error, claims, worthy, path_title = found
            return _Entry(digest, article_id, title, source, category, author, published, url, error, claims, worthy,
                          path_title=bool(path_title))

        return self._run(read, None, "look-up")

    def _store(self, key_path: str, stat: os.stat_result | None, entry: _Entry) -> IndexRow | None:
        """Write the file's row (and the content's, when new).  None when reused content is gone."""
        article_id = _error_id(key_path) if entry.error else entry.article_id
        row = entry.row(key_path, article_id)

        def write(conn: sqlite3.Connection) -> bool:
            conn.execute("BEGIN IMMEDIATE")
            try:
                known = conn.execute("SELECT id FROM articles WHERE sha256 = ?", (entry.sha256,)).fetchone()
                if known is not None:
                    content = known[0]
                else:
                    if entry.article_json is None:
                        conn.execute("ROLLBACK")
                        return False
                    tags = conn.execute("SELECT tags FROM tags WHERE article_id = ?", (article_id,)).fetchone()
                    cursor = conn.execute(
                        "INSERT INTO articles(sha256, article_id, title, source, category, author,"
                        " published, url, error, claims, worthy, path_title, language)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (entry.sha256, entry.article_id, entry.title, entry.source, entry.category, entry.author,
                         entry.published, entry.url, entry.error, entry.claims, entry.worthy,
                         int(entry.path_title), entry.language))
                    content = cursor.lastrowid
                    conn.execute("INSERT INTO blobs(id, article_json, analysis_json) VALUES (?,?,?)",
                                 (content, entry.article_json, entry.analysis_json))
                    conn.execute(
                        "INSERT INTO search(rowid, title, source, category, author, tags, text) VALUES (?,?,?,?,?,?,?)",
                        (cursor.lastrowid, entry.title, entry.source, entry.category, entry.author,
                         tags[0] if tags else "", entry.text))
                old = conn.execute("SELECT sha256 FROM files WHERE path = ?", (key_path,)).fetchone()
                size, mtime = (stat.st_size, stat.st_mtime_ns) if stat is not None else (-1, -1)
                conn.execute("INSERT OR REPLACE INTO files(path, size, mtime_ns, sha256, article_id, content, listing,"
                             " claims, worthy) VALUES (?,?,?,?,?,?,?,?,?)",
                             (key_path, size, mtime, entry.sha256, article_id, content, _listing(row), row.claims,
                              row.worthy))
                if old and old[0] != entry.sha256:
                    _collect(conn, [old[0]])
                conn.execute("COMMIT")
                return True
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        stored = self._run(write, True, "index")  # on a busy index the row is shown, just not cached
        return row if stored else None

    def forget(self, paths: Iterable[str | os.PathLike[str]]) -> None:
        """Drop deleted files (and content no other file has)."""
        keys = [_key_path(path) for path in paths]
        if not keys:
            return

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                digests = []
                for key in keys:
                    found = conn.execute("SELECT sha256 FROM files WHERE path = ?", (key,)).fetchone()
                    if found:
                        digests.append(found[0])
                        conn.execute("DELETE FROM files WHERE path = ?", (key,))
                _collect(conn, digests)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        self._run(write, None, "forget")

    def set_tags(self, article_id: str, tags: Sequence[str]) -> None:
        """Searchable tags for an article (kept across re-indexing of its file)."""
        text = " ".join(tags)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if text:
                    conn.execute("INSERT OR REPLACE INTO tags(article_id, tags) VALUES (?, ?)", (article_id, text))
                else:
                    conn.execute("DELETE FROM tags WHERE article_id = ?", (article_id,))
                conn.execute(
                    "UPDATE search SET tags = ? WHERE rowid IN (SELECT id FROM articles WHERE article_id = ?"
                    " UNION SELECT content FROM files WHERE article_id = ?)",
                    (text, article_id, article_id))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        self._run(write, None, "tags")

    def sync(
        self,
        files: Sequence[str | os.PathLike[str]],
        on_rows: Callable[[list[IndexRow]], None] | None = None,
        stop: threading.Event | None = None,
        batch: int = 50,
    ) -> Plan:
        """The worker's whole job: check the file, plan, index new and changed files (rows handed to
        ``on_rows`` in batches), then forget the gone ones (after, so that a rename reuses the content).
        Returns the last plan; stops early when ``stop`` is set."""
        plan = Plan()
        for _ in range(3):
            generation = self.generation
            if self._verified != self.generation:
                self.verify()
            plan = self.plan(files)
            pending: list[IndexRow] = []
            for path in plan.todo:
                if stop is not None and stop.is_set():
                    break
                pending.append(self.index_file(path))
                if len(pending) >= batch:
                    if on_rows:
                        on_rows(pending)
                    pending = []
            if pending and on_rows:
                on_rows(pending)
            if stop is not None and stop.is_set():
                return plan
            self.forget(plan.gone)
            if generation == self.generation:
                return plan
        return plan
