"""The notes panel: every note and verdict of one article, one line each.

Everything that comes from a note, a claim or a source is untrusted: it is cleaned (escape
sequences, control characters) and shown through ``Content(...)``, never as markup.  Verdict
colours use the theme's ``$verdict-*`` variables and note markers ``$note-marker``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.notes import UNCHECKED, VERDICTS, Anchor, Attachment, Note, Verdict, resolve_anchor
from newsreader.sanitize import clean_line, clean_text
from newsreader.ui.commands import bindings
from newsreader.ui.widgets.claims_panel import first_words

KIND_ARTICLE = "article"
KIND_CLAIM = "claim"
KIND_SOURCE = "source"
KIND_VERDICT = "verdict"

SCOPE_ARTICLE = "article"
SCOPE_ALL = "all"

NOTE_MARKER = "✎"
VERDICT_MARKER = "◆"
EMPTY_PANEL = "No notes yet: press a to add one."
DEFAULT_EXPORT_NAME = "newsreader-notes"
FORMAT_LABELS = {"md": "Markdown", "yaml": "YAML", "json": "JSON", "csv": "CSV (spreadsheet)"}


def shorten(text: str, limit: int) -> str:
    """One clean line of at most ``limit`` characters (an ellipsis marks the cut)."""
    line = clean_line(text)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def verdict_style(verdict: str) -> str:
    """The theme variable colouring ``verdict`` (``needs context`` -> ``$verdict-needs-context``)."""
    return f"$verdict-{verdict.replace(' ', '-')}" if verdict in VERDICTS else "$text-muted"


def first_line(body: str, limit: int = 80) -> str:
    for line in clean_text(body).splitlines():
        if line.strip():
            return shorten(line, limit)
    return ""


# --------------------------------------------------------------------------- notes panel


@dataclass(frozen=True)
class NoteItem:
    """One line of the notes panel.

    ``kind``: article | claim | source (a note) or verdict.  ``note_id`` is the
    note's id, or the verdict's id for verdicts.  ``verdict``: the verdict for
    verdict items, the claim's verdict (``None`` if unchecked) for notes on a claim.
    ``offset``: where the item is in the article text (``None`` for article notes,
    detached items, and source notes unless the caller gave source offsets).
    ``anchor``: the stored anchor of claim notes and verdicts (to change or remove a
    verdict).  ``status``: "" normally, "detached" (its quote or source is gone),
    "outside claims" (quote found, not in a detected claim) or "older" (an older
    verdict on a claim that has a newer one).
    """

    kind: str
    note_id: str | None
    label: str
    body: str
    verdict: str | None = None
    offset: int | None = None
    detached: bool = False
    claim_index: int | None = None
    anchor: Anchor | None = None
    source: str | None = None
    status: str = ""


def _item(thing: Note | Verdict, *, label: str, offset: int | None, status: str = "",
          claim_index: int | None = None, claim_verdict: str | None = None) -> NoteItem:
    if isinstance(thing, Verdict):
        return NoteItem(KIND_VERDICT, thing.id, label, "", thing.verdict, offset, status == "detached",
                        claim_index, thing.anchor, None, status)
    return NoteItem(thing.target, thing.id, label, thing.body, claim_verdict, offset, status == "detached",
                    claim_index, thing.anchor, thing.source, status)


def _quote_label(thing: Note | Verdict) -> str:
    if isinstance(thing, Note) and thing.target == KIND_SOURCE:
        return clean_line(thing.source or "")
    if isinstance(thing, Note) and thing.target == KIND_ARTICLE:
        return "article"
    anchor = thing.anchor
    return first_words(clean_line(anchor.exact)) if anchor else ""


def note_items(
    attachment: Attachment,
    claims_text_by_index: Sequence[tuple[int, int, str]],
    source_names: Sequence[str] | None = None,
    *,
    text: str | None = None,
    source_offsets: Sequence[int | None] = (),
) -> list[NoteItem]:
    """Every note and verdict in ``attachment`` as panel items; nothing is dropped.

    ``claims_text_by_index``: the claims given to :meth:`ArticleNotes.attach`, as
    ``(start, end, text)``, in the same order.  Order: article notes, then claim by
    claim (verdict first, then notes), source notes, items outside claims, detached.
    ``text`` (the article's plain text) lets items outside claims jump to where
    their quote is now; without it their stored offset is used.
    """
    items: list[NoteItem] = []
    for note in attachment.article:
        items.append(_item(note, label="article", offset=None))
    for index, claim in enumerate(attachment.claims):
        start, _end, claim_text = claims_text_by_index[index] if index < len(claims_text_by_index) else (None, None, "")
        label = first_words(clean_line(claim_text)) if claim_text else ""
        verdict_name = claim.verdict.verdict if claim.verdict else None
        if claim.verdict is not None:
            items.append(_item(claim.verdict, label=label or _quote_label(claim.verdict), offset=start,
                               claim_index=index))
        for note in claim.notes:
            items.append(_item(note, label=label or _quote_label(note), offset=start, claim_index=index,
                               claim_verdict=verdict_name))
    names = list(source_names or [])
    for index, notes in enumerate(attachment.sources):
        name = clean_line(names[index]) if index < len(names) else ""
        offset = source_offsets[index] if index < len(source_offsets) else None
        for note in notes:
            items.append(_item(note, label=name or _quote_label(note), offset=offset))
    spans = [(start, end) for start, end, _ in claims_text_by_index]
    for thing in attachment.unmatched:
        anchor = thing.anchor
        if anchor is None:  # a source note when no source names were given
            items.append(_item(thing, label=_quote_label(thing), offset=None))
            continue
        span = resolve_anchor(anchor, text) if text is not None else (anchor.start, anchor.end)
        span = span or (anchor.start, anchor.end)
        inside = any(min(span[1], end) > max(span[0], start) for start, end in spans)
        items.append(_item(thing, label=_quote_label(thing), offset=span[0],
                           status="older" if inside and isinstance(thing, Verdict) else "outside claims"))
    for thing in attachment.detached:
        items.append(_item(thing, label=_quote_label(thing), offset=None, status="detached"))
    return items


def note_prompt(item: NoteItem, highlighted: bool = False) -> Content:
    """One panel line: marker, kind or verdict, status, label, first line of the body.

    ``highlighted``: drawn on the highlight bar, so without colours of its own.
    """

    def colour(variable: str) -> str:
        return "" if highlighted else variable

    parts: list[str | tuple[str, str]] = []
    if item.kind == KIND_VERDICT:
        verdict = item.verdict or UNCHECKED
        style = colour(verdict_style(verdict))
        parts += [(f"{VERDICT_MARKER} ", style), (f"{verdict:<13} ", f"bold {style}")]
    else:
        parts += [(f"{NOTE_MARKER} ", f"bold {colour('$note-marker')}"), (f"{item.kind:<13} ", colour("$text-muted"))]
    if item.detached:
        parts.append(("detached", f"bold reverse {colour('$text-warning')}"))
        parts.append(" ")
    elif item.status:
        parts.append((f"{item.status} ", f"italic {colour('$text-warning')}"))
    if item.kind != KIND_ARTICLE:  # the kind column already says "article"
        parts.append((shorten(item.label, 60), "bold"))
    body = first_line(item.body)
    if body:
        parts.append(f"  {body}" if item.kind != KIND_ARTICLE else body)
    return Content.assemble(*parts)


class NotesPanel(OptionList):
    """The notes and verdicts of one article; Enter/click posts :class:`Chosen`, ``e`` edit, ``x``/Delete delete."""

    BINDINGS = bindings("notes") + bindings("panel")

    class _ItemMessage(Message):
        def __init__(self, panel: NotesPanel, item: NoteItem) -> None:
            self.panel = panel
            self.item = item
            super().__init__()

        @property
        def control(self) -> NotesPanel:
            return self.panel

    class Chosen(_ItemMessage):
        """Enter or a click on an item: jump to ``item.offset`` and/or open it."""

    class EditRequested(_ItemMessage):
        """``e`` on an item."""

    class DeleteRequested(_ItemMessage):
        """``x`` or Delete on an item (the app should confirm)."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._items: list[NoteItem] = []
        self._plain_row: int | None = None  # the row drawn without colours (under the highlight bar)

    @property
    def items(self) -> list[NoteItem]:
        return list(self._items)

    def show(self, items: Iterable[NoteItem]) -> None:
        """Replace the lines; the highlight stays on the same row number where possible."""
        previous = self.highlighted
        self._items = list(items)
        self._plain_row = None
        self.clear_options()
        if not self._items:
            self.add_option(Option(Content(EMPTY_PANEL), disabled=True))
            return
        self.add_options(Option(note_prompt(item), id=str(index)) for index, item in enumerate(self._items))
        self.highlighted = min(previous, len(self._items) - 1) if previous is not None else 0

    @property
    def current_item(self) -> NoteItem | None:
        if self.highlighted is None or not self._items:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._items[int(option.id)] if option.id is not None else None

    def action_edit_item(self) -> None:
        item = self.current_item
        if item is not None:
            self.post_message(self.EditRequested(self, item))

    def action_delete_item(self) -> None:
        item = self.current_item
        if item is not None:
            self.post_message(self.DeleteRequested(self, item))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Not stopped: the app may follow the highlight too.
        if event.option_list is not self or not self._items:
            return
        if self._plain_row is not None and self._plain_row < len(self._items):
            self.replace_option_prompt_at_index(self._plain_row, note_prompt(self._items[self._plain_row]))
        self._plain_row = event.option_index
        self.replace_option_prompt_at_index(event.option_index, note_prompt(self._items[event.option_index], True))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and self._items:
            self.post_message(self.Chosen(self, self._items[int(event.option.id)]))


