"""Safe files on disk: atomic writes and size-capped, safe YAML reads.

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
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

MAX_YAML_BYTES = 16 * 1024 * 1024
MAX_YAML_EVENTS = 1_500_000
"""Parser events (scalars, starts and ends of lists and maps) a YAML file may hold: a notes file of
10,000 notes has about 200,000; 16 MB of tiny nested lists would have millions (and gigabytes
of node tree).  Counted on the event stream, before any tree is built."""
MAX_YAML_DEPTH = 64
MEMO_NAME = "yaml-memo.json"
MEMO_VERSION = 2


class StorageError(Exception):
    """A user file that could not be read or written; the message names the file."""


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


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


class YAMLBoundsError(ValueError):
    """A YAML text over a bound (events, depth) or with an alias; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def check_yaml_bounds(text: str, *, max_events: int = MAX_YAML_EVENTS, max_depth: int = MAX_YAML_DEPTH) -> None:
    """Walk the YAML event stream of ``text`` (libyaml's parser, nothing kept) and refuse it
    before any node tree is built: an alias (billion laughs), more than ``max_events``
    events, or lists and maps nested deeper than ``max_depth``.  Raises :class:`YAMLBoundsError`
    (and ``yaml.YAMLError`` for text that is not YAML at all); time and memory stay bounded."""
    import yaml

    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    alias = yaml.AliasEvent
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=_safe_loader()), 1):
        kind = type(event)
        if kind in starts:
            depth += 1
            if depth > max_depth:
                raise YAMLBoundsError(f"nested more than {max_depth} levels deep", event.start_mark.line + 1)
        elif kind in ends:
            depth -= 1
        elif kind is alias:
            raise YAMLBoundsError("YAML aliases are not allowed", event.start_mark.line + 1)
        if count > max_events:
            raise YAMLBoundsError(f"too much data (over {max_events:,} YAML items)", event.start_mark.line + 1)


def parse_yaml(text: str, path: Path | str) -> object:
    """``safe_load`` ``text`` (from ``path``, named in errors), bounded first (:func:`check_yaml_bounds`)."""
    import yaml

    try:
        check_yaml_bounds(text)
        return _safe_load(text)
    except YAMLBoundsError as error:
        where = f"line {error.line}: " if error.line else ""
        raise StorageError(f"{path}: {where}{error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise StorageError(f"{path}: {where}invalid YAML ({problem})") from error


def _safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load(text: str) -> object:
    """``yaml.safe_load``, with the C-accelerated safe loader when PyYAML has it."""
    loader = _safe_loader()(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def dump_yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


_MISSING: Any = object()


class Memo:
    """Parsed YAML by key, with the text it was parsed from (compared whole: no hash to
    collide, and no hashing library to import), kept as one JSON file.

    ``where`` gives the file (asked again when NEWSREADER_HOME changes, as between tests)."""

    def __init__(self, where: Callable[[], Path]) -> None:
        self._where = where
        self._lock = threading.Lock()
        self._entries: dict[str, list] | None = None  # key -> [text, data as JSON]
        self._home: str | None = None

    def _load(self) -> dict[str, list]:
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
            target = self._where()
            try:  # a cache: written atomically, but without fsync; losing it costs one parse
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(memo + "\n")
                os.replace(temp, target)
            except OSError:
                pass


def _memo_file() -> Path:
    from newsreader import paths

    return paths.cache_dir() / MEMO_NAME


_MEMO = Memo(_memo_file)
