"""The help screen: every key from the command table (the user's keys when rebound), grouped,
in a box that scrolls (j/k, arrows, space/b, the wheel)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsreader.ui.commands import help_lines


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "scroll('home')", "Top", show=False, id="help.top"),
        Binding("G,end", "scroll('end')", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._groups = help_lines(keymap)

    def compose(self) -> ComposeResult:
        width = max(len(keys) for _, lines in self._groups for keys, _ in lines) + 2
        parts: list[Content] = []
        for group, lines in self._groups:
            if parts:
                parts.append(Content(""))
            parts.append(Content.styled(group, "bold $text-secondary"))
            for keys, what in lines:
                # Wrapped here, continuation lines under the text (the box is at most 80 wide).
                wrapped = textwrap.wrap(what, max(20, min(80, self.app.size.width) - 4 - width)) or [""]
                parts.append(Content.assemble((keys.ljust(width), "bold $accent"), wrapped[0]))
                parts.extend(Content(" " * width + line) for line in wrapped[1:])
        with Vertical(id="help-box"):
            yield Static(Content("newsreader — keys"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(Content("\n").join(parts), id="help-keys")
            yield Static(Content("Esc closes · j/k scroll · mouse: click a row, scroll with the wheel"), id="help-foot")

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{where}")(animate=False)
