"""Articles: one model, readers for .txt, .md and .html, and safe loading of untrusted files."""

from __future__ import annotations

import os
import stat
from io import BufferedReader
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.articles.model import Article, Block, Image, Segment, content_id

if TYPE_CHECKING:
    from newsreader.web.store import Sidecar

__all__ = [
    "Article", "Block", "Image", "Segment", "SUFFIXES", "MAX_BYTES", "Unreadable",
    "content_id", "load_article", "looks_binary", "open_regular", "parse_bytes", "read_file", "too_large",
]

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
MAX_BYTES = 32 * 1024 * 1024
"""Files larger than this are refused (a 20 MB saved web page still opens)."""


def _failed(path: str, fmt: str, reason: str) -> Article:
    return Article(path=path, format=fmt, title=Path(path).name, error=reason)


class Unreadable(Exception):
    """A file that is not read: not a regular file, too large, or the system refused it.
    The message is the reason, in words for the list."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 8 KB, and no byte-order mark (UTF-16 text is full of NULs)."""
    return b"\x00" in data[:8192] and bom_encoding(data) is None


def decode(data: bytes, fmt: str, served_as: str | None = None) -> tuple[str, list[str]]:
    """Bytes -> text: a byte-order mark first, then the charset the server named when the page
    was fetched (``served_as``, if the bytes decode with it), then UTF-8, then the page's
    declared charset, then charset-normalizer's guess (named in a warning), and Windows-1252
    as the last resort."""
    bom = bom_encoding(data)
    if bom is not None:
        encoding, skip = bom
        return data[skip:].decode(encoding, errors="replace"), []
    if served_as:
        try:
            return data.decode(served_as), []
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if fmt == "html":
        from newsreader.articles.html import declared_charset

        charset = declared_charset(data)
        if charset:
            try:
                return data.decode(charset, errors="replace"), []
            except LookupError:
                pass
    guess = _guess_encoding(data)
    if guess.startswith(("cp125", "iso8859", "latin")):
        try:  # Western text that Windows-1252 reads the same way: call it that, the common case
            if data.decode("cp1252") == data.decode(guess, errors="replace"):
                guess = "cp1252"
        except UnicodeDecodeError:
            pass
    if guess:
        return data.decode(guess, errors="replace"), [f"not valid UTF-8: read as {guess} (a guess)"]
    return data.decode("cp1252", errors="replace"), ["not valid UTF-8: read as Windows-1252"]


def _guess_encoding(data: bytes) -> str:
    """charset-normalizer's best guess for ``data`` (its first 256 KB), or ""."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; the fallback still reads the file
        return ""
    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return ""
    import codecs

    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return ""


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
    (stat.S_ISDIR, "is a directory"),
)


def _not_regular(mode: int) -> str:
    for test, reason in _KINDS:
        if test(mode):
            return reason
    return "" if stat.S_ISREG(mode) else "not a regular file"


def _unreadable(error: OSError) -> Unreadable:
    """The reason, in words for the list, for an error from the system."""
    if isinstance(error, FileNotFoundError):
        return Unreadable("no such file or folder")
    if isinstance(error, PermissionError):
        return Unreadable("permission denied")
    return Unreadable(f"cannot read: {error.strerror or error}")  # a symlink loop, a name too long...


def too_large(size: int) -> str:
    """The reason a file of ``size`` bytes (over :data:`MAX_BYTES`) is not read."""
    return f"file too large: {size / 1e6:.1f} MB (limit {MAX_BYTES // (1024 * 1024)} MiB)"


def open_regular(path: str | os.PathLike[str]) -> BufferedReader:
    """Open a regular file for binary reading, never blocking: a FIFO, socket or device (or a
    link to one, such as ``/dev/zero``) is refused before it is opened, and checked again on
    the open descriptor.  Raises :class:`Unreadable` with the reason."""
    try:
        reason = _not_regular(os.stat(path).st_mode)
        if reason:
            raise Unreadable(reason)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
    except OSError as error:
        raise _unreadable(error) from None
    reason = _not_regular(os.fstat(fd).st_mode)  # swapped for a FIFO between the stat and the open
    if reason:
        os.close(fd)
        raise Unreadable(reason)
    return os.fdopen(fd, "rb")


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an article file (at most :data:`MAX_BYTES`); raises :class:`Unreadable`."""
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise Unreadable(too_large(size))
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise _unreadable(error) from None
    if len(data) > MAX_BYTES:
        raise Unreadable(f"file too large: over {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def load_article(path: str | os.PathLike[str]) -> Article:
    """Read one file into an :class:`Article`; never raises for a bad file.

    A file that cannot be read comes back with ``error`` set to the reason.
    """
    path = str(path)
    try:
        data = read_file(path)
    except Unreadable as error:
        return _failed(path, SUFFIXES.get(Path(path).suffix.lower(), "txt"), str(error))
    return parse_bytes(path, data)


def _web_sidecar(path: str) -> Sidecar | None:
    """What was known when the page ``path`` was fetched (``newsreader add`` and feeds keep it
    beside the page in the library's ``web`` folder); None for every other file."""
    where = Path(path)
    if where.parent.name != "web" or where.suffix.lower() != ".html":
        return None
    from newsreader.web.store import read_sidecar

    return read_sidecar(where)


def parse_bytes(path: str, data: bytes) -> Article:
    """The article in ``data``, the bytes of the file ``path`` (its suffix says the format);
    never raises for bad content."""
    fmt = SUFFIXES.get(Path(path).suffix.lower(), "txt")
    if not data.strip():
        return _failed(path, fmt, "empty file")
    if looks_binary(data):
        return _failed(path, fmt, "binary file, not text")
    side = _web_sidecar(path)
    text, warnings = decode(data, fmt, side.charset if side is not None else None)
    if not text.strip():
        return _failed(path, fmt, "empty file")
    try:
        if fmt == "md":
            from newsreader.articles.markdown import read_markdown

            article = read_markdown(path, text)
        elif fmt == "html":
            from newsreader.articles.html import read_html

            article = read_html(path, text)
        else:
            from newsreader.articles.text import read_text

            article = read_text(path, text)
    except RecursionError:
        return _failed(path, fmt, "too deeply nested to read")
    article.warnings.extend(warnings)
    if article.error and not article.title:
        article.title = Path(path).name
    elif article.ok and not article.blocks and not article.key_points:
        article.error = "no article text found"
    if side is not None:
        from newsreader.web.store import apply_sidecar

        apply_sidecar(article, side)
    if not article.title:
        article.title = Path(path).stem
    if article.ok:
        from newsreader.language import resolve

        article.language = resolve(article.language, article.title + "\n" + article.text)
    return article
