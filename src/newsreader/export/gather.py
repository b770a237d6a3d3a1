"""Gathering what is exported: analysed records joined with their notes, verdicts and the
source registry, as plain data (:func:`collect`), and the records of every article that has
notes (:func:`annotated_records`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsreader.notes import Note, NotesError, NotesStore, Verdict, check_article_id
from newsreader.notes.model import ArticleNotes

if TYPE_CHECKING:
    from newsreader.registry import Entry, Registry

EXPORT_VERSION = 1
_ARTICLE_FIELDS = ("id", "title", "path", "url", "category", "author", "published", "publication")


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
        view["prefix"] = note.anchor.prefix
        view["suffix"] = note.anchor.suffix
        view["start"] = note.anchor.start
        view["end"] = note.anchor.end
    view["body"] = note.body
    return view


def _verdict_view(verdict: Verdict) -> dict[str, Any]:
    return {"id": verdict.id, "type": "verdict", "verdict": verdict.verdict, "updated": verdict.updated,
            "quote": verdict.anchor.exact, "prefix": verdict.anchor.prefix, "suffix": verdict.anchor.suffix,
            "start": verdict.anchor.start, "end": verdict.anchor.end}


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
            entry["verdict_id"] = found.verdict.id if found.verdict else None
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
