"""The sources panel: an article's sources with their kind, claim count, tags and rating.

Rows are plain data (:func:`source_rows`); what comes from the article or the registry is
cleaned and shown as literal text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsreader.sanitize import clean_line
from newsreader.ui.commands import bindings

if TYPE_CHECKING:
    from newsreader.claims import Claim
    from newsreader.registry import Registry
    from newsreader.sources import Source

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
    """An article's sources; Enter/click posts :class:`Chosen`, ``t`` :class:`TagRequested`,
    ``a`` :class:`NoteRequested`."""

    BINDINGS = bindings("sources") + bindings("panel")

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


