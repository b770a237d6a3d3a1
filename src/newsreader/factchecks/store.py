"""Imported fact-checks, kept in the data folder: one JSON-lines file per imported file.

``<data_dir>/factchecks/<name>.jsonl``: a header line (``{"newsreader": "factchecks", "version": 1,
"name", "source", "format", "count", "imported"}``), then one fact-check a line.  ``name`` comes
from the imported file's name; importing a file of that name from the same place again replaces
the set (never duplicates it), another file with the same name gets ``<name>-2``.  Files are written
through ``storage.UserFile`` (lock, fsynced temporary renamed over the old file).  Ids are made
unique within a set and prefixed with its name (``<name>:<id>``), so they are unique overall.

Reading trusts nothing either (the files may be hand-edited): each line is bounded and every field
cleaned again; a bad line is skipped and counted, a bad file reported by name, never raised.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsreader import paths
from newsreader.factchecks.factcheck import MAX_FACTCHECKS, FactCheck, FactCheckFormatError
from newsreader.factchecks.importing import MAX_CLAIM_CHARS, plain, web_url
from newsreader.storage import StorageError, UserFile

STORE_VERSION = 1
SUFFIX = ".jsonl"
#: A stored line longer than this is skipped (a fact-check is well under 10 KB).
MAX_LINE_CHARS = 20_000
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_FIELDS = ("title", "rating", "url", "publisher", "date", "claimant")


def store_dir() -> Path:
    """``<data_dir>/factchecks`` (not created until an import)."""
    return paths.data_dir() / "factchecks"


@dataclass(frozen=True, slots=True)
class ImportedSet:
    """One imported file: its ``name`` in the store, where it came from, how many, when."""

    name: str
    path: Path
    source: str
    format: str
    count: int
    imported: str
    problem: str | None = None


def set_name(source: str | Path) -> str:
    """A safe store name from a file name: lower-case letters, digits, ``-`` and ``_``."""
    stem = Path(source).name
    for suffix in (".jsonld", ".json", ".html", ".htm", ".csv", ".tsv", ".txt"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")[:50]
    return slug or "factchecks"


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise FactCheckFormatError(f"{name!r}: not a fact-check set name (see 'newsreader factchecks list')")
    return name


def _read_header(path: Path) -> ImportedSet:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            line = fh.readline(MAX_LINE_CHARS)
        header = json.loads(line)
        if not isinstance(header, dict) or header.get("newsreader") != "factchecks":
            raise ValueError("no newsreader header")
        count = header.get("count")
        return ImportedSet(
            name=path.name[: -len(SUFFIX)],
            path=path,
            source=plain(header.get("source"), 1000) or "?",
            format=plain(header.get("format"), 20) or "?",
            count=count if isinstance(count, int) and count >= 0 else 0,
            imported=plain(header.get("imported"), 40) or "?",
        )
    except (OSError, ValueError) as error:
        return ImportedSet(path.name[: -len(SUFFIX)], path, "?", "?", 0, "?", f"{path}: unreadable ({error})")


def list_sets() -> list[ImportedSet]:
    """Every imported set, by name (a broken file is listed with its ``problem``)."""
    folder = store_dir()
    try:
        names = sorted((n for n in os.listdir(folder) if n.endswith(SUFFIX) and _NAME.fullmatch(n[: -len(SUFFIX)])),
                       key=lambda n: n[: -len(SUFFIX)])
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StorageError(f"{folder}: cannot list ({error.strerror or error})") from error
    return [_read_header(folder / n) for n in names]


def _unique_ids(name: str, factchecks: Iterable[FactCheck]) -> list[dict[str, str]]:
    seen: set[str] = set()
    out: list[dict[str, str]] = []
    for fc in factchecks:
        local = fc.id
        n = 1
        while local in seen:
            n += 1
            local = f"{fc.id}#{n}"
        seen.add(local)
        record = {"id": f"{name}:{local}", "claim": fc.claim}
        for field in _FIELDS:
            value = getattr(fc, field)
            if value:
                record[field] = value
        out.append(record)
    return out


def save_set(source: str | Path, format: str, factchecks: list[FactCheck], name: str | None = None) -> ImportedSet:
    """Keep ``factchecks`` (read from ``source``) as a set, replacing the set of the same file.

    Raises ``FactCheckFormatError`` if the store would then hold more than ``MAX_FACTCHECKS``, and
    ``StorageError``/``OSError`` if the file cannot be written (nothing is changed then).
    """
    source_text = str(Path(source).resolve())
    existing = {s.name: s for s in list_sets()}
    if name is None:
        base = set_name(source)
        name, n = base, 1
        while name in existing and existing[name].source != source_text:
            n += 1
            name = f"{base}-{n}"
    check_name(name)
    others = sum(s.count for s in existing.values() if s.name != name)
    if others + len(factchecks) > MAX_FACTCHECKS:
        raise FactCheckFormatError(
            f"{source}: {len(factchecks):,} fact-checks; with the {others:,} already imported that is more than "
            f"{MAX_FACTCHECKS:,} (remove a set first: newsreader factchecks remove NAME)"
        )
    header = {
        "newsreader": "factchecks", "version": STORE_VERSION, "name": name, "source": source_text,
        "format": format, "count": len(factchecks),
        "imported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    lines = [json.dumps(header, ensure_ascii=False)]
    lines.extend(json.dumps(record, ensure_ascii=False) for record in _unique_ids(name, factchecks))
    path = store_dir() / f"{name}{SUFFIX}"
    target = UserFile(path)
    with target.locked():
        target.write("\n".join(lines) + "\n", backup=False)
    return _read_header(path)


def remove_set(name: str) -> bool:
    """Forget the set ``name``; False if there is none."""
    path = store_dir() / f"{check_name(name)}{SUFFIX}"
    target = UserFile(path)
    with target.locked():
        try:
            os.unlink(path)
        except FileNotFoundError:
            return False
    return True


def _factcheck(line: str) -> FactCheck | None:
    if len(line) > MAX_LINE_CHARS:
        return None
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    fc_id, claim = plain(record.get("id"), 300), plain(record.get("claim"), MAX_CLAIM_CHARS)
    if not fc_id or not claim:
        return None
    return FactCheck(
        id=fc_id,
        claim=claim,
        title=plain(record.get("title")),
        rating=plain(record.get("rating")),
        url=web_url(record.get("url")),
        publisher=plain(record.get("publisher")),
        date=plain(record.get("date"), 40),
        claimant=plain(record.get("claimant")),
    )


def load_set(imported: ImportedSet, problems: list[str], limit: int = MAX_FACTCHECKS) -> list[FactCheck]:
    """The fact-checks of one set (at most ``limit``); what went wrong is appended to ``problems``."""
    if imported.problem:
        problems.append(imported.problem)
        return []
    out: list[FactCheck] = []
    bad = 0
    try:
        with imported.path.open(encoding="utf-8", errors="replace") as fh:
            fh.readline(MAX_LINE_CHARS)  # the header
            for line in fh:
                if not line.strip():
                    continue
                if len(out) >= limit:
                    problems.append(f"{imported.path}: more than {limit:,} fact-checks in all; the rest not loaded")
                    break
                fc = _factcheck(line)
                if fc is None:
                    bad += 1
                else:
                    out.append(fc)
    except OSError as error:
        problems.append(f"{imported.path}: cannot read ({error.strerror or error})")
    if bad:
        problems.append(f"{imported.path}: {bad} malformed line(s) skipped")
    return out
