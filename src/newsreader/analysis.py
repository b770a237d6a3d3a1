"""One article's full analysis: what `newsreader analyze` prints and the reader shows."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsreader.articles import Article

if TYPE_CHECKING:  # the engines load on first use: importing this module stays cheap
    from newsreader.claims import Claim
    from newsreader.factchecks.matching import ClaimMatcher
    from newsreader.registry import Registry
    from newsreader.sources import Source

ANALYSIS_VERSION = 5
"""Bump when claims or sources change what they find: cached analyses are then redone."""

# Lines of the article that can carry claims: not headings, captions or credits.
PROSE_ROLES = frozenset({"key_point", "paragraph", "item", "quote"})


@dataclass
class Analysis:
    article: Article
    claims: list[Claim] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def check_worthy(self) -> list[Claim]:
        return [claim for claim in self.claims if claim.check_worthy]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for caches (the article itself is stored separately)."""
        return {
            "version": ANALYSIS_VERSION,
            "claims": [claim.to_dict() for claim in self.claims],
            "sources": [source.to_dict() for source in self.sources],
        }

    @classmethod
    def from_dict(cls, article: Article, data: object) -> Analysis:
        """Rebuild from :meth:`to_dict`; raises ``ValueError`` on data of another version or shape."""
        if not isinstance(data, dict) or data.get("version") != ANALYSIS_VERSION:
            raise ValueError("analysis from another version")
        return cls(
            article,
            [claim_from_dict(item) for item in data.get("claims", [])],
            [source_from_dict(item) for item in data.get("sources", [])],
        )


def source_from_dict(data: Mapping[str, Any]) -> Source:
    from newsreader.sources import Source

    return Source(
        name=str(data["name"]),
        aliases=[str(alias) for alias in data.get("aliases", [])],
        description=str(data.get("description", "")),
        kind=str(data.get("kind", "other")),
        mentions=[(int(m["start"]), int(m["end"])) for m in data.get("mentions", [])],
        tags=[str(tag) for tag in data.get("tags", [])],
    )


def claim_from_dict(data: Mapping[str, Any]) -> Claim:
    from newsreader.claims import Claim, Hedge

    span = data.get("source_span")
    return Claim(
        start=int(data["start"]),
        end=int(data["end"]),
        text=str(data["text"]),
        kind=str(data["kind"]),
        score=None if data.get("score") is None else float(data["score"]),
        hedges=tuple(Hedge(int(h["start"]), int(h["end"]), str(h["text"])) for h in data.get("hedges", [])),
        source=data.get("source"),
        source_span=(int(span[0]), int(span[1])) if span else None,
        reasons=tuple(str(reason) for reason in data.get("reasons", [])),
    )


def article_claims(article: Article) -> list[Claim]:
    """The claims in ``article.text`` that stand in its prose (offsets into ``article.text``)."""
    from newsreader.claims import find_claims

    if not article.ok:
        return []
    prose = [(segment.start, segment.end) for segment in article.segments if segment.role in PROSE_ROLES]
    starts = [start for start, _ in prose]
    kept = []
    for claim in find_claims(article.text, article.language, sources=False):
        index = bisect_right(starts, claim.start) - 1
        if index >= 0 and claim.start < prose[index][1]:
            kept.append(claim)
    return kept


def analyze(article: Article) -> Analysis:
    """Claims and sources of ``article``; claims carry the source they are attributed to.

    Sources come from the whole text (image credits included); claims only from prose.
    Tags from the user's registry are not applied here (see :func:`analyze_article`).
    """
    from newsreader.sources import analyse_sources, attribute

    if not article.ok:
        return Analysis(article)
    text = article.text
    sources = analyse_sources(text)
    claims = attribute(text, article_claims(article), sources)
    return Analysis(article, claims, sources)


def analyze_article(
    article: Article, registry: Registry | None = None, matcher: ClaimMatcher | None = None
) -> dict[str, Any]:
    """Every parsed field, plus ``claims`` and ``sources`` (with the registry's tags), as plain data.

    Each claim lists under ``checked`` the fact-checks it probably repeats (see :func:`add_checked`).
    """
    from newsreader.registry import apply_tags

    analysis = analyze(article)
    if registry is not None:
        apply_tags(analysis.sources, registry)
    data = article.to_dict()
    data["claims"] = [claim.to_dict() for claim in analysis.claims]
    data["sources"] = [source.to_dict() for source in analysis.sources]
    return add_checked(data, matcher)


def add_checked(record: dict[str, Any], matcher: ClaimMatcher | None = None) -> dict[str, Any]:
    """Give each claim of an analysed ``record`` its ``checked`` list, in place; returns ``record``.

    ``checked``: the fact-checks the claim probably repeats, best first (``{id, claim, rating, url,
    publisher, score}``; empty when none), from ``matcher``, by default the user's imported
    fact-checks and own verdicts (``factchecks.matching.default_matcher``, which reads nothing and
    builds no index when there are none).  Every writer of analysed records calls this, so that
    ``newsreader analyze``, the exports and the app agree.
    """
    if matcher is None:
        from newsreader.factchecks.matching import default_matcher

        matcher = default_matcher()
    for claim in record.get("claims") or []:
        text = claim.get("text")
        claim["checked"] = [match.to_dict() for match in matcher.matches(text)] if isinstance(text, str) else []
    return record
