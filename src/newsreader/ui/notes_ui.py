"""Notes, verdicts and export in the UI: note editor, verdict picker, notes panel, export dialog.

Reusable pieces that the app wires in; they only take data and post messages or
dismiss with a result.  Everything that comes from a note, a claim or a source is
untrusted: it is cleaned (escape sequences, control characters) and shown through
``Content(...)``, never as markup.

The screens' CSS is ``notes_ui.tcss`` (``CSS_PATH``: loaded once, app-wide, so every
selector there names its screen or an id of its own).  Verdict colours use the app
theme's ``$verdict-*`` variables and note markers ``$note-marker``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from newsreader.export import FORMATS
from newsreader.notes import (
    UNCHECKED,
    VERDICTS,
    Anchor,
    Attachment,
    Note,
    Verdict,
    resolve_anchor,
)
from newsreader.sanitize import clean_line, clean_text
from newsreader.ui.claims_panel import first_words
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens import ConfirmScreen

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


# --------------------------------------------------------------------------- note editor


class NoteEditor(ModalScreen[str | None]):
    """Edit a note's Markdown body.

    Dismisses with the body on save (``""`` if it is empty: the caller deletes the
    note) or ``None`` on cancel; cancelling with changes asks first.
    """

    CSS_PATH = "notes_ui.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="notes.editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="notes.editor.cancel"),
    ]

    def __init__(self, heading: str, context: str = "", body: str = "", read_only_reason: str = "") -> None:
        super().__init__()
        self._heading = heading
        self._note_context = context
        self._initial = clean_text(body)
        self._read_only_reason = read_only_reason

    @property
    def read_only(self) -> bool:
        return bool(self._read_only_reason)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor-box"):
            yield Static(Content(shorten(self._heading, 120)), id="note-editor-heading")
            if self._note_context:
                yield Static(Content(shorten(self._note_context, 400)), id="note-editor-context")
            if self.read_only:
                yield Static(Content(shorten(self._read_only_reason, 400)), id="note-editor-read-only")
            yield TextArea(
                self._initial, soft_wrap=True, read_only=self.read_only, tab_behavior="focus", id="note-editor-text"
            )
            with Horizontal(id="note-editor-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="note-save", disabled=self.read_only)
                yield Button("Cancel (esc)", id="note-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        text_area = self.query_one(TextArea)
        text_area.move_cursor(text_area.document.end)
        text_area.focus()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def changed(self) -> bool:
        return not self.read_only and self.text != self._initial

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.read_only:
            return None  # shown, greyed out
        return True

    def action_save(self) -> None:
        if self.read_only:
            return
        body = self.text
        self.dismiss(body if body.strip() else "")

    def action_cancel(self) -> None:
        if self.changed:
            self.app.push_screen(ConfirmScreen("Discard changes?", "Your edits to this note will be lost."), self._discard)
        else:
            self.dismiss(None)

    def _discard(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


# --------------------------------------------------------------------------- verdict picker

_PICK_GROUP = Binding.Group("Verdict", compact=True)


def verdict_prompt(number: int, verdict: str, current: bool, highlighted: bool = False) -> Content:
    """``highlighted``: drawn on the highlight bar, so in the bar's own colours (readable on any theme)."""
    colour = "" if highlighted else verdict_style(verdict)
    return Content.assemble(
        (f"{number} ", "bold" if highlighted else "bold $text-muted"),
        (f"{VERDICT_MARKER} ", colour),
        (f"{verdict:<14}", f"bold {colour}"),
        ("(current)" if current else "", "italic" if highlighted else "italic $text-muted"),
    )


class VerdictPicker(ModalScreen[str | None]):
    """Pick one of :data:`VERDICTS` for a claim: number keys 1-7, Enter or a click; Esc -> ``None``."""

    CSS_PATH = "notes_ui.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="notes.verdict.cancel"),
        *(
            Binding(str(number), f"pick({number - 1})", verdict, id=f"notes.verdict.{verdict.replace(' ', '-')}",
                    group=_PICK_GROUP)
            for number, verdict in enumerate(VERDICTS, 1)
        ),
    ]

    def __init__(self, claim_text: str, current: str = UNCHECKED) -> None:
        super().__init__()
        self._claim_text = claim_text
        self._current = current if current in VERDICTS else UNCHECKED

    def compose(self) -> ComposeResult:
        with Vertical(id="verdict-box"):
            yield Static(Content("Verdict on claim"), id="verdict-heading")
            yield Static(Content(shorten(self._claim_text, 200)), id="verdict-claim")
            yield OptionList(
                *(
                    Option(verdict_prompt(number, verdict, verdict == self._current), id=verdict)
                    for number, verdict in enumerate(VERDICTS, 1)
                ),
                id="verdict-options",
            )
            yield Static(Content("1-7 or Enter picks · Esc cancels"), id="verdict-foot")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = VERDICTS.index(self._current)
        options.focus()

    @on(OptionList.OptionHighlighted, "#verdict-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        options = event.option_list
        for index, verdict in enumerate(VERDICTS):
            options.replace_option_prompt_at_index(
                index, verdict_prompt(index + 1, verdict, verdict == self._current, index == event.option_index)
            )

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(VERDICTS):
            self.dismiss(VERDICTS[index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#verdict-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in VERDICTS:
            self.dismiss(event.option.id)


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

    BINDINGS = [
        Binding("e", "edit_item", "Edit", id="notes.panel.edit"),
        Binding("delete,x", "delete_item", "Delete", id="notes.panel.delete"),
    ]

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


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportRequest:
    """What to export: ``fmt`` one of :data:`newsreader.export.FORMATS`, ``scope`` article | all."""

    fmt: str
    scope: str
    path: Path


_FORMAT_GROUP = Binding.Group("Format", compact=True)


class ExportScreen(ModalScreen[ExportRequest | None]):
    """Choose format, scope and file; dismisses with an :class:`ExportRequest` or ``None``.

    The file name follows the format until the user edits it.  A relative path is
    taken relative to ``default_dir``.  Enter in the path field, ctrl+s anywhere or
    the Export button submits; a missing folder or a path that is a folder is shown
    inline and the screen stays open.
    """

    CSS_PATH = "notes_ui.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="notes.export.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="notes.export.cancel"),
        *(
            Binding(str(number), f"format({number - 1})", fmt, id=f"notes.export.format-{fmt}", group=_FORMAT_GROUP)
            for number, fmt in enumerate(FORMATS, 1)
        ),
        Binding("t", "scope('article')", "This article", id="notes.export.scope-article"),
        Binding("a", "scope('all')", "All", id="notes.export.scope-all"),
    ]

    def __init__(self, default_dir: Path, has_current: bool) -> None:
        super().__init__()
        self._default_dir = Path(default_dir)
        self._has_current = has_current
        self.fmt = FORMATS[0]
        self.scope = SCOPE_ARTICLE if has_current else SCOPE_ALL
        self._auto_path = self._default_path(self.fmt)
        self._follow = True

    def _default_path(self, fmt: str) -> str:
        return str(self._default_dir / f"{DEFAULT_EXPORT_NAME}.{fmt}")

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content("Export notes and verdicts"), id="export-heading")
            with Horizontal(id="export-choices"):
                with Vertical(id="export-format-column"):
                    yield Static(Content("Format"), classes="export-label")
                    with RadioSet(id="export-format"):
                        for number, fmt in enumerate(FORMATS, 1):
                            yield RadioButton(Content(f"{number} {FORMAT_LABELS.get(fmt, fmt)}"),
                                              value=fmt == self.fmt, id=f"export-format-{fmt}")
                with Vertical(id="export-scope-column"):
                    yield Static(Content("Scope"), classes="export-label")
                    with RadioSet(id="export-scope"):
                        yield RadioButton(Content("t This article"), value=self.scope == SCOPE_ARTICLE,
                                          disabled=not self._has_current, id="export-scope-article")
                        yield RadioButton(Content("a All articles with notes"), value=self.scope == SCOPE_ALL,
                                          id="export-scope-all")
            yield Static(Content("File"), classes="export-label")
            yield Input(self._auto_path, id="export-path")
            yield Static(Content(""), id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-ok")
                yield Button("Cancel (esc)", id="export-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        # query, not query_one: a screen pushed while the app is quitting has no children.
        for choice in self.query("#export-format").results(RadioSet):
            choice.focus()

    # -- choices
    def action_format(self, index: int) -> None:
        if 0 <= index < len(FORMATS):
            self.query_one(f"#export-format-{FORMATS[index]}", RadioButton).value = True

    def action_scope(self, scope: str) -> None:
        if scope == SCOPE_ARTICLE and not self._has_current:
            return
        self.query_one(f"#export-scope-{scope}", RadioButton).value = True

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.fmt = (event.pressed.id or "").removeprefix("export-format-") or self.fmt
        if self._follow:
            self._auto_path = self._default_path(self.fmt)
            self.query_one("#export-path", Input).value = self._auto_path

    @on(RadioSet.Changed, "#export-scope")
    def _scope_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.scope = (event.pressed.id or "").removeprefix("export-scope-") or self.scope

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._follow = event.value == self._auto_path
        path = self._resolve(event.value)
        exists = path is not None and path.is_file()
        self._message("A file with this name exists: it will be replaced." if exists else "", error=False)

    def _message(self, text: str, error: bool) -> None:
        message = self.query_one("#export-message", Static)
        message.update(Content(text))
        message.set_class(error, "-error")

    def _resolve(self, raw: str) -> Path | None:
        raw = raw.strip()
        if not raw:
            return None
        path = Path(raw).expanduser()
        return path if path.is_absolute() else self._default_dir / path

    def validate(self) -> tuple[Path | None, str]:
        """The chosen path, or ``None`` and the reason it cannot be used."""
        path = self._resolve(self.query_one("#export-path", Input).value)
        if path is None:
            return None, "Enter a file name."
        if path.is_dir():
            return None, f"{path} is a folder: add a file name."
        if not path.parent.is_dir():
            return None, f"The folder {path.parent} does not exist."
        return path, ""

    # -- submit / cancel
    def action_export(self) -> None:
        path, problem = self.validate()
        if path is None:
            self._message(problem, error=True)
            return
        self.dismiss(ExportRequest(self.fmt, self.scope, path))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-ok")
    def _ok_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
