"""NotesStore: one YAML file per article, safe against crashes and concurrent writers.

Every change is one operation (:meth:`NotesStore.add_note`, ``update_note``,
``delete_note``, ``set_verdict``) applied under the file's exclusive lock
(``.<id>.yaml.lock``) to the file *as it is on disk at that moment*, so two app
instances never lose each other's updates and a deletion is never undone by a
stale copy.  Writes go through :class:`newsreader.storage.UserFile`, like every
user file: ``.<id>.yaml.tmp`` is fsynced and renamed over the old file (then the
folder is fsynced); the previous version is kept as ``<id>.yaml.bak``.  A file
that cannot be read safely makes that article read-only: it is never overwritten.

All methods are blocking and thread-safe; call them from a worker thread.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from .. import paths
from ..sanitize import clean_line
from ..storage import FileLockedError, UserFile
from .anchors import Anchor
from .errors import (
    InvalidInputError,
    NoteNotFoundError,
    NotesError,
    NotesFileError,
    NotesReadOnlyError,
    NotesWriteError,
)
from .fileformat import MAX_FILE_BYTES, clean_meta, known_blocks, normalize_body, parse_article, render
from .model import (
    TARGET_ARTICLE,
    TARGET_CLAIM,
    TARGET_SOURCE,
    TARGETS,
    UNCHECKED,
    VERDICTS,
    ArticleNotes,
    Note,
    Verdict,
    new_id,
    now_stamp,
)

ARTICLE_ID = re.compile(r"[0-9a-f]{4,64}")
MAX_BODY_CHARS = 1_000_000
GITIGNORE = "# newsreader working files\n*.bak\n*.lock\n*.tmp\n"
_T = TypeVar("_T")


def check_article_id(article_id: str) -> str:
    """Article ids are lower-case hex content hashes; anything else is refused (safe file names)."""
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        raise InvalidInputError(f"invalid article id {article_id!r} (expected 4-64 lower-case hex digits)")
    return article_id


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the notes folder is not writable"
    return exc.strerror or str(exc)


class NotesStore:
    """Notes for all articles, under ``paths.data_dir() / "notes"`` unless ``root`` is given.

    Nothing is created until the first change is saved.
    """

    def __init__(self, root: Path | str | None = None, *, lock_timeout: float = 10.0):
        self.root = Path(root) if root is not None else paths.data_dir() / "notes"
        self.lock_timeout = lock_timeout
        self._cache: dict[str, tuple[bytes, ArticleNotes]] = {}
        self._mutex = threading.Lock()

    # ------------------------------------------------------------------ reading

    def path_for(self, article_id: str) -> Path:
        """``<root>/<article_id>.yaml`` (the id is validated)."""
        return self.root / f"{check_article_id(article_id)}.yaml"

    def all_article_ids(self) -> list[str]:
        """Ids of every article that has a notes file, sorted."""
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise NotesError(f"cannot list notes: {_reason(exc)}", self.root) from exc
        return sorted(n[:-5] for n in names if n.endswith(".yaml") and ARTICLE_ID.fullmatch(n[:-5]))

    def load(self, article_id: str) -> ArticleNotes:
        """The article's notes as on disk now (empty if there is no file).

        Never raises for a bad file: the result then has ``error`` set and is
        ``read_only``.  Cheap when the file has not changed since last time.
        Treat the result as read-only.
        """
        path = self.path_for(article_id)
        return self._load(article_id, path)[1]

    def _load(self, article_id: str, path: Path) -> tuple[bytes | None, ArticleNotes]:
        try:
            raw = self._read_bytes(path)
        except NotesError as exc:
            return None, ArticleNotes(article_id, path, error=exc, exists=True)
        if raw is None:
            return None, ArticleNotes(article_id, path)
        with self._mutex:
            cached = self._cache.get(article_id)
        if cached is not None and cached[0] == raw:
            return raw, cached[1]
        notes = self._parse(article_id, path, raw)
        with self._mutex:
            self._cache[article_id] = (raw, notes)
        return raw, notes

    @staticmethod
    def _read_bytes(path: Path) -> bytes | None:
        """File content, or None if missing.  Refuses non-files and files over the size cap
        without reading them."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise NotesFileError(f"cannot read notes: {exc.strerror or exc}", path) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise NotesFileError("not a regular file", path)
            if info.st_size > MAX_FILE_BYTES:
                raise NotesFileError(
                    f"file is too big ({info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}); not loaded", path)
            chunks, size = [], 0
            while True:  # bounded even if the size changed after fstat
                chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    raise NotesFileError(f"file is too big (over {MAX_FILE_BYTES:,} bytes); not loaded", path)
            return b"".join(chunks)
        except OSError as exc:
            raise NotesFileError(f"cannot read notes: {exc.strerror or exc}", path) from exc
        finally:
            os.close(fd)

    @staticmethod
    def _parse(article_id: str, path: Path, raw: bytes) -> ArticleNotes:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            error = NotesFileError("not valid UTF-8 text", path, raw[: exc.start].count(b"\n") + 1)
            return ArticleNotes(article_id, path, error=error, exists=True)
        try:
            notes, _newer = parse_article(text, path, article_id, known_blocks())
        except NotesFileError as exc:
            return ArticleNotes(article_id, path, error=exc, exists=True)
        except (MemoryError, RecursionError):  # load() never raises: within the bounds, but not in this memory
            return ArticleNotes(article_id, path, error=NotesFileError("too much data to load", path), exists=True)
        return notes

    # ------------------------------------------------------------------ changes

    def add_note(
        self,
        article_id: str,
        body: str,
        *,
        target: str = TARGET_ARTICLE,
        anchor: Anchor | None = None,
        source: str | None = None,
        article_meta: Mapping[str, Any] | None = None,
    ) -> Note:
        """Add a Markdown note on the article, a claim (give ``anchor``) or a source (give ``source``)."""
        if target not in TARGETS:
            raise InvalidInputError(f"unknown note target {target!r} (expected one of {', '.join(TARGETS)})")
        if target == TARGET_CLAIM:
            if not isinstance(anchor, Anchor) or not anchor.exact:
                raise InvalidInputError("a claim note needs an anchor (Anchor.from_span(text, start, end))")
        elif anchor is not None:
            raise InvalidInputError(f"a {target} note takes no anchor")
        if target == TARGET_SOURCE:
            source = clean_line(source or "")
            if not source:
                raise InvalidInputError("a source note needs the source's name")
        elif source is not None:
            raise InvalidInputError(f"a {target} note takes no source")
        body = self._body(body)
        note = Note(id=new_id("n"), target=target, body=body, created=now_stamp(), anchor=anchor, source=source)

        def op(current: ArticleNotes) -> tuple[ArticleNotes | None, Note]:
            return replace(current, notes=current.notes + (note,)), note

        return self._mutate(article_id, op, article_meta)

    def update_note(
        self, article_id: str, note_id: str, body: str, *, article_meta: Mapping[str, Any] | None = None
    ) -> Note:
        """Replace a note's body.  Raises NoteNotFoundError if it was deleted meanwhile."""
        body = self._body(body)

        def op(current: ArticleNotes) -> tuple[ArticleNotes | None, Note]:
            old = current.note(note_id)
            if old is None:
                raise NoteNotFoundError(f"note {note_id} no longer exists (deleted elsewhere?)", current.file)
            if old.body == body:
                return None, old
            new = replace(old, body=body, updated=now_stamp())
            return replace(current, notes=tuple(new if n.id == note_id else n for n in current.notes)), new

        return self._mutate(article_id, op, article_meta)

    def delete_note(self, article_id: str, note_id: str) -> bool:
        """Delete a note.  Returns False if it did not exist (already deleted)."""

        def op(current: ArticleNotes) -> tuple[ArticleNotes | None, bool]:
            if current.note(note_id) is None:
                return None, False
            return replace(current, notes=tuple(n for n in current.notes if n.id != note_id)), True

        return self._mutate(article_id, op, None)

    def set_verdict(
        self, article_id: str, anchor: Anchor, verdict: str, *, article_meta: Mapping[str, Any] | None = None
    ) -> Verdict | None:
        """Set the verdict on the claim at ``anchor``; ``"unchecked"`` removes it (returns None).

        An existing verdict is replaced when it quotes the same text at the same
        offset or with the same context; otherwise a new one is added.
        """
        if verdict not in VERDICTS:
            raise InvalidInputError(f"unknown verdict {verdict!r} (expected one of {', '.join(VERDICTS)})")
        if not isinstance(anchor, Anchor) or not anchor.exact:
            raise InvalidInputError("a verdict needs an anchor (Anchor.from_span(text, start, end))")

        def same(v: Verdict) -> bool:
            a = v.anchor
            return a.exact == anchor.exact and (
                a.start == anchor.start or (a.prefix, a.suffix) == (anchor.prefix, anchor.suffix))

        def op(current: ArticleNotes) -> tuple[ArticleNotes | None, Verdict | None]:
            matches = [v for v in current.verdicts if same(v)]
            rest = tuple(v for v in current.verdicts if not same(v))
            if verdict == UNCHECKED:
                return (replace(current, verdicts=rest) if matches else None), None
            if len(matches) == 1 and matches[0].verdict == verdict and matches[0].anchor == anchor:
                return None, matches[0]
            new = Verdict(id=matches[0].id if matches else new_id("v"), verdict=verdict, anchor=anchor,
                          updated=now_stamp())
            return replace(current, verdicts=rest + (new,)), new

        return self._mutate(article_id, op, article_meta)

    # ------------------------------------------------------------------ machinery

    @staticmethod
    def _body(body: str) -> str:
        if not isinstance(body, str):
            raise InvalidInputError("a note body must be text")
        body = normalize_body(body)
        if not body:
            raise InvalidInputError("the note is empty")
        if len(body) > MAX_BODY_CHARS:
            raise InvalidInputError(f"the note is too long (over {MAX_BODY_CHARS:,} characters)")
        return body

    def _mutate(
        self,
        article_id: str,
        op: Callable[[ArticleNotes], tuple[ArticleNotes | None, _T]],
        article_meta: Mapping[str, Any] | None,
    ) -> _T:
        path = self.path_for(article_id)
        with self._locked(article_id, path):
            on_disk, current = self._load(article_id, path)
            if current.error is not None:
                raise NotesReadOnlyError(
                    f"notes are read-only, the file was not changed: {current.error.message}",
                    current.error.path or path, current.error.line) from current.error
            new, result = op(current)
            meta = dict(current.meta)
            if article_meta is not None:
                meta.update(clean_meta(article_meta))
            if new is None:
                if meta == dict(current.meta):
                    return result
                new = current
            new = replace(new, meta=meta, exists=True, error=None)
            raw = render(new).encode("utf-8")
            if len(raw) > MAX_FILE_BYTES:
                raise NotesWriteError(f"too many notes for one article (file would exceed {MAX_FILE_BYTES:,} "
                                      "bytes); not saved", path)
            if raw != on_disk:
                self._write(article_id, path, raw)
            with self._mutex:
                self._cache[article_id] = (raw, new)
            return result

    def _ensure_root(self) -> None:
        if self.root.is_dir():
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            gitignore = self.root / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text(GITIGNORE, encoding="utf-8")
        except OSError as exc:
            raise NotesWriteError(f"cannot create the notes folder: {_reason(exc)}", self.root) from exc

    @contextmanager
    def _locked(self, article_id: str, path: Path) -> Iterator[None]:
        self._ensure_root()
        with ExitStack() as stack:
            try:
                stack.enter_context(UserFile(path, lock_timeout=self.lock_timeout).locked())
            except FileLockedError as exc:
                raise NotesWriteError("notes are busy (another save is still running); try again" if exc.here
                                      else "notes are locked by another newsreader process; try again",
                                      path) from None
            except OSError as exc:
                raise NotesWriteError(f"cannot save notes: {_reason(exc)} ({exc.strerror})", path) from exc
            yield

    def _write(self, article_id: str, path: Path, raw: bytes) -> None:
        """Replace ``path`` with ``raw`` the way every user file is (:meth:`UserFile.write`)."""
        try:
            UserFile(path).write(raw)
        except OSError as exc:
            raise NotesWriteError(
                f"could not save notes: {_reason(exc)} ({exc.strerror}); the previous file is unchanged",
                path) from exc
