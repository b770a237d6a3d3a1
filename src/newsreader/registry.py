"""The source registry: the user's YAML file of sources with tags, reliability and notes
(``data_dir()/sources.yaml``), matched across articles by normalised name and aliases.

Every change (:meth:`Registry.tag`, ``set_tags``, ``untag``, ``remove``) is one operation on
the file *as it is on disk now*: under the file's lock (:class:`newsreader.storage.UserFile`)
the file is read again, the change applied, the file written and this object refreshed, so
two running apps or a hand edit made meanwhile are never lost.  Comments, key order and
layout of a hand-edited file are kept (:mod:`newsreader.yamledit`); keys this version does
not know are kept as they are.  A file that cannot be read is never overwritten.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from newsreader.sanitize import clean_line, clean_text
from newsreader.sources import KINDS, PRESET_TAGS, Source, normalise

__all__ = ["Entry", "Registry", "RegistryError", "apply_tags", "registry_path"]

T = TypeVar("T")


class RegistryError(Exception):
    """The registry cannot be changed or saved; the message names the file (and line)."""


def registry_path() -> Path:
    from newsreader import paths

    return paths.data_dir() / "sources.yaml"


_ENTRY_KEYS = ("name", "aliases", "kind", "tags", "reliability", "note")


@dataclass
class Entry:
    """A source as the user keeps it across articles."""

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "other"
    tags: list[str] = field(default_factory=list)
    reliability: int | None = None
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)  # keys this version does not know: kept as they are

    def keys(self) -> list[str]:
        return [k for k in (normalise(n) for n in [self.name, *self.aliases]) if k]

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"name": self.name, "aliases": list(self.aliases), "kind": self.kind,
                      "tags": list(self.tags), "reliability": self.reliability, "note": self.note}
        for key in sorted(self.extra, key=str):
            if key not in data:
                data[key] = self.extra[key]
        return data


_HEADER = """\
# newsreader source registry: one entry per source, sorted by name.
# Edit freely. Fields: name, aliases (list), kind (one of: {kinds}),
# tags (list; presets: {tags}),
# reliability (1-5 or null), note (text). Unknown fields are kept as they are.
"""


def _clean_names(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        c = clean_line(v)
        if c and c not in out:
            out.append(c)
    return out


def _sort_key(entry: Entry) -> tuple[str, str]:
    return entry.name.casefold(), entry.name


class Registry:
    """The user's source registry (``data_dir()/sources.yaml``).

    ``Registry.load()`` never raises: a file that cannot be read or is not a
    registry sets :attr:`problem` (naming the file and line) and makes the
    registry read-only: :meth:`tag`, :meth:`untag` and :meth:`save` raise
    :class:`RegistryError` and the file is never overwritten.

    Changes are saved as they are made (blocking: call them off the UI thread).
    """

    def __init__(self, path: Path, entries: list[Entry] | None = None, problem: str | None = None,
                 extra: dict[object, object] | None = None, *, lock_timeout: float | None = None):
        self.path = path
        self.entries: list[Entry] = entries or []
        self.problem = problem
        self.extra = extra or {}  # top-level keys other than "sources"
        self.lock_timeout = lock_timeout
        self._index: dict[str, Entry] | None = None
        self._changing = threading.Lock()
        self._edited: tuple[str, Any] | None = None  # the last saved text and its round-trip document

    @property
    def read_only(self) -> bool:
        return self.problem is not None

    # -- loading ------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Registry:
        from newsreader.storage import StorageError, read_user_bytes

        path = Path(path) if path is not None else registry_path()
        try:
            raw = read_user_bytes(path)
        except StorageError as error:
            return cls(path, problem=str(error))
        if raw is None:
            return cls(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            return cls(path, problem=f"{path}: line {line}: not valid UTF-8 text; fix or move the file "
                                     "(it is left untouched)")
        entries, extra, problem = _read(path, text)
        return cls(path, entries, problem, extra)

    def reload(self) -> None:
        """Take the file as it is on disk now (after a failed change, or to see others' edits)."""
        fresh = Registry.load(self.path)
        self._take(fresh.entries, fresh.extra, fresh.problem)

    def _take(self, entries: list[Entry], extra: dict[object, object], problem: str | None) -> None:
        index: dict[str, Entry] = {}
        for entry in entries:
            for key in entry.keys():
                index.setdefault(key, entry)
        self._index = index  # a reader on another thread sees the old state or the new one
        self.entries = entries
        self.extra = extra
        self.problem = problem

    # -- look-ups -------------------------------------------------------------
    def _keys(self) -> dict[str, Entry]:
        index = self._index
        if index is None:
            index = {}
            for entry in self.entries:
                for key in entry.keys():
                    index.setdefault(key, entry)
            self._index = index
        return index

    def names_with_tag(self, tag: str) -> list[str]:
        """Names and aliases of every entry carrying ``tag`` (or a tag starting with it), case-insensitively."""
        wanted = tag.casefold()
        return [
            name
            for entry in self.entries
            if any(have.casefold().startswith(wanted) for have in entry.tags)
            for name in (entry.name, *entry.aliases)
        ]

    def lookup(self, source: Source | Entry | str) -> Entry | None:
        """The entry whose name or an alias matches the source's name or an alias."""
        index = self._keys()
        for name in _names_of(source):
            entry = index.get(normalise(name))
            if entry is not None:
                return entry
        return None

    def __len__(self) -> int:
        return len(self.entries)

    # -- changes (each one saved at once, merged into the file on disk) ---------
    def _check_writable(self) -> None:
        if self.problem is not None:
            raise RegistryError(f"the source registry is read-only: {self.problem}")

    def tag(self, source: Source | str, tags: list[str], reliability: int | None = None,
            note: str | None = None) -> Entry:
        """Add ``tags`` (and set reliability/note when given) to the source's entry, creating it."""
        _check_reliability(reliability)
        _names_or_fail(source)
        return self._change(lambda registry: registry._tag(source, tags, reliability, note))

    def set_tags(self, source: Source | str, tags: list[str], reliability: int | None, *,
                 save: bool = True) -> Entry:
        """Make the source's tags exactly ``tags`` and its reliability ``reliability`` (None: unrated).

        ``save=False`` changes only this copy (to show a change at once; the app then saves
        it with ``save=True`` off the UI thread)."""
        _check_reliability(reliability)
        _names_or_fail(source)

        def change(registry: Registry) -> Entry:
            registry._untag(source, None)
            entry = registry._tag(source, tags, reliability, None)
            entry.reliability = reliability
            return entry

        if not save:
            self._check_writable()
            return change(self)
        return self._change(change)

    def untag(self, source: Source | str, tags: list[str] | None = None) -> Entry | None:
        """Remove ``tags`` (all tags when None) from the source's entry."""
        return self._change(lambda registry: registry._untag(source, tags))

    def remove(self, source: Source | str) -> bool:
        return self._change(lambda registry: registry._remove(source))

    def save(self) -> None:
        """Nothing to write: every change is saved when it is made.  Raises RegistryError, as
        every change does, when the file could not be read (it is never overwritten)."""
        self._check_writable()

    def _change(self, change: Callable[[Registry], T]) -> T:
        """Apply ``change`` to the registry as on disk now, under the file's lock; write the
        file (keeping its comments and layout) and take the result as this object's state.
        The file on disk decides whether it may be changed (a file fixed by hand since it was
        loaded may be).  The result returned is this object's copy (an entry of :attr:`entries`)."""
        from newsreader.storage import LOCK_TIMEOUT, StorageError, UserFile

        timeout = LOCK_TIMEOUT if self.lock_timeout is None else self.lock_timeout
        user_file = UserFile(self.path, lock_timeout=timeout)
        with self._changing:
            try:
                with user_file.locked():
                    problem: str | None
                    try:
                        text = user_file.read_text()
                    except StorageError as error:
                        problem = str(error)
                    else:
                        entries, extra, problem = _read(self.path, text) if text is not None else ([], {}, None)
                    if problem is not None:
                        self.problem = problem
                        self._check_writable()
                    fresh = Registry(self.path, entries, extra=extra)
                    before = [(entry, copy.deepcopy(entry)) for entry in entries]
                    result = change(fresh)
                    edited, self._edited = self._edited, None  # a failed save leaves no document behind
                    new_text, document = _edited(text, before, fresh, edited)
                    if new_text is not None and new_text != text:
                        user_file.write(new_text)
                    if new_text is not None and document is not None:
                        self._edited = (new_text, document)
                    self._take(fresh.entries, fresh.extra, None)
            except StorageError as error:
                raise RegistryError(f"source tags not saved: {error}") from None
            except OSError as error:
                raise RegistryError(f"{self.path}: source tags not saved ({error.strerror or error})") from None
        return result

    # the changes themselves, on this object only (``_change`` runs them on a fresh copy)
    def _tag(self, source: Source | str, tags: list[str], reliability: int | None, note: str | None) -> Entry:
        entry = self.lookup(source)
        names = _names_or_fail(source)
        if entry is None:
            kind = source.kind if isinstance(source, (Source, Entry)) and source.kind in KINDS else "other"
            entry = Entry(name=names[0], aliases=names[1:], kind=kind)
            self.entries.append(entry)
        else:
            known = set(entry.keys())
            for alias in names:
                if normalise(alias) not in known:
                    entry.aliases.append(alias)
                    known.add(normalise(alias))
        for t in _clean_names(list(tags)):
            if t not in entry.tags:
                entry.tags.append(t)
        if reliability is not None:
            entry.reliability = reliability
        if note is not None:
            entry.note = clean_text(note).strip()
        self._index = None
        return entry

    def _untag(self, source: Source | str, tags: list[str] | None) -> Entry | None:
        entry = self.lookup(source)
        if entry is None:
            return None
        if tags is None:
            entry.tags = []
        else:
            drop = set(_clean_names(list(tags)))
            entry.tags = [t for t in entry.tags if t not in drop]
        return entry

    def _remove(self, source: Source | str) -> bool:
        entry = self.lookup(source)
        if entry is None:
            return False
        self.entries.remove(entry)
        self._index = None
        return True

    # -- the file ---------------------------------------------------------------
    def dumps(self) -> str:
        """The whole registry as a new file (sorted by name, with the explaining header)."""
        from newsreader.storage import dump_yaml

        entries = sorted(self.entries, key=_sort_key)
        data: dict[object, object] = {"version": 1}
        for key in sorted(self.extra, key=str):
            if key not in ("version", "sources"):
                data[key] = self.extra[key]
        data["sources"] = [e.to_dict() for e in entries]
        return _header() + dump_yaml(data)


def _header() -> str:
    return _HEADER.format(kinds=", ".join(KINDS), tags=", ".join(PRESET_TAGS))


def _check_reliability(reliability: object) -> None:
    if reliability is not None and (isinstance(reliability, bool) or not isinstance(reliability, int)
                                    or not 1 <= reliability <= 5):
        raise ValueError(f"reliability must be 1-5 or None, not {reliability!r}")


def _names_or_fail(source: Source | Entry | str) -> list[str]:
    names = _clean_names(_names_of(source))
    if not names:
        raise ValueError("a source needs a name")
    return names


def _names_of(source: Source | Entry | str) -> list[str]:
    if isinstance(source, str):
        return [source]
    return [source.name, *source.aliases]


def _read(path: Path, text: str) -> tuple[list[Entry], dict[object, object], str | None]:
    """Entries and other top-level keys of a registry text, or the problem that makes it read-only."""
    from newsreader.storage import StorageError, parse_yaml

    try:
        data = parse_yaml(text, path)
    except StorageError as error:
        return [], {}, str(error)
    if data is None:
        return [], {}, None
    try:
        entries, extra = _parse(data)
    except _Bad as bad:
        line = _line_of(text, bad.where)
        where = f"line {line}: " if line else ""
        return [], {}, f"{path}: {where}{bad.message}; fix or move the file (it is left untouched)"
    return entries, extra, None


def _edited(text: str | None, before: list[tuple[Entry, Entry]], registry: Registry,
            edited: tuple[str, Any] | None = None) -> tuple[str | None, Any]:
    """``text`` with the changes made to ``registry`` since ``before`` (each loaded entry with a
    copy of it as loaded), its comments, order and layout kept (None: nothing changed), and
    the round-trip document it was made from (None when the file is written anew).  The
    result is parsed back and must give exactly the registry's entries; otherwise the whole
    file is written anew.  ``edited``: the text and document of this process's last save
    (its document is reused when the file has not changed since: loading is the slow part)."""
    from newsreader import yamledit
    from newsreader.storage import StorageError, parse_yaml

    same_entries = [id(entry) for entry in registry.entries] == [id(entry) for entry, _ in before]
    if same_entries and all(entry == old for entry, old in before):
        return None, None
    if text is None or not text.strip() or text == Registry(registry.path, [old for _, old in before],
                                                            extra=registry.extra).dumps():
        registry.entries.sort(key=_sort_key)  # as in the file
        registry._index = None
        return registry.dumps(), None  # a new file, or one as newsreader writes it: nothing of the user's to keep
    document = edited[1] if edited is not None and edited[0] == text else yamledit.Document(text)
    data = document.data
    if not isinstance(data.get("sources"), list):
        data["sources"] = yamledit.value([])
    items = data["sources"]
    kept = {id(entry) for entry in registry.entries}
    for index in range(len(before) - 1, -1, -1):  # removed entries
        if id(before[index][0]) not in kept:
            del items[index]
    loaded = [(entry, old) for entry, old in before if id(entry) in kept]
    old_by_id = {id(entry): old for entry, old in loaded}
    ordered = [entry for entry, _ in loaded]  # parallel to ``items``
    was_sorted = all(_sort_key(a) <= _sort_key(b) for a, b in zip(ordered, ordered[1:]))
    for entry in registry.entries:
        old = old_by_id.get(id(entry))
        if old is None:  # a new entry: in name order when the file is in name order
            position = len(ordered)
            if was_sorted:
                position = next((i for i, have in enumerate(ordered) if _sort_key(entry) < _sort_key(have)),
                                len(ordered))
            items.insert(position, yamledit.value(entry.to_dict()))
            ordered.insert(position, entry)
        elif entry != old:
            item = items[next(i for i, have in enumerate(ordered) if have is entry)]
            for key in _ENTRY_KEYS:
                if getattr(entry, key) != getattr(old, key):
                    yamledit.set_key(item, key, getattr(entry, key))
    registry.entries[:] = ordered
    registry._index = None
    new_text = document.dump()
    try:
        entries, extra = _parse(parse_yaml(new_text, registry.path))
    except (StorageError, _Bad):
        entries, extra = None, None
    if entries != registry.entries or extra != registry.extra:
        return registry.dumps(), None  # comments lost, never data
    return new_text, document


class _Bad(Exception):
    def __init__(self, message: str, where: tuple[str | int, ...] = ()):
        super().__init__(message)
        self.message = message
        self.where = where  # path into the YAML document: ("sources", 3, "tags")


def _parse(data: object) -> tuple[list[Entry], dict[object, object]]:
    if not isinstance(data, dict):
        raise _Bad("not a source registry (expected a mapping with a 'sources' list)")
    extra = {k: v for k, v in data.items() if k not in ("sources", "version")}
    version = data.get("version", 1)
    if version != 1:
        raise _Bad(f"unsupported registry version {version!r} (this newsreader writes version 1)", ("version",))
    raw = data.get("sources")
    if raw is None:
        return [], extra
    if not isinstance(raw, list):
        raise _Bad("'sources' must be a list of entries", ("sources",))
    entries = []
    for i, item in enumerate(raw):
        where = ("sources", i)
        if not isinstance(item, dict):
            raise _Bad(f"entry {i + 1} is not a mapping with a name", where)
        for key in item:
            if not isinstance(key, str):
                raise _Bad(f"entry {i + 1}: field names must be text, not {key!r}", where)
        name = item.get("name")
        if not isinstance(name, str) or not clean_line(name):
            raise _Bad(f"entry {i + 1}: 'name' must be non-empty text", where + ("name",))
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _Bad(f"entry {i + 1} ({clean_line(name)!r}): 'aliases' must be a list of text", where + ("aliases",))
        kind = item.get("kind") or "other"
        if kind not in KINDS:
            raise _Bad(f"entry {i + 1} ({clean_line(name)!r}): 'kind' must be one of {', '.join(KINDS)}",
                       where + ("kind",))
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise _Bad(f"entry {i + 1} ({clean_line(name)!r}): 'tags' must be a list of text", where + ("tags",))
        reliability = item.get("reliability")
        if reliability is not None and (isinstance(reliability, bool) or not isinstance(reliability, int)
                                        or not 1 <= reliability <= 5):
            raise _Bad(f"entry {i + 1} ({clean_line(name)!r}): 'reliability' must be 1-5 or empty",
                       where + ("reliability",))
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise _Bad(f"entry {i + 1} ({clean_line(name)!r}): 'note' must be text", where + ("note",))
        entries.append(Entry(
            name=clean_line(name), aliases=_clean_names(aliases), kind=kind, tags=_clean_names(tags),
            reliability=reliability, note=clean_text(note or "").strip(),
            extra={k: v for k, v in item.items() if k not in _ENTRY_KEYS},
        ))
    return entries, extra


def _line_of(text: str, where: tuple[str | int, ...]) -> int | None:
    """1-based line of the node at ``where`` in the YAML text, or None."""
    from newsreader.storage import yaml_line

    return yaml_line(text, where)  # a walk of the events: a registry at the YAML bounds is not built twice


def apply_tags(sources: list[Source], registry: Registry) -> list[Source]:
    """Fill every source's ``tags`` from its registry entry (empty when it has none)."""
    for src in sources:
        entry = registry.lookup(src)
        src.tags = list(entry.tags) if entry is not None else []
    return sources
