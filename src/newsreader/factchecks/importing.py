"""Reading the fact-checks people publish: ClaimReview, CSV and the CheckThat! TSV.

``read_factchecks(path)`` tells the format from the name and the first bytes:

* ClaimReview (schema.org) as JSON or JSON-LD (``.json``, ``.jsonld``): one object, a list, an
  ``@graph``, a ``DataFeed``'s ``dataFeedElement``, or a web page (``.html``) with
  ``<script type="application/ld+json">`` blocks.  Fields: ``claimReviewed`` (the claim),
  ``reviewRating.alternateName`` (else ``ratingValue``/``bestRating``), ``url``, ``author.name``
  (the publisher), ``datePublished``, ``itemReviewed.author.name`` (the claimant), ``name`` or
  ``headline`` (the title).
* CSV (``.csv``) with a header naming at least ``claim``; also ``rating``, ``url``, ``publisher``,
  ``date``, ``id``, ``title``, ``claimant``.
* The CLEF CheckThat! 2020 TSV (``verified_claims.docs.tsv``: ``id, vclaim, title``).

All of it is hostile until cleaned: every field becomes one line of plain text (HTML tags, scripts
and entities stripped, control characters and escape sequences removed, ``sanitize.clean_line``) and
is cut to a bounded length; a url that is not http(s) is dropped.  A bad file raises
``FactCheckFormatError`` (a ``ValueError``) whose message names the file; a bad record is skipped
and counted.  Sizes are bounded before anything is read whole: a file over ``MAX_IMPORT_BYTES`` is
refused from its size, JSON (parsed whole) over ``MAX_JSON_BYTES``; CSV and TSV are read as a
stream and refused at the ``MAX_FACTCHECKS``-th record and one.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsreader.factchecks.factcheck import MAX_FACTCHECKS, FactCheck, FactCheckFormatError, load_tsv
from newsreader.sanitize import clean_line

#: A file larger than this is refused from its size, unread (a million CSV fact-checks are ~300 MB).
MAX_IMPORT_BYTES = 100 * 1024 * 1024
#: JSON is parsed whole (its objects take ~10x their bytes in memory): larger JSON is refused unread.
MAX_JSON_BYTES = 40 * 1024 * 1024
#: JSON nested deeper than this is not ClaimReview (and would exhaust the parser's stack).
MAX_JSON_DEPTH = 32
MAX_CLAIM_CHARS = 2000
MAX_FIELD_CHARS = 300
MAX_URL_CHARS = 2000
#: CSV fields longer than this make the row malformed.
MAX_CSV_FIELD = 100_000
#: If none of the first this-many CSV rows is usable, the file is not fact-checks.
_PROBE_ROWS = 20

FORMATS = ("claimreview", "html", "csv", "tsv")

_SCRIPT_OR_STYLE = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?(</\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
_TAG = re.compile(r"</?[A-Za-z!?/][^>]*(>|$)")
_LD_JSON = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>", re.I | re.S
)
_HEADER_ALIASES = {
    "claim": "claim", "claimreviewed": "claim", "claim_reviewed": "claim", "text": "claim",
    "rating": "rating", "verdict": "rating", "textualrating": "rating", "textual_rating": "rating",
    "url": "url", "link": "url", "review_url": "url",
    "publisher": "publisher", "author": "publisher", "fact_checker": "publisher", "factchecker": "publisher",
    "date": "date", "datepublished": "date", "date_published": "date", "published": "date",
    "id": "id", "title": "title", "headline": "title", "claimant": "claimant",
}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a file held: its fact-checks (ids local to the file), its format and the records skipped."""

    factchecks: list[FactCheck]
    format: str
    skipped: int = 0


def plain(value: object, limit: int = MAX_FIELD_CHARS) -> str | None:
    """``value`` as one line of plain text (markup, entities, control characters gone), or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value[: limit * 8]  # markup can be long; the text it leaves is cut below
    if "<" in text or "&" in text:
        for _ in range(2):  # twice: ``&lt;script&gt;`` is markup once unescaped
            text = _SCRIPT_OR_STYLE.sub(" ", text)
            text = _COMMENT.sub(" ", text)
            text = _TAG.sub(" ", text)
            if "&" not in text:
                break
            text = html.unescape(text)
    text = clean_line(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def web_url(value: object) -> str | None:
    """An http(s) url without spaces or control characters, else None (``javascript:`` never passes)."""
    text = plain(value, MAX_URL_CHARS) if isinstance(value, str) else None
    if not text or " " in text or not re.match(r"https?://[^/\s]", text, re.I) or len(text) >= MAX_URL_CHARS:
        return None
    return text


def read_factchecks(path: str | Path, max_factchecks: int = MAX_FACTCHECKS) -> ReadResult:
    """The fact-checks in ``path`` (ClaimReview JSON/JSON-LD/HTML, CSV or CheckThat! TSV).

    Raises ``FactCheckFormatError`` naming the file: missing, empty, too large, not one of these
    formats, malformed, holding no fact-check, or more than ``max_factchecks``.
    """
    path = Path(path)
    size = _regular_size(path)
    if size == 0:
        raise FactCheckFormatError(f"{path}: empty file")
    if size > MAX_IMPORT_BYTES:
        raise FactCheckFormatError(
            f"{path}: too large ({size / 1e6:.0f} MB; at most {MAX_IMPORT_BYTES / 1e6:.0f} MB of fact-checks "
            f"a file, {max_factchecks:,} fact-checks); not read"
        )
    with path.open("rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        raise FactCheckFormatError(f"{path}: a binary file, not fact-checks")
    kind = _format(path, head)
    if kind in ("claimreview", "html"):
        if size > MAX_JSON_BYTES:
            raise FactCheckFormatError(
                f"{path}: too large for {'a web page' if kind == 'html' else 'JSON'} ({size / 1e6:.0f} MB; "
                f"at most {MAX_JSON_BYTES / 1e6:.0f} MB); split it, or use CSV"
            )
        text = _decode(path, path.read_bytes())
        if kind == "html":
            return _from_html(path, text, max_factchecks)
        return _from_json(path, text, max_factchecks)
    if kind == "csv":
        return _from_csv(path, max_factchecks)
    return _from_tsv(path, max_factchecks)


def _regular_size(path: Path) -> int:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FactCheckFormatError(f"{path}: no such file") from None
    except OSError as error:
        raise FactCheckFormatError(f"{path}: cannot read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise FactCheckFormatError(f"{path}: a folder, not a file of fact-checks")
    if not stat.S_ISREG(info.st_mode):
        raise FactCheckFormatError(f"{path}: not a regular file")
    return info.st_size


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FactCheckFormatError(f"{path}:{line}: not UTF-8 text") from None


def _format(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".jsonld", ".json-ld"):
        return "claimreview"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix == ".tsv":
        return "tsv"
    start = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if start[:1] in ("{", "["):
        return "claimreview"
    if start[:1] == "<":
        return "html"
    first = start.split("\n", 1)[0].lower()
    if "\t" in first and first.count("\t") == 2:
        return "tsv"
    if "," in first and "claim" in first:
        return "csv"
    raise FactCheckFormatError(
        f"{path}: not a file of fact-checks (expected ClaimReview JSON or JSON-LD, a web page with ClaimReview, "
        "a CSV file with a header naming claim, rating, url, publisher, date, or a CheckThat! TSV file)"
    )


# ---------------------------------------------------------------- ClaimReview


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _claim_reviews(data: object) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in parsed JSON-LD: top level, lists, ``@graph``, feeds (bounded depth)."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            continue
        if isinstance(node, list):
            stack.extend((child, depth + 1) for child in reversed(node))
        elif isinstance(node, dict):
            if "ClaimReview" in _types(node):
                yield node
                continue
            for key in ("@graph", "dataFeedElement", "item", "itemListElement", "mainEntity", "hasPart"):
                child = node.get(key)
                if isinstance(child, (list, dict)):
                    stack.append((child, depth + 1))


def _name(value: object) -> str | None:
    """The name of an author/organisation given as text, an object or a list of either."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    return plain(value)


def _rating(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        return plain(value)
    named = plain(value.get("alternateName")) or plain(value.get("name"))
    if named:
        return named
    score = plain(value.get("ratingValue"), 20)
    if score is None:
        return None
    best = plain(value.get("bestRating"), 20)
    return f"{score}/{best}" if best else score


def claim_review(item: dict[str, Any], number: int) -> FactCheck | None:
    """A ClaimReview object as a ``FactCheck`` (None without a claim); ``number`` names it if it has no url."""
    claim = plain(item.get("claimReviewed"), MAX_CLAIM_CHARS)
    if not claim:
        return None
    url = web_url(item.get("url"))
    reviewed = item.get("itemReviewed")
    claimant = _name(reviewed.get("author")) if isinstance(reviewed, dict) else None
    local_id = plain(item.get("@id"), 200) or url or str(number)
    return FactCheck(
        id=local_id,
        claim=claim,
        title=plain(item.get("name")) or plain(item.get("headline")),
        rating=_rating(item.get("reviewRating")),
        url=url,
        publisher=_name(item.get("author")) or _name(item.get("publisher")),
        date=plain(item.get("datePublished"), 40),
        claimant=claimant,
    )


def _collect(path: Path, items: Iterator[dict[str, Any]], kind: str, max_factchecks: int) -> ReadResult:
    out: list[FactCheck] = []
    skipped = 0
    seen = 0
    for seen, item in enumerate(items, 1):
        fc = claim_review(item, seen)
        if fc is None:
            skipped += 1
            continue
        out.append(fc)
        if len(out) > max_factchecks:
            raise FactCheckFormatError(f"{path}: more than {max_factchecks:,} fact-checks; refusing to import them")
    if not seen:
        raise FactCheckFormatError(f"{path}: no ClaimReview in it (schema.org objects with \"@type\": \"ClaimReview\")")
    if not out:
        raise FactCheckFormatError(f"{path}: {seen} ClaimReview object(s), none with a claimReviewed text")
    return ReadResult(out, kind, skipped)


def _parse_json(path: Path, text: str, where: str = "") -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FactCheckFormatError(f"{path}:{where or error.lineno}: malformed JSON ({error.msg})") from None
    except RecursionError:
        raise FactCheckFormatError(f"{path}: JSON nested too deeply") from None


def _from_json(path: Path, text: str, max_factchecks: int) -> ReadResult:
    if not text.strip():
        raise FactCheckFormatError(f"{path}: empty file")
    return _collect(path, _claim_reviews(_parse_json(path, text)), "claimreview", max_factchecks)


def _from_html(path: Path, text: str, max_factchecks: int) -> ReadResult:
    blocks = _LD_JSON.findall(text)
    if not blocks:
        raise FactCheckFormatError(f"{path}: a web page without ClaimReview (no application/ld+json script)")

    def items() -> Iterator[dict[str, Any]]:
        for block in blocks:
            try:
                data = json.loads(html.unescape(block) if "&quot;" in block else block)
            except (json.JSONDecodeError, RecursionError):
                continue  # pages carry other, sometimes broken, JSON-LD: skip the block
            yield from _claim_reviews(data)

    return _collect(path, items(), "html", max_factchecks)


# ---------------------------------------------------------------- CSV and TSV


def _count_rows(path: Path, stop: int) -> int:
    """Rows of a CSV file, counted up to ``stop`` (nothing kept: a file far over the cap is refused
    after reading ``stop`` rows, before any fact-check is built)."""
    rows = 0
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for row in csv.reader(fh, strict=False):
            if row:
                rows += 1
                if rows >= stop:
                    break
    return rows


def _from_csv(path: Path, max_factchecks: int) -> ReadResult:
    try:
        rows = _count_rows(path, max_factchecks + 2)
    except csv.Error:
        rows = 0  # reported with its line by the reading pass
    if rows > max_factchecks + 1:  # the header, then more than max_factchecks records
        raise FactCheckFormatError(f"{path}: more than {max_factchecks:,} rows; refusing to import them")
    out: list[FactCheck] = []
    skipped = 0
    line = 1
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                raise FactCheckFormatError(f"{path}: empty file") from None
            columns = [_HEADER_ALIASES.get(re.sub(r"[\s-]+", "_", h.strip().lower())) for h in header]
            if "claim" not in columns:
                raise FactCheckFormatError(
                    f"{path}:1: not a fact-check CSV file (the header needs a 'claim' column; it has "
                    f"{', '.join(repr(plain(h, 40) or '') for h in header[:8])})"
                )
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header) or any(len(cell) > MAX_CSV_FIELD for cell in row):
                    skipped += 1
                else:
                    values = {c: v for c, v in zip(columns, row) if c is not None}
                    claim = plain(values.get("claim"), MAX_CLAIM_CHARS)
                    if not claim:
                        skipped += 1
                    else:
                        url = web_url(values.get("url"))
                        out.append(FactCheck(
                            id=plain(values.get("id"), 200) or url or str(len(out) + 1),
                            claim=claim,
                            title=plain(values.get("title")),
                            rating=plain(values.get("rating")),
                            url=url,
                            publisher=plain(values.get("publisher")),
                            date=plain(values.get("date"), 40),
                            claimant=plain(values.get("claimant")),
                        ))
                        if len(out) > max_factchecks:
                            raise FactCheckFormatError(
                                f"{path}:{line}: more than {max_factchecks:,} fact-checks; refusing to import them"
                            )
                if not out and skipped >= _PROBE_ROWS:
                    raise FactCheckFormatError(f"{path}:{line}: no usable row among the first {skipped}")
    except csv.Error as error:
        raise FactCheckFormatError(f"{path}:{line + 1}: malformed CSV ({error})") from None
    except UnicodeDecodeError:
        raise FactCheckFormatError(f"{path}: after line {line}: not UTF-8 text") from None
    if not out:
        raise FactCheckFormatError(f"{path}: no fact-check in it (every row lacks a claim or has the wrong fields)")
    return ReadResult(out, "csv", skipped)


def _from_tsv(path: Path, max_factchecks: int) -> ReadResult:
    raw = load_tsv(path, max_factchecks=max_factchecks)
    out: list[FactCheck] = []
    skipped = 0
    for fc in raw:
        claim = plain(fc.claim, MAX_CLAIM_CHARS)
        local_id = plain(fc.id, 200)
        if not claim or not local_id:
            skipped += 1
            continue
        out.append(FactCheck(id=local_id, claim=claim, title=plain(fc.title)))
    if not out:
        raise FactCheckFormatError(f"{path}: no fact-check in it")
    return ReadResult(out, "tsv", skipped)
