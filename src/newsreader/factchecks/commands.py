"""``newsreader factchecks ...``: import, list, remove and try fact-checks (parsing and output only;
the work is in :mod:`.importing`, :mod:`.store` and :mod:`.matching`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from newsreader.sanitize import clean_line


def _err(message: str) -> None:
    print(f"newsreader: {clean_line(message)}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader factchecks",
        description=(
            "Fact-checks to match the claims of your articles against: ClaimReview JSON/JSON-LD (or a web page "
            "carrying it), CSV with a header (claim, rating, url, publisher, date; optional id, title, claimant) "
            "or the CheckThat! TSV.  Your own claim verdicts count too.  'newsreader analyze' lists the matches "
            "of each claim under 'checked'."
        ),
    )
    sub = parser.add_subparsers(dest="command")
    imp = sub.add_parser("import", help="import files of fact-checks (importing a file again replaces its set)")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--name", help="the set's name (default: from the file name; one FILE only)")
    sub.add_parser("list", help="what is imported: name, count, when, from where (the default)")
    remove = sub.add_parser("remove", help="forget an imported set")
    remove.add_argument("name", metavar="NAME")
    match = sub.add_parser("match", help="which fact-checks a sentence probably repeats")
    match.add_argument("text", nargs="+", metavar="TEXT")
    match.add_argument("-k", type=int, default=3, help="at most this many matches (default 3)")
    return parser


def main(argv: Sequence[str]) -> int:
    """``newsreader factchecks ARGS`` (``argv`` without the word ``factchecks``); the exit status."""
    args = _parser().parse_args(list(argv))
    from newsreader.factchecks.factcheck import FactCheckFormatError
    from newsreader.storage import StorageError

    try:
        if args.command == "import":
            if args.name and len(args.files) > 1:
                _err("--name takes one FILE")
                return 2
            return _import(args.files, args.name)
        if args.command == "remove":
            from newsreader.factchecks import store

            if not store.remove_set(args.name):
                _err(f"no fact-check set named {args.name!r} (see: newsreader factchecks list)")
                return 1
            print(f"✓ removed {args.name}")
            return 0
        if args.command == "match":
            return _match(" ".join(args.text), args.k)
        return _list()
    except (FactCheckFormatError, StorageError, OSError) as error:
        _err(str(error))
        return 1


def _import(files: list[str], name: str | None) -> int:
    from newsreader.factchecks import store
    from newsreader.factchecks.factcheck import FactCheckFormatError
    from newsreader.factchecks.importing import read_factchecks
    from newsreader.storage import StorageError

    failed = 0
    for file in files:
        try:
            result = read_factchecks(file)
            saved = store.save_set(Path(file), result.format, result.factchecks, name=name)
        except (FactCheckFormatError, StorageError) as error:
            failed += 1
            _err(str(error))
            continue
        except OSError as error:
            failed += 1
            _err(f"{file}: {error.strerror or error}")
            continue
        skipped = f", {result.skipped} malformed record(s) skipped" if result.skipped else ""
        print(f"✓ {clean_line(file)}: {saved.count:,} fact-checks ({result.format}) as '{saved.name}'{skipped}")
    return 1 if failed else 0


def _list() -> int:
    from newsreader.factchecks import store
    from newsreader.factchecks.own import own_factchecks

    sets = store.list_sets()
    problems: list[str] = []
    own = own_factchecks(problems=problems)
    if not sets:
        print("no fact-checks imported: newsreader factchecks import FILE...")
    for s in sets:
        if s.problem:
            print(f"{s.name}: ✗ {clean_line(s.problem)}")
        else:
            print(f"{s.name}: {s.count:,} fact-checks ({s.format}), imported {s.imported}")
            print(f"  from {clean_line(s.source)}")
    print(f"your verdicts: {len(own):,} claim(s)")
    for problem in problems:
        _err(problem)
    return 0


def _match(text: str, k: int) -> int:
    from newsreader.factchecks.matching import ClaimMatcher, load_factchecks

    problems: list[str] = []
    matcher = ClaimMatcher(load_factchecks(problems))
    for problem in problems:
        _err(problem)
    if not len(matcher):
        print("no fact-checks yet: newsreader factchecks import FILE...")
        return 0
    found = matcher.matches(text, k=k)
    if not found:
        print("no match")
    for m in found:
        fc = m.factcheck
        rating = clean_line(fc.rating or "no rating")
        by = f" ({clean_line(fc.publisher)})" if fc.publisher else ""
        print(f"{m.score:.2f}  [{rating}]{by} {clean_line(fc.claim)}")
        if fc.url:
            print(f"      {clean_line(fc.url)}")
    return 0
