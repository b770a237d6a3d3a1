"""Fetching one page or feed the user asked for, over HTTP(S), within fixed bounds.

Everything a server sends is hostile until checked: only ``http``/``https`` addresses are
fetched (a redirect to anything else is refused), at most :data:`MAX_REDIRECTS` redirects,
a connect and a read timeout and an overall deadline (a server that trickles a byte a second
is cut off), a size cap counted *after* decompression (a gzip bomb stops at the cap, never
expands in memory), and a content-type check.  Errors are :class:`FetchError` whose message
names the address.  The client is httpx: redirects, timeouts, HTTP/1.1 keep-alive and TLS
from a well-kept library; we decompress ourselves so the cap holds inside each chunk.
"""

from __future__ import annotations

import codecs
import functools
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import ssl

from newsreader import __version__

USER_AGENT = f"newsreader/{__version__} (a terminal news reader fetching what its user asked for)"
MAX_BYTES = 10 * 1024 * 1024
"""The most a page or feed may hold, decompressed."""
MAX_REDIRECTS = 10
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 15.0
DEADLINE = 60.0
"""Seconds a whole fetch may take, however slowly the bytes come."""

PAGE_TYPES = frozenset(("text/html", "application/xhtml+xml", "text/plain", "text/markdown"))
FEED_TYPES = frozenset((
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/feed+json", "application/json", "text/plain",
    "text/html",  # (many servers send feeds as text/html; feedparser tells a feed from a page)
))
_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
            "text/xml;q=0.9,*/*;q=0.1",
}


class WebError(Exception):
    """Something fetched that cannot be used; the message names the address, ``reason`` says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FetchError(WebError):
    """A page or feed that could not be fetched."""


@dataclass(frozen=True)
class Fetched:
    url: str
    """The address asked for."""
    final_url: str
    """Where the last redirect led."""
    status: int
    """200, or 304 when a conditional request found nothing new (``body`` is then empty)."""
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str
    """ISO 8601, UTC."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    """``url`` stripped, if it is an address we fetch (``http``/``https`` with a host);
    raises :class:`FetchError` naming it otherwise (``file:``, ``javascript:``...)."""
    text = url.strip()
    shown = text[:200]
    if not text or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise FetchError(repr(shown), "not a web address")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as error:
        raise FetchError(shown, f"not a web address ({error})") from None
    if not parts.scheme:
        raise FetchError(shown, "not a web address (no http:// or https://)")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(shown, f"only http and https addresses are fetched, not {parts.scheme}")
    if not host:
        raise FetchError(shown, "no host in the address")
    return text


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch: loading the trusted certificates takes longer (30-70 ms)
    than a whole fetch from a nearby server, and a context is safe to share between threads.
    (``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` are honoured, as httpx does by default.)"""
    import httpx

    return httpx.create_ssl_context(verify=True, trust_env=True)


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    message = Message()
    message["content-type"] = header
    media = message.get_content_type().lower() if "/" in header else ""
    charset = message.get_param("charset")
    name = charset if isinstance(charset, str) else None
    if name:
        try:
            name = codecs.lookup(name.strip()).name
        except LookupError:
            name = None  # an unknown charset: the reader's own detection decides
    return media, name


class _Decoder:
    """Content-Encoding undone chunk by chunk, never producing more than ``room`` bytes a call."""

    def __init__(self, encoding: str, url: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header, detected
        else:
            raise FetchError(url, f"the server used an encoding we did not ask for ({encoding[:40]})")
        self.url = url

    def feed(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of ``data``; at most ``room + 1`` of them (one more means too many)."""
        if self._z is None:
            return data[: room + 1]
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error as error:
            raise FetchError(self.url, f"the compressed body is damaged ({error})") from None
        return out


def fetch(
    url: str,
    *,
    kind: str = "page",
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
) -> Fetched:
    """GET ``url`` (``kind`` "page" or "feed": what content types are accepted).  With
    ``etag``/``last_modified`` the request is conditional and may come back 304."""
    import httpx

    url = check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT[kind], "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    allowed = FEED_TYPES if kind == "feed" else PAGE_TYPES
    started = time.monotonic()
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers=headers, trust_env=True, verify=_tls()) as client:
            with client.stream("GET", url) as response:
                final = str(response.url)
                check_url(final)
                if response.status_code == 304:
                    return _done(url, final, 304, "", None, b"", response, etag, last_modified)
                if response.status_code >= 400:
                    phrase = response.reason_phrase or ""
                    raise FetchError(url, f"the server answered {response.status_code} {phrase}".rstrip())
                if response.status_code != 200:
                    raise FetchError(url, f"the server answered {response.status_code}, not a page")
                media, charset = _media_type(response.headers.get("content-type"))
                if media and media not in allowed:
                    what = "feed" if kind == "feed" else "web page"
                    raise FetchError(url, f"not a {what} (the server says it is {media[:60]})")
                length = response.headers.get("content-length", "")
                if length.isdigit() and response.headers.get("content-encoding", "identity") == "identity" \
                        and int(length) > max_bytes:
                    size = f"{int(length) / 1e6:.1f} MB"
                    raise FetchError(url, f"too large ({size}; the limit is {max_bytes / 1e6:.0f} MB)")
                decoder = _Decoder(response.headers.get("content-encoding", ""), url)
                body = bytearray()
                for chunk in response.iter_raw():  # (as the bytes come: the deadline is checked between reads)
                    body += decoder.feed(chunk, max_bytes - len(body))
                    if len(body) > max_bytes:
                        raise FetchError(url, f"too large (over {max_bytes / 1e6:.0f} MB)")
                    if time.monotonic() - started > deadline:
                        raise FetchError(url, f"took longer than {deadline:.0f} s; stopped")
                return _done(url, final, 200, media, charset, bytes(body), response, None, None)
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
    except httpx.UnsupportedProtocol as error:
        raise FetchError(url, f"redirected to an address we do not fetch ({error})") from None
    except httpx.TimeoutException:
        raise FetchError(url, "the server did not answer in time") from None
    except httpx.ConnectError as error:
        raise FetchError(url, f"cannot connect ({short_reason(error)})") from None
    except httpx.HTTPError as error:
        raise FetchError(url, f"the transfer failed ({short_reason(error)})") from None
    except (UnicodeError, ValueError) as error:
        raise FetchError(url, f"not a usable address ({short_reason(error)})") from None


def short_reason(error: object) -> str:
    """The first line of an exception's message (or its type), at most 160 characters."""
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:160]


def _done(url: str, final: str, status: int, media: str, charset: str | None, body: bytes,
          response: object, etag: str | None, last_modified: str | None) -> Fetched:
    headers = getattr(response, "headers", {})
    return Fetched(
        url=url, final_url=final, status=status, content_type=media, charset=charset, body=body,
        etag=headers.get("etag") or etag, last_modified=headers.get("last-modified") or last_modified,
        fetched_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )
