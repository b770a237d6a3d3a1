"""The tag dialog: a source's tags (presets and free tags) and its reliability rating."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from newsreader.sanitize import clean_line
from newsreader.sources import PRESET_TAGS
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.dialog import Dialog, DialogBox
from newsreader.ui.widgets.sources_panel import MAX_TAG_LENGTH, clean_tag

# --------------------------------------------------------------------------
# The tag screen
# --------------------------------------------------------------------------

def _values(tags: SelectionList[str]) -> list[str]:
    """The tags the list offers, in its order."""
    return [cast("Selection[str]", option).value for option in tags.options]


@dataclass
class TagResult:
    """The source's tags and reliability as they should be after saving (``None``: unrated)."""

    tags: list[str]
    reliability: int | None


class TagScreen(Dialog[TagResult | None]):
    """Edit a source's tags (presets and free tags) and reliability; ``ctrl+s`` saves, Esc cancels."""

    CSS_PATH = "tags.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="tags.save"),
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
        *(Binding(str(n), f"reliability({n})", f"Reliability {n or 'none'}", show=False, id=f"tags.reliability-{n}")
          for n in range(6)),
    ]

    def __init__(self, source_name: str, kind: str, current_tags: Sequence[str], reliability: int | None,
                 read_only_reason: str = "") -> None:
        super().__init__()
        self.source_name = source_name
        self.kind = kind
        self.current_tags = [t for t in dict.fromkeys(clean_line(t) for t in current_tags) if t]
        self.reliability = reliability if reliability in (1, 2, 3, 4, 5) else None
        self.read_only_reason = clean_line(read_only_reason)

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def compose(self) -> ComposeResult:
        custom = [t for t in self.current_tags if t not in PRESET_TAGS]
        with DialogBox(id="tags-box"):
            yield Static(Content.assemble(("Tags for ", "bold"), (clean_line(self.source_name) or "(unnamed)",
                                                                    "bold $claim-source")), id="tags-title")
            yield Static(Content(clean_line(self.kind)), id="tags-kind")
            if self.read_only:
                yield Static(Content.assemble(("Read-only, cannot save: ", "bold"), self.read_only_reason),
                             id="tags-problem")
            yield SelectionList[str](
                *(Selection(Content(tag), tag, tag in self.current_tags) for tag in [*PRESET_TAGS, *custom]),
                id="tags-list",
            )
            yield Input(placeholder="new tag, Enter adds it", max_length=MAX_TAG_LENGTH, id="tags-input")
            yield Static(Content("Reliability (keys 0-5; 0 = none)"), id="tags-reliability-label")
            with RadioSet(id="tags-reliability"):
                yield RadioButton(Content("none"), value=self.reliability is None, id="reliability-0")
                for n in range(1, 6):
                    yield RadioButton(Content("★" * n), value=self.reliability == n, id=f"reliability-{n}")
            with Horizontal(id="tags-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="tags-save", disabled=self.read_only)
                yield Button("Cancel (esc)", id="tags-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#tags-list", SelectionList).focus()

    # -- state ------------------------------------------------------------------
    def selected_tags(self) -> list[str]:
        """Selected tags in list order (presets first, then free tags)."""
        tags = self.query_one("#tags-list", SelectionList)
        chosen = set(tags.selected)
        return [value for value in _values(tags) if value in chosen]

    def chosen_reliability(self) -> int | None:
        index = self.query_one("#tags-reliability", RadioSet).pressed_index
        return index if 1 <= index <= 5 else None

    # -- events -------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tag = clean_tag(event.value)
        event.input.value = ""
        if not tag:
            return
        tags = self.query_one("#tags-list", SelectionList)
        if tag not in _values(tags):
            tags.add_option(Selection(Content(tag), tag, True))
            tags.highlighted = tags.option_count - 1
        else:
            tags.select(tag)
            tags.highlighted = _values(tags).index(tag)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "tags-save":
            self.action_save()
        elif event.button.id == "tags-cancel":
            self.action_cancel()

    # -- actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.read_only:
            return None  # shown dimmed in the key bar, does nothing
        return True

    def action_save(self) -> None:
        if self.read_only:
            return
        self.dismiss(TagResult(self.selected_tags(), self.chosen_reliability()))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_reliability(self, value: int) -> None:
        if 0 <= value <= 5:
            self.query_one(f"#reliability-{value}", RadioButton).value = True
