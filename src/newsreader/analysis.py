"""One article's full analysis: what `newsreader analyze` prints and the reader shows."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from newsreader.articles import Article
from newsreader.claims import Claim, find_claims

# Lines of the article that can carry claims: not headings, captions or credits.
PROSE_ROLES = frozenset({"key_point", "paragraph", "item", "quote"})


@dataclass
class Analysis:
    article: Article
    claims: list[Claim] = field(default_factory=list)

    @property
    def check_worthy(self) -> list[Claim]:
        return [claim for claim in self.claims if claim.score >= 0.5]


def article_claims(article: Article) -> list[Claim]:
    """The claims in ``article.text`` that stand in its prose (offsets into ``article.text``)."""
    if not article.ok:
        return []
    prose = [(segment.start, segment.end) for segment in article.segments if segment.role in PROSE_ROLES]
    starts = [start for start, _ in prose]
    kept = []
    for claim in find_claims(article.text):
        index = bisect_right(starts, claim.start) - 1
        if index >= 0 and claim.start < prose[index][1]:
            kept.append(claim)
    return kept


def analyze(article: Article) -> Analysis:
    return Analysis(article, article_claims(article))


def analyze_article(article: Article) -> dict:
    """Every parsed field, plus ``claims``, as plain data."""
    analysis = analyze(article)
    data = article.to_dict()
    data["claims"] = [claim.to_dict() for claim in analysis.claims]
    return data
