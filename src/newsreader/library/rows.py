"""What the article list knows of one file (:class:`IndexRow`), what a sync has to do (:class:`Plan`),
and the small helpers both the index and the quick first pass use."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsreader.articles import content_id


class _Corrupt(Exception):
    """Something stored in the index does not decode: the index is rebuilt."""


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


_SEP = "\x1f"  # between the list fields in files.listing
_LISTED = 7  # title, source, category, author, published, url, error


def _roots_key(roots: Sequence[str | os.PathLike[str]]) -> str:
    return "\n".join(_key_path(root) for root in roots)


def _key_path(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def _error_id(path: str) -> str:
    # The same id load_article gives a file it could not read (Article.identity).
    return content_id("error\0" + path)


def _listing(row: IndexRow) -> str:
    fields = (row.title, row.source, row.category, row.author, row.published, row.url, row.error)
    return _SEP.join(field.replace(_SEP, " ") for field in fields)


def _make_row(name: str, found: Sequence[Any]) -> IndexRow:
    """The row of ``name`` from ``files`` columns (path, article_id, listing, claims, worthy)."""
    parts = found[2].split(_SEP)
    if len(parts) != _LISTED:
        raise _Corrupt("undecodable list entry")
    title, source, category, author, published, url, error = parts
    return IndexRow(name, found[1], title, source, category, author, published, url, error, found[3], found[4])


def _path_title(path: str, error: bool) -> str:
    # load_article's fallbacks: the file name for a failed file, else the stem.
    return Path(path).name if error else Path(path).stem
