"""Writing notes files: a small YAML emitter for their fixed shape (plain, double-quoted and literal
block scalars only) and PyYAML's SafeDumper, set up once, for anything else."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

# Files are always written with the pure-Python SafeDumper: libyaml's emitter escapes
# characters outside the BMP (emoji become "\U0001F642" and force a quoted one-line
# body), and team members with and without libyaml must produce identical bytes.
# Speed comes from caching each note's rendered block instead (see _item_yaml).
_BaseDumper = yaml.SafeDumper


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



def dump_yaml(data: Any) -> str:
    """``data`` as block-style YAML, keys in their order, through :class:`NotesDumper`."""
    text: str = yaml.dump(
        data,
        Dumper=NotesDumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        indent=2,
        line_break="\n",
    )
    return text


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
# (Typed here: PyYAML's stubs leave Resolver.resolve untyped.)
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve
_STR_TAG = "tag:yaml.org,2002:str"


def _dq_escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _DQ_NAMED.get(ch) or f"\\u{ord(ch):04x}"


def _scalar(value: object) -> str | None:
    """One-line YAML for a str/int/None, or None if the fast emitter does not handle it."""
    if isinstance(value, str):
        if (_PLAIN.fullmatch(value) and value[-1] != " "
                and _resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG):
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


def emit_mapping(data: Mapping[Any, Any], first_prefix: str = "", prefix: str = "") -> str | None:
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
