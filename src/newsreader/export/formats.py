"""Rendering collected data in each export format."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import yaml

from newsreader.notes import NotesStore

from .gather import collect
from .linked import Reviewer, to_claimreview, to_webannotation
from .markdown import to_markdown
from .spreadsheet import to_csv

if TYPE_CHECKING:
    from newsreader.registry import Registry

FORMATS = ("md", "yaml", "json", "csv")
"""The documents of everything exported (problems, unchecked claims and detached notes included)."""
LINKED_FORMATS = ("claimreview", "webannotation")
"""Linked data (JSON-LD) for fact-checking tools: see :mod:`newsreader.export.linked`."""
ALL_FORMATS = FORMATS + LINKED_FORMATS
FORMAT_ALIASES = {"markdown": "md", "yml": "yaml", "annotation": "webannotation", "annotations": "webannotation"}
FORMAT_LABELS = {"md": "Markdown", "yaml": "YAML", "json": "JSON", "csv": "CSV (spreadsheet)",
                 "claimreview": "ClaimReview (schema.org JSON-LD)",
                 "webannotation": "Web Annotation (W3C JSON-LD)"}
FORMAT_SUFFIXES = {"md": "md", "yaml": "yaml", "json": "json", "csv": "csv",
                   "claimreview": "jsonld", "webannotation": "jsonld"}
"""The file-name suffix of each format."""

# Pure-Python SafeDumper: libyaml's emitter escapes emoji and other non-BMP text.
_BaseDumper = yaml.SafeDumper


class _ExportDumper(_BaseDumper):
    """Local subclass: multi-line strings as ``|`` blocks; no global registration."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_ExportDumper.add_representer(str, _represent_str)


def format_name(fmt: str) -> str:
    """``fmt`` or what it is an alias of (``annotation`` -> ``webannotation``); ValueError if unknown."""
    name = FORMAT_ALIASES.get(fmt, fmt)
    if name not in ALL_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(ALL_FORMATS)})")
    return name


def export(records: Iterable[Mapping[str, Any]], store: NotesStore, fmt: str = "md", *,
           registry: Registry | None = None, problems: Iterable[str] = (), include_text: bool = False,
           details: bool = False, all_claims: bool = False, reviewer: Reviewer | None = None) -> str:
    """Render the analysed ``records`` with their notes/verdicts from ``store`` as ``fmt``.

    ``fmt``: one of :data:`ALL_FORMATS` (or an alias).  ``include_text`` adds the article
    text/markdown to YAML/JSON (off: exports are about the checking).  ``registry`` and
    ``problems``: see :func:`collect`; ``details``, ``all_claims`` and ``reviewer``: see :func:`render`.
    """
    fmt = format_name(fmt)
    data = collect(records, store, registry=registry, problems=problems, include_text=include_text)
    return render(data, fmt, details=details, all_claims=all_claims, reviewer=reviewer)


def render(data: Mapping[str, Any], fmt: str, *, details: bool = False, all_claims: bool = False,
           reviewer: Reviewer | None = None) -> str:
    """The document for ``data`` (from :func:`collect`) in ``fmt``.

    Markdown (a fact-check memo) shows scores, offsets and ids only with ``details`` and claims
    without a verdict or notes only with ``all_claims``; YAML, JSON and CSV always hold
    everything.  ``reviewer``: the author of ClaimReviews and creator of annotations (default
    "newsreader user"; see :func:`~newsreader.export.linked.configured_reviewer`).
    """
    fmt = format_name(fmt)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.dump(data, Dumper=_ExportDumper, sort_keys=False, allow_unicode=True,
                         default_flow_style=False, width=1_000_000)
    if fmt == "csv":
        return to_csv(data)
    if fmt == "claimreview":
        return to_claimreview(data, reviewer)
    if fmt == "webannotation":
        return to_webannotation(data, reviewer)
    return to_markdown(data, details=details, all_claims=all_claims)
