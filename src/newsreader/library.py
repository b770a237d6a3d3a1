"""The library: which files make up the reader's articles, and what has been read."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsreader import paths
from newsreader.articles import SUFFIXES, Article, load_article
from newsreader.config import Config
from newsreader.storage import StorageError, atomic_write, dump_yaml, read_yaml


def discover(roots: Iterable[Path]) -> Iterator[Path]:
    """Article files under ``roots``: files as given, folders recursively (sorted, hidden skipped).

    A path that does not exist is yielded too, so that it is reported, not ignored.
    The same file reached twice (a link, an overlapping folder) is yielded once.
    """
    return map(Path, discover_paths(roots))


def discover_paths(roots: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """:func:`discover`, as path strings (a Path per file is a third of the walk's time)."""
    seen: set[tuple[int, int]] = set()

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
    """Which articles have been read, by article id; kept in ``state.yaml`` in the data dir."""

    read: set[str] = field(default_factory=set)
    problem: str = ""
    path: Path = field(default_factory=lambda: paths.data_dir() / "state.yaml")

    @classmethod
    def load(cls, path: Path | None = None) -> ReadState:
        path = path or paths.data_dir() / "state.yaml"
        try:
            data = read_yaml(path, memo=True)
        except StorageError as error:
            return cls(problem=str(error), path=path)
        if data is None:
            return cls(path=path)
        if not isinstance(data, dict) or not isinstance(data.get("read", []), list):
            return cls(problem=f"{path}: not a newsreader state file", path=path)
        return cls(read={str(item) for item in data.get("read") or []}, path=path)

    def is_read(self, article_id: str) -> bool:
        return article_id in self.read

    def set_read(self, article_id: str, read: bool) -> None:
        (self.read.add if read else self.read.discard)(article_id)

    def save(self) -> None:
        """Write the state; a file we could not read is never overwritten."""
        if self.problem:
            raise StorageError(self.problem)
        atomic_write(self.path, dump_yaml({"schema_version": 1, "read": sorted(self.read)}))
