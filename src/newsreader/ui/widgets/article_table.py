"""The article list: a virtualised Line-API table (only visible rows are rendered).

It holds plain row records, an order (after filtering and sorting) and a cursor;
sorting or filtering 10,000 rows is a list operation, not a widget rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from newsreader.ui.commands import bindings
from newsreader.ui.widgets.line_styles import CachedStyles


@dataclass(slots=True)
class Row:
    id: str
    title: str
    source: str = ""
    date: str = ""
    claims: int | None = None
    read: bool = False
    error: str = ""
    flag: str = ""  # extra marker text (e.g. note count)


# The list's orders: name -> (label, sort key, newest/most first).  Ties keep library order.
SORTS: dict[str, tuple[str, Callable[[Row], Any] | None, bool]] = {
    "file": ("library order", None, False),
    "date": ("newest first", lambda row: row.date, True),  # ISO dates; undated ("") last
    "title": ("title", lambda row: row.title.casefold(), False),
    "source": ("source", lambda row: (not row.source, row.source.casefold()), False),
    "claims": ("most claims", lambda row: -1 if row.claims is None else row.claims, True),
}


def sorted_numbers(rows: Sequence[Row], numbers: Iterable[int], sort: str) -> list[int]:
    """``numbers`` (indexes into ``rows``) in the order ``sort`` names (library order if unknown)."""
    _, key, reverse = SORTS.get(sort, SORTS["file"])
    if key is None:
        return sorted(numbers)
    return sorted(numbers, key=lambda number: key(rows[number]), reverse=reverse)


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class ArticleTable(CachedStyles, can_focus=True):
    STYLE_PREFIX = "article-table--"
    BINDINGS = bindings("list")

    COMPONENT_CLASSES = {
        "article-table--cursor",
        "article-table--unread",
        "article-table--read",
        "article-table--error",
        "article-table--dim",
        "article-table--marker",
    }

    DEFAULT_CSS = """
    ArticleTable {
        scrollbar-gutter: stable;
    }
    """

    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, row_id: str | None) -> None:
            self.row_id = row_id
            super().__init__()

    class Selected(Message):
        def __init__(self, row_id: str) -> None:
            self.row_id = row_id
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._order: list[int] = []
        self._cache: dict[int, Strip] = {}

    # -- data ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row], order: Sequence[int] | None = None) -> None:
        current = self.current_id
        self._rows = list(rows)
        self._index = {row.id: number for number, row in enumerate(self._rows)}
        self.set_order(range(len(self._rows)) if order is None else order, keep=current)

    def set_order(self, order: Sequence[int], keep: str | None = None) -> None:
        """Show these rows (indexes into the rows) in this order; keep the cursor on ``keep``."""
        keep = keep if keep is not None else self.current_id
        self._order = list(order)
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self._order))
        position = 0
        if keep is not None and keep in self._index:
            try:
                position = self._order.index(self._index[keep])
            except ValueError:
                position = 0
        self.cursor = min(position, max(0, len(self._order) - 1))
        self.refresh()

    def update_row(self, row: Row) -> None:
        number = self._index.get(row.id)
        if number is None:
            return
        self._rows[number] = row
        self._cache.clear()
        self.refresh()

    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def visible_count(self) -> int:
        return len(self._order)

    def row(self, row_id: str) -> Row | None:
        number = self._index.get(row_id)
        return None if number is None else self._rows[number]

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self._order):
            return self._rows[self._order[self.cursor]].id
        return None

    def move_to(self, row_id: str) -> None:
        number = self._index.get(row_id)
        if number is not None and number in self._order:
            self.cursor = self._order.index(number)

    # -- cursor ----------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        # Only the two rows whose look changed are drawn again (a scroll redraws what it must).
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_show(new)
        self.post_message(self.Highlighted(self.current_id))

    def scroll_to_show(self, line: int) -> None:
        """Keep ``line`` on screen; when the cursor walks off an edge, the list moves by half a
        page (as mutt and less do), so holding j scrolls in a few jumps, not on every key."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        if line < self.scroll_y:
            self.scroll_to(y=max(0, line - height // 2), animate=False)
        elif line >= self.scroll_y + height:
            self.scroll_to(y=line - height // 2, animate=False)

    def _move(self, delta: int) -> None:
        if self._order:
            self.cursor = max(0, min(len(self._order) - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self._order))

    def action_last(self) -> None:
        self._move(len(self._order))

    def action_page(self, direction: int) -> None:
        self._move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Selected(self.current_id))

    def on_click(self, event) -> None:
        line = event.y + self.scroll_offset.y
        if 0 <= line < len(self._order):
            self.cursor = line
            if self.current_id is not None:
                self.post_message(self.Selected(self.current_id))

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self._order))

    def clear_render_caches(self) -> None:
        self._cache.clear()

    # -- rendering -------------------------------------------------------------
    def columns(self, width: int) -> tuple[int, int, int, int]:
        """Widths of title, source, date and claims for a table ``width`` cells wide."""
        claims = 4
        date = 10 if width >= 48 else 0
        source = min(16, max(0, width // 5)) if width >= 60 else 0
        title = max(8, width - 2 - (source + 1 if source else 0) - (date + 1 if date else 0) - claims)
        return title, source, date, claims

    def render_line(self, y: int) -> Strip:
        line = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.base_style
        strip = self._cache.get(line)
        if strip is None:
            strip = self._render_row(line, width, base) if 0 <= line < len(self._order) else Strip.blank(width, base)
            self._cache[line] = strip
        return strip

    def _render_row(self, line: int, width: int, base: Style) -> Strip:
        row = self._rows[self._order[line]]
        title_w, source_w, date_w, claims_w = self.columns(width)
        if row.error:
            marker, style = "✗", base + self._style("error")
        elif row.read:
            marker, style = " ", base + self._style("read")
        else:
            marker, style = "●", base + self._style("unread")
        dim = style + self._style("dim")
        marker_style = style + self._style("marker")
        if line == self.cursor:
            # The cursor row is drawn in the cursor's colours (unread rows stay bold): muted,
            # accent or error colours chosen for the list background do not read on it.
            cursor = self._style("cursor") if self.has_focus else self._style("cursor") + Style(bold=False)
            style = dim = marker_style = base + Style(bold=bool(style.bold)) + cursor
        segments = [Segment(marker + " ", marker_style)]
        title = row.title + (f"  ({row.error})" if row.error else "")
        if row.flag and title_w > cell_len(row.flag) + 4:
            # The flag (notes: ✎N) keeps its place at the end; a long title is cut before it.
            flag_w = cell_len(row.flag) + 1
            segments.append(Segment(fit(title, title_w - flag_w), style))
            segments.append(Segment(" " + row.flag, marker_style))
        else:
            segments.append(Segment(fit(title, title_w), style))
        if source_w:
            segments.append(Segment(" " + fit(row.source, source_w), dim))
        if date_w:
            segments.append(Segment(" " + fit(row.date[:10], date_w), dim))
        claims = "" if row.claims is None else str(row.claims)
        segments.append(Segment(claims.rjust(claims_w)[:claims_w], dim))
        return Strip(segments).crop_extend(0, width, style if line == self.cursor else base)
