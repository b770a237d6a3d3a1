"""Safe files on disk: one locked, atomic write path for every user file (:class:`UserFile`)
and size-capped, safe YAML reads (the YAML itself is bounded by :mod:`newsreader.safeyaml`).

The few YAML files read before the first frame (config, read state, themes) can be read
through a memo of their parsed data in the cache dir, kept with the exact text it was
parsed from: an unchanged file is then read as JSON, and PyYAML (a fifth of our own start-up imports)
is not imported at all.  The memo is only a cache: a missing, stale or broken memo means
the file is parsed with ``safe_load`` again, and data that JSON cannot hold exactly (dates,
non-string keys) is never memoised.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from newsreader.safeyaml import MAX_YAML_EVENTS as MAX_YAML_EVENTS
from newsreader.safeyaml import YAMLBoundsError, check_yaml_bounds, safe_load
from newsreader.safeyaml import dump_yaml as dump_yaml  # the storage layer's writers use it
from newsreader.safeyaml import yaml_line as yaml_line

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: only in-process locking
    fcntl = None  # type: ignore[assignment]

MAX_YAML_BYTES = 16 * 1024 * 1024
MEMO_NAME = "yaml-memo.json"
MEMO_VERSION = 2


FILE_MODE = 0o600
"""The mode of every user file newsreader creates (config, sources, read state, notes, their
``.bak`` and lock files): notes and source ratings can be private.  A file that exists keeps
its mode when it is rewritten."""
LOCK_TIMEOUT = 10.0


class StorageError(Exception):
    """A user file that could not be read or written; the message names the file."""


class FileLockedError(StorageError):
    """A user file stayed locked for the whole lock timeout; ``here``: by this process."""

    def __init__(self, message: str, *, here: bool) -> None:
        super().__init__(message)
        self.here = here


class UserFile:
    """One file the user owns, changed safely: the one write path for all of them.

    :meth:`update` (or :meth:`locked` with :meth:`read_text`/:meth:`write`) takes an
    exclusive lock on ``.<name>.lock`` beside the file (``flock``, and a thread lock within
    this process), reads the file as it is on disk *now*, applies the change and writes it
    to ``.<name>.tmp``, which is fsynced and renamed over the file (then the folder is
    fsynced).  The previous version is kept as ``<name>.bak``.  So a crash leaves the old
    file or the new one, never half of one, and two writers (threads, app instances, a hand
    edit) never lose each other's changes.  A symlinked file is written through: the link
    stays a link and its target is replaced (lock, temporary and backup sit beside the
    target).  An existing file keeps its mode; a new one gets :data:`FILE_MODE`.
    Temporary names are fixed, so a killed run leaves at most one per file, and stale ones
    are removed when the folder is first written to (:func:`sweep_temporaries`).
    """

    def __init__(self, path: Path | str, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout

    def target(self) -> Path:
        """The file written: ``path`` with symlinks resolved."""
        return Path(os.path.realpath(self.path))

    @contextmanager
    def locked(self) -> Iterator[Path]:
        """Hold the file's lock; yields the target path.  Raises :class:`FileLockedError` after
        ``lock_timeout`` seconds, OSError when the lock file cannot be created."""
        target = self.target()
        lock_path = target.with_name(f".{target.name}.lock")
        with _THREAD_LOCKS_GUARD:
            thread_lock = _THREAD_LOCKS.setdefault(str(lock_path), threading.Lock())
        if not thread_lock.acquire(timeout=self.lock_timeout):
            raise FileLockedError(f"{self.path}: busy (another save is still running); try again", here=True)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            sweep_temporaries(target.parent, once=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_CLOEXEC, FILE_MODE)
            try:
                if fcntl is not None:
                    _flock(fd, self.lock_timeout, self.path)
                yield target
            finally:
                os.close(fd)  # releases the flock
        finally:
            thread_lock.release()

    def read_bytes(self, *, max_bytes: int = MAX_YAML_BYTES) -> bytes | None:
        """The file's bytes (None if missing), without blocking: a FIFO or device is refused,
        and so is a file over ``max_bytes``.  Raises :class:`StorageError` naming the file."""
        return read_user_bytes(self.path, max_bytes=max_bytes)

    def read_text(self, *, max_bytes: int = MAX_YAML_BYTES) -> str | None:
        data = self.read_bytes(max_bytes=max_bytes)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise StorageError(f"{self.path}: line {line}: not valid UTF-8 text") from None

    def write(self, data: bytes | str, *, durable: bool = True, backup: bool = True) -> None:
        """Replace the file with ``data`` (call it holding :meth:`locked`).  On OSError the old
        file is unchanged and no temporary is left.  ``durable=False`` skips the fsyncs (caches)."""
        _replace(self.target(), data.encode("utf-8") if isinstance(data, str) else data, durable=durable,
                 backup=backup)

    def update(self, change: Callable[[str | None], str | None]) -> str | None:
        """Under the lock, call ``change`` with the file's text as on disk now (None: no file)
        and write what it returns (None or the same text: nothing is written).  Returns the
        text now on disk.  ``change`` raising leaves the file untouched."""
        with self.locked():
            current = self.read_text()
            new = change(current)
            if new is None or new == current:
                return current
            self.write(new)
            return new


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` through :class:`UserFile` (lock, fixed temporary, .bak)."""
    UserFile(path).update(lambda _current: text)


def read_user_bytes(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> bytes | None:
    """A user file's bytes, or None if it is missing.  Only regular files are read (opened
    non-blocking, so a FIFO cannot hang us) and only up to ``max_bytes``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror or error})") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StorageError(f"{path}: not a regular file")
        if info.st_size > max_bytes:
            raise StorageError(f"{path}: too large to be ours ({info.st_size / 1e6:.1f} MB)")
        chunks: list[bytes] = []
        size = 0
        while True:  # bounded even if the file grows after fstat
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise StorageError(f"{path}: too large to be ours (over {max_bytes / 1e6:.1f} MB)")
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror or error})") from error
    finally:
        os.close(fd)


def sweep_temporaries(folder: Path | str, *, once: bool = False) -> int:
    """Remove the temporaries (``.<name>.tmp``, ``.<name>.bak.tmp``) a killed run left in
    ``folder``; a file whose lock is held (a save under way) is left alone.  Returns how
    many were removed.  ``once``: only the first time this process asks for the folder."""
    folder = os.fspath(folder)
    if once:
        with _THREAD_LOCKS_GUARD:
            if folder in _SWEPT:
                return 0
            _SWEPT.add(folder)
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".") and name.endswith(".tmp")]
    except OSError:
        return 0
    removed = 0
    for name in names:
        base = name[1:-4]
        base = base[:-4] if base.endswith(".bak") else base
        lock_path = os.path.join(folder, f".{base}.lock")
        try:
            fd = os.open(lock_path, os.O_RDWR | _O_NOFOLLOW | _O_CLOEXEC)
        except FileNotFoundError:
            fd = None  # never locked: no writer of ours has it (e.g. an older version's random name)
        except OSError:
            continue
        try:
            if fd is not None and fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a save is under way: its temporary is not stale
            with suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed += 1
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def sweep_user_folders() -> int:
    """:func:`sweep_temporaries` in every folder newsreader writes user files to (at app start)."""
    from newsreader import paths

    data = paths.data_dir()
    return sum(sweep_temporaries(folder) for folder in (paths.config_dir(), data, data / "notes", paths.cache_dir()))


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()
_SWEPT: set[str] = set()
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _flock(fd: int, timeout: float, path: Path) -> None:
    """Lock ``fd`` exclusively within ``timeout`` seconds.  A busy lock is waited for in the
    kernel (a blocking flock, woken in turn: polling would let a process that saves in a loop
    take it again and again), on a helper thread, so that we can give up; if the helper gets
    the lock after we gave up, it lets it go at once."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    busy = FileLockedError(f"{path}: locked by another newsreader process; try again", here=False)
    if timeout <= 0:
        raise busy
    waiter = os.dup(fd)  # the same open file: its lock is ours; closed by the helper
    got = threading.Event()
    handshake = threading.Lock()
    gave_up = False

    def wait() -> None:
        try:
            fcntl.flock(waiter, fcntl.LOCK_EX)
            with handshake:
                if gave_up:
                    fcntl.flock(waiter, fcntl.LOCK_UN)
                else:
                    got.set()
        except OSError:
            pass
        finally:
            os.close(waiter)

    threading.Thread(target=wait, name="newsreader-flock", daemon=True).start()
    if got.wait(timeout):
        return
    with handshake:
        if got.is_set():
            return
        gave_up = True
    raise busy


def _replace(target: Path, data: bytes, *, durable: bool, backup: bool) -> None:
    folder = target.parent
    temp = folder / f".{target.name}.tmp"
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        exists = True
    except FileNotFoundError:
        mode, exists = FILE_MODE, False
    with suppress(FileNotFoundError):
        os.unlink(temp)  # left by a killed run (we hold the lock: nobody else writes it)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, FILE_MODE)
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if exists and backup:
            _backup(target)
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        _fsync_dir(folder)


def _backup(target: Path) -> None:
    """Keep ``target`` as ``<name>.bak`` (a hard link: the old file is replaced, never changed)."""
    temp = target.with_name(f".{target.name}.bak.tmp")
    with suppress(FileNotFoundError):
        os.unlink(temp)
    try:
        os.link(target, temp)
    except OSError:
        shutil.copy2(target, temp)
    os.replace(temp, target.with_name(target.name + ".bak"))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some filesystems refuse to fsync a folder
        pass
    finally:
        os.close(fd)


def read_yaml(path: Path, *, memo: bool = False, shipped: Memo | None = None) -> object:
    """``safe_load`` a user YAML file; a missing file is None.  Errors name the file and line.

    ``memo=True``: take the parsed data from the memo when the file's text is unchanged
    (for the small files read at start-up; see the module docstring).  ``shipped``: a
    read-only memo that ships with the package, keyed by file name, looked in first."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"{path}: cannot read ({error.strerror})") from error
    if size > MAX_YAML_BYTES:
        raise StorageError(f"{path}: too large to be ours ({size / 1e6:.1f} MB)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StorageError(f"{path}: cannot read ({error})") from error
    if shipped is not None and (found := shipped.get(path.name, text)) is not _MISSING:
        return found
    if not memo:
        return parse_yaml(text, path)
    found = _MEMO.get(str(path), text)
    if found is not _MISSING:
        return found
    data = parse_yaml(text, path)
    _MEMO.put(str(path), text, data)
    return data


def parse_yaml(text: str, path: Path | str) -> object:
    """``safe_load`` ``text`` (from ``path``, named in errors), bounded first (:func:`check_yaml_bounds`)."""
    import yaml

    try:
        check_yaml_bounds(text)
        return safe_load(text)
    except YAMLBoundsError as error:
        where = f"line {error.line}: " if error.line else ""
        raise StorageError(f"{path}: {where}{error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise StorageError(f"{path}: {where}invalid YAML ({problem})") from error
    except (MemoryError, RecursionError):  # within the bounds, but not in the memory there is
        raise StorageError(f"{path}: too much data to load") from None



_MISSING: Any = object()


class Memo:
    """Parsed YAML by key, with the text it was parsed from (compared whole: no hash to
    collide, and no hashing library to import), kept as one JSON file.

    ``where`` gives the file (asked again when NEWSREADER_HOME changes, as between tests)."""

    def __init__(self, where: Callable[[], Path]) -> None:
        self._where = where
        self._lock = threading.Lock()
        self._entries: dict[str, object] | None = None  # key -> [text, data as JSON]
        self._home: str | None = None

    def _load(self) -> dict[str, object]:
        home = os.environ.get("NEWSREADER_HOME")
        if self._entries is None or home != self._home:
            self._home = home
            try:
                raw = json.loads(self._where().read_text(encoding="utf-8"))
                entries = raw["entries"] if raw.get("version") == MEMO_VERSION else {}
                self._entries = entries if isinstance(entries, dict) else {}
            except (OSError, ValueError, TypeError, AttributeError, KeyError):
                self._entries = {}
        return self._entries

    def clear(self) -> None:
        """Forget every entry (the file is rewritten on the next ``put``)."""
        with self._lock:
            self._entries = {}
            self._home = os.environ.get("NEWSREADER_HOME")

    def get(self, key: str, text: str) -> object:
        """The data parsed from ``text`` under ``key``, or ``_MISSING``."""
        with self._lock:
            entry = self._load().get(key)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == text and isinstance(entry[1], str):
            return json.loads(entry[1])  # a fresh copy: callers may change what they get
        return _MISSING

    def put(self, key: str, text: str, data: object) -> None:
        """Remember ``data`` as parsed from ``text`` (unless JSON would not hold it exactly)."""
        try:
            data_json = json.dumps(data, ensure_ascii=False, allow_nan=False)
            if json.loads(data_json) != data:
                return  # JSON would change it (e.g. integer keys)
        except (TypeError, ValueError):
            return  # not JSON data (e.g. dates)
        with self._lock:
            entries = self._load()
            entries[key] = [text, data_json]
            memo = json.dumps({"version": MEMO_VERSION, "entries": entries}, ensure_ascii=False, indent=1)
            memo_file = UserFile(self._where(), lock_timeout=0)  # busy: skip, another process is writing it
            try:  # a cache: written atomically, but without fsync; losing it costs one parse
                with memo_file.locked():
                    memo_file.write(memo + "\n", durable=False, backup=False)
            except (OSError, StorageError):
                pass


def _memo_file() -> Path:
    from newsreader import paths

    return paths.cache_dir() / MEMO_NAME


_MEMO = Memo(_memo_file)
