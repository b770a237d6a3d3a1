"""Checking parsed notes data against its YAML node tree, so that every problem names its line; and
building notes and verdicts from checked data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .anchors import Anchor
from .errors import NotesFileError
from .model import TARGET_CLAIM, TARGET_SOURCE, TARGETS, VERDICTS, Note, Verdict

_NOTE_KEYS = ("id", "target", "created", "updated", "source", "anchor", "body")
_VERDICT_KEYS = ("id", "verdict", "updated", "anchor")
_ANCHOR_KEYS = ("exact", "prefix", "suffix", "start", "end")


def node_line(node: object) -> int | None:
    """The (1-based) line a YAML node starts on, when it has one."""
    mark = getattr(node, "start_mark", None)
    if mark is None:
        return None
    line: int = mark.line
    return line + 1


class Checker:
    """Validates constructed data against the node tree, to report lines."""

    def __init__(self, path: Path, line_offset: int = 0) -> None:
        self.path = path
        self.line_offset = line_offset

    def fail(self, node: object, message: str) -> NoReturn:
        line = node_line(node)
        raise NotesFileError(message, self.path, line + self.line_offset if line else None)

    @staticmethod
    def child(node: yaml.Node, key: str) -> yaml.Node:
        """The value node of ``key`` in a mapping node (else the node itself)."""
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    value: yaml.Node = v
                    return value
        return node

    def mapping(self, value: object, node: yaml.Node, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(node, f"{what} must be a mapping (key: value lines)")
        for key in value:
            if not isinstance(key, str):
                self.fail(node, f"{what}: keys must be text, not {key!r}")
        return value

    def text(self, mapping: Mapping[str, Any], node: yaml.Node, key: str, what: str, allow_empty: bool = False) -> str:
        """The text under ``key``, which must be there."""
        value = self.optional_text(mapping, node, key, what, allow_empty)
        if value is None:
            self.fail(node, f"{what}: missing '{key}'")
        return value

    def optional_text(
        self, mapping: Mapping[str, Any], node: yaml.Node, key: str, what: str, allow_empty: bool = False,
    ) -> str | None:
        """The text under ``key``, or None when there is none."""
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):  # an unquoted timestamp typed by hand
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str):
            self.fail(self.child(node, key), f"{what}: '{key}' must be text")
        if not allow_empty and not value.strip():
            self.fail(self.child(node, key), f"{what}: '{key}' is empty")
        return value

    def integer(self, mapping: Mapping[str, Any], node: yaml.Node, key: str, what: str) -> int:
        value = mapping.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(self.child(node, key), f"{what}: '{key}' must be a whole number >= 0")
        return value

    def anchor(self, value: object, node: yaml.Node, what: str) -> Anchor:
        data = self.mapping(value, node, f"{what} anchor")
        exact = self.text(data, node, "exact", f"{what} anchor")
        prefix = self.optional_text(data, node, "prefix", f"{what} anchor", allow_empty=True) or ""
        suffix = self.optional_text(data, node, "suffix", f"{what} anchor", allow_empty=True) or ""
        start = self.integer(data, node, "start", f"{what} anchor")
        end = self.integer(data, node, "end", f"{what} anchor")
        if end < start:
            self.fail(node, f"{what} anchor: end is before start")
        return Anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)

    def items(self, data: Mapping[str, Any], node: yaml.Node, key: str) -> list[tuple[Any, yaml.Node]]:
        """The list under ``key`` (none: empty), each item with its node."""
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(self.child(node, key), f"'{key}' must be a list")
        child = self.child(node, key)
        nodes: list[yaml.Node] = child.value if isinstance(child, yaml.SequenceNode) else [child] * len(value)
        return list(zip(value, nodes))


def note_from(check: Checker, value: object, node: yaml.Node) -> Note:
    what = "note"
    data = check.mapping(value, node, what)
    note_id = check.text(data, node, "id", what)
    what = f"note {note_id}"
    target = data.get("target", "article")
    if target not in TARGETS:
        check.fail(check.child(node, "target"), f"{what}: target must be one of {', '.join(TARGETS)}")
    body = check.text(data, node, "body", what, allow_empty=True)
    created = check.text(data, node, "created", what)
    updated = check.optional_text(data, node, "updated", what)
    anchor = None
    source = None
    if target == TARGET_CLAIM:
        anchor = check.anchor(data.get("anchor"), check.child(node, "anchor"), what)
    elif target == TARGET_SOURCE:
        source = check.text(data, node, "source", what)
    extra = {k: v for k, v in data.items() if k not in _NOTE_KEYS}
    return Note(id=note_id, target=target, body=body, created=created, updated=updated,
                anchor=anchor, source=source, extra=extra)


def verdict_from(check: Checker, value: object, node: yaml.Node) -> Verdict:
    what = "verdict"
    data = check.mapping(value, node, what)
    verdict_id = check.text(data, node, "id", what)
    what = f"verdict {verdict_id}"
    name = data.get("verdict")
    if name not in VERDICTS:
        check.fail(check.child(node, "verdict"), f"{what}: verdict must be one of {', '.join(VERDICTS)}")
    updated = check.text(data, node, "updated", what)
    anchor = check.anchor(data.get("anchor"), check.child(node, "anchor"), what)
    extra = {k: v for k, v in data.items() if k not in _VERDICT_KEYS}
    return Verdict(id=verdict_id, verdict=name, anchor=anchor, updated=updated, extra=extra)
