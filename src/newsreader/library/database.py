"""The index's SQLite file: schema, one connection per thread, validation, and rebuilding a file
that cannot be trusted (see :mod:`newsreader.library.index` for what is stored)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self, TypeVar

from newsreader import paths
from newsreader.library.rows import _Corrupt

log = logging.getLogger(__name__)
_T = TypeVar("_T")

SCHEMA = 3
"""Bump when the tables change; ``PRAGMA user_version`` is ``SCHEMA * 1000 + ANALYSIS_VERSION``."""
FILE_NAME = "index.sqlite3"


_HEADER = b"SQLite format 3\x00"
_TABLES = {"files", "articles", "blobs", "search", "tags"}
_TRANSIENT = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED: another writer, not a broken file
_MAX_REBUILDS = 3


def schema_version() -> int:
    from newsreader import analysis

    return SCHEMA * 1000 + analysis.ANALYSIS_VERSION


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


def _transient(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _TRANSIENT
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _pack(data: object) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _unpack(blob: bytes) -> dict[str, Any]:
    try:
        data = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError) as error:
        raise _Corrupt(f"undecodable cache entry: {error}") from error
    if not isinstance(data, dict):
        raise _Corrupt("undecodable cache entry: not an object")
    return data


class Database:
    """The index's SQLite file: one connection per thread, the file validated (or created) before
    first use, and rebuilt (or replaced by one in memory) when it cannot be trusted.  Never raises
    for a bad cache file.  :class:`newsreader.library.index.LibraryIndex` adds what is stored."""

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
        held: tuple[int, sqlite3.Connection] | None = getattr(self._local, "held", None)
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
            kept = self._connect()  # kept open: a shared in-memory database lives while a connection does
            self._create(kept)
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
        conn: sqlite3.Connection | None = None
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

    def _run(self, action: Callable[[sqlite3.Connection], _T], default: _T, what: str) -> _T:
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
