"""Reading a feed's bytes: RSS 0.9x-2.0, RDF, Atom (feedparser) and JSON Feed (its own small
reader: feedparser does not read it).  A feed is hostile until checked: a document that
declares its own entities is refused before any parser sees it (entity expansion bombs,
external entities), only the first :data:`MAX_ENTRIES` entries are kept, every text field
is a plain string with control characters removed, and only http(s) links are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax import SAXException

from newsreader.sanitize import clean_line

from .fetch import WebError, short_reason

MAX_ENTRIES = 500
"""Entries kept from one fetch of one feed (newest first, as feeds list them)."""
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


class FeedError(WebError):
    """Bytes that are not a feed we can read; the message names the feed."""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    published: str
    """ISO 8601 (UTC) or ""."""
    author: str
    content_html: str
    """The entry's full text when the feed carries it, else ""."""
    summary_html: str


@dataclass(frozen=True)
class Feed:
    title: str
    link: str
    entries: tuple[Entry, ...]
    warnings: tuple[str, ...] = ()


def parse_feed(data: bytes, url: str, content_type: str = "") -> Feed:
    """The feed in ``data`` (fetched from ``url``); raises :class:`FeedError` when it is not one."""
    head = data[:4096].lstrip()
    if not head:
        raise FeedError(url, "empty document, not a feed")
    if head[:1] in (b"{", b"[") or content_type in ("application/feed+json", "application/json"):
        return _json_feed(data, url)
    if _ENTITY_DECL.search(data):
        raise FeedError(url, "the document declares its own XML entities (refused: a feed never needs them)")
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-type": content_type or "application/xml",
                                                      "content-location": url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({short_reason(problem)})" if problem else ""
        raise FeedError(url, f"not an RSS, Atom or JSON feed{why}")
    warnings: list[str] = []
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        warnings.append(f"the feed is not well-formed; read leniently ({short_reason(parsed['bozo_exception'])})")
    raw_entries = parsed.entries
    if len(raw_entries) > MAX_ENTRIES:
        warnings.append(f"{len(raw_entries)} entries; the first {MAX_ENTRIES} kept")
        raw_entries = raw_entries[:MAX_ENTRIES]
    entries = [_entry(e) for e in raw_entries]
    problem = parsed.get("bozo_exception")
    if not any(entries) and isinstance(problem, SAXException):  # (not an encoding notice: broken XML)
        raise FeedError(url, f"not well-formed XML, no entry could be read ({short_reason(problem)})")
    feed = parsed.feed
    return Feed(title=clean_line(str(feed.get("title") or ""))[:300], link=_link(feed.get("link")),
                entries=tuple(e for e in entries if e is not None), warnings=tuple(warnings))


def _entry(e: Any) -> Entry | None:
    link = _link(e.get("link"))
    title = clean_line(str(e.get("title") or ""))[:500]
    content = ""
    for part in e.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and len(value) > len(content):
            content = value
    summary = str(e.get("summary") or "")
    if not (link or content or summary or title):
        return None
    published = ""
    stamp = e.get("published_parsed") or e.get("updated_parsed")
    if stamp:
        try:
            year, month, day, hour, minute, second = (int(v) for v in stamp[:6])
            published = datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat(timespec="minutes")
        except (TypeError, ValueError):
            published = ""
    ident = clean_line(str(e.get("id") or link or title))[:500]
    return Entry(id=ident, title=title, link=link, published=published,
                 author=clean_line(str(e.get("author") or ""))[:200], content_html=content, summary_html=summary)


def _link(value: object) -> str:
    if not isinstance(value, str):
        return ""
    value = value.strip()
    return value if value.lower().startswith(("http://", "https://")) and len(value) < 2000 else ""


# -- JSON Feed (https://jsonfeed.org/version/1.1) --------------------------------------------

def _json_feed(data: bytes, url: str) -> Feed:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedError(url, f"not a feed: broken JSON ({short_reason(error)})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError(url, "not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise FeedError(url, "a JSON Feed without an 'items' list")
    warnings = []
    if len(items) > MAX_ENTRIES:
        warnings.append(f"{len(items)} entries; the first {MAX_ENTRIES} kept")
        items = items[:MAX_ENTRIES]
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = ", ".join(str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name"))
        link = _link(item.get("url"))
        content = _str(item.get("content_html"))
        text = _str(item.get("content_text"))
        if not content and text:
            import html

            content = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        summary = _str(item.get("summary"))
        entries.append(Entry(
            id=clean_line(str(item.get("id") or link))[:500], title=clean_line(str(item.get("title") or ""))[:500],
            link=link, published=_iso(item.get("date_published") or item.get("date_modified")),
            author=clean_line(author)[:200], content_html=content, summary_html=summary,
        ))
    return Feed(title=clean_line(str(doc.get("title") or ""))[:300], link=_link(doc.get("home_page_url")),
                entries=tuple(entries), warnings=tuple(warnings))


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _iso(value: object) -> str:
    if not isinstance(value, str):
        return ""
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return ""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat(timespec="minutes")
