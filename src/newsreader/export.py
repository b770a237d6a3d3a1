"""Export analysed articles with their claim verdicts and notes: Markdown, YAML, JSON or CSV.

``export(records, store, fmt, registry=...)`` takes the analysed-article dicts produced by
``newsreader analyze`` (missing or odd fields are tolerated), a
:class:`~newsreader.notes.NotesStore` and the source registry (tags, ratings and notes of
sources); it returns the document as text.  Nothing is dropped: notes whose quote is no
longer in the article ("detached"), claim notes on text that is not a detected claim
("unmatched"), source notes on sources the article no longer lists, and older verdicts on
the same claim are all exported.  A notes file or registry that cannot be read is named in
``problems`` (every format carries them).  :func:`annotated_records` finds every article
that has notes, wherever it was opened.  ``write_output(text, path)`` writes the result atomically.

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
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .notes import Note, NotesError, NotesStore, Verdict, check_article_id
from .notes.model import ArticleNotes
from .sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from .registry import Entry, Registry

FORMATS = ("md", "yaml", "json", "csv")
EXPORT_VERSION = 1
CSV_COLUMNS = (
    "article_id", "article_title", "row_type", "claim_start", "claim_end", "claim_text", "kind", "score",
    "source", "verdict", "verdict_updated", "notes", "article_url", "tags", "reliability", "registry_note",
)
"""Row types: ``problem`` (a file that could not be read, named in ``notes``), ``claim``,
``unmatched_*``/``detached_*``, ``source`` (one per source: its tags, reliability and registry
note, and your notes on it), ``article_note``."""
NOTE_SEPARATOR = "\n---\n"
_ARTICLE_FIELDS = ("id", "title", "path", "url", "category", "author", "published", "publication")

# Pure-Python SafeDumper: libyaml's emitter escapes emoji and other non-BMP text.
_BaseDumper = yaml.SafeDumper


class ExportError(Exception):
    """The export could not be written; the message names the path."""


class _ExportDumper(_BaseDumper):
    """Local subclass: multi-line strings as ``|`` blocks; no global registration."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
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


def _note_view(note: Note) -> dict[str, Any]:
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


def _verdict_view(verdict: Verdict) -> dict[str, Any]:
    return {"id": verdict.id, "type": "verdict", "verdict": verdict.verdict, "updated": verdict.updated,
            "quote": verdict.anchor.exact, "start": verdict.anchor.start, "end": verdict.anchor.end}


def _item_view(item: Note | Verdict) -> dict[str, Any]:
    return _verdict_view(item) if isinstance(item, Verdict) else _note_view(item)


def _load_notes(store: NotesStore, article_id: str) -> ArticleNotes | None:
    try:
        check_article_id(article_id)
    except NotesError:
        return None
    return store.load(article_id)


def _registry_entry(registry: Registry | None, source: Mapping[str, Any]) -> Entry | None:
    """The registry entry of an analysed source (by its name or an alias), or None."""
    if registry is None:
        return None
    for name in [source.get("name"), *(source.get("aliases") or [])]:
        if isinstance(name, str) and name:
            entry = registry.lookup(name)
            if entry is not None:
                return entry
    return None


def _source_view(source: Mapping[str, Any], registry: Registry | None) -> dict[str, Any]:
    """The analysed source with what the user keeps on it: tags, reliability (1-5), registry note."""
    entry = _registry_entry(registry, source)
    view: dict[str, Any] = _plain(dict(source))
    tags = view.get("tags")
    view["tags"] = list(entry.tags) if entry is not None else tags if isinstance(tags, list) else []
    view["reliability"] = entry.reliability if entry is not None else view.get("reliability")
    view["registry_note"] = (entry.note or None) if entry is not None else view.get("registry_note")
    return view


def collect(records: Iterable[Mapping[str, Any]], store: NotesStore, *, registry: Registry | None = None,
            problems: Iterable[str] = (), include_text: bool = False) -> dict[str, Any]:
    """The export as plain data: ``{"export_version": 1, "problems": [...], "articles": [...]}``
    (what YAML/JSON contain).  ``registry`` (a :class:`~newsreader.registry.Registry`) gives
    sources their tags, reliability and note; its ``problem``, ``problems`` and every notes file
    that could not be read are listed in ``problems``."""
    found_problems = [str(problem) for problem in problems]
    if registry is not None and registry.problem and registry.problem not in found_problems:
        found_problems.append(str(registry.problem))
    articles = []
    for record in records or []:
        if not isinstance(record, Mapping):
            continue
        article_id = str(record.get("id") or "")
        notes = _load_notes(store, article_id)
        record_text = record.get("text")
        text = record_text if isinstance(record_text, str) else ""
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
        if view["notes_error"]:
            found_problems.append(view["notes_error"])
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
        for source, source_notes in zip(sources, att.sources):
            entry = _source_view(source, registry)
            entry["notes"] = [_note_view(n) for n in source_notes]
            view["sources"].append(entry)
        view["article_notes"] = [_note_view(n) for n in att.article]
        view["unmatched"] = [_item_view(i) for i in att.unmatched]
        view["detached"] = [_item_view(i) for i in att.detached]
        articles.append(view)
    return {"export_version": EXPORT_VERSION, "problems": found_problems, "articles": articles}


def annotated_records(store: NotesStore, known: Mapping[str, str], record_for: Callable[[str], dict[str, Any]],
                      ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """An analysed record for every article that has a notes file: what "export all" exports.

    ``known`` maps article ids to their files (the library, or the app's list); an article not
    in it (opened by path some other time) is read from the path its notes file recorded.
    ``record_for(path)`` analyses a file (an unreadable one gives a record with ``error``).
    When the file is gone, unreadable or now holds another article, the record is made from
    what the notes file recorded (id, title, url, path) with ``error`` saying so: its notes and
    verdicts are exported as detached rather than dropped.  Known articles come first, in
    ``known``'s order, then the others by id.  ``ids``: only these articles, in this order.
    Raises NotesError if the notes folder cannot be listed.
    """
    if ids is not None:
        order = list(ids)
    else:
        noted = store.all_article_ids()
        have = set(noted)
        order = [article_id for article_id in known if article_id in have]
        order += [article_id for article_id in noted if article_id not in known]
    records: list[dict[str, Any]] = []
    for article_id in order:
        notes = store.load(article_id)
        path = known.get(article_id) or notes.meta.get("path")
        record = record_for(path) if path else None
        if record is not None and record.get("id") == article_id:
            records.append(record)
            continue
        if not (notes.notes or notes.verdicts or notes.error):
            continue  # nothing to export (every note was deleted)
        if not path:
            reason = "the article's file is not known (it is not in the library and its notes do not name it)"
        elif record is not None and record.get("error"):
            reason = f"{path}: {record['error']}"
        else:
            reason = f"{path} now holds another article"
        records.append({"id": article_id, "title": notes.meta.get("title") or article_id, "path": path,
                        "url": notes.meta.get("url"), "error": reason, "claims": [], "sources": []})
    return records


def export(records: Iterable[Mapping[str, Any]], store: NotesStore, fmt: str = "md", *,
           registry: Registry | None = None,
           problems: Iterable[str] = (), include_text: bool = False) -> str:
    """Render the analysed ``records`` with their notes/verdicts from ``store`` as ``fmt``.

    ``fmt``: ``md`` | ``yaml`` | ``json`` | ``csv``.  ``include_text`` adds the
    article text/markdown to YAML/JSON (off: exports are about the checking).
    ``registry`` and ``problems``: see :func:`collect`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return render(collect(records, store, registry=registry, problems=problems, include_text=include_text), fmt)


def render(data: Mapping[str, Any], fmt: str) -> str:
    """The document for ``data`` (from :func:`collect`) in ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
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


def _to_csv(data: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)

    def row(article: Mapping[str, Any], row_type: str, **cells: Any) -> None:
        values = {"article_id": article.get("id"), "article_title": article.get("title"), "row_type": row_type,
                  "article_url": article.get("url")}
        values.update(cells)
        writer.writerow([_cell(values.get(col)) for col in CSV_COLUMNS])

    def joined(notes: Iterable[Mapping[str, Any]]) -> str:
        return NOTE_SEPARATOR.join(n["body"] for n in notes)

    def tags(source: Mapping[str, Any]) -> str:
        return ", ".join(str(tag) for tag in source.get("tags") or [])

    article_problems = {article["notes_error"] for article in data["articles"]}
    for problem in data.get("problems", []):
        if problem not in article_problems:  # those go with their article
            row({}, "problem", notes=problem)
    for article in data["articles"]:
        for problem in (article.get("error"), article["notes_error"]):
            if problem:
                row(article, "problem", notes=problem)
        by_name = {source.get("name"): source for source in article["sources"]}
        for claim in article["claims"]:
            source = by_name.get(claim.get("source")) or {}
            row(article, "claim", claim_start=claim.get("start"), claim_end=claim.get("end"),
                claim_text=claim.get("text"), kind=claim.get("kind"), score=claim.get("score"),
                source=claim.get("source"), verdict=claim["verdict"], verdict_updated=claim["verdict_updated"],
                notes=joined(claim["notes"]), tags=tags(source), reliability=source.get("reliability"),
                registry_note=source.get("registry_note"))
        for kind in ("unmatched", "detached"):
            for item in article[kind]:
                row(article, f"{kind}_{item['type']}", claim_start=item.get("start"), claim_end=item.get("end"),
                    claim_text=item.get("quote"), source=item.get("source"), verdict=item.get("verdict"),
                    verdict_updated=item.get("updated") if item["type"] == "verdict" else None,
                    notes=item.get("body"))
        for source in article["sources"]:
            row(article, "source", source=source.get("name"), kind=source.get("kind"), notes=joined(source["notes"]),
                tags=tags(source), reliability=source.get("reliability"), registry_note=source.get("registry_note"))
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


def _md_notes(out: list[str], notes: list[Mapping[str, Any]], label: str = "Note") -> None:
    for note in notes:
        when = _stamp(note.get("created"))
        if note.get("updated"):
            when += f", edited {_stamp(note['updated'])}"
        out += [f"**{label}** ({when}):", ""]
        out += _quote(note["body"])
        out.append("")


def _to_markdown(data: Mapping[str, Any]) -> str:
    out = ["# Fact-check notes", ""]
    if data.get("problems"):
        out += ["## Problems", "", "Files that could not be read (their content is missing below):", ""]
        out += [f"- {md_escape(problem)}" for problem in data["problems"]]
        out.append("")
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
        if article.get("error"):
            out.append(f"- **Article problem:** {md_escape(article['error'])}")
        if article.get("notes_error"):
            out.append(f"- **Notes problem (read-only):** {md_escape(article['notes_error'])}")
        out.append("")

        out += ["### Claims", ""]
        if not article["claims"]:
            out += ["_No claims._", ""]
        for number, claim in enumerate(article["claims"], 1):
            out += [f"#### Claim {number}: {md_escape(claim['verdict'])}", "",
                    f"> {md_escape(claim.get('text'), line_start=True)}", ""]
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
            reliability = source.get("reliability")
            details = [("Kind", source.get("kind")), ("Tags", tags),
                       ("Reliability", f"{reliability}/5" if reliability is not None else None),
                       ("Also called", aliases),
                       ("Mentions", len(mentions) if isinstance(mentions, list) else None),
                       ("Description", source.get("description"))]
            lines = [f"- **{k}:** {md_escape(v)}" for k, v in details if v not in (None, "", [])]
            out += lines + ([""] if lines else [])
            if source.get("registry_note"):
                out += ["**Registry note:**", ""] + _quote(str(source["registry_note"])) + [""]
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


def write_output(text: str, path: str | os.PathLike[str]) -> Path:
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
