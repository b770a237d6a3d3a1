"""The command table and what it generates (bindings, help, palette, README), the user's keymap,
the external note editor, the command line's refusals, and the reader at small sizes."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from newsreader import paths
from newsreader.cli import main
from newsreader.ui.app import NewsReader
from newsreader.ui.commands import COMMANDS, check_keymap, key_display, keys_of
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.notes import ExportScreen, NoteEditor
from newsreader.ui.screens.tags import TagScreen
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView

from test_ui import loaded, make_library, wait_for

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_keys() -> set[str]:
    text = README.read_text()
    table = text[text.index("## Keys"):text.index("\nMouse:")]
    keys: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            keys.update(re.findall(r"`([^`]+)`", line.split(" | ")[0]))
    return keys


def test_readme_key_table_matches_the_command_table():
    table = {key_display(key) for command in COMMANDS for key in keys_of(command)}
    assert readme_keys() == table


def test_every_binding_has_an_id_a_keymap_accepts():
    from textual.binding import Binding

    from newsreader.ui.commands import BY_ID, DIALOG_IDS
    from newsreader.ui.screens import add_url, confirm, help, library_sources, note_search, notes, reader, tags
    from newsreader.ui.widgets import article_table, article_view, claims_panel, find_bar, notes_panel, sources_panel

    classes = [help.HelpScreen, notes.NoteEditor, notes.VerdictPicker, notes.ExportScreen, tags.TagScreen,
               reader.ReaderScreen, article_table.ArticleTable, article_view.ArticleView, claims_panel.ClaimsPanel,
               notes_panel.NotesPanel, sources_panel.SourcesPanel, add_url.AddUrlScreen, find_bar.FindInput,
               library_sources.LibrarySourcesScreen, note_search.NoteSearchScreen]
    ids = {binding.id for cls in classes for binding in cls.BINDINGS if isinstance(binding, Binding)}
    assert None not in ids
    ids |= {binding.id for binding in confirm.ConfirmScreen.BINDINGS if isinstance(binding, Binding)}
    assert ids == (set(BY_ID) - {"command_palette"}) | DIALOG_IDS


def test_check_keymap_reports_bad_entries_and_clashes_by_name():
    usable, problems = check_keymap({"toggle_claims": "C", "nosuch": "x", "export": "", "quit": "n"})
    assert usable == {"toggle_claims": "C", "quit": "n"}
    text = "\n".join(problems)
    assert "'nosuch'" in text and "export" in text and "n is bound to both next_claim and quit" in text
    assert check_keymap({}) == ({}, [])


async def test_user_keymap_rebinds_and_shows_the_users_keys_everywhere():
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(
        "keys:\n  toggle_claims: C\n  list.down: ctrl+n\n  help: f1\n  nosuch: x\n  open_url: n\n  export: [1]\n")
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        problems = "\n".join(app.startup_problems)
        assert "'nosuch'" in problems and "export" in problems
        assert "n is bound to both next_claim and open_url" in problems
        await pilot.press("ctrl+n")
        assert app.query_one(ArticleTable).cursor == 0  # one article: stays, but no error
        await pilot.press("j")  # j no longer moves the list: the default was replaced
        bar = app.query_one(KeyBar).render().plain
        assert "F1 Help" in bar or "f1 Help" in bar
        commands = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert "(key: C)" in commands["Claims panel"]
        await pilot.press("C")
        assert app.screen.query_one("#claims").display
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-keys").render())
        assert "C " in help_text and "ctrl+n" in help_text


async def test_help_scrolls_to_every_key_at_80x24():
    app = NewsReader()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y > 0  # it does not all fit
        lines = str(app.screen.query_one("#help-keys").render()).splitlines()
        seen = set()
        for _ in range(90):
            height = scroll.scrollable_content_region.height
            seen.update(line.strip() for line in lines[round(scroll.scroll_y):round(scroll.scroll_y) + height])
            await pilot.press("j")
        text = "\n".join(seen)
        for command in COMMANDS:
            assert command.help[:30] in text, command.id
        assert scroll.scroll_y == scroll.max_scroll_y


# -- findings --------------------------------------------------------------------------------
async def test_j_and_k_move_the_selection_in_the_claims_and_sources_panels():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader = app.query_one(ArticleView)
        await pilot.press("enter", "c")
        panel = app.screen.query_one("#claims")
        assert panel.has_focus and panel.highlighted == 0
        await pilot.press("j", "j", "k")
        assert panel.highlighted == 1 and reader.scroll_y == 0
        await pilot.press("G")
        assert panel.highlighted == panel.option_count - 1
        await pilot.press("s")
        sources = app.screen.query_one("#sources")
        assert sources.has_focus and sources.highlighted == 0
        await pilot.press("j", "j")
        assert sources.highlighted == 2 and reader.scroll_y == 0


async def test_a_in_the_list_annotates_the_article_even_after_n():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "n")
        assert app.reader.claim_index == 0
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        assert "Note on claim" in str(app.screen.query_one("#note-editor-heading").render())
        await pilot.press("escape")
        await pilot.press("escape")  # back in the list
        assert app.query_one(ArticleTable).has_focus
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        assert "Note on article" in str(app.screen.query_one("#note-editor-heading").render())


async def test_escape_twice_closes_the_filter(tmp_path: Path):
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"alpha")
        assert app.query_one(ArticleTable).visible_count == 1
        await pilot.press("escape", "escape")
        assert not app.screen.query_one("#filter", Input).display
        assert app.query_one(ArticleTable).has_focus and app.query_one(ArticleTable).visible_count == 4
        await pilot.press("slash")  # opens again, empty
        assert app.screen.query_one("#filter", Input).display and app.screen.query_one("#filter", Input).value == ""


async def test_the_current_claims_position_is_shown():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        total = len(app.reader.shown_claims)
        await pilot.press("enter", "n", "n", "n")
        status = str(app.screen.query_one("#reader-status").render())
        assert f"claim 3 of {total}" in status
        await pilot.press("c")
        assert app.screen.query_one("#claims").border_title == f"Claims · 3 of {total}"


async def test_open_url_without_a_browser_says_so_and_shows_the_link(tmp_path: Path, monkeypatch):
    opened: list[str] = []
    app = NewsReader(paths=[str(make_library(tmp_path))])
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    monkeypatch.setattr("newsreader.ui.screens.annotate.browser_available", lambda: False)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "j", "o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        messages = [str(notification.message) for notification in app._notifications]
        assert any("No web browser found" in text and "https://example.com/beta" in text for text in messages)
    assert opened == []


def test_unknown_theme_exits_non_zero_naming_the_themes(capsys):
    assert main(["--theme", "nosuch"]) == 1
    err = capsys.readouterr().err
    assert "nosuch" in err and "newsreader-dark" in err and "nord" in err


def test_without_a_terminal_the_reader_refuses_and_points_to_analyze_and_export(capsys):
    assert main([]) == 1  # (under pytest stdout is not a terminal)
    err = capsys.readouterr().err
    assert "needs a terminal" in err and "newsreader analyze" in err and "newsreader export" in err


# -- the note in $EDITOR ----------------------------------------------------------------------
async def test_note_opens_in_the_users_editor(tmp_path: Path, monkeypatch):
    from contextlib import nullcontext

    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf " and more from the editor\\n" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = NewsReader()
    monkeypatch.setattr(app, "suspend", nullcontext)  # (a headless test terminal cannot hand over)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a", *"Typed")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "Typed and more from the editor"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.reader.notes is not None and len(app.reader.notes.notes) == 1)
    assert app.reader.notes.notes[0].body == "Typed and more from the editor"


async def test_without_visual_or_editor_the_built_in_editor_stays(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = NewsReader()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("a", *"Typed", "ctrl+e")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "Typed"
        assert app.screen.check_action("external_editor", ()) is None  # dimmed in the key bar


# -- small terminals ---------------------------------------------------------------------------
DIALOGS = {"main": (), "tags": ("enter", "s", "t"), "export": ("e",), "note": ("enter", "n", "a")}
SCREENS = {"tags": TagScreen, "export": ExportScreen, "note": NoteEditor}


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
@pytest.mark.parametrize("dialog", ["tags", "export", "note"])
async def test_dialogs_are_usable_on_small_terminals(size, dialog):
    """Every field and button is on screen once it has focus (Tab through them all)."""
    app = NewsReader()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.press(*DIALOGS[dialog])
        screen = app.screen
        assert isinstance(screen, SCREENS[dialog])
        focusable = [widget for widget in screen.query("*") if widget.focusable]
        assert focusable
        for _ in range(len(focusable) + 1):
            focused = screen.focused
            region = focused.region
            assert region.height >= 1 and screen.region.contains_region(region), focused
            await pilot.press("tab")
            await pilot.pause()
        if dialog == "tags":
            row = screen.query_one("#tags-reliability")
            assert screen.region.contains_region(row.region)
            stars = screen.query_one("#reliability-5")
            assert screen.region.contains_region(stars.region) and stars.region.width >= 7


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
@pytest.mark.parametrize("dialog", list(DIALOGS))
def test_snapshot_sizes(snap_compare, size, dialog, monkeypatch):
    monkeypatch.chdir("/")  # the export dialog proposes a file in the current folder

    async def ready(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press(*DIALOGS[dialog])
        await pilot.pause()

    assert snap_compare(NewsReader(), terminal_size=size, run_before=ready)
