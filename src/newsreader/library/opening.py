"""Opening an article: the index's parsed article and analysis when it has them, else the file read
and analysed; and the articles opened lately, kept in memory."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from newsreader.articles import Article, load_article

if TYPE_CHECKING:
    from newsreader.analysis import Analysis
    from newsreader.library.index import LibraryIndex

Opened = tuple[Article, "Analysis"]


def analyse(article: Article) -> Analysis:
    """The analysis of ``article`` (claims and sources)."""
    # Imported on first use: the claims model is not needed to paint the first frame.
    from newsreader.analysis import analyze

    return analyze(article)


def open_article(path: str | os.PathLike[str], index: LibraryIndex | None = None) -> Opened:
    """The article at ``path`` and its analysis: from ``index`` when it has them (the file is not
    touched), else read from the file and analysed."""
    found = index.load(path) if index is not None else None
    if found is None:
        article = load_article(path)
        found = (article, analyse(article))
    return found


def article_record(path: str | os.PathLike[str], index: LibraryIndex | None = None) -> dict[str, Any]:
    """The analysed record of one file, as ``newsreader analyze`` and the exports write it."""
    article, analysis = open_article(path, index)
    record = article.to_dict()
    record["claims"] = [claim.to_dict() for claim in analysis.claims]
    record["sources"] = [source.to_dict() for source in analysis.sources]
    from newsreader.analysis import add_checked

    return add_checked(record)


class OpenedArticles:
    """The articles opened lately, by path (most recent last, at most ``keep``): reopening one costs
    nothing.  :meth:`open` fills it through :func:`open_article`."""

    def __init__(self, index: LibraryIndex | None = None, keep: int = 32) -> None:
        self.index = index
        self.keep = keep
        self._opened: OrderedDict[str, Opened] = OrderedDict()

    def open(self, path: str) -> Opened:
        """The article at ``path`` and its analysis: from memory, the index, or the file itself."""
        found = self._opened.get(path)
        if found is None:
            found = open_article(path, self.index)
            self._opened[path] = found
            while len(self._opened) > self.keep:
                self._opened.popitem(last=False)
        else:
            self._opened.move_to_end(path)
        return found

    def get(self, path: str) -> Opened | None:
        """The article at ``path`` if it is in memory (it stays where it is in the order)."""
        return self._opened.get(path)

    def pop(self, path: str, default: Opened | None = None) -> Opened | None:
        """Forget the article at ``path`` (it changed, or left the library)."""
        return self._opened.pop(path, default)

    def __contains__(self, path: object) -> bool:
        return path in self._opened

    def __len__(self) -> int:
        return len(self._opened)
