"""Export analysed articles with their claim verdicts and notes: Markdown, YAML, JSON or CSV.

``export(records, store, fmt)`` takes the analysed-article dicts produced by
``newsreader analyze`` (missing or odd fields are tolerated) and a
:class:`~newsreader.notes.NotesStore`; it returns the document as text.
Nothing is dropped: notes whose quote is no longer in the article ("detached"),
claim notes on text that is not a detected claim ("unmatched"), source notes on
sources the article no longer lists, and older verdicts on the same claim are
all exported.  ``write_output(text, path)`` writes the result atomically.

Output is deterministic (no export timestamp), so re-exporting unchanged data
gives identical files.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .notes import NotesError, NotesStore, Note, Verdict, check_article_id
from .notes.model import ArticleNotes
from .sanitize import clean_line, clean_text

FORMATS = ("md", "yaml", "json", "csv")
EXPORT_VERSION = 1
CSV_COLUMNS = (
    "article_id", "article_title", "row_type", "claim_start", "claim_end", "claim_text", "kind", "score",
    "source", "verdict", "verdict_updated", "notes",
)
NOTE_SEPARATOR = "\n---\n"
_ARTICLE_FIELDS = ("id", "title", "path", "url", "category", "author", "published", "publication")

# Pure-Python SafeDumper: libyaml's emitter escapes emoji and other non-BMP text.
_BaseDumper = yaml.SafeDumper


class ExportError(Exception):
    """The export could not be written; the message names the path."""


class _ExportDumper(_BaseDumper):
    """Local subclass: multi-line strings as ``|`` blocks; no global registration."""


def _represent_str(dumper, data: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_ExportDumper.add_representer(str, _represent_str)


# --------------------------------------------------------------------------- collecting


def _plain(value: Any) -> Any:
    """Make ``value`` JSON/YAML-safe plain data (tolerant of whatever the analyser put there)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _int(value: Any, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _note_view(note: Note) -> dict:
    view: dict[str, Any] = {"id": note.id, "type": "note", "target": note.target, "created": note.created}
    if note.updated:
        view["updated"] = note.updated
    if note.source is not None:
        view["source"] = note.source
    if note.anchor is not None:
        view["quote"] = note.anchor.exact
        view["start"] = note.anchor.start
        view["end"] = note.anchor.end
    view["body"] = note.body
    return view


def _verdict_view(verdict: Verdict) -> dict:
    return {"id": verdict.id, "type": "verdict", "verdict": verdict.verdict, "updated": verdict.updated,
            "quote": verdict.anchor.exact, "start": verdict.anchor.start, "end": verdict.anchor.end}


def _item_view(item: Note | Verdict) -> dict:
    return _verdict_view(item) if isinstance(item, Verdict) else _note_view(item)


def _load_notes(store: NotesStore, article_id: str) -> ArticleNotes | None:
    try:
        check_article_id(article_id)
    except NotesError:
        return None
    return store.load(article_id)


def collect(records: Iterable[Mapping], store: NotesStore, *, include_text: bool = False) -> dict:
    """The export as plain data: ``{"export_version": 1, "articles": [...]}`` (what YAML/JSON contain)."""
    articles = []
    for record in records or []:
        if not isinstance(record, Mapping):
            continue
        article_id = str(record.get("id") or "")
        notes = _load_notes(store, article_id)
        text = record.get("text") if isinstance(record.get("text"), str) else ""
        claims = [c for c in record.get("claims") or [] if isinstance(c, Mapping)]
        sources = [s for s in record.get("sources") or [] if isinstance(s, Mapping)]
        view: dict[str, Any] = {key: _plain(record.get(key)) for key in _ARTICLE_FIELDS}
        for key, value in record.items():  # everything else the analyser gave us
            if key not in view and key not in ("claims", "sources", "text", "markdown"):
                view[str(key)] = _plain(value)
        if include_text:
            view["text"] = text
            view["markdown"] = _plain(record.get("markdown"))
        view["notes_error"] = str(notes.error) if notes is not None and notes.error else None
        if notes is None:
            view["notes_error"] = f"invalid article id {article_id!r}: notes cannot be stored for it"
            notes = ArticleNotes(article_id, Path())
        spans = [(_int(c.get("start")), _int(c.get("end"))) for c in claims]
        att = notes.attach(text, spans, [str(s.get("name") or "") for s in sources])
        view["claims"] = []
        for claim, found in zip(claims, att.claims):
            entry = _plain(dict(claim))
            entry["verdict"] = found.verdict_name
            entry["verdict_updated"] = found.verdict.updated if found.verdict else None
            entry["notes"] = [_note_view(n) for n in found.notes]
            view["claims"].append(entry)
        view["sources"] = []
        for source, found in zip(sources, att.sources):
            entry = _plain(dict(source))
            entry["notes"] = [_note_view(n) for n in found]
            view["sources"].append(entry)
        view["article_notes"] = [_note_view(n) for n in att.article]
        view["unmatched"] = [_item_view(i) for i in att.unmatched]
        view["detached"] = [_item_view(i) for i in att.detached]
        articles.append(view)
    return {"export_version": EXPORT_VERSION, "articles": articles}


def export(records: Iterable[Mapping], store: NotesStore, fmt: str = "md", *, include_text: bool = False) -> str:
    """Render the analysed ``records`` with their notes/verdicts from ``store`` as ``fmt``.

    ``fmt``: ``md`` | ``yaml`` | ``json`` | ``csv``.  ``include_text`` adds the
    article text/markdown to YAML/JSON (off: exports are about the checking).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    data = collect(records, store, include_text=include_text)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.dump(data, Dumper=_ExportDumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=1_000_000)
    if fmt == "csv":
        return _to_csv(data)
    return _to_markdown(data)


# --------------------------------------------------------------------------- CSV


def _cell(value: Any) -> Any:
    """CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _to_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)

    def row(article, row_type, **cells):
        values = {"article_id": article.get("id"), "article_title": article.get("title"), "row_type": row_type}
        values.update(cells)
        writer.writerow([_cell(values.get(col)) for col in CSV_COLUMNS])

    def joined(notes):
        return NOTE_SEPARATOR.join(n["body"] for n in notes)

    for article in data["articles"]:
        for claim in article["claims"]:
            row(article, "claim", claim_start=claim.get("start"), claim_end=claim.get("end"),
                claim_text=claim.get("text"), kind=claim.get("kind"), score=claim.get("score"),
                source=claim.get("source"), verdict=claim["verdict"], verdict_updated=claim["verdict_updated"],
                notes=joined(claim["notes"]))
        for kind in ("unmatched", "detached"):
            for item in article[kind]:
                row(article, f"{kind}_{item['type']}", claim_start=item.get("start"), claim_end=item.get("end"),
                    claim_text=item.get("quote"), source=item.get("source"), verdict=item.get("verdict"),
                    verdict_updated=item.get("updated") if item["type"] == "verdict" else None,
                    notes=item.get("body"))
        for source in article["sources"]:
            if source["notes"]:
                row(article, "source_note", source=source.get("name"), notes=joined(source["notes"]))
        if article["article_notes"]:
            row(article, "article_note", notes=joined(article["article_notes"]))
    return out.getvalue()


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~#&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
_SAFE_URL = re.compile(r"https?://[^\s<>`\\]+", re.IGNORECASE)


def md_escape(text: Any, *, line_start: bool = False) -> str:
    """One line of literal text that cannot start an inline construct in Markdown (nor a
    block construct, with ``line_start=True`` for text that begins a line or quote line)."""
    line = clean_line("" if text is None else str(text))
    line = _MD_INLINE.sub(r"\\\1", line)
    match = _MD_LINE_START.match(line) if line_start else None
    if match:
        if match.group(2)[0].isdigit():  # "1." -> "1\."
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = line[: match.start(2)] + "\\" + line[match.start(2):]
    return line


def _quote(body: str) -> list[str]:
    """A note body (user Markdown) kept inside a block quote, so it cannot break the document."""
    lines = clean_text(body).split("\n") or [""]
    return [("> " + line).rstrip() for line in lines]


def _url(value: Any) -> str:
    url = clean_line(str(value or ""))
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else md_escape(url)


def _stamp(stamp: str | None) -> str:
    return md_escape((stamp or "").replace("T", " ").split(".")[0].rstrip("Z") + " UTC") if stamp else ""


def _md_notes(out: list[str], notes: list[dict], label: str = "Note") -> None:
    for note in notes:
        when = _stamp(note.get("created"))
        if note.get("updated"):
            when += f", edited {_stamp(note['updated'])}"
        out += [f"**{label}** ({when}):", ""]
        out += _quote(note["body"])
        out.append("")


def _to_markdown(data: dict) -> str:
    out = ["# Fact-check notes", ""]
    articles = data["articles"]
    if not articles:
        return "\n".join(out + ["_No articles._", ""])
    for article in articles:
        out += [f"## {md_escape(article.get('title') or article.get('id') or 'Untitled')}", ""]
        for label, key in (("Publication", "publication"), ("Author", "author"), ("Published", "published"),
                           ("Category", "category"), ("File", "path")):
            if article.get(key):
                out.append(f"- **{label}:** {md_escape(article[key])}")
        if article.get("url"):
            out.append(f"- **URL:** {_url(article['url'])}")
        out.append(f"- **Article ID:** {md_escape(article.get('id'))}")
        if article.get("notes_error"):
            out.append(f"- **Notes problem (read-only):** {md_escape(article['notes_error'])}")
        out.append("")

        out += ["### Claims", ""]
        if not article["claims"]:
            out += ["_No claims._", ""]
        for number, claim in enumerate(article["claims"], 1):
            out += [f"#### Claim {number}: {md_escape(claim['verdict'])}", "", f"> {md_escape(claim.get('text'), line_start=True)}", ""]
            details = [("Kind", claim.get("kind")), ("Source", claim.get("source")), ("Score", claim.get("score")),
                       ("Span", f"{claim.get('start')}–{claim.get('end')}")]
            out += [f"- **{k}:** {md_escape(v)}" for k, v in details if v not in (None, "")]
            verdict = md_escape(claim["verdict"])
            if claim.get("verdict_updated"):
                verdict += f" (set {_stamp(claim['verdict_updated'])})"
            out += [f"- **Verdict:** {verdict}", ""]
            _md_notes(out, claim["notes"])

        out += ["### Sources", ""]
        if not article["sources"]:
            out += ["_No sources._", ""]
        for source in article["sources"]:
            out += [f"#### {md_escape(source.get('name') or 'Unnamed source')}", ""]
            tags = source.get("tags")
            tags = ", ".join(str(t) for t in tags) if isinstance(tags, list) else tags
            aliases = source.get("aliases")
            aliases = ", ".join(str(a) for a in aliases) if isinstance(aliases, list) else aliases
            mentions = source.get("mentions")
            details = [("Kind", source.get("kind")), ("Tags", tags), ("Also called", aliases),
                       ("Mentions", len(mentions) if isinstance(mentions, list) else None),
                       ("Description", source.get("description"))]
            lines = [f"- **{k}:** {md_escape(v)}" for k, v in details if v not in (None, "", [])]
            out += lines + ([""] if lines else [])
            _md_notes(out, source["notes"])

        if article["article_notes"]:
            out += ["### Article notes", ""]
            _md_notes(out, article["article_notes"])
        for key, title in (("unmatched", "Notes on text that is not a detected claim"),
                           ("detached", "Detached notes (their quote or source is no longer in the article)")):
            if not article[key]:
                continue
            out += [f"### {title}", ""]
            for item in article[key]:
                if item.get("quote") is not None:
                    out += [f"> {md_escape(item['quote'], line_start=True)}", ""]
                if item["type"] == "verdict":
                    out += [f"- **Verdict:** {md_escape(item['verdict'])} (set {_stamp(item['updated'])})", ""]
                else:
                    if item.get("source"):
                        out += [f"- **Source:** {md_escape(item['source'])}", ""]
                    _md_notes(out, [item])
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- writing


def write_output(text: str, path: str | os.PathLike) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically: a temp file in the same folder,
    fsynced, then renamed over the target.  Refuses a directory; keeps an existing
    file's permissions; writes through a symlink to its target.  Returns the path written.
    """
    target = Path(path).expanduser()
    if target.is_symlink():
        target = target.resolve()
    if target.is_dir():
        raise ExportError(f"{target}: is a directory; give a file name to export to")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"{target}: the folder {folder} does not exist")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise ExportError(f"{target}: {exc.strerror or exc}") from exc
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportError(f"{target}: could not write the export: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return target
