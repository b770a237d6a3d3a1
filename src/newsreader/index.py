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
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Self

from newsreader import paths
from newsreader.articles import MAX_BYTES, SUFFIXES, content_id

if TYPE_CHECKING:
    from newsreader.analysis import Analysis
    from newsreader.articles import Article

log = logging.getLogger(__name__)

SCHEMA = 3
"""Bump when the tables change; ``PRAGMA user_version`` is ``SCHEMA * 1000 + ANALYSIS_VERSION``."""
FILE_NAME = "index.sqlite3"
QUICK_BYTES = 4096
"""How much of a file :func:`quick_row` reads (16 times that of a web page, for its head)."""
QUICK_LINES = 6
"""How many non-blank lines (after any front matter) :func:`quick_row` parses: headline, section, byline, date."""
_HEADER = b"SQLite format 3\x00"
_TABLES = {"files", "articles", "blobs", "search", "tags"}
_TRANSIENT = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED: another writer, not a broken file
_MAX_REBUILDS = 3


def schema_version() -> int:
    from newsreader import analysis

    return SCHEMA * 1000 + analysis.ANALYSIS_VERSION


@dataclass(slots=True)
class IndexRow:
    """What the article list shows for one file.  ``claims is None``: not analysed (yet)."""

    path: str
    id: str
    title: str
    source: str = ""
    category: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    error: str = ""
    claims: int | None = None
    worthy: int | None = None


_ROW_NAMES = tuple(IndexRow.__dataclass_fields__)
_ROW_FIELDS = len(_ROW_NAMES)


@dataclass
class Plan:
    """What :meth:`LibraryIndex.plan` found: ``new + changed`` need :meth:`LibraryIndex.index_file`,
    ``gone`` need :meth:`LibraryIndex.forget`."""

    new: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    gone: list[Path] = field(default_factory=list)

    @property
    def todo(self) -> list[Path]:
        return self.new + self.changed


_ROW_SQL = "SELECT path, article_id, listing, claims, worthy FROM files"
_SEP = "\x1f"  # between the list fields in files.listing
_LISTED = 7  # title, source, category, author, published, url, error

_SCHEMA_SQL = """
CREATE TABLE files(
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, article_id TEXT NOT NULL, content INTEGER NOT NULL,
    listing TEXT NOT NULL, claims INTEGER, worthy INTEGER);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX files_content ON files(content);
CREATE INDEX files_article_id ON files(article_id);
CREATE TABLE articles(
    id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL,
    title TEXT NOT NULL, source TEXT NOT NULL, category TEXT NOT NULL, author TEXT NOT NULL,
    published TEXT NOT NULL, url TEXT NOT NULL, error TEXT NOT NULL,
    claims INTEGER, worthy INTEGER, path_title INTEGER NOT NULL, language TEXT NOT NULL DEFAULT '');
CREATE TABLE blobs(id INTEGER PRIMARY KEY, article_json BLOB NOT NULL, analysis_json BLOB NOT NULL);
CREATE TABLE tags(article_id TEXT PRIMARY KEY, tags TEXT NOT NULL);
"""
# Added after schema 2 shipped: created where missing, so an existing index is kept (not rebuilt).
_LISTINGS_SQL = "CREATE TABLE IF NOT EXISTS listings(roots TEXT PRIMARY KEY, rows BLOB NOT NULL)"
_FTS_SQL = (
    "CREATE VIRTUAL TABLE search USING fts5(title, source, category, author, tags, text,"
    " tokenize = 'unicode61 remove_diacritics 2')"
)
_SEARCH_COLUMNS = ("title", "source", "category", "author", "tags", "text")
_LIKE_SQL = "CREATE TABLE search(rowid INTEGER PRIMARY KEY, title, source, category, author, tags, text)"


def fts5_available() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    except sqlite3.Error:
        return False
    return True


class _Corrupt(Exception):
    """Something stored in the index does not decode: the index is rebuilt."""


def _transient(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _TRANSIENT
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _roots_key(roots: Sequence[str | os.PathLike[str]]) -> str:
    return "\n".join(_key_path(root) for root in roots)


def _key_path(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def _pack(data: object) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _unpack(blob: bytes) -> dict:
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError) as error:
        raise _Corrupt(f"undecodable cache entry: {error}") from error
    if not isinstance(data, dict):
        raise _Corrupt("undecodable cache entry: not an object")
    return data


def _error_id(path: str) -> str:
    # The same id load_article gives a file it could not read (Article.identity).
    return content_id("error\0" + path)


class LibraryIndex:
    """The index of one library.  Never raises for a bad cache file: it rebuilds it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.cache_dir() / FILE_NAME
        self.problem = ""
        self.fts = True
        self.generation = 0
        """Bumped on every rebuild: a plan made before a rebuild is stale."""
        self._lock = threading.RLock()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._ready = -1  # the generation whose file has been validated
        self._verified = -1
        self._rebuilds = 0
        self._memory = ""  # set when the cache file cannot be used at all
        self._closed = False

    # -- opening, validating, rebuilding ---------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._memory:
            conn = sqlite3.connect(self._memory, uri=True, timeout=10, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA read_uncommitted = 1")
        else:
            conn = sqlite3.connect(self.path, timeout=10, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA synchronous = NORMAL")
        self._connections.append(conn)
        return conn

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise sqlite3.ProgrammingError("index closed")
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == self.generation:
            return held[1]
        with self._lock:
            if held is not None:
                self._drop(held[1])
            if self._ready != self.generation:
                self._prepare()
            conn = self._connect()
            self._local.held = (self.generation, conn)
            return conn

    def _drop(self, conn: sqlite3.Connection) -> None:
        try:
            conn.close()
        except sqlite3.Error:
            pass
        if conn in self._connections:
            self._connections.remove(conn)

    def _prepare(self) -> None:
        """Validate (or create) the file for this generation; rebuild what cannot be trusted."""
        for _ in range(_MAX_REBUILDS + 2):
            reason = self._check()
            if not reason:
                self._ready = self.generation
                return
            self._rebuild(reason)
        self._use_memory("the index cannot be rebuilt")
        self._ready = self.generation

    def _check(self) -> str:
        """'' when the file is usable (creating it if need be), else why not."""
        if self._memory:
            self._memory = f"file:newsreader-index-{id(self)}-{self.generation}?mode=memory&cache=shared"
            conn = self._connect()  # kept open: a shared in-memory database lives while a connection does
            self._create(conn)
            return ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_file():
                with open(self.path, "rb") as file:
                    head = file.read(len(_HEADER))
                if head and head != _HEADER:
                    return "the index is not a database"
            elif self.path.exists():
                return "the index path is not a file"
        except OSError as error:
            return f"cannot open the index: {error}"
        conn = None
        try:
            conn = self._connect()
            conn.execute("PRAGMA busy_timeout = 10000")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if version == 0 and not names:
                conn.execute("PRAGMA journal_mode = WAL")
                self._create(conn)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if version != schema_version():
                return f"the index is from another version ({version}, expected {schema_version()})"
            if not _TABLES <= names:
                return "the index is missing tables"
            if "listings" not in names:
                conn.execute(_LISTINGS_SQL)
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search'").fetchone()[0] or ""
            self.fts = "fts5" in sql.lower()
            if self.fts and not fts5_available():
                return "the index needs FTS5, which this sqlite lacks"
            conn.execute("PRAGMA journal_mode = WAL")
            return ""
        except sqlite3.DatabaseError as error:
            if _transient(error):
                raise
            return f"the index is unreadable ({error})"
        finally:
            if conn is not None:
                self._drop(conn)

    def _create(self, conn: sqlite3.Connection) -> None:
        self.fts = fts5_available()
        if not self.fts:
            log.warning("sqlite has no FTS5: search scans the index with LIKE")
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.execute("ROLLBACK")  # another process created it meanwhile
            return
        try:
            for statement in _SCHEMA_SQL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(_FTS_SQL if self.fts else _LIKE_SQL)
            conn.execute(_LISTINGS_SQL)
            conn.execute(f"PRAGMA user_version = {schema_version()}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _rebuild(self, reason: str) -> None:
        """Throw the index away and start empty (caller holds the lock)."""
        self.problem = f"{self.path}: {reason}: rebuilt"
        log.warning("%s", self.problem)
        self._rebuilds += 1
        self.generation += 1
        held = getattr(self._local, "held", None)
        if held is not None:
            self._drop(held[1])
            self._local.held = None
        if self._memory:
            return
        # Other threads' connections are closed by their threads on next use (they see the new generation).
        if self._rebuilds > _MAX_REBUILDS:
            self._use_memory("the index keeps failing")
            return
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                name = self.path.with_name(self.path.name + suffix)
                if name.is_dir() and not name.is_symlink():
                    raise IsADirectoryError(f"{name} is a directory")
                name.unlink(missing_ok=True)
        except OSError as error:
            self._use_memory(f"cannot remove the index ({error})")

    def _use_memory(self, reason: str) -> None:
        self._memory = "memory"  # named per generation in _check
        self.problem = f"{self.path}: {reason}: using an index in memory for this session"
        log.warning("%s", self.problem)

    def _recover(self, generation: int, error: BaseException) -> None:
        with self._lock:
            if generation == self.generation:  # not rebuilt already by another thread
                self._rebuild(f"the index is unreadable ({error})")

    def _run(self, action: Callable[[sqlite3.Connection], object], default: object, what: str) -> object:
        """Run ``action`` on this thread's connection; on a broken index rebuild it and retry once."""
        for _ in range(2):
            generation = self.generation
            try:
                return action(self._conn())
            except sqlite3.DatabaseError as error:
                if self._closed:
                    return default
                if _transient(error):
                    log.warning("index busy, %s skipped: %s", what, error)
                    return default
                self._recover(generation, error)
            except _Corrupt as error:
                self._recover(generation, error)
        return default

    def verify(self) -> bool:
        """``PRAGMA quick_check`` the whole file (call it from the worker: it reads every page).

        Returns False (after rebuilding the index) when the file was damaged.
        """

        def check(conn: sqlite3.Connection) -> bool:
            result = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            return result == ["ok"]

        generation = self.generation
        ok = self._run(check, True, "check")
        if not ok:
            with self._lock:
                if generation == self.generation:
                    self._rebuild("the index failed its integrity check")
        self._verified = self.generation
        return bool(ok)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in list(self._connections):
                self._drop(conn)
            self._local = threading.local()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
                    parts = found[2].split(_SEP)
                    if len(parts) != _LISTED:
                        raise _Corrupt("undecodable list entry")
                    rows.append(IndexRow(name, found[1], *parts, found[3], found[4]))
            return rows

        return self._run(read, [], "cached rows")  # type: ignore[return-value]

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

        return self._run(read, None, "listing")  # type: ignore[return-value]

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

        return self._run(read, None, "row")  # type: ignore[return-value]

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

        stored: dict[str, tuple[int, int, bool]] = self._run(read, {}, "plan")  # type: ignore[assignment]
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
                " JOIN articles a ON a.id = f.content JOIN blobs b ON b.id = f.content WHERE f.path = ?", (_key_path(wanted),)
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

        return self._run(read, None, "load")  # type: ignore[return-value]

    def search(self, query: str, limit: int = 10_000) -> list[str]:
        """Ids of the indexed articles matching every word of ``query`` (the last word, from three
        letters on, as a prefix), in title, source, category, author, tags or text.  Unordered;
        an empty query matches all."""
        words = [word for word in query.split() if any(char.isalnum() for char in word)]

        def read(conn: sqlite3.Connection) -> list[str]:
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

        return self._run(read, [], "search")  # type: ignore[return-value]

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
            return _Entry(digest, *found[:10], path_title=bool(found[10])) if found else None

        return self._run(read, None, "look-up")  # type: ignore[return-value]

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


# -- one file ---------------------------------------------------------------------------------------
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


def _listing(row: IndexRow) -> str:
    fields = (row.title, row.source, row.category, row.author, row.published, row.url, row.error)
    return _SEP.join(field.replace(_SEP, " ") for field in fields)


def _make_row(name: str, found: tuple) -> IndexRow:
    parts = found[2].split(_SEP)
    if len(parts) != _LISTED:
        raise _Corrupt("undecodable list entry")
    return IndexRow(name, found[1], *parts, found[3], found[4])


def _path_title(path: str, error: bool) -> str:
    # load_article's fallbacks: the file name for a failed file, else the stem.
    return Path(path).name if error else Path(path).stem


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


# -- the cheap first pass -----------------------------------------------------------------------------
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
        except Exception:  # noqa: BLE001 - a provisional row must never fail; the indexer will report the problem
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
        for index, line in enumerate(lines[1:], 1):
            if line.strip() in (b"---", b"..."):
                break
        kept = lines[: index + 1]
        index += 1
    nonblank = 0
    for line in lines[index:]:
        kept.append(line[:500])
        nonblank += bool(line.strip())
        if nonblank >= QUICK_LINES:
            break
    return b"\n".join(kept)
