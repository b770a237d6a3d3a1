"""Fetching subscribed feeds and pages from the app: the bodies of the reader screen's workers
(:mod:`newsreader.ui.incoming` runs them in threads).  Plain code: the work is
:mod:`newsreader.web.sync`'s; results go back as messages (:mod:`newsreader.ui.messages`),
each with the library's files as they are after it and the new files' first rows, so the
list shows them at once (their analysis follows through the usual sync)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from textual.message import Message

from newsreader.library import IndexRow, discover_paths, quick_row
from newsreader.storage import StorageError
from newsreader.ui.messages import FeedFetched, FeedsDone, PageAdded, PageNotAdded

Post = Callable[[Message], object]


def with_web_root(roots: list[Path]) -> list[Path]:
    """``roots`` with the folder fetched pages are kept in, right after the seeds as in
    :func:`newsreader.library.default_roots` (which leaves it out until a first fetch makes it)."""
    from newsreader.web.store import web_dir

    web = web_dir()
    if any(os.path.abspath(root) == os.path.abspath(web) for root in roots):
        return roots
    return [*roots[:1], web, *roots[1:]]


def _listing(roots: list[Path], new: Sequence[Path]) -> tuple[list[str], dict[str, IndexRow]]:
    """The library's files now (with the web folder among the roots), and a first row for each
    of ``new``, keyed by the path as the library lists it."""
    files = list(discover_paths(with_web_root(roots)))
    listed = set(files)
    wanted = {os.path.abspath(path) for path in new if str(path) not in listed}
    paths = [str(path) for path in new if str(path) in listed]
    if wanted:
        paths += [path for path in files if os.path.abspath(path) in wanted]
    return files, {path: quick_row(path) for path in paths}


def fetch_feeds(roots: list[Path], stop: threading.Event, post: Post) -> None:
    """Fetch every subscribed feed (a few at a time), posting a :class:`FeedFetched` as each one
    finishes and a :class:`FeedsDone` at the end; never raises."""
    from newsreader.web import subscriptions
    from newsreader.web.sync import FeedResult, fetch_all

    try:
        subs = subscriptions.load()
    except StorageError as error:
        post(FeedsDone(0, 0, [], str(error)))
        return
    total, done, new = len(subs), 0, 0
    if not subs:
        post(FeedsDone(0, 0, []))
        return
    post(FeedFetched(0, total, "", "", None, {}))

    def finished(result: FeedResult) -> None:
        nonlocal done, new
        done += 1
        files, rows = _listing(roots, result.new) if result.new else (None, {})
        new += len(result.new)
        post(FeedFetched(done, total, result.title or result.subscription.name, result.error, files, rows))

    try:
        results = fetch_all(subs, progress=finished, stop=stop)
    except (StorageError, OSError) as error:  # the disk, not a feed: nothing more can be stored
        post(FeedsDone(total, new, [], f"Feeds not stored: {error}"))
        return
    post(FeedsDone(total, new, [result.title or result.subscription.name for result in results if result.error]))


def add_page(roots: list[Path], url: str, post: Post) -> None:
    """Fetch the page at ``url`` into the library (:func:`newsreader.web.sync.add_url`); posts
    :class:`PageAdded` or :class:`PageNotAdded`; never raises."""
    from newsreader.web.sync import add_url

    try:
        added = add_url(url)
    except (StorageError, OSError) as error:
        post(PageNotAdded(url, f"{url}: not stored ({error})"))
        return
    if added.error or added.path is None:
        post(PageNotAdded(url, added.error or f"{url}: not added"))
        return
    files, rows = _listing(roots, [added.path])
    path = next(iter(rows), str(added.path))
    post(PageAdded(url, path, added.existed, files, rows))
