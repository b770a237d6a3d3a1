"""Adding pages by address and fetching subscribed feeds into the library."""

from __future__ import annotations

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
               fetch_pages: bool = True) -> FeedResult:
    """Fetch one feed (conditionally, when the last fetch left validators) and store its new
    entries.  Never raises for a bad feed or page: the result says what went wrong."""
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
        url = entry.link or f"{sub.url}#{entry.id}"
        if (folder / f"{store.key_for(url)}.html").exists():
            continue  # already stored (refresh it with `newsreader add --refresh URL`)
        path = _store_entry(entry, title, sub.url, now, folder, fetch_pages)
        if path is None:
            failed_pages += 1
            path = store.save_entry(entry, feed=title, feed_url=sub.url, fetched_at=now, folder=folder)
        result.new.append(path)
    if failed_pages:
        result.warnings.append(f"{failed_pages} linked page(s) could not be fetched; their summaries kept")
    _save_state(sub.url, FeedState(now, "", got.etag or "", got.last_modified or "", len(feed.entries)))
    return result


def _store_entry(entry: Entry, feed: str, feed_url: str, now: str, folder: Path, fetch_pages: bool) -> Path | None:
    if entry.content_html or not entry.link or not fetch_pages:
        return store.save_entry(entry, feed=feed, feed_url=feed_url, fetched_at=now, folder=folder)
    try:
        fetched = fetch(entry.link, kind="page")
    except FetchError:
        return None
    return store.save_page(fetched, folder=folder, entry=entry, feed=feed, feed_url=feed_url)


def _save_state(url: str, state: FeedState) -> None:
    try:
        subscriptions.save_state(url, state)
    except Exception:
        pass


def fetch_all(subs: list[Subscription], *, folder: Path | None = None,
              progress: Callable[[FeedResult], None] | None = None, at_once: int = FEEDS_AT_ONCE) -> list[FeedResult]:
    """Fetch every feed, a few at a time; ``progress`` is called once per feed as it finishes."""
    states = subscriptions.load_state()
    results: list[FeedResult] = []
    if not subs:
        return results
    with ThreadPoolExecutor(max_workers=max(1, min(at_once, len(subs)))) as pool:
        futures = {pool.submit(fetch_feed, s, states.get(s.url), folder=folder): i for i, s in enumerate(subs)}
        done: dict[int, FeedResult] = {}
        for future in as_completed(futures):
            result = future.result()
            done[futures[future]] = result
            if progress is not None:
                progress(result)
    results = [done[i] for i in range(len(subs))]
    return results
