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

The YAML is written by :mod:`.emitter`; constructed data is checked (with its
lines) and turned into notes and verdicts by :mod:`.checker`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..sanitize import clean_line, clean_text
from .anchors import Anchor
from .checker import Checker, node_line, note_from, verdict_from
from .emitter import Literal, dump_yaml, emit_mapping
from .errors import NotesFileError
from .model import SCHEMA_VERSION, ArticleNotes, Note, Verdict

try:  # libyaml parses much faster; both are the *safe* loader.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


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
_TOP_KEYS = ("schema_version", "article", "verdicts", "notes")



# --------------------------------------------------------------------------- rendering


def normalize_body(body: str) -> str:
    """Note bodies as stored: control characters removed, tabs expanded, trailing
    spaces and surrounding blank lines dropped (this keeps them in readable ``|`` blocks)."""
    lines = [line.rstrip() for line in clean_text(body).expandtabs(4).split("\n")]
    return "\n".join(lines).strip("\n")


def _anchor_dict(anchor: Anchor) -> dict[str, Any]:
    return {"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
            "start": anchor.start, "end": anchor.end}


def _extras(extra: Mapping[str, Any]) -> dict[str, Any]:
    return {k: extra[k] for k in sorted(extra, key=str)}


def note_dict(note: Note) -> dict[str, Any]:
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


def verdict_dict(verdict: Verdict) -> dict[str, Any]:
    d: dict[str, Any] = {"id": verdict.id, "verdict": verdict.verdict, "updated": verdict.updated,
         "anchor": _anchor_dict(verdict.anchor)}
    d.update(_extras(verdict.extra))
    return d


def note_sort_key(note: Note) -> tuple[str, str]:
    return (note.created, note.id)


def verdict_sort_key(verdict: Verdict) -> tuple[int, int, str]:
    return (verdict.anchor.start, verdict.anchor.end, verdict.id)




_Item = TypeVar("_Item", Note, Verdict)

_RENDERED: dict[str, tuple[object, str]] = {}  # item id -> (item, its YAML block)
_BY_TEXT: dict[str, object] = {}  # YAML block -> item (for incremental parsing)
_RENDERED_MAX = 200_000


def _item_yaml(item: _Item, to_dict: Callable[[_Item], dict[str, Any]]) -> str:
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
_SECTIONS: dict[tuple[str, str], tuple[tuple[Any, ...], Any, str]] = {}
_SECTIONS_MAX = 2_000


def _section(
    article_id: str, key: str, items: tuple[_Item, ...], to_dict: Callable[[_Item], dict[str, Any]],
    sort_key: Callable[[_Item], tuple[Any, ...]],
) -> str:
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


def document(notes: ArticleNotes) -> dict[str, Any]:
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
    parts.append(_list_text(notes.article_id, "verdicts", notes.verdicts, verdict_dict, verdict_sort_key))
    parts.append(_list_text(notes.article_id, "notes", notes.notes, note_dict, note_sort_key))
    if notes.extra:
        parts.append(dump_yaml(_extras(notes.extra)))
    return "".join(parts)


def _list_text(
    article_id: str, key: str, items: tuple[_Item, ...], to_dict: Callable[[_Item], dict[str, Any]],
    sort_key: Callable[[_Item], tuple[Any, ...]],
) -> str:
    """The ``key:`` list of the file, its items in order (``key: []`` when there are none)."""
    if not items:
        return f"{key}: []\n"
    return f"{key}:\n" + _section(article_id, key, items, to_dict, sort_key)


def document_header(notes: ArticleNotes) -> dict[str, Any]:
    article: dict[str, Any] = {"id": notes.article_id}
    article.update({k: notes.meta[k] for k in META_KEYS if notes.meta.get(k) is not None})
    return {"schema_version": SCHEMA_VERSION, "article": article}


def clean_meta(meta: Mapping[str, Any] | None) -> dict[str, str]:
    """Keep title/path/url as single-line text."""
    out: dict[str, str] = {}
    for key in META_KEYS:
        value = (meta or {}).get(key)
        if value is not None and str(value).strip():
            out[key] = clean_line(str(value))
    return out


# --------------------------------------------------------------------------- parsing



def _check_tree(root: yaml.Node, path: Path) -> None:
    """Refuse aliases, non-plain tags and deep nesting *before* constructing anything."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise NotesFileError(
                "YAML anchors/aliases (&name / *name) are not allowed in notes files "
                "(this node is referenced more than once)", path, node_line(node))
        seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            raise NotesFileError(f"unsupported YAML tag {node.tag!r} (only plain data is allowed)",
                                 path, node_line(node))
        if depth > MAX_DEPTH:
            raise NotesFileError(f"data nested more than {MAX_DEPTH} levels deep", path, node_line(node))
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


def parse_yaml(text: str, path: Path) -> tuple[Any, yaml.Node]:
    """Safely parse ``text``; return ``(data, root_node)``.  Raises NotesFileError.

    The event stream is bounded first (aliases, depth, size in events), so that no node tree
    is ever built for a hostile file."""
    from ..safeyaml import YAMLBoundsError, check_yaml_bounds

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



def _split_canonical(text: str) -> tuple[str, list[list[Any]], list[list[Any]]] | None:
    """Split a file in the layout :func:`render` writes into its header and one text block
    per list item, with each block's first line number.  None if the layout differs
    (comments, other top-level keys, flow style...): the caller then parses it whole.

    In this layout every item starts with ``- `` in column 0 and all its other lines are
    indented or empty, so each block parses on its own exactly as inside the file."""
    lines = text.split("\n")
    if lines[-1] != "":
        return None
    sections: dict[str, list[list[Any]]] = {}  # each item: [its text, its first line]
    header_end = None
    current: list[list[Any]] | None = None
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


def _header(
    data: Mapping[str, Any], root: yaml.Node, check: Checker, path: Path, article_id: str,
) -> tuple[int, NotesFileError | None, dict[str, str], dict[str, Any]]:
    """(schema version, the error of a newer version's file, article meta, unknown keys) of the
    file's top-level mapping ``data``."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.fail(check.child(root, "schema_version"), "missing or invalid 'schema_version' (expected 1)")
    newer = None
    if version > SCHEMA_VERSION:
        newer = NotesFileError(
            f"written by a newer newsreader (schema_version {version}, this version knows "
            f"{SCHEMA_VERSION}); notes are read-only here, please upgrade", path,
            node_line(check.child(root, "schema_version")))
    meta: dict[str, str] = {}
    found = data.get("article")
    if found is not None:
        anode = check.child(root, "article")
        article = check.mapping(found, anode, "'article'")
        file_id = article.get("id")
        if file_id is not None and str(file_id) != article_id:
            check.fail(anode, f"article id {file_id!r} does not match the file name ({article_id!r})")
        for key in META_KEYS:
            value = article.get(key)
            if value is not None:
                meta[key] = str(value)
    extra = {k: v for k, v in data.items() if k not in _TOP_KEYS}
    return version, newer, meta, extra


def _items(
    blocks: list[list[Any]], kind: type[_Item], build: Callable[[Checker, object, yaml.Node], _Item],
    known: Mapping[str, object], path: Path, lines: dict[str, int],
) -> list[_Item]:
    """The items of one list's text blocks: those in ``known`` reused, the others parsed and
    checked (each block's first line noted in ``lines``)."""
    out: list[_Item] = []
    for block, first_line in blocks:
        found = known.get(block)
        if isinstance(found, kind) and type(found) is kind:
            item = found
        else:
            check = Checker(path, first_line - 1)
            try:
                value, node = parse_yaml(block, path)
            except NotesFileError as exc:
                raise NotesFileError(exc.message, path, (exc.line or 1) + first_line - 1) from exc
            if not isinstance(value, list) or len(value) != 1:
                check.fail(node, "malformed list item")
            item = build(check, value[0], node.value[0])
        out.append(item)
        lines[item.id] = first_line
    return out


def known_blocks() -> dict[str, object]:
    """Rendered text -> item, for every item this process has rendered (see _item_yaml)."""
    return _BY_TEXT


def parse_article(
    text: str, path: Path, article_id: str, known: Mapping[str, object] | None = None
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
    lines: dict[str, int] = {}  # item id -> its first line (incremental parsing only)
    if split is None or known is None:
        data, root = parse_yaml(text, path)
        check = Checker(path)
        doc = check.mapping(data, root, "the notes file")
        version, newer, meta, extra = _header(doc, root, check, path, article_id)
        verdicts = [verdict_from(check, v, n) for v, n in check.items(doc, root, "verdicts")]
        notes = [note_from(check, v, n) for v, n in check.items(doc, root, "notes")]
    else:
        header, verdict_blocks, note_blocks = split
        if len(verdict_blocks) + len(note_blocks) > MAX_ITEMS:
            first_over = (verdict_blocks + note_blocks)[MAX_ITEMS][1]
            raise NotesFileError(f"more than {MAX_ITEMS:,} notes and verdicts in one file; not loaded",
                                 path, first_over)
        data, root = parse_yaml(header, path)
        check = Checker(path)
        doc = check.mapping(data, root, "the notes file")
        version, newer, meta, extra = _header(doc, root, check, path, article_id)
        verdicts = _items(verdict_blocks, Verdict, verdict_from, known, path, lines)
        notes = _items(note_blocks, Note, note_from, known, path, lines)
    ids: set[str] = set()
    every: tuple[Verdict | Note, ...] = (*verdicts, *notes)
    for item in every:
        if item.id in ids:
            raise NotesFileError(f"duplicate id {item.id!r}", path, lines.get(item.id))
        ids.add(item.id)
    result = ArticleNotes(article_id=article_id, file=path, notes=tuple(notes), verdicts=tuple(verdicts),
                          meta=meta, extra=extra, schema_version=version, error=newer, exists=True)
    return result, newer
