"""The library: which files make up the reader's articles (``discovery``), what has been read
(``readstate``), the index that caches every file's parsed article and analysis by content
(``database``: the SQLite file; ``index``: what is stored and read back; ``entries``: one file
read, parsed and analysed; ``rows``: what the list shows; ``quick``: the cheap first pass of a
cold start), and opening an article with the articles opened lately (``opening``)."""

from __future__ import annotations

from newsreader.library.database import FILE_NAME, SCHEMA, fts5_available, schema_version
from newsreader.library.discovery import default_roots, discover, discover_paths, load_library
from newsreader.library.index import LibraryIndex
from newsreader.library.opening import OpenedArticles, analyse, article_record, open_article
from newsreader.library.quick import QUICK_BYTES, QUICK_LINES, quick_row
from newsreader.library.readstate import ReadState
from newsreader.library.rows import IndexRow, Plan

__all__ = [
    "FILE_NAME",
    "QUICK_BYTES",
    "QUICK_LINES",
    "SCHEMA",
    "IndexRow",
    "LibraryIndex",
    "OpenedArticles",
    "Plan",
    "ReadState",
    "analyse",
    "article_record",
    "default_roots",
    "discover",
    "discover_paths",
    "fts5_available",
    "load_library",
    "open_article",
    "quick_row",
    "schema_version",
]
