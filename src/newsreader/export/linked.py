"""Linked-data exports that fact-checking tools read: schema.org ClaimReview and W3C Web Annotation.

``claimreview``: a JSON array of `ClaimReview <https://schema.org/ClaimReview>`_ objects
(each with its own ``@context``, so any one can go into a page's
``<script type="application/ld+json">``), one per claim that has a verdict.  The verdict is
``reviewRating.alternateName``; ``ratingValue`` is on the scale :data:`RATING_SCALE`
(1 = false ... 5 = verified, ``worstRating`` 1, ``bestRating`` 5).  The claim's author is the
source it is attributed to; its appearance is the article.

``webannotation``: a `W3C Web Annotation <https://www.w3.org/TR/annotation-model/>`_
``AnnotationCollection`` holding one ``Annotation`` per note (purpose ``commenting``) and
per verdict (purpose ``assessing``), each targeting the article (its URL, or the file's
``file:`` URI) with a ``TextQuoteSelector`` and a ``TextPositionSelector`` when it is on a
quote.  Ids are stable ``urn:uuid:`` values made from the article and note ids, so
re-exporting gives the same ids.

Neither vocabulary has a place for files that could not be read: the caller reports
``collect(...)["problems"]`` (the CLI prints them on stderr).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsreader.notes import DISPUTED, FALSE, MISLEADING, NEEDS_CONTEXT, UNCHECKED, UNPROVEN, VERIFIED
from newsreader.sanitize import clean_line

SCHEMA_ORG = "https://schema.org"
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

WORST_RATING = 1
BEST_RATING = 5
RATING_SCALE: Mapping[str, int] = {
    FALSE: 1,
    MISLEADING: 2,
    DISPUTED: 3,
    UNPROVEN: 3,
    NEEDS_CONTEXT: 4,
    VERIFIED: 5,
}
"""``reviewRating.ratingValue`` of each verdict: 1 (false) to 5 (verified); a verdict not
listed (hand-edited) gets only its name (``alternateName``)."""

PERSON_KINDS = frozenset({"politician", "expert", "anonymous"})
"""Source kinds whose ClaimReview author is a ``Person``; other kinds are an ``Organization``."""

_NAMESPACE = uuid.UUID("6f6b1d8e-3c1e-5b8e-9a51-6e6577737265")  # newsreader's namespace for uuid5 ids


@dataclass(frozen=True)
class Reviewer:
    """Who reviews: ClaimReview's ``author`` and each annotation's ``creator``."""

    name: str = "newsreader user"
    type: str = "Person"  # or "Organization"
    url: str | None = None

    def to_schema(self) -> dict[str, Any]:
        data: dict[str, Any] = {"@type": self.type, "name": self.name}
        if self.url:
            data["url"] = self.url
        return data

    def to_annotation(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "name": self.name}
        if self.url:
            data["id"] = self.url
        return data

    @classmethod
    def from_data(cls, data: object) -> Reviewer:
        """From the config's ``reviewer:`` entry: a name, or ``{name, type, url}``; anything else: the default."""
        if isinstance(data, str) and clean_line(data):
            return cls(clean_line(data))
        if not isinstance(data, Mapping):
            return cls()
        name = clean_line(str(data.get("name") or "")) or cls.name
        kind = "Organization" if str(data.get("type") or "").casefold() == "organization" else "Person"
        url = clean_line(str(data.get("url") or "")) or None
        return cls(name, kind, url)


def configured_reviewer() -> Reviewer:
    """The reviewer named in the config file's ``reviewer:`` entry, or the default one.  A config
    file that cannot be read gives the default (the app and the CLI report that file themselves)."""
    from newsreader import paths
    from newsreader.storage import StorageError, read_yaml

    try:
        data = read_yaml(paths.config_file())
    except StorageError:
        return Reviewer()
    return Reviewer.from_data(data.get("reviewer") if isinstance(data, Mapping) else None)


def _is_web(url: Any) -> bool:
    return isinstance(url, str) and url.split(":", 1)[0].casefold() in ("http", "https")


def article_uri(article: Mapping[str, Any]) -> str:
    """Where the article is: its web URL, else its file as a ``file:`` URI, else a ``urn:`` of its id."""
    url = article.get("url")
    if _is_web(url):
        return clean_line(str(url))
    path = article.get("path")
    if isinstance(path, str) and path:
        return Path(path).expanduser().absolute().as_uri()
    return f"urn:newsreader:article:{clean_line(str(article.get('id') or ''))}"


def _stable_urn(*parts: Any) -> str:
    return uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)).urn


def _source_author(claim: Mapping[str, Any], article: Mapping[str, Any]) -> dict[str, Any] | None:
    name = claim.get("source")
    if not isinstance(name, str) or not name:
        return None
    kind = next((s.get("kind") for s in article.get("sources") or [] if s.get("name") == name), None)
    return {"@type": "Person" if kind in PERSON_KINDS else "Organization", "name": name}


def claim_reviews(data: Mapping[str, Any], reviewer: Reviewer | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim with a verdict in ``data`` (from :func:`~newsreader.export.collect`)."""
    reviewer = reviewer or Reviewer()
    reviews = []
    for article in data.get("articles") or []:
        uri = article_uri(article)
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": uri}
        if article.get("title"):
            appearance["headline"] = article["title"]
        if article.get("published"):
            appearance["datePublished"] = article["published"]
        if article.get("publication"):
            appearance["publisher"] = {"@type": "Organization", "name": article["publication"]}
        for claim in article.get("claims") or []:
            verdict = claim.get("verdict")
            if not verdict or verdict == UNCHECKED:
                continue
            rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
            if verdict in RATING_SCALE:
                rating.update(ratingValue=RATING_SCALE[verdict], bestRating=BEST_RATING, worstRating=WORST_RATING)
            item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
            author = _source_author(claim, article)
            if author is not None:
                item["author"] = author
            review: dict[str, Any] = {
                "@context": SCHEMA_ORG,
                "@type": "ClaimReview",
                "@id": _stable_urn("claimreview", article.get("id"), claim.get("start"), claim.get("end")),
                "claimReviewed": claim.get("text") or "",
                "reviewRating": rating,
                "itemReviewed": item,
                "author": reviewer.to_schema(),
                "datePublished": claim.get("verdict_updated"),
                "url": uri,
            }
            notes = [note["body"] for note in claim.get("notes") or []]
            if notes:
                review["reviewBody"] = "\n\n".join(notes)
            reviews.append(review)
    return reviews


def to_claimreview(data: Mapping[str, Any], reviewer: Reviewer | None = None) -> str:
    return json.dumps(claim_reviews(data, reviewer), ensure_ascii=False, indent=2) + "\n"


def _selectors(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    quote = item.get("quote")
    if not isinstance(quote, str):
        return []
    by_quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": quote}
    for key in ("prefix", "suffix"):
        if item.get(key):
            by_quote[key] = item[key]
    selectors: list[dict[str, Any]] = [by_quote]
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    return selectors


def _annotation(article: Mapping[str, Any], item: Mapping[str, Any], reviewer: Reviewer,
                quote: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``item``: a note or verdict view; ``quote``: what it is on, when not on its own quote (a claim)."""
    target: dict[str, Any] = {"source": article_uri(article)}
    selectors = _selectors(quote if quote is not None else item)
    if selectors:
        target["selector"] = selectors
    if item["type"] == "verdict":
        body: Any = {"type": "TextualBody", "value": item["verdict"], "format": "text/plain", "purpose": "assessing"}
        created, modified = item.get("updated"), item.get("updated")
    else:
        body = {"type": "TextualBody", "value": item["body"], "format": "text/plain", "purpose": "commenting"}
        created, modified = item.get("created"), item.get("updated") or item.get("created")
        if item.get("source"):  # a note on a source: the source it is about, as a second body
            body = [body, {"type": "TextualBody", "value": item["source"], "purpose": "identifying"}]
    annotation: dict[str, Any] = {
        "id": _stable_urn("annotation", article.get("id"), item.get("id")),
        "type": "Annotation",
        "motivation": "assessing" if item["type"] == "verdict" else "commenting",
        "creator": reviewer.to_annotation(),
        "created": created,
        "modified": modified,
        "body": body,
        "target": target,
    }
    return {key: value for key, value in annotation.items() if value is not None}


def _annotated(article: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any] | None]]:
    """Every note and verdict of ``article`` with the quote it is on (None: its own or none)."""
    for note in article.get("article_notes") or []:
        yield note, None
    for claim in article.get("claims") or []:
        verdict = claim.get("verdict")
        if verdict and verdict != UNCHECKED:
            item_id = claim.get("verdict_id") or f"verdict-{claim.get('start')}-{claim.get('end')}"
            yield ({"id": item_id, "type": "verdict", "verdict": verdict, "updated": claim.get("verdict_updated")},
                   _claim_quote(claim))
        for note in claim.get("notes") or []:
            yield note, None
    for source in article.get("sources") or []:
        for note in source.get("notes") or []:
            yield note, None
    for key in ("unmatched", "detached"):
        for item in article.get(key) or []:
            yield item, None


def _claim_quote(claim: Mapping[str, Any]) -> dict[str, Any]:
    return {"quote": claim.get("text"), "start": claim.get("start"), "end": claim.get("end")}


def web_annotations(data: Mapping[str, Any], reviewer: Reviewer | None = None) -> list[dict[str, Any]]:
    """One Web Annotation per note and verdict in ``data`` (from :func:`~newsreader.export.collect`)."""
    reviewer = reviewer or Reviewer()
    return [_annotation(article, item, reviewer, quote)
            for article in data.get("articles") or [] for item, quote in _annotated(article)]


def to_webannotation(data: Mapping[str, Any], reviewer: Reviewer | None = None) -> str:
    items = web_annotations(data, reviewer)
    collection = {
        "@context": ANNOTATION_CONTEXT,
        "type": "AnnotationCollection",
        "label": "newsreader notes and verdicts",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
