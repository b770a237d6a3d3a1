"""Style look-ups for Line-API widgets, cached until the styles change.

``rich_style`` walks the DOM and ``get_component_rich_style`` resolves CSS: both are
too slow to call for every line drawn, so the article list and the reader keep
their answers here and drop them when Textual reports a style update.
"""

from __future__ import annotations

from rich.style import Style
from textual.scroll_view import ScrollView


class CachedStyles(ScrollView):
    """A ScrollView whose base style and component styles are computed once per style change.

    Subclasses set ``STYLE_PREFIX`` (their component-class prefix) and override
    :meth:`clear_render_caches` to drop what they drew with the old styles.
    """

    STYLE_PREFIX = ""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None

    def clear_render_caches(self) -> None:
        """Forget rendered lines (called when styles change)."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._base_style = None
        self.clear_render_caches()

    @property
    def base_style(self) -> Style:
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            component = f"{self.STYLE_PREFIX}{name}"
            # Partial: only what the component sets, so it layers over other decorations.  But
            # a partial style resolves "auto" colours ($text-muted is "auto 60%") and
            # translucent ones (the blurred cursor is $primary at 30%) against no background,
            # i.e. as if on white: take them from the full style, which resolves them against
            # the background the text is actually drawn on.
            style = self.get_component_rich_style(component, partial=True)
            if style.color is not None or style.bgcolor is not None:
                full = self.get_component_rich_style(component, partial=False)
                style += Style(
                    color=full.color if style.color is not None else None,
                    bgcolor=full.bgcolor if style.bgcolor is not None else None,
                )
            self._styles[name] = style
        return style
