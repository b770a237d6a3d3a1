"""The library: which files make up the reader's articles, and what has been read."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsreader import paths
from newsreader.articles import SUFFIXES, Article, load_article
from newsreader.config import Config
from newsreader.storage import StorageError, UserFile, dump_yaml, parse_yaml, read_yaml


def discover(roots: Iterable[Path]) -> Iterator[Path]:
    """Article files under ``roots``: files as given, folders recursively (sorted, hidden skipped).

    A path that does not exist is yielded too, so that it is reported, not ignored.
    The same file reached twice (a link, an overlapping folder) is yielded once.
    """
    return map(Path, discover_paths(roots))


def discover_paths(roots: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """:func:`discover`, as path strings (a Path per file is a third of the walk's time)."""
    seen: set[tuple[int, int]] = set()
    walked: set[tuple[int, int]] = set()  # folders, so that links back up (a -> ., b -> ..) end

    def first_time(key: tuple[int, int]) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    for root in map(os.fspath, roots):
        try:
            stat = os.stat(root)
        except OSError:
            yield root
            continue
        if not os.path.isdir(root):
            if first_time((stat.st_dev, stat.st_ino)):
                yield root
            continue
        if (stat.st_dev, stat.st_ino) in walked:
            continue
        walked.add((stat.st_dev, stat.st_ino))
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError:
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:  # a symlink loop: an article name is listed with the reason
                        is_dir = False
                    if is_dir:
                        if entry.is_symlink():
                            target = entry.stat()
                            key = (target.st_dev, target.st_ino)
                        else:
                            key = (stat.st_dev, entry.inode())
                        if key not in walked:
                            walked.add(key)
                            subfolders.append(entry.path)
                    elif os.path.splitext(entry.name)[1].lower() in SUFFIXES:
                        # The inode comes free with the directory listing; only links need a stat.
                        if entry.is_symlink():
                            try:
                                target = entry.stat()
                                key = (target.st_dev, target.st_ino)
                            except OSError:  # a loop or a dangling link: listed, with the reason
                                key = (stat.st_dev, entry.inode())
                        else:
                            key = (stat.st_dev, entry.inode())
                        if first_time(key):
                            yield entry.path
                except OSError:
                    continue
            stack.extend(reversed(subfolders))


def default_roots(extra: Iterable[str | os.PathLike[str]] = (), config: Config | None = None) -> list[Path]:
    """The bundled seeds, then the paths given, then the folders in the config file."""
    config = config or Config.load()
    return [paths.seeds_dir(), *(Path(path).expanduser() for path in extra), *config.folder_paths()]


def load_library(roots: Iterable[Path]) -> list[Article]:
    articles = []
    for path in discover(roots):
        articles.append(load_article(path))  # a missing or unreadable file comes back with the reason
    return articles


@dataclass
class ReadState:
    """Which articles have been read, by article id; kept in ``state.yaml`` in the data dir.

    :meth:`set_read` changes this copy; :meth:`save` merges the changes made since the last
    load or save into the file as it is on disk then (under its lock), so two running apps
    never undo each other's marks, and takes the merged set."""

    read: set[str] = field(default_factory=set)
    problem: str = ""
    path: Path = field(default_factory=lambda: paths.data_dir() / "state.yaml")
    _saved: set[str] = field(default_factory=set, repr=False, compare=False)  # as last on disk
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> ReadState:
        path = path or paths.data_dir() / "state.yaml"
        try:
            data = read_yaml(path, memo=True)
        except StorageError as error:
            return cls(problem=str(error), path=path)
        read, problem = _read_ids(data, path)
        return cls(read=read, problem=problem, path=path, _saved=set(read))

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def set_read(self, article_id: str, read: bool) -> None:
        with self._lock:
            (self.read.add if read else self.read.discard)(article_id)

    def save(self) -> None:
        """Merge this copy's changes into the file; a file we could not read is never overwritten."""
        if self.problem:
            raise StorageError(self.problem)
        with self._lock:
            mine = set(self.read)
            added, removed = mine - self._saved, self._saved - mine
        merged: set[str] = set()

        def change(text: str | None) -> str | None:
            data = parse_yaml(text, self.path) if text is not None else None
            on_disk, problem = _read_ids(data, self.path)
            if problem:
                raise StorageError(problem)
            merged.update((on_disk | added) - removed)
            if merged == on_disk and text is not None:
                return None
            kept = {key: value for key, value in data.items() if key not in ("schema_version", "read")} if data else {}
            return dump_yaml({"schema_version": 1, "read": sorted(merged), **kept})

        UserFile(self.path).update(change)
        with self._lock:  # marks made while saving are kept for the next save
            now = set(self.read)
            self._saved = set(merged)
            self.read = (merged | (now - mine)) - (mine - now)


def _read_ids(data: object, path: Path) -> tuple[set[str], str]:
    if data is None:
        return set(), ""
    if not isinstance(data, dict) or not isinstance(data.get("read", []), list):
        return set(), f"{path}: not a newsreader state file"
    return {str(item) for item in data.get("read") or []}, ""
