"""Changing YAML files people edit by hand (``config.yaml``, ``sources.yaml``) without losing
their comments, key order or layout: ruamel.yaml's round-trip mode, on the write path only.

Reading stays :func:`newsreader.storage.parse_yaml` (bounded, safe loader): a text is only
loaded here after it passed that, and the callers parse every edited text back the same way
and check it holds exactly the data it must before it is written (on a mismatch they fall
back to a plain dump, which loses comments, never data).

PyYAML reads YAML 1.1 and ruamel.yaml writes 1.2, which disagree on a few plain words
(``yes``, ``on``, ``no``...): every string set through :func:`value` is quoted when PyYAML
would not read it back as that string.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from yaml import Node


class Document:
    """A YAML mapping loaded for editing; :meth:`dump` gives the text back with only the
    edits changed.  ``data`` is a ruamel ``CommentedMap``."""

    def __init__(self, text: str | None) -> None:
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap

        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.width = 4096  # never re-wrap a long line
        self._prefix = ""
        data = None
        if text and text.strip():
            data = self._yaml.load(text)
            indent, offset = _sequence_indent(text)
            self._yaml.indent(mapping=_mapping_indent(text), sequence=max(indent, offset + 2), offset=offset)
            if data is None:  # only comments: keep them above what is added
                self._prefix = text if text.endswith("\n") else text + "\n"
        if data is None:
            data = CommentedMap()
        if not isinstance(data, dict):
            raise TypeError("not a YAML mapping")
        self.data = data

    def dump(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return self._prefix + out.getvalue()


def value(item: object) -> Any:
    """``item`` (text, numbers, None, lists and dicts of them) made ready to set in a Document:
    text PyYAML would misread is quoted, text of several lines becomes a ``|`` block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

    if isinstance(item, str):
        if "\n" in item:
            return LiteralScalarString(item)
        return item if _plain_is_text(item) else SingleQuotedScalarString(item)
    if isinstance(item, (list, tuple)):
        return CommentedSeq(value(each) for each in item)
    if isinstance(item, dict):
        return CommentedMap((key, value(each)) for key, each in item.items())
    return item


def set_key(mapping: dict[object, object], key: str, new: object) -> None:
    """Set ``mapping[key]`` to ``new`` unless it already holds it; a list is changed in place
    (its style and the comments on the items it keeps stay)."""
    from ruamel.yaml.comments import CommentedSeq

    old = mapping.get(key, _ABSENT)
    if old is not _ABSENT and _same(old, new):
        return
    if isinstance(old, CommentedSeq) and isinstance(new, (list, tuple)):
        _set_list(old, list(new))
    else:
        mapping[key] = value(new)


def _set_list(seq: Any, new: list[object]) -> None:
    for index in range(len(seq) - 1, -1, -1):
        if not any(_same(seq[index], item) for item in new):
            del seq[index]
    kept = [item for item in new if any(_same(item, have) for have in seq)]
    if len(kept) == len(seq) and all(_same(a, b) for a, b in zip(kept, seq)):
        for index, item in enumerate(new):  # the old items are in order: insert the new ones
            if index >= len(seq) or not _same(seq[index], item):
                seq.insert(index, value(item))
    if len(seq) != len(new) or not all(_same(a, b) for a, b in zip(seq, new)):
        del seq[:]
        seq.extend(value(item) for item in new)


def _same(a: object, b: object) -> bool:
    """Equal as data, and text only equals text (``1`` is not ``"1"``, ``True`` not ``1``)."""
    return a == b and isinstance(a, str) == isinstance(b, str) and isinstance(a, bool) == isinstance(b, bool)


def _plain_is_text(text: str) -> bool:
    import yaml

    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str" if text else False


class _LazyResolver:
    def __init__(self) -> None:
        self._resolve: Callable[[type[Node], str, tuple[bool, bool]], str] | None = None

    def resolve(self, kind: type[Node], text: str, implicit: tuple[bool, bool]) -> str:
        if self._resolve is None:
            import yaml

            self._resolve = yaml.resolver.Resolver().resolve
        return self._resolve(kind, text, implicit)


_RESOLVER = _LazyResolver()
_ABSENT = object()


def _sequence_indent(text: str) -> tuple[int, int]:
    """(column of an item's text, column of its dash), both from the key above, of the file's
    first block list ((2, 0) when it has none): ruamel.yaml writes every list that way."""
    key_indent = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and stripped[2:].strip() and not stripped[2:].lstrip().startswith("#"):
            dash = len(line) - len(stripped)
            item = len(line) - len(stripped[1:].lstrip(" "))
            return item - key_indent, max(dash - key_indent, 0)
        if stripped.rstrip().endswith(":") and not stripped.startswith("#"):
            key_indent = len(line) - len(stripped)
    return 2, 0


def _mapping_indent(text: str) -> int:
    """How far the file indents a mapping inside a mapping (2 when it has none)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for line, after in zip(lines, lines[1:]):
        stripped = line.strip()
        if stripped.endswith(":") and not stripped.startswith("- "):
            step = (len(after) - len(after.lstrip(" "))) - (len(line) - len(line.lstrip(" ")))
            if step > 0 and not after.lstrip().startswith("-"):
                return step
    return 2
