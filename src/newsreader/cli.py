"""Command line: parse arguments, then call the core or start the app."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from newsreader import __version__

if TYPE_CHECKING:
    from newsreader.library.sources_across import SourceSummary
    from newsreader.registry import Registry

COMMANDS = ("analyze", "export", "sources", "themes", "add", "feeds", "fetch", "factchecks")


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read news articles in the terminal with their claims highlighted.",
        epilog=(
            "commands:\n"
            "  newsreader analyze [PATH...] [--format json|yaml|text]   print parsed articles\n"
            "  newsreader export [--format md|yaml|json|csv|claimreview|webannotation] [--details]\n"
            "                    [--all-claims] [-o FILE] [ARTICLE...]   export notes and verdicts\n"
            "  newsreader sources [PATH...] [--format json|yaml|text]   every source across the articles\n"
            "  newsreader themes                                        list themes\n"
            "  newsreader add URL... [--refresh]                        fetch web pages into the library\n"
            "  newsreader feeds [add URL|remove FEED|import OPML|export]   feeds you follow\n"
            "  newsreader fetch                                         fetch every feed\n"
            "  newsreader factchecks ...                                published fact-checks (see --help)\n"
            "\nWith no PATH the bundled seed articles and the folders in the config file are read.\n"
            "NEWSREADER_HOME=DIR keeps config, data and cache under DIR."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="article files (.txt .md .html), folders, or web addresses (fetched into the library "
                             "first) to add; the first file or address given is opened at once")
    parser.add_argument("--theme", help="colour theme to use (see 'newsreader themes')")
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    return parser


def _analyze_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader analyze",
        description="Parse articles and print every field as JSON, YAML or text.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the library)")
    parser.add_argument("--format", choices=("json", "yaml", "text"), default="json")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader export",
        description=(
            "Export notes and claim verdicts with each article's claims and sources. "
            "With no ARTICLE: every article that has notes or verdicts, wherever it was opened. "
            "Files that could not be read are named on stderr and in the document."
        ),
    )
    from newsreader.export import ALL_FORMATS, FORMAT_ALIASES

    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="article files, folders or article ids")
    parser.add_argument(
        "--format", choices=ALL_FORMATS + tuple(FORMAT_ALIASES), default="md", metavar="FORMAT",
        help="md (a fact-check memo, the default), yaml, json, csv, claimreview (schema.org ClaimReview "
             "JSON-LD, claims with a verdict) or webannotation (W3C Web Annotation JSON-LD, every note and verdict)",
    )
    parser.add_argument("--details", action="store_true",
                        help="Markdown: add claim kinds, scores, offsets, files and article ids")
    parser.add_argument("--all-claims", action="store_true",
                        help="Markdown: list the claims nobody checked too (default: those with a verdict or notes)")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="ClaimReview author / annotation creator (default: 'reviewer:' in the config file, "
                             "else 'newsreader user')")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    return parser


def _sources_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader sources",
        description=(
            "Every source the articles cite, merged across articles by name and alias (as the source "
            "registry matches them): kind, tags, reliability, and the claims attributed to it with their verdicts."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the library)")
    parser.add_argument("--format", choices=("json", "yaml", "text"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "analyze":
            return analyze(_analyze_parser().parse_args(argv[1:]))
        if argv and argv[0] == "export":
            return export_notes(_export_parser().parse_args(argv[1:]))
        if argv and argv[0] == "sources":
            return list_sources(_sources_parser().parse_args(argv[1:]))
        if argv and argv[0] == "factchecks":
            from newsreader.factchecks.commands import main as factchecks_main

            return factchecks_main(argv[1:])
        if argv and argv[0] == "themes":
            argparse.ArgumentParser(prog="newsreader themes", description="List every theme.").parse_args(argv[1:])
            return themes()
        if argv and argv[0] in ("add", "feeds", "fetch"):
            from newsreader.web import commands

            run = {"add": commands.add_main, "feeds": commands.feeds_main, "fetch": commands.fetch_main}[argv[0]]
            return run(argv[1:])
        args = _app_parser().parse_args(argv)
    except BrokenPipeError:
        return 0
    return run_app(args)


def _fail(message: str) -> int:
    print(f"newsreader: {message}", file=sys.stderr)
    return 1


def _analysed(paths: list[str]) -> tuple[list[dict], Registry] | str:
    """The analysed articles at ``paths`` (none: the library) and the source registry, or why
    there are none.  A registry that cannot be read is named on stderr."""
    from pathlib import Path

    from newsreader.analysis import analyze_article
    from newsreader.library import default_roots, discover, load_library
    from newsreader.registry import Registry

    if paths:
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            return f"no such file or folder: {', '.join(missing)}"
        roots = [Path(path) for path in paths]
        if not any(True for _ in discover(roots)):
            return "no .txt, .md or .html files in " + ", ".join(paths)
    else:
        roots = default_roots()
    registry = Registry.load()
    if registry.problem:
        print(f"newsreader: {registry.problem}", file=sys.stderr)
    return [analyze_article(article, registry) for article in load_library(roots)], registry


def _report_article_problems(records: list[dict]) -> int:
    """Name every unreadable article (and warnings) on stderr; 1 if no article could be read."""
    errors = [record for record in records if record["error"]]
    for record in records:
        for problem in [record["error"]] if record["error"] else record.get("warnings") or []:
            print(f"newsreader: {record['path']}: {problem}", file=sys.stderr)
    return 1 if errors and len(errors) == len(records) else 0


def analyze(args: argparse.Namespace) -> int:
    loaded = _analysed(args.paths)
    if isinstance(loaded, str):
        return _fail(loaded)
    records, _ = loaded
    if not _print({"articles": records}, args.format, lambda: _as_text(records)):
        return 0
    return _report_article_problems(records)


def list_sources(args: argparse.Namespace) -> int:
    from newsreader.library.sources_across import sources_across
    from newsreader.notes import NotesStore

    loaded = _analysed(args.paths)
    if isinstance(loaded, str):
        return _fail(loaded)
    records, registry = loaded
    summaries = sources_across(records, registry, NotesStore())
    document = {"sources": [summary.to_dict() for summary in summaries]}
    if not _print(document, args.format, lambda: _sources_as_text(summaries)):
        return 0
    return _report_article_problems(records)


def _print(document: dict[str, Any], fmt: str, as_text: Callable[[], str]) -> bool:
    """Write ``document`` to stdout as JSON or YAML, or ``as_text()`` for ``text``; False when the
    reader went away (a closed pipe: not an error)."""
    try:
        if fmt == "json":
            json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif fmt == "yaml":
            from newsreader.storage import dump_yaml

            sys.stdout.write(dump_yaml(document))
        else:
            sys.stdout.write(as_text())
        sys.stdout.flush()
    except BrokenPipeError:
        return False
    return True


def _sources_as_text(summaries: list[SourceSummary]) -> str:
    from newsreader.sanitize import clean_line

    def plural(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    lines = []
    for summary in summaries:
        facts = [summary.kind]
        if summary.aliases:
            facts.append("also: " + ", ".join(summary.aliases))
        if summary.tags:
            facts.append("tags: " + ", ".join(summary.tags))
        facts.append(f"reliability: {summary.rating}/5" if summary.rating is not None else "unrated")
        lines.append(clean_line(f"{summary.name}  ({'; '.join(facts)})"))
        counts = [plural(summary.claim_count, "claim"), f"in {plural(summary.article_count, 'article')}",
                  plural(summary.mentions, "mention")]
        verdicts = ", ".join(f"{verdict} {count}" for verdict, count in summary.verdicts.items())
        lines.append("  " + clean_line(" ".join(counts[:2]) + ", " + counts[2] + (f"; {verdicts}" if verdicts else "")))
        for claim in summary.claims:
            lines.append("  " + clean_line(f"[{claim.verdict}] {claim.text}  — {claim.title} ({claim.path})"))
        lines.append("")
    return "\n".join(lines) if lines else "No sources.\n"


def _as_text(records: list[dict]) -> str:
    lines = []
    for record in records:
        lines.append(f"# {record['title']}")
        meta = [record.get(key) for key in ("category", "author", "publication", "published", "url", "language")]
        lines.append(f"path: {record['path']}")
        if any(meta):
            lines.append(" · ".join(str(value) for value in meta if value))
        if record["error"]:
            lines.append(f"error: {record['error']}")
        for claim in record.get("claims", []):
            source = claim.get("source") or "unattributed"
            score = "  –  " if claim.get("score") is None else f"{claim['score']:.2f}"
            lines.append(f"  [{claim['kind']} {score}] {claim['text']}  ({source})")
        if record.get("sources"):
            lines.append("sources: " + "; ".join(source["name"] for source in record["sources"]))
        lines.append("")
    return "\n".join(lines)


def export_notes(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newsreader.analysis import analyze_article
    from newsreader.articles import load_article
    from newsreader.export import (
        ExportError,
        Reviewer,
        annotated_records,
        collect,
        configured_reviewer,
        format_name,
        render,
        write_output,
    )
    from newsreader.library import default_roots, load_library
    from newsreader.notes import NotesError, NotesStore
    from newsreader.registry import Registry

    store = NotesStore()
    registry = Registry.load()
    paths = [Path(item) for item in args.articles if Path(item).exists()]
    ids = [item for item in args.articles if not Path(item).exists()]
    library = load_library(default_roots()) if ids or not args.articles else []
    known = {article.id: article.path for article in library if article.ok}
    by_path = {article.path: article for article in library}

    def record_for(path: str) -> dict:
        return analyze_article(by_path.get(path) or load_article(path), registry)

    records = [analyze_article(article, registry) for article in load_library(paths) if article.ok]
    try:
        if ids:
            noted = set(store.all_article_ids())
            unknown = [item for item in ids if item not in known and item not in noted]
            if unknown:
                return _fail("no such article file or id: " + ", ".join(unknown))
            records += annotated_records(store, known, record_for, ids)
        if not args.articles:  # every article with notes, wherever it was opened
            records = annotated_records(store, known, record_for)
    except NotesError as error:
        return _fail(str(error))
    data = collect(records, store, registry=registry)
    for problem in data["problems"]:
        print(f"newsreader: {problem}", file=sys.stderr)
    for record in records:
        if record.get("error"):
            print(f"newsreader: notes of {record['id']} exported without the article: {record['error']}",
                  file=sys.stderr)
    fmt = format_name(args.format)
    reviewer = Reviewer.from_data(args.reviewer) if args.reviewer else configured_reviewer()
    text = render(data, fmt, details=args.details, all_claims=args.all_claims, reviewer=reviewer)
    if args.output:
        try:
            written = write_output(text, args.output)
        except ExportError as error:
            return _fail(str(error))
        print(f"newsreader: exported {len(records)} article(s) to {written}", file=sys.stderr)
    else:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            return 0
    return 0


def themes() -> int:
    """List shipped, user and built-in themes; report broken theme files on stderr (exit 0)."""
    from textual.theme import BUILTIN_THEMES

    from newsreader.config import Config
    from newsreader.themes import load_themes

    found = load_themes()
    current = Config.load().theme or "newsreader-dark"
    for spec in found.themes:
        mark = "*" if spec.name == current else " "
        print(f"{mark} {spec.name:<28} {spec.origin:<8} {'dark' if spec.dark else 'light':<5}  {spec.path}")
    for name, theme in BUILTIN_THEMES.items():
        if name not in {spec.name for spec in found.themes}:
            mark = "*" if name == current else " "
            print(f"{mark} {name:<28} {'built-in':<8} {'dark' if theme.dark else 'light':<5}")
    for problem in found.problems:
        print(f"newsreader: theme skipped: {problem}", file=sys.stderr)
    return 0


def _theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    from newsreader.themes import load_themes

    return [spec.name for spec in load_themes().themes] + [name for name in BUILTIN_THEMES]


def run_app(args: argparse.Namespace) -> int:
    if args.theme:
        names = list(dict.fromkeys(_theme_names()))
        if args.theme not in names:
            return _fail(f"no theme {args.theme!r}; the themes are: {', '.join(names)}")
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        return _fail(
            "the reader needs a terminal (stdin and stdout are not both one).\n"
            "  newsreader analyze [PATH...]   prints the articles and their claims as JSON, YAML or text\n"
            "  newsreader export [-o FILE]    writes notes and verdicts as Markdown, YAML, JSON or CSV"
        )
    # An address is fetched into the library before the app starts (a failure: a message and
    # exit status 1, as with `newsreader add`); the first file or address given is opened at once.
    from newsreader.web.commands import app_arguments

    found = app_arguments(args.paths)
    if found is None:
        return 1
    paths, opened = found
    # Start-up builds a few hundred thousand objects that live as long as the app (Textual's
    # modules, parsed CSS, widgets) and almost no garbage; collecting them again and again
    # while they are built is about a sixth of the time to the first frame.  The app turns the
    # collector back on after that frame (ReaderScreen._first_frame).
    gc.disable()
    # Workers (indexing, related claims, fact-check results) are CPU-bound threads; a keystroke
    # waits for the interpreter lock up to this long at each switch (Python's default: 5 ms).
    # Measured on a warm 10,000-article library while the workers ran: keystroke to repaint
    # median 29 -> 17 ms, worst 748 -> 49 ms.
    sys.setswitchinterval(0.001)
    try:
        from newsreader.ui.app import NewsReader

        app = NewsReader(paths=paths, theme_name=args.theme, open_path=opened[0] if opened else None)
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0

