"""Command line: parse arguments, then call the core or start the app."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence

from newsreader import __version__

COMMANDS = ("analyze", "export", "themes", "add", "feeds", "fetch")


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read news articles in the terminal with their claims highlighted.",
        epilog=(
            "commands:\n"
            "  newsreader analyze [PATH...] [--format json|yaml|text]   print parsed articles\n"
            "  newsreader export [--format md|yaml|json|csv] [-o FILE] [ARTICLE...]   export notes\n"
            "  newsreader themes                                        list themes\n"
            "  newsreader add URL... [--refresh]                        fetch web pages into the library\n"
            "  newsreader feeds [add URL|remove FEED|import OPML|export]   feeds you follow\n"
            "  newsreader fetch                                         fetch every feed\n"
            "\nWith no PATH the bundled seed articles and the folders in the config file are read.\n"
            "NEWSREADER_HOME=DIR keeps config, data and cache under DIR."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files (.txt .md .html) or folders to add")
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
    parser.add_argument("articles", nargs="*", metavar="ARTICLE", help="article files, folders or article ids")
    parser.add_argument("--format", choices=("md", "yaml", "json", "csv"), default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "analyze":
            return analyze(_analyze_parser().parse_args(argv[1:]))
        if argv and argv[0] == "export":
            return export_notes(_export_parser().parse_args(argv[1:]))
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


def analyze(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newsreader.analysis import analyze_article
    from newsreader.library import default_roots, discover, load_library

    if args.paths:
        missing = [path for path in args.paths if not Path(path).exists()]
        if missing:
            return _fail(f"no such file or folder: {', '.join(missing)}")
        roots = [Path(path) for path in args.paths]
        if not any(True for _ in discover(roots)):
            return _fail("no .txt, .md or .html files in " + ", ".join(args.paths))
    else:
        roots = default_roots()
    from newsreader.registry import Registry

    registry = Registry.load()
    if registry.problem:
        print(f"newsreader: {registry.problem}", file=sys.stderr)
    records = [analyze_article(article, registry) for article in load_library(roots)]
    document = {"articles": records}
    try:
        if args.format == "json":
            json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        elif args.format == "yaml":
            from newsreader.storage import dump_yaml

            sys.stdout.write(dump_yaml(document))
        else:
            sys.stdout.write(_as_text(records))
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    errors = [record for record in records if record["error"]]
    for record in records:
        for problem in [record["error"]] if record["error"] else record.get("warnings") or []:
            print(f"newsreader: {record['path']}: {problem}", file=sys.stderr)
    return 1 if errors and len(errors) == len(records) else 0


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
    from newsreader.export import ExportError, annotated_records, collect, render, write_output
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
    text = render(data, args.format)
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
    # Start-up builds a few hundred thousand objects that live as long as the app (Textual's
    # modules, parsed CSS, widgets) and almost no garbage; collecting them again and again
    # while they are built is about a sixth of the time to the first frame.  The app turns the
    # collector back on after that frame (ReaderScreen._first_frame).
    gc.disable()
    try:
        from newsreader.ui.app import NewsReader

        app = NewsReader(paths=args.paths, theme_name=args.theme)
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0
