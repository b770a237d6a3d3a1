"""The YAML notes file: rendering and safe, strict parsing.

One file per article, block style, fixed key order, notes sorted by
``(created, id)`` and verdicts by ``(anchor.start, anchor.end, id)`` so that
saving the same data always gives the same bytes, and two people's additions
merge in git as independent hunks.  Example::

    schema_version: 1
    article:
      id: 0714c6963990ef25
      title: Storm closes port
    verdicts:
    - id: v1a2b3c4d5e6f
      verdict: misleading
      updated: '2024-05-01T12:00:00.000000Z'
      anchor:
        exact: exports fell by half
        prefix: 'officials said that '
        suffix: ' in the first quarter'
        start: 120
        end: 140
    notes:
    - id: n0a1b2c3d4e5f
      target: claim
      created: '2024-05-01T12:00:01.000000Z'
      anchor: {...same keys as above, block style...}
      body: |-
        Customs data says **38 %**, not half.

Parsing uses PyYAML's *safe* loader only, and before any Python object is
constructed the composed node tree is checked: no aliases (billion laughs), only
the plain YAML tags (no ``!!python/...``), bounded depth.  Every problem is a
:class:`NotesFileError` naming the file and line.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from ..sanitize import clean_line, clean_text
from .anchors import Anchor
from .errors import NotesFileError
from .model import SCHEMA_VERSION, TARGET_CLAIM, TARGET_SOURCE, TARGETS, VERDICTS, ArticleNotes, Note, Verdict

try:  # libyaml parses much faster; both are the *safe* loader.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Files are always written with the pure-Python SafeDumper: libyaml's emitter escapes
# characters outside the BMP (emoji become "\U0001F642" and force a quoted one-line
# body), and team members with and without libyaml must produce identical bytes.
# Speed comes from caching each note's rendered block instead (see _item_yaml).
_BaseDumper = yaml.SafeDumper

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
META_KEYS = ("title", "path", "url")

_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_NOTE_KEYS = ("id", "target", "created", "updated", "source", "anchor", "body")
_VERDICT_KEYS = ("id", "verdict", "updated", "anchor")
_ANCHOR_KEYS = ("exact", "prefix", "suffix", "start", "end")
_TOP_KEYS = ("schema_version", "article", "verdicts", "notes")


class Literal(str):
    """A string written in YAML literal block style (``|``) when it has several lines."""


class NotesDumper(_BaseDumper):
    """Local SafeDumper subclass: nothing is registered on PyYAML's global dumpers."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Multi-line strings other than bodies: double quotes with \n escapes, one line.
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"' if "\n" in data else None)


def _represent_literal(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|" if "\n" in data else None)


NotesDumper.add_representer(str, _represent_str)
NotesDumper.add_representer(Literal, _represent_literal)

_DUMP_OPTIONS = dict(
    Dumper=NotesDumper,
    default_flow_style=False,
    sort_keys=False,
    allow_unicode=True,
    width=1_000_000,
    indent=2,
    line_break="\n",
)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, **_DUMP_OPTIONS)


# --------------------------------------------------------------------------- rendering


def normalize_body(body: str) -> str:
    """Note bodies as stored: control characters removed, tabs expanded, trailing
    spaces and surrounding blank lines dropped (this keeps them in readable ``|`` blocks)."""
    lines = [line.rstrip() for line in clean_text(body).expandtabs(4).split("\n")]
    return "\n".join(lines).strip("\n")


def _anchor_dict(anchor: Anchor) -> dict:
    return {"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
            "start": anchor.start, "end": anchor.end}


def _extras(extra) -> dict:
    return {k: extra[k] for k in sorted(extra, key=str)}


def note_dict(note: Note) -> dict:
    d: dict[str, Any] = {"id": note.id, "target": note.target, "created": note.created}
    if note.updated:
        d["updated"] = note.updated
    if note.source is not None:
        d["source"] = note.source
    if note.anchor is not None:
        d["anchor"] = _anchor_dict(note.anchor)
    d["body"] = Literal(note.body)
    d.update(_extras(note.extra))
    return d


def verdict_dict(verdict: Verdict) -> dict:
    d = {"id": verdict.id, "verdict": verdict.verdict, "updated": verdict.updated,
         "anchor": _anchor_dict(verdict.anchor)}
    d.update(_extras(verdict.extra))
    return d


def note_sort_key(note: Note):
    return (note.created, note.id)


def verdict_sort_key(verdict: Verdict):
    return (verdict.anchor.start, verdict.anchor.end, verdict.id)


_RENDERED: dict[str, tuple[object, str]] = {}  # item id -> (item, its YAML block)
_RENDERED_MAX = 200_000


def _item_yaml(item, to_dict) -> str:
    """``- key: ...`` block for one list item.  Cached by id and reused while the item
    is equal, which also covers items re-read from a file another process changed."""
    hit = _RENDERED.get(item.id)
    if hit is not None and (hit[0] is item or hit[0] == item):
        return hit[1]
    text = dump_yaml([to_dict(item)])
    if len(_RENDERED) >= _RENDERED_MAX:
        _RENDERED.clear()
    _RENDERED[item.id] = (item, text)
    return text


def document(notes: ArticleNotes) -> dict:
    """The whole file as plain data (what :func:`render` writes)."""
    doc = document_header(notes)
    doc["verdicts"] = [verdict_dict(v) for v in sorted(notes.verdicts, key=verdict_sort_key)]
    doc["notes"] = [note_dict(n) for n in sorted(notes.notes, key=note_sort_key)]
    doc.update(_extras(notes.extra))
    return doc


def render(notes: ArticleNotes) -> str:
    """The file text.  Same output as ``dump_yaml(document(notes))`` (a test checks this),
    but assembled from per-item cached blocks so a save with thousands of notes stays cheap."""
    doc = document_header(notes)
    parts = [dump_yaml(doc)]
    for key, items, to_dict, sort_key in (
        ("verdicts", notes.verdicts, verdict_dict, verdict_sort_key),
        ("notes", notes.notes, note_dict, note_sort_key),
    ):
        if items:
            parts.append(f"{key}:\n")
            parts.extend(_item_yaml(item, to_dict) for item in sorted(items, key=sort_key))
        else:
            parts.append(f"{key}: []\n")
    if notes.extra:
        parts.append(dump_yaml(_extras(notes.extra)))
    return "".join(parts)


def document_header(notes: ArticleNotes) -> dict:
    article = {"id": notes.article_id}
    article.update({k: notes.meta[k] for k in META_KEYS if notes.meta.get(k) is not None})
    return {"schema_version": SCHEMA_VERSION, "article": article}


def clean_meta(meta) -> dict:
    """Keep title/path/url as single-line text."""
    out = {}
    for key in META_KEYS:
        value = (meta or {}).get(key)
        if value is not None and str(value).strip():
            out[key] = clean_line(str(value))
    return out


# --------------------------------------------------------------------------- parsing


def _line(node) -> int | None:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def _check_tree(root: yaml.Node, path: Path) -> None:
    """Refuse aliases, non-plain tags and deep nesting *before* constructing anything."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise NotesFileError(
                "YAML anchors/aliases (&name / *name) are not allowed in notes files "
                "(this node is referenced more than once)", path, _line(node))
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise NotesFileError(f"unsupported YAML tag {node.tag!r} (only plain data is allowed)",
                                 path, _line(node))
        if depth > MAX_DEPTH:
            raise NotesFileError(f"data nested more than {MAX_DEPTH} levels deep", path, _line(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def parse_yaml(text: str, path: Path):
    """Safely parse ``text``; return ``(data, root_node)``.  Raises NotesFileError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise NotesFileError("the file is empty (a backup may exist next to it as .bak)", path)
        _check_tree(node, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise NotesFileError(f"invalid YAML: {message}", path, mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise NotesFileError(f"invalid YAML: {exc}", path) from exc
    except RecursionError as exc:
        raise NotesFileError("invalid YAML: nested too deeply", path) from exc
    finally:
        loader.dispose()
    return data, node


class _Checker:
    """Validates constructed data against the node tree, to report lines."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node, message: str):
        raise NotesFileError(message, self.path, _line(node))

    @staticmethod
    def child(node, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    return v
        return node

    def mapping(self, value, node, what: str) -> dict:
        if not isinstance(value, dict):
            self.fail(node, f"{what} must be a mapping (key: value lines)")
        for key in value:
            if not isinstance(key, str):
                self.fail(node, f"{what}: keys must be text, not {key!r}")
        return value

    def text(self, mapping, node, key, what, required=True, allow_empty=False) -> str | None:
        value = mapping.get(key)
        if value is None:
            if required:
                self.fail(node, f"{what}: missing '{key}'")
            return None
        if isinstance(value, datetime):  # an unquoted timestamp typed by hand
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str):
            self.fail(self.child(node, key), f"{what}: '{key}' must be text")
        if not allow_empty and not value.strip():
            self.fail(self.child(node, key), f"{what}: '{key}' is empty")
        return value

    def integer(self, mapping, node, key, what) -> int:
        value = mapping.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(self.child(node, key), f"{what}: '{key}' must be a whole number >= 0")
        return value

    def anchor(self, value, node, what) -> Anchor:
        self.mapping(value, node, f"{what} anchor")
        exact = self.text(value, node, "exact", f"{what} anchor")
        prefix = self.text(value, node, "prefix", f"{what} anchor", required=False, allow_empty=True) or ""
        suffix = self.text(value, node, "suffix", f"{what} anchor", required=False, allow_empty=True) or ""
        start = self.integer(value, node, "start", f"{what} anchor")
        end = self.integer(value, node, "end", f"{what} anchor")
        if end < start:
            self.fail(node, f"{what} anchor: end is before start")
        return Anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)

    def items(self, data, node, key) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(self.child(node, key), f"'{key}' must be a list")
        child = self.child(node, key)
        nodes = child.value if isinstance(child, yaml.SequenceNode) else [child] * len(value)
        return list(zip(value, nodes))


def parse_article(text: str, path: Path, article_id: str) -> tuple[ArticleNotes, NotesFileError | None]:
    """Parse a notes file.  Returns the notes and, for a file written by a newer
    version that could still be read, a (read-only) error; raises NotesFileError otherwise."""
    data, root = parse_yaml(text, path)
    check = _Checker(path)
    check.mapping(data, root, "the notes file")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.fail(check.child(root, "schema_version"), "missing or invalid 'schema_version' (expected 1)")
    newer = None
    if version > SCHEMA_VERSION:
        newer = NotesFileError(
            f"written by a newer newsreader (schema_version {version}, this version knows "
            f"{SCHEMA_VERSION}); notes are read-only here, please upgrade", path, _line(check.child(root, "schema_version")))

    meta: dict = {}
    article = data.get("article")
    if article is not None:
        anode = check.child(root, "article")
        check.mapping(article, anode, "'article'")
        file_id = article.get("id")
        if file_id is not None and str(file_id) != article_id:
            check.fail(anode, f"article id {file_id!r} does not match the file name ({article_id!r})")
        for key in META_KEYS:
            value = article.get(key)
            if value is not None:
                meta[key] = str(value)

    ids: set[str] = set()
    notes: list[Note] = []
    for value, node in check.items(data, root, "notes"):
        what = "note"
        check.mapping(value, node, what)
        note_id = check.text(value, node, "id", what)
        what = f"note {note_id}"
        if note_id in ids:
            check.fail(node, f"duplicate id {note_id!r}")
        ids.add(note_id)
        target = value.get("target", "article")
        if target not in TARGETS:
            check.fail(check.child(node, "target"), f"{what}: target must be one of {', '.join(TARGETS)}")
        body = check.text(value, node, "body", what, allow_empty=True)
        created = check.text(value, node, "created", what)
        updated = check.text(value, node, "updated", what, required=False)
        anchor = source = None
        if target == TARGET_CLAIM:
            anchor = check.anchor(value.get("anchor"), check.child(node, "anchor"), what)
        elif target == TARGET_SOURCE:
            source = check.text(value, node, "source", what)
        extra = {k: v for k, v in value.items() if k not in _NOTE_KEYS}
        notes.append(Note(id=note_id, target=target, body=body, created=created, updated=updated,
                          anchor=anchor, source=source, extra=extra))

    verdicts: list[Verdict] = []
    for value, node in check.items(data, root, "verdicts"):
        what = "verdict"
        check.mapping(value, node, what)
        verdict_id = check.text(value, node, "id", what)
        what = f"verdict {verdict_id}"
        if verdict_id in ids:
            check.fail(node, f"duplicate id {verdict_id!r}")
        ids.add(verdict_id)
        name = value.get("verdict")
        if name not in VERDICTS:
            check.fail(check.child(node, "verdict"), f"{what}: verdict must be one of {', '.join(VERDICTS)}")
        updated = check.text(value, node, "updated", what)
        anchor = check.anchor(value.get("anchor"), check.child(node, "anchor"), what)
        extra = {k: v for k, v in value.items() if k not in _VERDICT_KEYS}
        verdicts.append(Verdict(id=verdict_id, verdict=name, anchor=anchor, updated=updated, extra=extra))

    extra = {k: v for k, v in data.items() if k not in _TOP_KEYS}
    result = ArticleNotes(article_id=article_id, file=path, notes=tuple(notes), verdicts=tuple(verdicts),
                          meta=meta, extra=extra, schema_version=version, error=newer, exists=True)
    return result, newer
