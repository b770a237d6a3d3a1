"""The key bar: the keys the focused part of the screen answers, on one line.

Textual's Footer mounts a widget per key and rebuilds them all whenever focus moves; this
is one widget that renders one line (it was a sixth of the CSS work before the first
frame).  Keys come from the screen's active bindings, in their order, one per action;
keys that are disabled right now are dimmed; clicking a key presses it; what does not fit
is left off at the end (every key is on the help screen, ``?``), and the command palette
key stays at the right edge.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

GAP = "  "


def _binding_ids(node: object) -> list[str | None]:
    return [binding.id for binding in getattr(type(node), "BINDINGS", []) if isinstance(binding, Binding)]


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
        padding: 0 1;
        pointer: pointer;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "key" in meta:
            event.stop()
            if meta.get("enabled"):
                self.app.simulate_key(meta["key"])
            else:
                self.app.bell()

    def keys(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The bindings to show, in order, one per action, with whether each is enabled now;
        and the command palette's, kept apart for the right edge (None when there is none)."""
        shown: dict[str, tuple[Binding, bool]] = {}
        palette = None
        nodes: list[object] = []
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.action == "app.command_palette" or binding.key == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled)
            elif binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled)
                if node not in nodes:
                    nodes.append(node)

        def rank(item: tuple[Binding, bool]) -> tuple[int, int]:
            # Each node's keys in the order of its BINDINGS (a key the user rebound keeps its place).
            binding = item[0]
            node = next((node for node in nodes if binding.id in _binding_ids(node)), None)
            ids = _binding_ids(node) if node is not None else []
            return (nodes.index(node) if node is not None else 0, ids.index(binding.id) if binding.id in ids else 0)

        return sorted(shown.values(), key=rank), palette if self.app.ENABLE_COMMAND_PALETTE else None

    def _item(self, binding: Binding, enabled: bool) -> Content:
        # Which key a click on this item presses (an "@click" action would be drawn as a link).
        click = Style.from_meta({"key": binding.key, "enabled": enabled})
        key_style = self.get_visual_style("key-bar--key") + click
        description_style = self.get_visual_style("key-bar--description") + click
        if not enabled:
            key_style += Style(dim=True)
            description_style += Style(dim=True)
        key = Content.styled(self.app.get_key_display(binding), key_style)
        if not binding.description:
            return key
        return Content.assemble(key, (" ", description_style), (binding.description, description_style))

    def render(self) -> RenderResult:
        items, palette_key = self.keys()
        palette = self._item(*palette_key) if palette_key is not None else None
        width = self.content_size.width
        room = width - (palette.cell_length + len(GAP) if palette is not None else 0)
        parts: list[Content] = []
        used = 0
        for binding, enabled in items:
            item = self._item(binding, enabled)
            needed = item.cell_length + (len(GAP) if parts else 0)
            if used + needed > room:
                break
            parts.append(item)
            used += needed
        line = Content(GAP).join(parts)
        if palette is not None:
            line = Content.assemble(line, " " * max(len(GAP), width - used - palette.cell_length), palette)
        return line
