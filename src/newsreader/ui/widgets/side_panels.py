"""The side panels under the article (claims, sources, notes, checks): each mounted when first shown,
one shown at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import OptionList

PANELS = ("claims", "sources", "notes", "checks")


def find_panel(node: Widget, name: str) -> OptionList | None:
    """The panel ``name`` under ``node`` if it has been shown once."""
    found = node.query(f"#{name}")
    return found.first() if found else None  # type: ignore[return-value]


def _new_panel(name: str) -> OptionList:
    # Imported when first shown: none of them is in the first frame.
    if name == "claims":
        from newsreader.ui.widgets.claims_panel import ClaimsPanel

        return ClaimsPanel(id="claims")
    if name == "sources":
        from newsreader.ui.widgets.sources_panel import SourcesPanel

        return SourcesPanel(id="sources")
    if name == "checks":
        from newsreader.ui.widgets.checks_panel import ChecksPanel

        return ChecksPanel(id="checks")
    from newsreader.ui.widgets.notes_panel import NotesPanel

    return NotesPanel(id="notes")


async def toggle_panel(pane: Widget, name: str, before: str) -> tuple[OptionList, bool]:
    """Show the panel ``name`` in ``pane`` (mounted before ``before`` the first time) and hide
    the others, or hide it.  Returns the panel and whether it was just created."""
    panel = find_panel(pane, name)
    created = panel is None
    if panel is None:
        panel = _new_panel(name)
        panel.display = False
        await pane.mount(panel, before=before)
    showing = not panel.display
    for other in PANELS:
        found = find_panel(pane, other)
        if found is not None:
            found.display = False
    panel.display = showing
    return panel, created
