"""The YAML notes file: rendering and safe, strict parsing.

One file per article, block style, fixed key order, notes sorted by
``(created, id)`` and verdicts by ``(anchor.start, anchor.end, id)`` so that
saving the same data always gives the same bytes and every change is a local
hunk in git (two people appending notes to the same file still conflict at the
end of the list; keeping both sides is then the right resolution).  Example::

    schema_version: 1
    article:
      id: "0714c6963990ef25"
      title: Storm closes port
      url: "https://example.org/a"
    verdicts:
    - id: vc2429cedafa9
      verdict: misleading
      updated: "2026-11-29T23:05:06.454758Z"
      anchor:
        exact: exports fell by half
        prefix: "Officials said that "
        suffix: " in the first quarter, the minis"
        start: 20
        end: 40
    notes:
    - id: n002c2e3b6556
      target: source
      created: "2026-11-29T23:05:06.457429Z"
      source: Reuters
      body: |-
        Usually reliable.

        - see their correction policy

Parsing uses PyYAML's *safe* loader only, and before any Python object is
constructed the composed node tree is checked: no aliases (billion laughs), only
the plain YAML tags (no ``!!python/...``), bounded depth.  Every problem is a
:class:`NotesFileError` naming the file and line.
"""

from __future__ import annotations

import re
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
MAX_ITEMS = 50_000
"""Notes and verdicts one file may hold.  A file in the layout :func:`render` writes is parsed item
by item (each within the YAML bounds), at about 15,000 items a second: 16 MB of tiny notes would
take 15 s.  A file in any other layout is bounded by the YAML event count instead."""
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


# A small emitter for the fixed shape of notes files.  It writes only three scalar
# styles: plain (conservative: starts with a letter, a short safe alphabet, and
# PyYAML would not read it as anything but text), double-quoted with escapes
# (always valid), and literal blocks for multi-line note bodies.  Anything else
# (hand-added extra keys holding lists, floats...) goes through PyYAML's SafeDumper.
# tests/test_notes.py round-trips random strings through it with yaml.safe_load.
_PLAIN = re.compile(r"[^\W\d_][\w .,/()'+%@=;!?-]*")
_DQ_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_LITERAL_BAD = re.compile('[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]| \n| $')
_DQ_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def _dq_escape(match: re.Match) -> str:
    ch = match.group()
    return _DQ_NAMED.get(ch) or f"\\u{ord(ch):04x}"


def _scalar(value) -> str | None:
    """One-line YAML for a str/int/None, or None if the fast emitter does not handle it."""
    if isinstance(value, str):
        if (_PLAIN.fullmatch(value) and value[-1] != " "
                and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG):
            return value
        return '"' + _DQ_SPECIAL.sub(_dq_escape, value) + '"'
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value is None:
        return "null"
    return None


def _literal(value: str, indent: str) -> list[str] | None:
    """Literal block lines (``|`` / ``|-`` header first) or None if the text needs quoting."""
    if "\n" not in value or value[0] in " \n" or value.endswith("\n\n") or _LITERAL_BAD.search(value):
        return None
    header, content = ("|", value[:-1]) if value.endswith("\n") else ("|-", value)
    return [header] + [indent + line if line else "" for line in content.split("\n")]


def emit_mapping(data: dict, first_prefix: str = "", prefix: str = "") -> str | None:
    """Block mapping of scalars, Literal bodies and one level of nested scalar mappings."""
    lines: list[str] = []
    for key, value in data.items():
        lead = first_prefix if not lines else prefix
        name = _scalar(key) if isinstance(key, str) else None
        if name is None:
            return None
        if isinstance(value, dict):
            if not value:
                return None
            lines.append(f"{lead}{name}:")
            for sub_key, sub_value in value.items():
                sub_name = _scalar(sub_key) if isinstance(sub_key, str) else None
                text = _scalar(sub_value) if not isinstance(sub_value, Literal) else None
                if sub_name is None or text is None:
                    return None
                lines.append(f"{prefix}  {sub_name}: {text}")
            continue
        block = _literal(value, prefix + "  ") if isinstance(value, Literal) else None
        if block is not None:
            lines.append(f"{lead}{name}: {block[0]}")
            lines.extend(block[1:])
            continue
        text = _scalar(value)
        if text is None:
            return None
        lines.append(f"{lead}{name}: {text}")
    return "\n".join(lines) + "\n"


_RENDERED: dict[str, tuple[object, str]] = {}  # item id -> (item, its YAML block)
_BY_TEXT: dict[str, object] = {}  # YAML block -> item (for incremental parsing)
_RENDERED_MAX = 200_000


def _item_yaml(item, to_dict) -> str:
    """``- key: ...`` block for one list item.  Cached by id and reused while the item
    is equal, which also covers items re-read from a file another process changed."""
    hit = _RENDERED.get(item.id)
    if hit is not None and (hit[0] is item or hit[0] == item):
        return hit[1]
    data = to_dict(item)
    text = emit_mapping(data, "- ", "  ")
    if text is None:
        text = dump_yaml([data])
    if len(_RENDERED) >= _RENDERED_MAX or len(_BY_TEXT) >= 2 * _RENDERED_MAX:
        _RENDERED.clear()
        _BY_TEXT.clear()
    _RENDERED[item.id] = (item, text)
    _BY_TEXT[text] = item
    return text


# (article id, section) -> (items, sort key of the last one, rendered blocks): adding a
# note appends one block instead of sorting and joining thousands.
_SECTIONS: dict[tuple[str, str], tuple[tuple, Any, str]] = {}
_SECTIONS_MAX = 2_000


def _section(article_id: str, key: str, items: tuple, to_dict, sort_key) -> str:
    memo = _SECTIONS.get((article_id, key))
    if memo is not None and len(items) >= len(memo[0]) and items[:len(memo[0])] == memo[0]:
        tail = sorted(items[len(memo[0]):], key=sort_key)
        if not tail:
            return memo[2]
        if sort_key(tail[0]) > memo[1]:  # the new items all sort after the old ones
            text = memo[2] + "".join(_item_yaml(item, to_dict) for item in tail)
            _SECTIONS[(article_id, key)] = (items, sort_key(tail[-1]), text)
            return text
    ordered = sorted(items, key=sort_key)
    text = "".join(_item_yaml(item, to_dict) for item in ordered)
    if len(_SECTIONS) >= _SECTIONS_MAX:
        _SECTIONS.clear()
    _SECTIONS[(article_id, key)] = (items, sort_key(ordered[-1]), text)
    return text


def document(notes: ArticleNotes) -> dict:
    """The whole file as plain data (what :func:`render` writes)."""
    doc = document_header(notes)
    doc["verdicts"] = [verdict_dict(v) for v in sorted(notes.verdicts, key=verdict_sort_key)]
    doc["notes"] = [note_dict(n) for n in sorted(notes.notes, key=note_sort_key)]
    doc.update(_extras(notes.extra))
    return doc


def render(notes: ArticleNotes) -> str:
    """The file text (``yaml.safe_load`` of it equals :func:`document`), assembled from
    per-item cached blocks so that a save with thousands of notes stays cheap."""
    doc = document_header(notes)
    parts = [emit_mapping(doc) or dump_yaml(doc)]
    for key, items, to_dict, sort_key in (
        ("verdicts", notes.verdicts, verdict_dict, verdict_sort_key),
        ("notes", notes.notes, note_dict, note_sort_key),
    ):
        if items:
            parts.append(f"{key}:\n")
            parts.append(_section(notes.article_id, key, items, to_dict, sort_key))
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


def _yaml_error(exc: yaml.YAMLError, path: Path) -> NotesFileError:
    """The NotesFileError for a YAML error, with its line when PyYAML knows it."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return NotesFileError(f"invalid YAML: {message}", path, mark.line + 1 if mark else None)
    return NotesFileError(f"invalid YAML: {exc}", path)


def parse_yaml(text: str, path: Path):
    """Safely parse ``text``; return ``(data, root_node)``.  Raises NotesFileError.

    The event stream is bounded first (aliases, depth, size in events), so that no node tree
    is ever built for a hostile file."""
    from ..storage import YAMLBoundsError, check_yaml_bounds

    try:
        check_yaml_bounds(text, max_depth=MAX_DEPTH)
    except YAMLBoundsError as exc:
        raise NotesFileError(str(exc), path, exc.line) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise NotesFileError("the file is empty (a backup may exist next to it as .bak)", path)
        _check_tree(node, path)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from exc
    except RecursionError as exc:
        raise NotesFileError("invalid YAML: nested too deeply", path) from exc
    finally:
        loader.dispose()
    return data, node


class _Checker:
    """Validates constructed data against the node tree, to report lines."""

    def __init__(self, path: Path, line_offset: int = 0):
        self.path = path
        self.line_offset = line_offset

    def fail(self, node, message: str):
        line = _line(node)
        raise NotesFileError(message, self.path, line + self.line_offset if line else None)

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


def _note_from(check: "_Checker", value, node) -> Note:
    what = "note"
    check.mapping(value, node, what)
    note_id = check.text(value, node, "id", what)
    what = f"note {note_id}"
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
    return Note(id=note_id, target=target, body=body, created=created, updated=updated,
                anchor=anchor, source=source, extra=extra)


def _verdict_from(check: "_Checker", value, node) -> Verdict:
    what = "verdict"
    check.mapping(value, node, what)
    verdict_id = check.text(value, node, "id", what)
    what = f"verdict {verdict_id}"
    name = value.get("verdict")
    if name not in VERDICTS:
        check.fail(check.child(node, "verdict"), f"{what}: verdict must be one of {', '.join(VERDICTS)}")
    updated = check.text(value, node, "updated", what)
    anchor = check.anchor(value.get("anchor"), check.child(node, "anchor"), what)
    extra = {k: v for k, v in value.items() if k not in _VERDICT_KEYS}
    return Verdict(id=verdict_id, verdict=name, anchor=anchor, updated=updated, extra=extra)


def _split_canonical(text: str):
    """Split a file in the layout :func:`render` writes into its header and one text block
    per list item, with each block's first line number.  None if the layout differs
    (comments, other top-level keys, flow style...): the caller then parses it whole.

    In this layout every item starts with ``- `` in column 0 and all its other lines are
    indented or empty, so each block parses on its own exactly as inside the file."""
    lines = text.split("\n")
    if lines[-1] != "":
        return None
    sections: dict[str, list] = {}
    header_end = None
    current = None
    for number, line in enumerate(lines[:-1]):
        if line[:2] == "- " and current is not None:
            current.append([line + "\n", number + 1])
        elif (not line or line[0] == " ") and current:
            current[-1][0] += line + "\n"
        elif line in ("verdicts:", "verdicts: []", "notes:", "notes: []"):
            key = line.split(":")[0]
            if key in sections or (key == "notes") != ("verdicts" in sections):
                return None
            if header_end is None:
                header_end = number
            current = sections[key] = []
            if line.endswith("[]"):
                current = None  # no items may follow
        elif header_end is not None:
            return None
    if header_end is None or "notes" not in sections:
        return None
    return "\n".join(lines[:header_end]) + "\n", sections["verdicts"], sections["notes"]


def _header(data, root, check: "_Checker", path: Path, article_id: str):
    check.mapping(data, root, "the notes file")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.fail(check.child(root, "schema_version"), "missing or invalid 'schema_version' (expected 1)")
    newer = None
    if version > SCHEMA_VERSION:
        newer = NotesFileError(
            f"written by a newer newsreader (schema_version {version}, this version knows "
            f"{SCHEMA_VERSION}); notes are read-only here, please upgrade", path,
            _line(check.child(root, "schema_version")))
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
    extra = {k: v for k, v in data.items() if k not in _TOP_KEYS}
    return version, newer, meta, extra


def known_blocks() -> dict[str, object]:
    """Rendered text -> item, for every item this process has rendered (see _item_yaml)."""
    return _BY_TEXT


def parse_article(
    text: str, path: Path, article_id: str, known: dict | None = None
) -> tuple[ArticleNotes, NotesFileError | None]:
    """Parse a notes file.  Returns the notes and, for a file written by a newer
    version that could still be read, a (read-only) error; raises NotesFileError otherwise.

    ``known`` (text block -> item, e.g. :func:`known_blocks`) lets a file in the
    canonical layout be parsed incrementally: blocks this process wrote or read
    before are reused, only new or changed ones are parsed (each still fully checked).
    """
    split = _split_canonical(text) if known is not None else None
    notes: list[Note] = []
    verdicts: list[Verdict] = []
    if split is None:
        data, root = parse_yaml(text, path)
        check = _Checker(path)
        version, newer, meta, extra = _header(data, root, check, path, article_id)
        verdicts = [_verdict_from(check, v, n) for v, n in check.items(data, root, "verdicts")]
        notes = [_note_from(check, v, n) for v, n in check.items(data, root, "notes")]
        lines = {}
    else:
        header, verdict_blocks, note_blocks = split
        if len(verdict_blocks) + len(note_blocks) > MAX_ITEMS:
            first_over = (verdict_blocks + note_blocks)[MAX_ITEMS][1]
            raise NotesFileError(f"more than {MAX_ITEMS:,} notes and verdicts in one file; not loaded",
                                 path, first_over)
        data, root = parse_yaml(header, path)
        version, newer, meta, extra = _header(data, root, _Checker(path), path, article_id)
        lines = {}
        for blocks, kind, build, out in ((verdict_blocks, Verdict, _verdict_from, verdicts),
                                         (note_blocks, Note, _note_from, notes)):
            for block, first_line in blocks:
                item = known.get(block)
                if type(item) is not kind:
                    check = _Checker(path, first_line - 1)
                    try:
                        value, node = parse_yaml(block, path)
                    except NotesFileError as exc:
                        raise NotesFileError(exc.message, path, (exc.line or 1) + first_line - 1) from exc
                    if not isinstance(value, list) or len(value) != 1:
                        check.fail(node, "malformed list item")
                    item = build(check, value[0], node.value[0])
                out.append(item)
                lines[item.id] = first_line
    ids: set[str] = set()
    for item in (*verdicts, *notes):
        if item.id in ids:
            raise NotesFileError(f"duplicate id {item.id!r}", path, lines.get(item.id))
        ids.add(item.id)
    result = ArticleNotes(article_id=article_id, file=path, notes=tuple(notes), verdicts=tuple(verdicts),
                          meta=meta, extra=extra, schema_version=version, error=newer, exists=True)
    return result, newer
