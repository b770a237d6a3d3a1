"""The sources panel, the tag screen and the rows they show (Pilot, one snapshot)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Button, Footer, Input, OptionList, SelectionList, Static

from newsreader.claims import Claim
from newsreader.registry import Registry
from newsreader.sources import PRESET_TAGS, Source
from newsreader.ui.screens.tags import TagResult, TagScreen
from newsreader.ui.theming import derive_app_variables
from newsreader.ui.widgets.sources_panel import SourceRow, SourcesPanel, clean_tag, source_prompt, source_rows, stars

HOSTILE = "[bold]x[/bold] [@click=app.quit]y[/]\x1b]0;pwned\x07\x1b[31m red"
HOSTILE_SHOWN = "[bold]x[/bold] [@click=app.quit]y[/] red"

ROWS = [
    SourceRow(name="Joint Chiefs of Staff", kind="official body", description="the South Korean military",
              aliases=["JCS"], claims=3, tags=["official", "military"], reliability=3, notes=2, first_offset=10),
    SourceRow(name="Anna Kovac", kind="politician", claims=1, tags=[], reliability=None, notes=0, first_offset=200),
    SourceRow(name="officials", kind="anonymous", claims=0, tags=["anonymous", "[red]odd[/red]"], reliability=1,
              notes=0, first_offset=None),
]


class Host(App[None]):
    """A tiny app with the panel; records every message the panel posts."""

    def __init__(self, rows: list[SourceRow] | None = None) -> None:
        super().__init__()
        self.rows = ROWS if rows is None else rows
        self.messages: list[object] = []
        self.results: list[TagResult | None] = []

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        variables.update(derive_app_variables(variables))
        return variables

    def compose(self) -> ComposeResult:
        yield SourcesPanel(id="sources")
        yield Footer()

    def on_mount(self) -> None:
        panel = self.query_one(SourcesPanel)
        panel.show(self.rows)
        panel.focus()

    def on_sources_panel_chosen(self, message: SourcesPanel.Chosen) -> None:
        self.messages.append(message)

    def on_sources_panel_tag_requested(self, message: SourcesPanel.TagRequested) -> None:
        self.messages.append(message)

    def on_sources_panel_note_requested(self, message: SourcesPanel.NoteRequested) -> None:
        self.messages.append(message)

    def open_tags(self, screen: TagScreen) -> None:
        self.push_screen(screen, self.results.append)


def prompts(panel: OptionList) -> list[str]:
    return [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]


# -- rows ----------------------------------------------------------------------

def test_source_rows_counts_claims_and_prefers_the_registry(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "sources.yaml")
    registry.tag("JCS", ["military"], reliability=4)
    sources = [
        Source("Joint Chiefs of Staff", aliases=["JCS"], kind="official body", mentions=[(40, 43), (5, 26)],
               tags=["stale"]),
        Source("Anna Kovac", kind="politician", description="the foreign minister", tags=["politician"]),
    ]
    claims = [Claim(0, 5, "a", "factual", 0.9, source="Joint Chiefs of Staff"),
              Claim(6, 9, "b", "factual", 0.9, source="Joint Chiefs of Staff"),
              Claim(10, 12, "c", "quote", 0.9, source=None),
              Claim(13, 15, "d", "quote", 0.9, source="Anna Kovac")]
    rows = source_rows(sources, claims, registry, {"Anna Kovac": 2})
    assert rows == [
        SourceRow("Joint Chiefs of Staff", "official body", "", ["JCS"], 2, ["military"], 4, 0, 5),
        SourceRow("Anna Kovac", "politician", "the foreign minister", [], 1, ["politician"], None, 2, None),
    ]
    assert source_rows([], claims, None, {}) == []


def test_stars_and_clean_tag() -> None:
    assert stars(3) == "★★★☆☆"
    assert stars(5) == "★★★★★"
    assert stars(None) == ""
    assert clean_tag("  State\x1b[31m TV\x07 ") == "state tv"
    assert clean_tag("x" * 60) == "x" * 40
    assert clean_tag(" \x1b\x00 ") == ""


def test_prompt_keeps_markup_literal_and_colours_tags() -> None:
    prompt = source_prompt(SourceRow(name=HOSTILE, kind="other", tags=["[b]t[/b]"], claims=1))
    assert prompt.plain.startswith(HOSTILE_SHOWN + "  other  1 claim  [[b]t[/b]]")
    assert "\x1b" not in prompt.plain and "\x07" not in prompt.plain
    styles = {str(span.style) for span in prompt.spans}
    assert "$tag" in styles and "bold $claim-source" in styles


# -- the panel -------------------------------------------------------------------

async def test_panel_renders_rows_with_tags_stars_and_notes() -> None:
    app = Host()
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        panel = app.query_one(SourcesPanel)
        lines = prompts(panel)
        assert lines[0] == ("Joint Chiefs of Staff  official body  3 claims  [official] [military]  ★★★☆☆  ✎ 2"
                            "  — the South Korean military")
        assert lines[1] == "Anna Kovac  politician  1 claim"
        assert lines[2] == "officials  anonymous  0 claims  [anonymous] [[red]odd[/red]]  ★☆☆☆☆"
        shown = "\n".join(panel.render_line(y).text for y in range(3))
        assert "[official] [military]" in shown and "★★★☆☆" in shown and "✎ 2" in shown
        assert "[[red]odd[/red]]" in shown


async def test_empty_panel_shows_one_disabled_line() -> None:
    app = Host(rows=[])
    async with app.run_test() as pilot:
        panel = app.query_one(SourcesPanel)
        assert prompts(panel) == ["No sources found in this article."]
        assert panel.get_option_at_index(0).disabled
        await pilot.press("enter", "t", "a")
        await pilot.pause()
        assert app.messages == []
        assert panel.current_row is None


async def test_enter_t_and_a_post_messages_with_the_row() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert [type(m) for m in app.messages] == [SourcesPanel.Chosen]
        assert app.messages[0].row is ROWS[0]
        await pilot.press("down", "t", "a")
        await pilot.pause()
        assert [type(m) for m in app.messages[1:]] == [SourcesPanel.TagRequested, SourcesPanel.NoteRequested]
        assert all(m.row is ROWS[1] for m in app.messages[1:])
        assert app.messages[1].control is app.query_one(SourcesPanel)


async def test_click_posts_chosen() -> None:
    app = Host()
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        await pilot.click(SourcesPanel, offset=(5, 3))  # the top border is y=0: the third source is y=3
        await pilot.pause()
        assert [type(m) for m in app.messages] == [SourcesPanel.Chosen]
        assert app.messages[0].row is ROWS[2]


async def test_show_keeps_the_highlighted_source() -> None:
    app = Host()
    async with app.run_test() as pilot:
        panel = app.query_one(SourcesPanel)
        await pilot.press("down", "down")
        assert panel.current_row.name == "officials"
        panel.show([ROWS[2], ROWS[0]])
        assert panel.current_row.name == "officials"
        panel.show([ROWS[1]])
        assert panel.current_row.name == "Anna Kovac"


# -- the tag screen ---------------------------------------------------------------

async def test_tag_screen_toggle_free_tag_reliability_and_save() -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_tags(TagScreen("Joint Chiefs of Staff", "official body", ["military", "Local-Blog"], 2))
        await pilot.pause()
        tags = app.screen.query_one("#tags-list", SelectionList)
        assert [o.value for o in tags.options] == [*PRESET_TAGS, "Local-Blog"]
        assert tags.selected == ["military", "Local-Blog"]
        assert tags.has_focus
        await pilot.press("space")  # "official", the first preset, is highlighted
        await pilot.press("tab")
        assert app.screen.query_one("#tags-input", Input).has_focus
        await pilot.press(*"State TV", "enter")
        await pilot.pause()
        assert app.screen.query_one("#tags-input", Input).value == ""
        assert tags.options[-1].value == "state tv"
        await pilot.press("shift+tab", "4")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [TagResult(["official", "military", "Local-Blog", "state tv"], 4)]
        assert not isinstance(app.screen, TagScreen)


async def test_tag_screen_mouse_untag_and_clear_reliability() -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_tags(TagScreen("Anna Kovac", "politician", ["politician"], 5))
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "space")  # "politician" is the fifth preset
        await pilot.click("#reliability-0")
        await pilot.click("#tags-save")
        await pilot.pause()
        assert app.results == [TagResult([], None)]


async def test_free_tag_already_listed_is_selected_not_duplicated() -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_tags(TagScreen("X", "other", [], None))
        await pilot.pause()
        await pilot.click("#tags-input")
        await pilot.press(*"Expert", "enter", "space", "enter")  # "expert" again; blank adds nothing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [TagResult(["expert"], None)]


async def test_escape_cancels() -> None:
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_tags(TagScreen("X", "other", ["media"], 3))
        await pilot.pause()
        await pilot.press("space", "3", "escape")
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, TagScreen)


async def test_read_only_shows_the_reason_and_cannot_save() -> None:
    reason = "/home/u/sources.yaml: line 3: 'tags' must be a list of text [/x]"
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        app.open_tags(TagScreen("X", "other", ["media"], 3, read_only_reason=reason))
        await pilot.pause()
        problem = app.screen.query_one("#tags-problem", Static)
        assert reason in problem.render().plain
        assert app.screen.query_one("#tags-save", Button).disabled
        await pilot.press("space", "ctrl+s")
        await pilot.click("#tags-save")
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_hostile_names_and_tags_show_literally() -> None:
    row = SourceRow(name=HOSTILE, kind="other\x1b[2J", claims=1, tags=[HOSTILE], reliability=2)
    app = Host(rows=[row])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.query_one(SourcesPanel)
        line = panel.render_line(0).text
        assert HOSTILE_SHOWN in line and f"[{HOSTILE_SHOWN}]" in line and "\x1b" not in line
        await pilot.press("t")
        await pilot.pause()
        message = app.messages[-1]
        assert isinstance(message, SourcesPanel.TagRequested)
        app.open_tags(TagScreen(message.row.name, message.row.kind, message.row.tags, message.row.reliability,
                                read_only_reason=HOSTILE))
        await pilot.pause()
        title = app.screen.query_one("#tags-title", Static).render()
        assert isinstance(title, Content)
        assert title.plain == f"Tags for {HOSTILE_SHOWN}"
        assert HOSTILE_SHOWN in app.screen.query_one("#tags-problem", Static).render().plain
        await pilot.click("#tags-title")
        await pilot.click("#tags-input")
        await pilot.press(*"[b]", "enter", "escape")
        await pilot.pause()
        assert app.is_running
        assert app.results == [None]


# -- what a person sees -------------------------------------------------------------

def test_snapshot_tag_screen(snap_compare) -> None:
    async def open_tags(pilot) -> None:
        pilot.app.open_tags(
            TagScreen("Joint Chiefs of Staff", "official body", ["official", "military", "Local-Blog"], 3)
        )
        await pilot.pause()

    assert snap_compare(Host(), terminal_size=(100, 40), run_before=open_tags)
