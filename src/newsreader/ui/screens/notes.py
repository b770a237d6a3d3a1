"""Notes dialogs: the note editor, the verdict picker and the export dialog.

They only take data and dismiss with a result.  Their CSS is ``notes.tcss`` (``CSS_PATH``:
loaded once, app-wide, so every selector there names its screen or an id of its own).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from newsreader.export import ALL_FORMATS, FORMAT_LABELS, FORMAT_SUFFIXES
from newsreader.notes import UNCHECKED, VERDICTS
from newsreader.sanitize import clean_text
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.dialog import Dialog, DialogBox
from newsreader.ui.widgets.notes_panel import SCOPE_ALL, SCOPE_ARTICLE, VERDICT_MARKER, shorten, verdict_style

DEFAULT_EXPORT_NAME = "newsreader-notes"


def external_editor() -> str:
    """The user's editor command: ``$VISUAL``, else ``$EDITOR`` ("" when neither is set)."""
    return (os.environ.get("VISUAL") or os.environ.get("EDITOR") or "").strip()


# --------------------------------------------------------------------------- note editor


class NoteEditor(Dialog[str | None]):
    """Edit a note's Markdown body.

    Dismisses with the body on save (``""`` if it is empty: the caller deletes the
    note) or ``None`` on cancel; cancelling with changes asks first.  ``ctrl+e`` opens the
    note in ``$VISUAL`` or ``$EDITOR`` (the app is suspended meanwhile); with neither set the
    key is dimmed and the built-in editor is all there is.
    """

    CSS_PATH = "notes.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="notes.editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="notes.editor.cancel"),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="notes.editor.external", priority=True),
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
        with DialogBox(id="note-editor-box"):
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
        if action == "external_editor" and (self.read_only or not external_editor()):
            return None
        return True

    def action_external_editor(self) -> None:
        """Edit the note in the user's editor: written to a temporary file, read back after."""
        editor = external_editor()
        if self.read_only or not editor:
            return
        from textual.app import SuspendNotSupported

        text_area = self.query_one(TextArea)
        handle, name = tempfile.mkstemp(prefix="newsreader-note-", suffix=".md")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text_area.text)
            try:
                with self.app.suspend():
                    code = subprocess.call([*shlex.split(editor), name])
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to another program.", severity="error")
                return
            except OSError as error:
                self.notify(f"Could not run {editor}: {error}", title="Editor", severity="error", markup=False)
                return
            if code != 0:
                self.notify(f"{editor} exited with status {code}: the note is unchanged.", title="Editor",
                            severity="warning", markup=False)
                return
            body = Path(name).read_text(encoding="utf-8", errors="replace")
        finally:
            os.unlink(name)
        text_area.text = clean_text(body.removesuffix("\n"))
        text_area.move_cursor(text_area.document.end)

    def action_save(self) -> None:
        if self.read_only:
            return
        body = self.text
        self.dismiss(body if body.strip() else "")

    def action_cancel(self) -> None:
        if self.changed:
            question = ConfirmScreen("Discard changes?", "Your edits to this note will be lost.")
            self.app.push_screen(question, self._discard)
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


class VerdictPicker(Dialog[str | None]):
    """Pick one of :data:`VERDICTS` for a claim: number keys 1-7, Enter or a click; Esc -> ``None``."""

    CSS_PATH = "notes.tcss"
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
        with DialogBox(id="verdict-box"):
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


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportRequest:
    """What to export: ``fmt`` one of :data:`newsreader.export.ALL_FORMATS`, ``scope`` article | all;
    ``details`` and ``all_claims`` as :func:`newsreader.export.render` takes them (the Markdown memo's)."""

    fmt: str
    scope: str
    path: Path
    details: bool = False
    all_claims: bool = False


_FORMAT_GROUP = Binding.Group("Format", compact=True)


class ExportScreen(Dialog[ExportRequest | None]):
    """Choose format, scope, the Markdown memo's options and file; dismisses with an
    :class:`ExportRequest` or ``None``.

    Every format of :data:`~newsreader.export.ALL_FORMATS` (keys 1-6); ``d`` (details: scores,
    offsets, ids) and ``c`` (every claim, unchecked ones too) shape the Markdown memo only, so
    they are disabled for the other formats.  The file name follows the format until the user
    edits it.  A relative path is
    taken relative to ``default_dir``.  Enter in the path field, ctrl+s anywhere or
    the Export button submits; a missing folder or a path that is a folder is shown
    inline and the screen stays open.
    """

    CSS_PATH = "notes.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="notes.export.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="notes.export.cancel"),
        *(
            Binding(str(number), f"format({number - 1})", fmt, id=f"notes.export.format-{fmt}", group=_FORMAT_GROUP)
            for number, fmt in enumerate(ALL_FORMATS, 1)
        ),
        Binding("t", "scope('article')", "This article", id="notes.export.scope-article"),
        Binding("a", "scope('all')", "All", id="notes.export.scope-all"),
        Binding("d", "toggle_option('details')", "Details", id="notes.export.details", show=False),
        Binding("c", "toggle_option('all-claims')", "All claims", id="notes.export.all-claims", show=False),
    ]

    def __init__(self, default_dir: Path, has_current: bool) -> None:
        super().__init__()
        self._default_dir = Path(default_dir)
        self._has_current = has_current
        self.fmt = ALL_FORMATS[0]
        self.scope = SCOPE_ARTICLE if has_current else SCOPE_ALL
        self._auto_path = self._default_path(self.fmt)
        self._follow = True

    def _default_path(self, fmt: str) -> str:
        suffix = FORMAT_SUFFIXES.get(fmt, fmt)
        # Two formats share .jsonld: the name says which one it is.
        name = DEFAULT_EXPORT_NAME if suffix == fmt else f"{DEFAULT_EXPORT_NAME}-{fmt}"
        return str(self._default_dir / f"{name}.{suffix}")

    def compose(self) -> ComposeResult:
        with DialogBox(id="export-box"):
            yield Static(Content("Export notes and verdicts"), id="export-heading")
            with Horizontal(id="export-choices"):
                with Vertical(id="export-format-column"):
                    yield Static(Content("Format"), classes="export-label")
                    with RadioSet(id="export-format"):
                        for number, fmt in enumerate(ALL_FORMATS, 1):
                            yield RadioButton(Content(f"{number} {FORMAT_LABELS.get(fmt, fmt)}"),
                                              value=fmt == self.fmt, id=f"export-format-{fmt}")
                with Vertical(id="export-scope-column"):
                    yield Static(Content("Scope"), classes="export-label")
                    with RadioSet(id="export-scope"):
                        yield RadioButton(Content("t This article"), value=self.scope == SCOPE_ARTICLE,
                                          disabled=not self._has_current, id="export-scope-article")
                        yield RadioButton(Content("a All articles with notes"), value=self.scope == SCOPE_ALL,
                                          id="export-scope-all")
                    yield Static(Content("Markdown memo"), classes="export-label")
                    yield Checkbox(Content("d Details: scores, ids"), id="export-option-details",
                                   classes="export-memo-option")
                    yield Checkbox(Content("c Unchecked claims too"), id="export-option-all-claims",
                                   classes="export-memo-option")
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
        if 0 <= index < len(ALL_FORMATS):
            self.query_one(f"#export-format-{ALL_FORMATS[index]}", RadioButton).value = True

    def action_toggle_option(self, name: str) -> None:
        option = self.query_one(f"#export-option-{name}", Checkbox)
        if not option.disabled:
            option.toggle()

    def _option(self, name: str) -> bool:
        option = self.query_one(f"#export-option-{name}", Checkbox)
        return option.value and not option.disabled

    def action_scope(self, scope: str) -> None:
        if scope == SCOPE_ARTICLE and not self._has_current:
            return
        self.query_one(f"#export-scope-{scope}", RadioButton).value = True

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.fmt = (event.pressed.id or "").removeprefix("export-format-") or self.fmt
        for option in self.query(".export-memo-option").results(Checkbox):
            option.disabled = self.fmt != "md"
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
        self.dismiss(ExportRequest(self.fmt, self.scope, path, self._option("details"), self._option("all-claims")))

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
