"""Adding pages by address and fetching subscribed feeds into the library."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import store, subscriptions
from .feeds import Entry, parse_feed
from .fetch import FetchError, WebError, fetch
from .subscriptions import FeedState, Subscription

FEEDS_AT_ONCE = 4
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # (two letters at least: not a drive letter)


@dataclass
class Added:
    url: str
    path: Path | None = None
    error: str = ""
    refreshed: bool = False
    existed: bool = False


def add_url(url: str, *, refresh: bool = False, folder: Path | None = None) -> Added:
    """Fetch the page at ``url`` into the library.  An address already added is only fetched
    again with ``refresh`` (same article id, notes kept; the previous copy stays as .bak)."""
    folder = folder or store.web_dir()
    page = folder / f"{store.key_for(url.strip())}.html"
    had = page.exists()
    if had and not refresh:
        return Added(url, page, existed=True)
    try:
        fetched = fetch(url, kind="page")
    except FetchError as error:
        return Added(url, None, error=str(error))
    return Added(url, store.save_page(fetched, folder=folder), refreshed=had)


@dataclass
class FeedResult:
    subscription: Subscription
    title: str = ""
    new: list[Path] = field(default_factory=list)
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    not_modified: bool = False

    def line(self) -> str:
        name = self.title or self.subscription.name
        if self.error:
            return f"✗ {name}: {self.error}"
        if self.not_modified:
            return f"✓ {name}: nothing new"
        extra = f" ({'; '.join(self.warnings)})" if self.warnings else ""
        return f"✓ {name}: {len(self.new)} new{extra}"


def fetch_feed(sub: Subscription, state: FeedState | None = None, *, folder: Path | None = None,
               fetch_pages: bool = True, stop: threading.Event | None = None) -> FeedResult:
    """Fetch one feed (conditionally, when the last fetch left validators) and store its new
    entries.  Never raises for a bad feed or page: the result says what went wrong.  Once
    ``stop`` is set no further entry is stored, and the feed's validators are not kept (so the
    next fetch brings the rest)."""
    folder = folder or store.web_dir()
    result = FeedResult(sub, title=sub.title)
    state = state or FeedState()
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    try:
        got = fetch(sub.url, kind="feed", etag=state.etag or None, last_modified=state.last_modified or None)
        if got.not_modified:
            result.not_modified = True
            _save_state(sub.url, FeedState(now, "", got.etag or "", got.last_modified or "", state.entries))
            return result
        feed = parse_feed(got.body, sub.url, got.content_type)
    except WebError as error:
        result.error = error.reason
        _save_state(sub.url, FeedState(now, error.reason, state.etag, state.last_modified, state.entries))
        return result
    title = sub.title or feed.title or sub.url
    result.title = title
    result.warnings.extend(feed.warnings)
    failed_pages = 0
    for entry in feed.entries:
        if stop is not None and stop.is_set():
            break
        url = entry.link or f"{sub.url}#{entry.id}"
        if store.is_stored(folder / f"{store.key_for(url)}.html"):
            continue  # already stored (refresh it with `newsreader add --refresh URL`)
        path = _store_entry(entry, title, sub.url, now, folder, fetch_pages)
        if path is None:
            failed_pages += 1
            path = store.save_entry(entry, feed=title, feed_url=sub.url, fetched_at=now, folder=folder, durable=False)
        result.new.append(path)
    if result.new:
        store.settle()  # the new pages on disk before the feed's state says they were fetched
    if failed_pages:
        result.warnings.append(f"{failed_pages} linked page(s) could not be fetched; their summaries kept")
    if stop is not None and stop.is_set():
        result.warnings.append("stopped before every entry was stored")
        return result
    _save_state(sub.url, FeedState(now, "", got.etag or "", got.last_modified or "", len(feed.entries)))
    return result


def _store_entry(entry: Entry, feed: str, feed_url: str, now: str, folder: Path, fetch_pages: bool) -> Path | None:
    # (Not fsynced one by one: fetch_feed settles them all at once.)
    if entry.content_html or not entry.link or not fetch_pages:
        return store.save_entry(entry, feed=feed, feed_url=feed_url, fetched_at=now, folder=folder, durable=False)
    try:
        fetched = fetch(entry.link, kind="page")
    except FetchError:
        return None
    return store.save_page(fetched, folder=folder, entry=entry, feed=feed, feed_url=feed_url, durable=False)


def _save_state(url: str, state: FeedState) -> None:
    try:
        subscriptions.save_state(url, state)
    except Exception:
        pass


def fetch_all(subs: list[Subscription], *, folder: Path | None = None,
              progress: Callable[[FeedResult], None] | None = None, at_once: int = FEEDS_AT_ONCE,
              stop: threading.Event | None = None) -> list[FeedResult]:
    """Fetch every feed, a few at a time; ``progress`` is called once per feed as it finishes.
    Once ``stop`` is set no further feed is started (the results then hold those finished)."""
    states = subscriptions.load_state()
    results: list[FeedResult] = []
    if not subs:
        return results
    with ThreadPoolExecutor(max_workers=max(1, min(at_once, len(subs)))) as pool:
        futures = {pool.submit(fetch_feed, s, states.get(s.url), folder=folder, stop=stop): i
                   for i, s in enumerate(subs)}
        done: dict[int, FeedResult] = {}
        for future in as_completed(futures):
            result = future.result()
            done[futures[future]] = result
            if progress is not None:
                progress(result)
            if stop is not None and stop.is_set():
                pool.shutdown(wait=False, cancel_futures=True)
                break
    results = [done[i] for i in range(len(subs)) if i in done]
    return results


def looks_like_address(text: str) -> bool:
    """Whether a command-line argument is meant as a web address (``scheme:...``) rather than a
    file: the caller fetches it (and :func:`add_url` refuses what is not http or https)."""
    return bool(_SCHEME.match(text)) and not Path(text).exists()
