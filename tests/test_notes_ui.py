"""Note editor, verdict picker, notes panel and export dialog, driven through a tiny host app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, RadioButton, Static, TextArea

from newsreader import paths
from newsreader.notes import VERDICTS, Anchor, ArticleNotes, Note, Verdict
from newsreader.themes import load_themes
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.notes import ExportRequest, ExportScreen, NoteEditor, VerdictPicker
from newsreader.ui.theming import DEFAULT_THEME, textual_theme
from newsreader.ui.widgets.notes_panel import EMPTY_PANEL, SCOPE_ALL, SCOPE_ARTICLE, NoteItem, NotesPanel, note_items

APP_TCSS = Path(paths.__file__).parent / "ui" / "app.tcss"
HOSTILE = "[bold]x[/bold] [@click=app.quit]y[/]"


class Host(App[None]):
    """Registers the shipped themes (for $verdict-* etc.), pushes one screen, records its result."""

    CSS_PATH = APP_TCSS

    def __init__(self, make_screen: Callable[[], Screen] | None = None, panel: bool = False) -> None:
        super().__init__()
        for spec in load_themes([(paths.themes_dir(), "shipped")]).themes:
            self.register_theme(textual_theme(spec))
        self.theme = DEFAULT_THEME
        self.make_screen = make_screen
        self.with_panel = panel
        self.results: list[object] = []
        self.messages: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("host")
        if self.with_panel:
            yield NotesPanel(id="notes")
        yield Footer()

    def on_mount(self) -> None:
        if self.make_screen is not None:
            self.push_screen(self.make_screen(), self.results.append)

    def on_notes_panel_chosen(self, message: NotesPanel.Chosen) -> None:
        self.messages.append(("chosen", message.item))

    def on_notes_panel_edit_requested(self, message: NotesPanel.EditRequested) -> None:
        self.messages.append(("edit", message.item))

    def on_notes_panel_delete_requested(self, message: NotesPanel.DeleteRequested) -> None:
        self.messages.append(("delete", message.item))


def static_text(screen: Screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# --------------------------------------------------------------------------- editor


async def test_editor_saves_typed_text():
    app = Host(lambda: NoteEditor("Note on claim", "Imports fell 38 %", "First"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.focused is app.screen.query_one(TextArea)
        await pilot.press("space", "l", "i", "n", "e", "enter", "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["First line\nx"]


async def test_editor_empty_body_saves_empty_string():
    app = Host(lambda: NoteEditor("Note on article", body="old"))
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one(TextArea).text = "  \n "
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [""]


async def test_editor_escape_without_changes_cancels():
    app = Host(lambda: NoteEditor("Note", body="unchanged"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (NoteEditor, ConfirmScreen))
    assert app.results == [None]


async def test_editor_escape_with_changes_asks_before_discarding():
    app = Host(lambda: NoteEditor("Note", body="draft"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "draft!"
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (NoteEditor, ConfirmScreen))
    assert app.results == [None]


async def test_editor_buttons_work_with_the_mouse():
    app = Host(lambda: NoteEditor("Note", body="click"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.click("#note-save")
        await pilot.pause()
    assert app.results == ["click"]


async def test_editor_read_only_shows_reason_and_refuses_to_save():
    reason = "This article's notes file could not be read: [bad] YAML"
    app = Host(lambda: NoteEditor("Note", body="kept", read_only_reason=reason))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert static_text(editor, "#note-editor-read-only") == reason
        text_area = editor.query_one(TextArea)
        assert text_area.read_only
        await pilot.press("z", "ctrl+s")
        await pilot.pause()
        assert app.screen is editor and text_area.text == "kept"
        assert editor.query_one("#note-save").disabled
        await pilot.press("escape")  # nothing can have changed: no question
        await pilot.pause()
    assert app.results == [None]


async def test_editor_shows_untrusted_text_literally():
    app = Host(lambda: NoteEditor(HOSTILE, HOSTILE + "\x1b]0;title\x07", HOSTILE))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert static_text(editor, "#note-editor-heading") == HOSTILE
        assert static_text(editor, "#note-editor-context") == HOSTILE
        assert editor.query_one(TextArea).text == HOSTILE
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [HOSTILE]


# --------------------------------------------------------------------------- verdict picker


async def test_picker_number_key_picks():
    app = Host(lambda: VerdictPicker("Imports fell 38 % in May", "verified"))
    async with app.run_test() as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted == VERDICTS.index("verified")
        assert options.option_count == 7
        await pilot.press("3")
        await pilot.pause()
    assert app.results == ["false"]


async def test_picker_enter_picks_highlighted_and_escape_cancels():
    app = Host(lambda: VerdictPicker("claim", "needs context"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
    assert app.results == ["unproven"]

    app = Host(lambda: VerdictPicker("claim"))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_picker_click_picks():
    app = Host(lambda: VerdictPicker("claim"))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        await pilot.click(options, offset=(5, 1 + 4))  # border row, then rows 0..4: "5 disputed"
        await pilot.pause()
    assert app.results == ["disputed"]


async def test_picker_shows_untrusted_claim_literally():
    app = Host(lambda: VerdictPicker(HOSTILE, "bogus"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert static_text(app.screen, "#verdict-claim") == HOSTILE
        assert app.screen.query_one(OptionList).highlighted == 0  # unknown current -> unchecked
        await pilot.press("7")
        await pilot.pause()
    assert app.results == ["needs context"]


# --------------------------------------------------------------------------- notes panel

TEXT = "Officials said imports fell 38 % in May. Reuters reported the port was closed. Weather was fine."
CLAIM_A = (0, 40, TEXT[0:40])
CLAIM_B = (41, 78, TEXT[41:78])


def sample_attachment():
    def anchor(quote: str) -> Anchor:
        start = TEXT.index(quote)
        return Anchor.from_span(TEXT, start, start + len(quote))

    notes = (
        Note("n1", "article", "Overall: sloppy piece.\nMore.", "2024-01-01T00:00:00Z"),
        Note("n2", "claim", "Customs data says 38 %.", "2024-01-01T00:00:01Z", anchor=anchor("imports fell 38 %")),
        Note("n3", "source", "Usually reliable.", "2024-01-01T00:00:02Z", source="Reuters"),
        Note("n4", "claim", "Quote gone.", "2024-01-01T00:00:03Z",
             anchor=Anchor("a sentence that was removed", start=5, end=30)),
        Note("n5", "source", "Gone source.", "2024-01-01T00:00:04Z", source="AP"),
        Note("n6", "claim", "About the weather.", "2024-01-01T00:00:05Z", anchor=anchor("Weather was fine")),
    )
    verdicts = (
        Verdict("v1", "misleading", anchor("imports fell 38 %"), "2024-01-02T00:00:00Z"),
        Verdict("v2", "false", Anchor("deleted words", start=0, end=5), "2024-01-02T00:00:01Z"),
    )
    article = ArticleNotes("a1", Path("unused.yaml"), notes=notes, verdicts=verdicts)
    attachment = article.attach(TEXT, [CLAIM_A[:2], CLAIM_B[:2]], ["Reuters"])
    return note_items(attachment, [CLAIM_A, CLAIM_B], ["Reuters"], text=TEXT)


def test_note_items_keep_everything():
    items = sample_attachment()
    assert sorted(item.note_id for item in items) == ["n1", "n2", "n3", "n4", "n5", "n6", "v1", "v2"]
    by_id = {item.note_id: item for item in items}
    assert by_id["n1"].kind == "article" and by_id["n1"].offset is None
    assert by_id["v1"].kind == "verdict" and by_id["v1"].verdict == "misleading" and by_id["v1"].offset == 0
    assert by_id["v1"].claim_index == 0 and by_id["v1"].label.startswith("Officials said")
    assert by_id["n2"].kind == "claim" and by_id["n2"].verdict == "misleading" and by_id["n2"].offset == 0
    assert by_id["n3"].kind == "source" and by_id["n3"].label == "Reuters"
    assert by_id["n6"].status == "outside claims" and by_id["n6"].offset == TEXT.index("Weather")
    for detached in ("n4", "n5", "v2"):
        assert by_id[detached].detached and by_id[detached].offset is None
    assert [item.note_id for item in items][:3] == ["n1", "v1", "n2"]  # article, then claim A: verdict first


async def test_panel_renders_items_with_detached_marked_and_posts_messages():
    app = Host(panel=True)
    async with app.run_test(size=(120, 20)) as pilot:
        panel = app.query_one(NotesPanel)
        panel.show(sample_attachment())
        panel.focus()
        await pilot.pause()
        lines = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert len(lines) == 8
        assert lines[0].startswith("✎ article") and "Overall: sloppy piece." in lines[0] and "More" not in lines[0]
        assert lines[1].startswith("◆ misleading")
        detached = [line for line in lines if "detached" in line]
        assert len(detached) == 3 and any("a sentence that was removed" in line for line in detached)
        await pilot.press("down", "enter")
        await pilot.press("e")
        await pilot.press("x")
        await pilot.press("delete")
        await pilot.pause()
        kinds = [(kind, item.note_id) for kind, item in app.messages]
        assert kinds == [("chosen", "v1"), ("edit", "v1"), ("delete", "v1"), ("delete", "v1")]
        await pilot.click(panel, offset=(3, 1 + 2))  # border row, then rows 0..2: the claim note
        await pilot.pause()
        assert app.messages[-1][0] == "chosen" and app.messages[-1][1].note_id == "n2"


async def test_panel_empty_shows_hint_and_posts_nothing():
    app = Host(panel=True)
    async with app.run_test() as pilot:
        panel = app.query_one(NotesPanel)
        panel.show([])
        panel.focus()
        await pilot.pause()
        assert panel.option_count == 1 and str(panel.get_option_at_index(0).prompt) == EMPTY_PANEL
        assert panel.get_option_at_index(0).disabled
        await pilot.press("enter", "e", "x")
        await pilot.pause()
    assert app.messages == []


async def test_panel_shows_untrusted_text_literally():
    item = NoteItem("claim", "n1", HOSTILE, HOSTILE + "\nsecond", "false", 3, False)
    app = Host(panel=True)
    async with app.run_test() as pilot:
        panel = app.query_one(NotesPanel)
        panel.show([item])
        await pilot.pause()
        assert str(panel.get_option_at_index(0).prompt).count(HOSTILE) == 2
    assert app.return_code in (None, 0)


# --------------------------------------------------------------------------- export


async def test_export_format_switch_follows_until_edited(tmp_path: Path):
    app = Host(lambda: ExportScreen(tmp_path, has_current=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == str(tmp_path / "newsreader-notes.md")
        await pilot.press("3")
        await pilot.pause()
        assert path_input.value == str(tmp_path / "newsreader-notes.json")
        assert app.screen.query_one("#export-format-json", RadioButton).value
        path_input.focus()
        await pilot.press("end", "backspace", "backspace", "backspace", "backspace", "t", "x", "t")
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab")  # back to the format choices
        await pilot.press("4")
        await pilot.pause()
        assert path_input.value == str(tmp_path / "newsreader-notes.txt")  # edited: left alone
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [ExportRequest("csv", SCOPE_ALL, tmp_path / "newsreader-notes.txt")]


async def test_export_digits_type_into_the_path_field(tmp_path: Path):
    app = Host(lambda: ExportScreen(tmp_path, has_current=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "out")
        path_input.focus()
        await pilot.press("end", "2", ".", "m", "d")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("md", SCOPE_ARTICLE, tmp_path / "out2.md")]


async def test_export_bad_folder_shows_error_and_stays_open(tmp_path: Path):
    app = Host(lambda: ExportScreen(tmp_path, has_current=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#export-scope-article", RadioButton).disabled
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "missing" / "notes.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and app.results == []
        assert "does not exist" in static_text(screen, "#export-message")
        path_input.value = str(tmp_path)
        await pilot.pause()
        await pilot.click("#export-ok")
        await pilot.pause()
        assert app.screen is screen and "is a folder" in static_text(screen, "#export-message")
        (tmp_path / "old.md").write_text("x")
        path_input.value = "old.md"  # relative: inside the default folder
        await pilot.pause()
        assert "will be replaced" in static_text(screen, "#export-message")
        await pilot.press("t")  # no current article: scope stays "all"
        path_input.focus()
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [ExportRequest("md", SCOPE_ALL, tmp_path / "old.md")]


async def test_export_escape_cancels(tmp_path: Path):
    app = Host(lambda: ExportScreen(tmp_path, has_current=True))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


# --------------------------------------------------------------------------- snapshots


def test_snapshot_note_editor(snap_compare):
    body = "Customs data says **38 %**, not 50 %.\n\nSee the May bulletin, table 4."
    app = Host(lambda: NoteEditor("Note on claim", "Imports fell 50 % in May, officials said.", body))
    assert snap_compare(app, terminal_size=(100, 30))


def test_snapshot_verdict_picker(snap_compare):
    app = Host(lambda: VerdictPicker("Imports fell 50 % in May, officials said. " + HOSTILE, "misleading"))
    assert snap_compare(app, terminal_size=(80, 24))
