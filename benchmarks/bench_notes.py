"""How long does saving a note take with 10,000 notes already stored?

    .venv/bin/python benchmarks/bench_notes.py [--runs 200] [--dir DIR]

Two layouts, each with 10,000 notes already on disk:

* spread: 500 article files of 20 notes each; each save goes to a random article;
* one file: all 10,000 notes in the article being saved (the worst case).

"warm" is the usual case: this process saved or loaded the article last, so the
re-read under the lock finds the bytes unchanged and only the new note is rendered.
"changed": the file changed since this process read it (another window saved), so
it is parsed again, incrementally: blocks this process has seen are reused.
"cold" drops every in-memory cache first (first save in a fresh process): the whole
file is parsed, checked and rendered.  Every save is a real one:
flock, re-read, temp file, fsync, .bak link, rename, directory fsync.
Target: median <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsreader.notes import (
    Anchor,
    NotesStore,
    fileformat,
)
from newsreader.notes.model import ArticleNotes, Note, Verdict, new_id

TOTAL = 10_000
SPREAD_FILES = 500
TEXT = ("Officials said that exports fell by half in the first quarter, the ministry said. " * 40)


def make_notes(rng: random.Random, count: int) -> tuple[Note, ...]:
    notes = []
    for i in range(count):
        created = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00.{i:06d}Z"
        kind = i % 3
        body = f"Note {i}: checked against source {rng.randint(1, 999)}."
        if i % 2:
            body += "\n\n- customs table 3\n- call the ministry **again**"
        if kind == 1:
            start = rng.randrange(0, len(TEXT) - 40)
            notes.append(Note(new_id("n"), "claim", body, created, anchor=Anchor.from_span(TEXT, start, start + 30)))
        elif kind == 2:
            notes.append(Note(new_id("n"), "source", body, created, source=f"Source {i % 50}"))
        else:
            notes.append(Note(new_id("n"), "article", body, created))
    return tuple(notes)


def populate(store: NotesStore, ids: list[str], per_file: int, rng: random.Random) -> None:
    store._ensure_root()
    for aid in ids:
        notes = ArticleNotes(aid, store.path_for(aid), notes=make_notes(rng, per_file),
                             verdicts=(Verdict(new_id("v"), "false", Anchor.from_span(TEXT, 20, 40),
                                               "2024-01-01T00:00:00.000000Z"),),
                             meta={"title": f"Article {aid}"}, exists=True)
        store._write(aid, store.path_for(aid), fileformat.render(notes).encode())


def forget(store: NotesStore, everything: bool) -> None:
    store._cache.clear()
    if everything:
        fileformat._RENDERED.clear()
        fileformat._BY_TEXT.clear()
        fileformat._SECTIONS.clear()


def measure(store: NotesStore, ids: list[str], runs: int, mode: str, rng: random.Random) -> list[float]:
    times = []
    for i in range(runs):
        aid = rng.choice(ids)
        if mode != "warm":
            forget(store, everything=mode == "cold")
        else:
            store.load(aid)  # the UI has the article open
        t0 = time.perf_counter()
        store.add_note(aid, f"Benchmark note {i}\nwith a second line", target="claim",
                       anchor=Anchor.from_span(TEXT, 100, 130))
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200,
                        help="saves per scenario (a tenth for changed/cold with the one big file)")
    parser.add_argument("--dir", help="where to create the notes (default: a temp dir)")
    args = parser.parse_args()
    rng = random.Random(7)
    rows = []
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        spread = NotesStore(Path(tmp) / "spread")
        spread_ids = [f"{i:016x}" for i in range(SPREAD_FILES)]
        populate(spread, spread_ids, TOTAL // SPREAD_FILES, rng)
        one = NotesStore(Path(tmp) / "one")
        one_ids = ["0714c6963990ef25"]
        populate(one, one_ids, TOTAL, rng)
        size = one.path_for(one_ids[0]).stat().st_size
        for label, store, ids, per_file in (("spread, 500 files", spread, spread_ids, TOTAL // SPREAD_FILES),
                                            ("one file (worst)", one, one_ids, TOTAL)):
            for mode in ("warm", "changed", "cold"):
                runs = args.runs if mode == "warm" or per_file < 1000 else max(5, args.runs // 10)
                times = measure(store, ids, runs, mode, rng)
                rows.append((label, mode, f"~{per_file:,}", runs,
                             statistics.median(times), sorted(times)[int(len(times) * 0.9) - 1]))
        fs = os.statvfs(tmp)
    print(f"add_note with {TOTAL:,} notes stored; one-file size {size / 1e6:.1f} MB; "
          f"Python {sys.version.split()[0]}; block size {fs.f_bsize}")
    header = ("layout", "cache", "notes/file", "runs", "median ms", "p90 ms")
    print(f"{header[0]:<20} {header[1]:<7} {header[2]:>10} {header[3]:>5} {header[4]:>10} {header[5]:>8}")
    for label, cache, per_file, runs, median, p90 in rows:
        print(f"{label:<20} {cache:<7} {per_file:>10} {runs:>5} {median:>10.2f} {p90:>8.2f}")


if __name__ == "__main__":
    main()
