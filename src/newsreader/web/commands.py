"""``newsreader add``, ``newsreader feeds ...`` and ``newsreader fetch``: argument parsing and
output only; the work is in :mod:`.sync`, :mod:`.subscriptions` and :mod:`.opml`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.sanitize import clean_line

if TYPE_CHECKING:
    from .subscriptions import FeedState, Subscription


def _err(message: str) -> None:
    print(f"newsreader: {message}", file=sys.stderr)


def add_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="newsreader add",
        description="Fetch web pages into the library (read offline afterwards, with their notes).",
    )
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--refresh", action="store_true",
                        help="fetch again a page already added (same article, notes kept; the old copy stays as .bak)")
    args = parser.parse_args(list(argv))
    from .sync import add_url

    failed = 0
    for url in args.urls:
        added = add_url(url, refresh=args.refresh)
        if added.error:
            failed += 1
            _err(added.error)
        elif added.existed:
            print(f"= {clean_line(url)}: already in the library ({added.path}); --refresh fetches it again")
        else:
            verb = "refreshed" if added.refreshed else "added"
            print(f"✓ {clean_line(url)}: {verb} ({added.path})")
    return 1 if failed else 0


def feeds_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="newsreader feeds", description="Feeds you follow.")
    sub = parser.add_subparsers(dest="command")
    add = sub.add_parser("add", help="subscribe to a feed (RSS, Atom or JSON Feed)")
    add.add_argument("url")
    add.add_argument("--title", default="", help="a name of your choosing (default: the feed's own title)")
    remove = sub.add_parser("remove", help="unsubscribe (by url or title)")
    remove.add_argument("feed")
    imp = sub.add_parser("import", help="subscribe to every feed in an OPML file")
    imp.add_argument("file")
    sub.add_parser("export", help="print your subscriptions as OPML")
    sub.add_parser("list", help="list subscriptions with their last fetch (the default)")
    args = parser.parse_args(list(argv))
    from newsreader.storage import StorageError

    from . import subscriptions
    from .fetch import FetchError

    try:
        if args.command == "add":
            feed, new = subscriptions.add(args.url, args.title)
            print(f"{'✓ subscribed to' if new else '= already subscribed to'} {clean_line(feed.name)}")
            return 0
        if args.command == "remove":
            gone = subscriptions.remove(args.feed)
            if gone is None:
                _err(f"no feed with url or title {clean_line(args.feed)!r}")
                return 1
            print(f"✓ unsubscribed from {clean_line(gone.name)}")
            return 0
        if args.command == "import":
            return _import_opml(Path(args.file))
        if args.command == "export":
            from .opml import Outline, write_opml

            sys.stdout.write(write_opml([Outline(s.url, s.title) for s in subscriptions.load()]))
            return 0
        return _list(subscriptions.load(), subscriptions.load_state())
    except (StorageError, FetchError) as error:
        _err(str(error))
        return 1


def _list(subs: list[Subscription], states: dict[str, FeedState]) -> int:
    if not subs:
        print("no feeds yet: newsreader feeds add URL  (or: newsreader feeds import FILE.opml)")
        return 0
    for s in subs:
        state = states.get(s.url)
        if state is None or not state.last_fetch:
            status = "never fetched"
        elif state.error:
            status = f"{state.last_fetch}: ✗ {clean_line(state.error)}"
        else:
            status = f"{state.last_fetch}: {state.entries} entries"
        print(f"{clean_line(s.name)}\n  {clean_line(s.url)}\n  {status}")
    return 0


def _import_opml(path: Path) -> int:
    from newsreader.storage import StorageError, read_user_bytes

    from . import subscriptions
    from .fetch import FetchError
    from .opml import MAX_OPML_BYTES, OPMLError, read_opml

    try:
        data = read_user_bytes(path, max_bytes=MAX_OPML_BYTES)
        if data is None:
            _err(f"{path}: no such file")
            return 1
        outlines = read_opml(data, str(path))
    except (StorageError, OPMLError) as error:
        _err(str(error))
        return 1
    added = 0
    for o in outlines:
        try:
            _, new = subscriptions.add(o.url, o.title)
        except FetchError as error:
            _err(str(error))
            continue
        added += new
    print(f"✓ {added} new feed(s) of {len(outlines)} in {path}")
    return 0


def fetch_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="newsreader fetch",
        description="Fetch every subscribed feed (a few at a time; only what changed since the last fetch). "
                    "One line per feed; the exit status is 1 when any feed failed.",
    )
    parser.parse_args(list(argv))
    from newsreader.storage import StorageError

    from . import subscriptions
    from .sync import fetch_all

    try:
        subs = subscriptions.load()
    except StorageError as error:
        _err(str(error))
        return 1
    if not subs:
        print("no feeds yet: newsreader feeds add URL")
        return 0
    results = fetch_all(subs, progress=lambda r: print(clean_line(r.line()), flush=True))
    failed = [r for r in results if r.error]
    new = sum(len(r.new) for r in results)
    print(f"{len(results) - len(failed)} of {len(results)} feeds fetched, {new} new article(s)"
          + (f"; failed: {', '.join(clean_line(r.title or r.subscription.name) for r in failed)}" if failed else ""))
    return 1 if failed else 0


def app_arguments(given: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """``newsreader [PATH|URL...]``: the paths for the app, and the files to open (each file and
    address given, in order).  Addresses are fetched into the library first; ``None`` when one
    could not be (said on stderr).  Before the app starts, not in a worker of it: a failure is a
    message and exit status 1, as with ``newsreader add``, not a notice in an app the user then
    has to quit; and the page is listed in the first frame like any other file."""
    paths: list[str] = []
    opened: list[str] = []
    for item in given:
        if ":" in item:  # (the fetching modules are imported only for what may be an address)
            from .sync import add_url, looks_like_address

            if looks_like_address(item):
                from newsreader.storage import StorageError

                print(f"newsreader: fetching {clean_line(item)} …", file=sys.stderr, flush=True)
                try:
                    added = add_url(item)
                except (StorageError, OSError) as error:
                    _err(f"{clean_line(item)}: not stored ({error})")
                    return None
                except KeyboardInterrupt:
                    return None
                if added.error or added.path is None:
                    _err(clean_line(added.error or f"{item}: not added"))
                    return None
                opened.append(str(added.path))
                continue
        paths.append(item)
        if Path(item).is_file():
            opened.append(item)
    return paths, opened
