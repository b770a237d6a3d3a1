"""Export analysed articles with their claim verdicts and notes.

Formats (:data:`ALL_FORMATS`): a Markdown fact-check memo, YAML, JSON, CSV, and the linked
data fact-checking tools read: schema.org ClaimReview and W3C Web Annotation (JSON-LD).

``export(records, store, fmt, registry=...)`` takes the analysed-article dicts produced by
``newsreader analyze`` (missing or odd fields are tolerated), a
:class:`~newsreader.notes.NotesStore` and the source registry (tags, ratings and notes of
sources); it returns the document as text.  It is :func:`collect` (plain data) then
:func:`render` (text); the app calls both, off the UI thread.  Nothing is dropped from YAML,
JSON and CSV: notes whose quote is no longer in the article ("detached"), claim notes on
text that is not a detected claim ("unmatched"), source notes on sources the article no
longer lists, and older verdicts on the same claim are all exported; the Markdown memo keeps
every note too, and lists claims nobody checked only when asked (``all_claims``).  A notes
file or registry that cannot be read is named in ``problems`` (every document format carries
them; the linked-data formats have no place for them: report ``collect(...)["problems"]``).
:func:`annotated_records` finds every article that has notes, wherever it was opened.
``write_output(text, path)`` writes the result atomically.

Output is deterministic (no export timestamp), so re-exporting unchanged data
gives identical files.

Modules: :mod:`.gather` (collecting), :mod:`.markdown`, :mod:`.spreadsheet` (CSV),
:mod:`.linked` (ClaimReview, Web Annotation), :mod:`.formats` (dispatch), :mod:`.writing`.
"""

from __future__ import annotations

from .formats import (
    ALL_FORMATS,
    FORMAT_ALIASES,
    FORMAT_LABELS,
    FORMAT_SUFFIXES,
    FORMATS,
    LINKED_FORMATS,
    export,
    format_name,
    render,
)
from .gather import EXPORT_VERSION, annotated_records, collect
from .linked import RATING_SCALE, Reviewer, claim_reviews, configured_reviewer, web_annotations
from .markdown import md_escape
from .spreadsheet import CSV_COLUMNS, NOTE_SEPARATOR
from .writing import ExportError, write_output

__all__ = [
    "ALL_FORMATS", "CSV_COLUMNS", "EXPORT_VERSION", "FORMATS", "FORMAT_ALIASES", "FORMAT_LABELS",
    "FORMAT_SUFFIXES", "LINKED_FORMATS", "NOTE_SEPARATOR", "RATING_SCALE", "ExportError", "Reviewer",
    "annotated_records", "claim_reviews", "collect", "configured_reviewer", "export",
    "format_name", "md_escape", "render", "web_annotations", "write_output",
]
