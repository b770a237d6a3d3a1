"""What the dialogs share: a box that scrolls when the terminal is too short for it, and fields
and buttons that go compact (one row each) on a small terminal, so that every field and button
stays reachable at 60x20."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, ScreenResultType

SMALL_WIDTH = 70
SMALL_HEIGHT = 30


class DialogBox(VerticalScroll, can_focus=False):
    """A dialog's box: scrolls (to the focused field too) when it does not fit; never takes focus."""


class Dialog(ModalScreen[ScreenResultType]):
    """A modal dialog; ``-small`` on a terminal under 70x30 (its CSS may tighten margins there)."""

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        small = width < SMALL_WIDTH or height < SMALL_HEIGHT
        self.set_class(small, "-small")
        for widget in self.query("Input, Button, RadioSet, Checkbox, SelectionList, OptionList, TextArea"):
            if hasattr(widget, "compact"):
                widget.compact = small  # type: ignore[attr-defined]
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        """From the top of the box, with the focused field in view (the box may have shrunk)."""
        for box in self.query(DialogBox):
            box.scroll_home(animate=False, immediate=True)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False, immediate=True)
