"""Which files make up the library: the article files under its roots, and the roots themselves."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsreader import paths
from newsreader.articles import SUFFIXES, Article, load_article
from newsreader.config import Config


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

    for root in (os.fspath(root) for root in roots):
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
    """The bundled seeds, the pages fetched into the library, then the paths given, then the
    folders in the config file."""
    config = config or Config.load()
    web = paths.data_dir() / "web"  # pages and feed entries fetched by `newsreader add` / `fetch`
    fetched = [web] if web.is_dir() else []
    return [paths.seeds_dir(), *fetched, *(Path(path).expanduser() for path in extra), *config.folder_paths()]


def load_library(roots: Iterable[Path]) -> list[Article]:
    articles = []
    for path in discover(roots):
        articles.append(load_article(path))  # a missing or unreadable file comes back with the reason
    return articles
