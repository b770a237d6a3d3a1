"""Sources in the UI: the sources panel, the tag screen, and the rows they show.

:class:`SourcesPanel` lists an article's sources one per line and posts
messages up (chosen, tag, note); :class:`TagScreen` edits one source's tags and
reliability and dismisses with a :class:`TagResult`.  Every name, tag and
description is untrusted text: it is cleaned of control characters and shown
through ``Content``, never as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from newsreader.sanitize import clean_line
from newsreader.sources import PRESET_TAGS
from newsreader.ui.key_bar import KeyBar

if TYPE_CHECKING:
    from newsreader.claims import Claim
    from newsreader.registry import Registry
    from newsreader.sources import Source

__all__ = ["MAX_TAG_LENGTH", "SourceRow", "SourcesPanel", "TagResult", "TagScreen", "clean_tag", "source_rows", "stars"]

MAX_TAG_LENGTH = 40
_DESCRIPTION_WORDS = 10


# --------------------------------------------------------------------------
# Rows (plain data)
# --------------------------------------------------------------------------

@dataclass
class SourceRow:
    """What the sources panel shows for one source."""

    name: str
    kind: str = "other"
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    claims: int = 0
    tags: list[str] = field(default_factory=list)
    reliability: int | None = None
    notes: int = 0
    first_offset: int | None = None


def source_rows(
    sources: Iterable[Source],
    claims: Iterable[Claim],
    registry: Registry | None,
    note_counts: dict[str, int],
) -> list[SourceRow]:
    """One row per source, in the order given.

    Claims are counted by their ``source`` name; tags and reliability come from
    the source's registry entry when it has one, else the source's own tags.
    """
    per_source = Counter(claim.source for claim in claims if claim.source is not None)
    rows = []
    for source in sources:
        entry = registry.lookup(source) if registry is not None else None
        rows.append(SourceRow(
            name=source.name,
            kind=source.kind,
            description=source.description,
            aliases=list(source.aliases),
            claims=per_source.get(source.name, 0),
            tags=list(entry.tags) if entry is not None else list(source.tags),
            reliability=entry.reliability if entry is not None else None,
            notes=note_counts.get(source.name, 0),
            first_offset=min(start for start, _ in source.mentions) if source.mentions else None,
        ))
    return rows


def stars(reliability: int | None) -> str:
    """``★★★☆☆`` for 3; empty when unrated."""
    if reliability is None:
        return ""
    filled = max(0, min(5, reliability))
    return "★" * filled + "☆" * (5 - filled)


def clean_tag(text: str) -> str:
    """A free tag as the user typed it: one line, no control characters, lower case, at most 40 characters."""
    return clean_line(text).lower()[:MAX_TAG_LENGTH].strip()


def _short(text: str, count: int = _DESCRIPTION_WORDS) -> str:
    words = clean_line(text).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def tag_chips(tags: Sequence[str]) -> Content:
    """``[official] [media]`` as literal text in the tag colour."""
    return Content(" ").join(Content.styled(f"[{clean_line(tag)}]", "$tag") for tag in tags if clean_line(tag))


def source_prompt(row: SourceRow) -> Content:
    claims = f"{row.claims} claim" + ("" if row.claims == 1 else "s")
    parts: list[Content | tuple[str, str] | str] = [
        (clean_line(row.name) or "(unnamed)", "bold $claim-source"),
        ("  ", ""),
        (clean_line(row.kind), "$text-muted"),
        ("  ", ""),
        (claims, "" if row.claims else "$text-muted"),
    ]
    if row.tags:
        parts += ["  ", tag_chips(row.tags)]
    if row.reliability is not None:
        parts += ["  ", (stars(row.reliability), "$text-warning")]
    if row.notes:
        parts += ["  ", (f"✎ {row.notes}", "$note-marker")]
    if row.description:
        parts += ["  ", (f"— {_short(row.description)}", "$text-muted italic")]
    return Content.assemble(*parts)


# --------------------------------------------------------------------------
# The panel
# --------------------------------------------------------------------------

class SourcesPanel(OptionList):
    """An article's sources; Enter/click posts :class:`Chosen`, ``t`` :class:`TagRequested`, ``a`` :class:`NoteRequested`."""

    BINDINGS = [
        Binding("t", "tag", "Tag source", id="sources.tag"),
        Binding("a", "note", "Note on source", id="sources.note"),
    ]

    DEFAULT_CSS = """
    SourcesPanel {
        height: 1fr;
    }
    """

    class _RowMessage(Message):
        def __init__(self, panel: SourcesPanel, row: SourceRow) -> None:
            self.panel = panel
            self.row = row
            super().__init__()

        @property
        def control(self) -> SourcesPanel:
            return self.panel

    class Chosen(_RowMessage):
        """A source was chosen (Enter or click): jump to its first mention."""

    class TagRequested(_RowMessage):
        """The user wants to tag the source (``t``)."""

    class NoteRequested(_RowMessage):
        """The user wants to write a note on the source (``a``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._rows: list[SourceRow] = []

    @property
    def rows(self) -> list[SourceRow]:
        return list(self._rows)

    @property
    def current_row(self) -> SourceRow | None:
        if self.highlighted is None or not self._rows or not 0 <= self.highlighted < len(self._rows):
            return None
        return self._rows[self.highlighted]

    def show(self, rows: Sequence[SourceRow]) -> None:
        """Show ``rows``, keeping the highlight on the same source (by name) when it is still there."""
        previous = self.current_row
        self._rows = list(rows)
        self.clear_options()
        if not self._rows:
            self.add_option(Option(Content("No sources found in this article."), disabled=True))
            return
        self.add_options(Option(source_prompt(row), id=str(number)) for number, row in enumerate(self._rows))
        names = [row.name for row in self._rows]
        self.highlighted = names.index(previous.name) if previous is not None and previous.name in names else 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tag", "note") and self.current_row is None:
            return None
        return True

    def action_tag(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.TagRequested(self, row))

    def action_note(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.NoteRequested(self, row))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self, self._rows[int(event.option.id)]))


# --------------------------------------------------------------------------
# The tag screen
# --------------------------------------------------------------------------

@dataclass
class TagResult:
    """The source's tags and reliability as they should be after saving (``None``: unrated)."""

    tags: list[str]
    reliability: int | None


class TagScreen(ModalScreen[TagResult | None]):
    """Edit a source's tags (presets and free tags) and reliability; ``ctrl+s`` saves, Esc cancels."""

    CSS_PATH = "sources_ui.tcss"

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
        with Vertical(id="tags-box"):
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
        return [option.value for option in tags.options if option.value in chosen]

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
        if tag not in {option.value for option in tags.options}:
            tags.add_option(Selection(Content(tag), tag, True))
            tags.highlighted = tags.option_count - 1
        else:
            tags.select(tag)
            tags.highlighted = next(i for i, option in enumerate(tags.options) if option.value == tag)

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
