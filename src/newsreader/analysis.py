"""One article's full analysis, as `newsreader analyze` prints it."""

from __future__ import annotations

from newsreader.articles import Article


def analyze_article(article: Article) -> dict:
    return article.to_dict()
