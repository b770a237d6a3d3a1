"""A checked claim, and reading the CLEF CheckThat! TSV format that lists them.

The format (CheckThat! 2020 task 2, ``verified_claims.docs.tsv``): a header line, then one record per
line: ``id<TAB>vclaim<TAB>title``; a field may be quoted CSV-style (``"..."`` with ``""`` for a quote)
and a quoted field may run over a line break.  The tweets file (``id<TAB>tweet_content``) is the same
format with two fields: ``read_records()`` reads both.

Reading never crashes on a bad line: a malformed record (wrong number of fields, empty id or claim,
an unterminated quote) is skipped and counted.  A file that is not this format at all (no record in
its first lines parses) raises ``FactCheckFormatError`` naming the file and the line.  Sizes are
bounded: a record longer than ``MAX_RECORD_CHARS`` is skipped, a quoted field may span at most
``MAX_CONTINUATION_LINES`` lines, and a file with more than ``MAX_FACTCHECKS`` records is refused.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: More fact-checks than this are refused, by ``load_tsv`` and by ``FactCheckIndex``.  Measured
#: (benchmarks/bench_factchecks.py --scale): the index holds about 1.4 KB per fact-check and builds
#: at 7,000-15,000 a second on one core, so 200,000 take about 260 MB and 15-30 s; a million would
#: take over 1.3 GB and minutes, so is refused rather than attempted.
MAX_FACTCHECKS = 200_000
#: A record (all its lines) longer than this is skipped as malformed.
MAX_RECORD_CHARS = 20_000
#: A quoted field may run over at most this many extra lines.
MAX_CONTINUATION_LINES = 20
#: If none of the first this-many records parse, the file is not this format.
_PROBE_RECORDS = 20


@dataclass(frozen=True, slots=True)
class FactCheck:
    """A claim a fact-checker has checked: ``claim`` as they worded it, their article's ``title``;
    ``rating`` their verdict, ``publisher`` who checked it, ``claimant`` who made the claim."""

    id: str
    claim: str
    title: str | None = None
    rating: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    claimant: str | None = None


class FactCheckFormatError(ValueError):
    """The file is not a CheckThat! TSV file (the message names the file and the line)."""


@dataclass(frozen=True, slots=True)
class ReadReport:
    """What ``read_records`` saw: the records kept and the line numbers of those skipped."""

    records: list[tuple[int, list[str]]]
    skipped_lines: list[int]


def _unquote(field: str) -> str:
    field = field.strip()
    if len(field) >= 2 and field[0] == '"' and field[-1] == '"':
        return field[1:-1].replace('""', '"').strip()
    return field


def _open_quote(line: str) -> bool:
    """Whether ``line`` ends inside a quoted field (a field that opened with ``"`` is not closed)."""
    inside = False
    at_field_start = True
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if inside:
            if ch == '"':
                if i + 1 < n and line[i + 1] == '"':
                    i += 1
                else:
                    inside = False
        elif ch == '"' and at_field_start:
            inside = True
        at_field_start = ch == "\t" and not inside
        i += 1
    return inside


def _logical_records(lines: Iterator[str]) -> Iterator[tuple[int, str | None]]:
    """(first line number, record text) pairs; ``None`` for a malformed record.

    A quote left open is looked for on at most ``MAX_CONTINUATION_LINES`` following lines; if it
    never closes, only the line that opened it is malformed and the lines read ahead are parsed
    again as records of their own.
    """
    pending: deque[tuple[int, str]] = deque()
    number = 0

    def take() -> tuple[int, str] | None:
        nonlocal number
        if pending:
            return pending.popleft()
        line = next(lines, None)
        if line is None:
            return None
        number += 1
        return number, line.rstrip("\r\n")

    while (first := take()) is not None:
        start, record = first
        if not _open_quote(record):
            yield start, record if len(record) <= MAX_RECORD_CHARS else None
            continue
        ahead: list[tuple[int, str]] = []
        joined = record
        while _open_quote(joined) and len(ahead) < MAX_CONTINUATION_LINES and len(joined) <= MAX_RECORD_CHARS:
            nxt = take()
            if nxt is None:
                break
            ahead.append(nxt)
            joined += "\n" + nxt[1]
        if _open_quote(joined) or len(joined) > MAX_RECORD_CHARS:
            yield start, None
            pending.extendleft(reversed(ahead))
        else:
            yield start, joined


def read_records(path: str | Path, fields: int, max_records: int = MAX_FACTCHECKS) -> ReadReport:
    """The records of a CheckThat! TSV file with ``fields`` fields each (the header line skipped)."""
    path = Path(path)
    records: list[tuple[int, list[str]]] = []
    skipped: list[int] = []
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        header = fh.readline()
        if "\x00" in header or header.count("\t") != fields - 1:
            raise FactCheckFormatError(
                f"{path}:1: not a CheckThat! TSV file (expected a header of {fields} tab-separated fields)"
            )
        for number, record in _logical_records(iter(fh)):
            line_no = number + 1  # the header was line 1
            parts = [] if record is None or "\x00" in record else record.split("\t")
            if len(parts) != fields:
                skipped.append(line_no)
            else:
                values = [_unquote(p) for p in parts]
                if not values[0] or not values[1]:
                    skipped.append(line_no)
                else:
                    records.append((line_no, values))
                    if len(records) > max_records:
                        raise FactCheckFormatError(
                            f"{path}:{line_no}: more than {max_records:,} records; refusing to load them all"
                        )
            if not records and len(skipped) >= _PROBE_RECORDS:
                raise FactCheckFormatError(
                    f"{path}:{skipped[0]}: not a CheckThat! TSV file (no record parses in the first lines)"
                )
    return ReadReport(records, skipped)


def load_tsv(path: str | Path, max_factchecks: int = MAX_FACTCHECKS) -> list[FactCheck]:
    """The fact-checks of a ``verified_claims.docs.tsv`` file (``id, vclaim, title``).

    Malformed lines are skipped; a file that is not this format, or holds more than
    ``max_factchecks`` records, raises ``FactCheckFormatError`` (a ``ValueError``) naming the file
    and line.  An empty title becomes ``None``.
    """
    report = read_records(path, fields=3, max_records=max_factchecks)
    return [FactCheck(id=v[0], claim=v[1], title=v[2] or None) for _, v in report.records]
