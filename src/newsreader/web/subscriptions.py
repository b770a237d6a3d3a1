"""The feeds a user follows (``feeds.yaml`` in the config folder, theirs to edit) and what the
last fetch of each found (``feeds-state.json`` in the data folder, ours).

Both go through the common storage layer: every change locks the file, reads it as it is
on disk, applies just that change and writes it atomically, keeping a ``.bak``; comments
and layout of ``feeds.yaml`` survive.  A ``feeds.yaml`` that cannot be read is reported by
name and never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsreader.sanitize import clean_line
from newsreader.storage import StorageError, UserFile, dump_yaml, parse_yaml

from .fetch import check_url

_HEADER = """\
# newsreader feeds: one entry per feed (url, and a title of your choosing). Edit freely.
"""
STATE_MAX_BYTES = 8 * 1024 * 1024


def feeds_path() -> Path:
    from newsreader import paths

    return paths.config_dir() / "feeds.yaml"


def state_path() -> Path:
    from newsreader import paths

    return paths.data_dir() / "feeds-state.json"


@dataclass(frozen=True)
class Subscription:
    url: str
    title: str = ""

    @property
    def name(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class FeedState:
    last_fetch: str = ""
    error: str = ""
    etag: str = ""
    last_modified: str = ""
    entries: int = 0


def _parse(text: str | None, path: Path) -> list[Subscription]:
    if text is None:
        return []
    data = parse_yaml(text, path)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("feeds", []), list):
        raise StorageError(f"{path}: expected a mapping with a 'feeds' list")
    out: list[Subscription] = []
    for i, item in enumerate(data.get("feeds") or []):
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise StorageError(f"{path}: feed {i + 1} needs a 'url'")
        title = item.get("title")
        out.append(Subscription(url=item["url"].strip(), title=clean_line(title) if isinstance(title, str) else ""))
    return out


def load(path: Path | None = None) -> list[Subscription]:
    """The subscriptions; raises StorageError naming the file when it cannot be read."""
    path = path or feeds_path()
    return _parse(UserFile(path).read_text(), path)


def _change(path: Path, edit: Any) -> list[Subscription]:
    from newsreader import yamledit

    result: list[list[Subscription]] = []

    def change(text: str | None) -> str | None:
        current = _parse(text, path)
        new = edit(list(current))
        result.append(new)
        if new == current:
            return None
        items = [{"url": s.url, **({"title": s.title} if s.title else {})} for s in new]
        expected = {"feeds": items}
        if text is None or not text.strip():
            return _HEADER + dump_yaml(expected)
        data = parse_yaml(text, path)
        document = yamledit.Document(text)
        yamledit.set_key(document.data, "feeds", items)
        new_text = document.dump()
        want = {**(data if isinstance(data, dict) else {}), **expected}
        try:
            kept = parse_yaml(new_text, path) == want
        except StorageError:
            kept = False
        return new_text if kept else dump_yaml(want)

    UserFile(path).update(change)
    return result[-1] if result else []


def add(url: str, title: str = "", path: Path | None = None) -> tuple[Subscription, bool]:
    """Subscribe to ``url`` (checked: http/https only).  Returns the subscription and whether it is new."""
    url = check_url(url)
    path = path or feeds_path()
    sub = Subscription(url=url, title=clean_line(title))
    added: list[bool] = []

    def edit(current: list[Subscription]) -> list[Subscription]:
        if any(s.url == url for s in current):
            added.append(False)
            return current
        added.append(True)
        return [*current, sub]

    _change(path, edit)
    return sub, bool(added and added[-1])


def remove(which: str, path: Path | None = None) -> Subscription | None:
    """Unsubscribe the feed whose url or title is ``which``; returns it, or None if none matched."""
    path = path or feeds_path()
    gone: list[Subscription] = []

    def edit(current: list[Subscription]) -> list[Subscription]:
        gone.clear()
        keep = []
        for s in current:
            if which in (s.url, s.title) or which.casefold() == s.title.casefold() and s.title:
                gone.append(s)
            else:
                keep.append(s)
        return keep

    _change(path, edit)
    return gone[0] if gone else None


# -- fetch state ---------------------------------------------------------------------------

def load_state(path: Path | None = None) -> dict[str, FeedState]:
    """What the last fetch of each feed found (a missing or damaged file: nothing known)."""
    path = path or state_path()
    try:
        raw = UserFile(path).read_bytes(max_bytes=STATE_MAX_BYTES)
        data = json.loads(raw) if raw else {}
    except (StorageError, ValueError, RecursionError):
        return {}
    feeds = data.get("feeds") if isinstance(data, dict) else None
    out: dict[str, FeedState] = {}
    for url, item in (feeds or {}).items():
        if isinstance(url, str) and isinstance(item, dict):
            def text(key: str, item: dict[str, object] = item) -> str:
                value = item.get(key)
                return value if isinstance(value, str) else ""

            count = item.get("entries")
            out[url] = FeedState(text("last_fetch"), text("error"), text("etag"), text("last_modified"),
                                 count if isinstance(count, int) and not isinstance(count, bool) else 0)
    return out


def save_state(url: str, state: FeedState, path: Path | None = None) -> None:
    path = path or state_path()

    def change(text: str | None) -> str:
        try:
            data = json.loads(text) if text else {}
        except (ValueError, RecursionError):
            data = {}
        if not isinstance(data, dict) or not isinstance(data.get("feeds"), dict):
            data = {"version": 1, "feeds": {}}
        data["feeds"][url] = {k: v for k, v in state.__dict__.items() if v}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    UserFile(path).update(change)
