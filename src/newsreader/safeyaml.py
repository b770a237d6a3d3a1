"""YAML as untrusted text: bounded before it is loaded, loaded only with the safe loader.

:func:`check_yaml_bounds` walks libyaml's event stream and refuses aliases, deep nesting and
too many items before any node tree is built; :func:`safe_load` is ``yaml.safe_load`` with the
C loader when PyYAML has one; :func:`yaml_line` finds where a value sits, for messages that
name the line.  Pure text in, data out: reading files is :mod:`newsreader.storage`'s job.
PyYAML is imported on first use (start-up reads its few YAML files through a memo instead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import yaml

MAX_YAML_EVENTS = 300_000
"""Parser events (scalars, starts and ends of lists and maps) a YAML file may hold: a notes file of
10,000 notes has about 200,000; 16 MB of tiny nested lists would have millions (and gigabytes
of node tree).  Counted on the event stream, before any tree is built.  PyYAML builds about
150,000 events a second into data here, so the bound keeps the worst file to a few seconds
and a few hundred MB (benchmarks/safety_hostile.py)."""
#: Lists and maps nested at most this deep.
MAX_YAML_DEPTH = 64


class YAMLBoundsError(ValueError):
    """A YAML text over a bound (events, depth) or with an alias; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def check_yaml_bounds(text: str, *, max_events: int = MAX_YAML_EVENTS, max_depth: int = MAX_YAML_DEPTH) -> None:
    """Walk the YAML event stream of ``text`` (libyaml's parser, nothing kept) and refuse it
    before any node tree is built: an alias (billion laughs), more than ``max_events``
    events, or lists and maps nested deeper than ``max_depth``.  Raises :class:`YAMLBoundsError`
    (and ``yaml.YAMLError`` for text that is not YAML at all); time and memory stay bounded."""
    import yaml

    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    alias = yaml.AliasEvent
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=safe_loader()), 1):
        kind = type(event)
        if kind in starts:
            depth += 1
            if depth > max_depth:
                raise YAMLBoundsError(f"nested more than {max_depth} levels deep", _event_line(event))
        elif kind in ends:
            depth -= 1
        elif kind is alias:
            raise YAMLBoundsError("YAML aliases are not allowed", _event_line(event))
        if count > max_events:
            raise YAMLBoundsError(f"too much data (over {max_events:,} YAML items)", _event_line(event))


def _event_line(event: yaml.Event) -> int | None:
    """The 1-based line where ``event`` starts (the parser marks every event)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def yaml_line(text: str, where: tuple[str | int, ...]) -> int | None:
    """1-based line of the value at ``where`` (keys and list indexes from the root, e.g.
    ``("sources", 3, "tags")``; ``()``: the document) in a YAML text that passed
    :func:`check_yaml_bounds`; as deep as the path exists, None for text that is not YAML.
    Walks the event stream only as far as the value (nothing is built, so it costs a fraction of
    loading the text again)."""
    import yaml

    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    events = yaml.parse(text, Loader=safe_loader())

    def skip(event: yaml.Event) -> None:  # past the end of the value that ``event`` starts
        depth = 1 if isinstance(event, starts) else 0
        while depth:
            kind = type(next(events))
            depth += 1 if kind in starts else -1 if kind in ends else 0

    try:
        node: yaml.Event = next(event for event in events if isinstance(event, (*starts, yaml.ScalarEvent)))
        line = _event_line(node)
        for step in where:
            if isinstance(node, yaml.MappingStartEvent):
                while True:
                    key = next(events)
                    if isinstance(key, yaml.MappingEndEvent):
                        return line
                    skip(key)
                    value = next(events)
                    if isinstance(key, yaml.ScalarEvent) and key.value == step:
                        node, line = value, _event_line(key)
                        break
                    skip(value)
            elif isinstance(node, yaml.SequenceStartEvent) and isinstance(step, int):
                for index in range(step + 1):
                    item = next(events)
                    if isinstance(item, yaml.SequenceEndEvent):
                        return line
                    if index < step:
                        skip(item)
                node, line = item, _event_line(item)
            else:
                return line
        return line
    except (yaml.YAMLError, StopIteration):
        return None


def safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> object:
    """``yaml.safe_load``, with the C-accelerated safe loader when PyYAML has it."""
    loader = safe_loader()(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def dump_yaml(data: object) -> str:
    """``data`` as block-style YAML (libyaml's emitter when PyYAML has it: the same text, 3x faster)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
