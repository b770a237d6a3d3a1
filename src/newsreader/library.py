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
    """
    seen: set[str] = set()
    for root in roots:
        if root.is_dir():
            for directory, subdirs, files in os.walk(root):
                subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                        continue
                    path = Path(directory, name)
                    key = os.path.realpath(path)
                    if key not in seen:
                        seen.add(key)
                        yield path
        else:
            key = os.path.realpath(root)
            if key not in seen:
                seen.add(key)
                yield root


def default_roots(extra: Iterable[str | os.PathLike[str]] = (), config: Config | None = None) -> list[Path]:
    """The bundled seeds, then the paths given, then the folders in the config file."""
    config = config or Config.load()
    return [paths.seeds_dir(), *(Path(path).expanduser() for path in extra), *config.folder_paths()]


def load_library(roots: Iterable[Path]) -> list[Article]:
    articles = []
    for path in discover(roots):
        if not path.exists():
            articles.append(Article(path=str(path), title=path.name, error="no such file or folder"))
        else:
            articles.append(load_article(path))
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
            data = read_yaml(path)
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
