"""Fetched pages and feed entries kept as files of the library, read offline afterwards.

Each page is stored as served (``<key>.html``, ``key`` a hash of the address the user gave)
with a small sidecar ``<key>.json``: the address, where it led, when it was fetched, its
validators (ETag, Last-Modified), its charset, and for feed entries the feed's title, the
entry's author and date.  Re-adding an address replaces the page through the common storage
layer (the previous copy stays as ``.bak``) and keeps the article id, which comes from the
address, so notes stay attached.  A feed entry that carries its whole text is stored as a
small HTML document built from it (every field escaped).
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path

from newsreader.articles.model import Article
from newsreader.storage import UserFile

from .feeds import Entry
from .fetch import Fetched

SIDECAR_MAX_BYTES = 64 * 1024
SIDECAR_VERSION = 1


def web_dir() -> Path:
    from newsreader import paths

    return paths.data_dir() / "web"


def key_for(url: str) -> str:
    return hashlib.sha256(url.strip().encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Sidecar:
    url: str
    final_url: str = ""
    fetched_at: str = ""
    etag: str = ""
    last_modified: str = ""
    charset: str = ""
    feed: str = ""
    feed_url: str = ""
    title: str = ""
    author: str = ""
    published: str = ""

    def to_json(self) -> str:
        data = {"version": SIDECAR_VERSION, **{k: v for k, v in self.__dict__.items() if v}}
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def sidecar_path(page: Path) -> Path:
    return page.with_suffix(".json")


def read_sidecar(page: Path) -> Sidecar | None:
    """The sidecar of the stored page ``page``, or None (missing, too large, not ours)."""
    from newsreader.storage import read_user_bytes

    try:
        raw = read_user_bytes(sidecar_path(page), max_bytes=SIDECAR_MAX_BYTES)
    except Exception:
        return None
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != SIDECAR_VERSION or not isinstance(data.get("url"), str):
        return None  # (not a sidecar of ours: a folder of the user's own that happens to be called "web")
    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    return Sidecar(url=text("url"), final_url=text("final_url"), fetched_at=text("fetched_at"), etag=text("etag"),
                   last_modified=text("last_modified"), charset=text("charset"), feed=text("feed"),
                   feed_url=text("feed_url"), title=text("title"), author=text("author"), published=text("published"))


def save_page(fetched: Fetched, *, folder: Path | None = None, entry: Entry | None = None,
              feed: str = "", feed_url: str = "", durable: bool = True) -> Path:
    """Store a fetched page (as served) and its sidecar; returns the page's path.
    ``durable=False``: not fsynced yet (a batch of them is, at once, by :func:`settle`)."""
    folder = folder or web_dir()
    page = folder / f"{key_for(fetched.url)}.html"
    sidecar = Sidecar(
        url=fetched.url, final_url=fetched.final_url, fetched_at=fetched.fetched_at, etag=fetched.etag or "",
        last_modified=fetched.last_modified or "", charset=fetched.charset or "", feed=feed, feed_url=feed_url,
        title=entry.title if entry else "", author=entry.author if entry else "",
        published=entry.published if entry else "",
    )
    _write(page, fetched.body, sidecar, durable)
    return page


def save_entry(entry: Entry, *, feed: str, feed_url: str, fetched_at: str, folder: Path | None = None,
               durable: bool = True) -> Path:
    """Store a feed entry that carries its whole text as a small HTML document of its own
    (``durable``: as for :func:`save_page`)."""
    folder = folder or web_dir()
    url = entry.link or f"{feed_url}#{entry.id}"
    page = folder / f"{key_for(url)}.html"
    esc = html.escape
    meta = [f"<title>{esc(entry.title)}</title>", f'<meta property="og:site_name" content="{esc(feed)}">']
    if entry.author:
        meta.append(f'<meta name="author" content="{esc(entry.author)}">')
    if entry.published:
        meta.append(f'<meta property="article:published_time" content="{esc(entry.published)}">')
    if entry.link:
        meta.append(f'<link rel="canonical" href="{esc(entry.link)}">')
    body = entry.content_html or entry.summary_html
    document = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" + "".join(meta) + "</head>\n<body><article>"
                + f"<h1>{esc(entry.title)}</h1>\n{body}\n</article></body></html>\n")
    sidecar = Sidecar(url=url, final_url=entry.link, fetched_at=fetched_at, charset="utf-8", feed=feed,
                      feed_url=feed_url, title=entry.title, author=entry.author, published=entry.published)
    _write(page, document.encode("utf-8"), sidecar, durable)
    return page


def _write(page: Path, body: bytes, sidecar: Sidecar, durable: bool = True) -> None:
    # The page first, then its sidecar: a page whose sidecar is missing still reads as a page.
    target = UserFile(page)
    with target.locked():
        target.write(body, durable=durable)
    side = UserFile(sidecar_path(page))
    with side.locked():
        side.write(sidecar.to_json(), backup=False, durable=durable)


def settle() -> None:
    """Make what was stored with ``durable=False`` durable, all at once: one ``sync`` rather than
    four fsyncs a page (100 entries of a feed: 400 fsyncs, over a second on a common disk).
    Each file was still written to a temporary and renamed: never half a page."""
    import os

    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()


def is_stored(page: Path) -> bool:
    """Whether ``page`` is stored (a page left empty by a crash before :func:`settle` is not)."""
    try:
        return page.stat().st_size > 0
    except OSError:
        return False


def stored_pages(folder: Path | None = None) -> list[Path]:
    folder = folder or web_dir()
    try:
        return sorted(p for p in folder.glob("*.html") if p.is_file())
    except OSError:
        return []


def apply_sidecar(article: Article, side: Sidecar) -> Article:
    """What the fetch knew, laid over what the page says: the article id comes from the address
    the user gave (so a refreshed page keeps its notes), a feed entry's publication is the
    feed's title, and the page's own author, date and title are kept when it has them."""
    from newsreader.articles.model import content_id

    if article.error:
        return article
    article.id = content_id("url\0" + side.url)
    if not article.url:
        article.url = side.final_url or side.url
    if side.feed:
        article.publication = side.feed
    if side.author and not article.author:
        article.author = side.author
    if side.published and not article.published:
        article.published = side.published
    if side.title and not article.title:
        article.title = side.title
    return article
