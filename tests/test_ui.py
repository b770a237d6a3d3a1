"""The app as a person uses it: Pilot for behaviour, SVG snapshots for what the screen shows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot

from newsreader import paths
from newsreader.ui.app import NewsReader
from newsreader.ui.key_bar import KeyBar
from newsreader.ui.screens.confirm import ConfirmScreen
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.reader import ReaderScreen
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView, wrap

SEED_TITLE = "North Korea boosts Russian invasion efforts with 3,000 troops"


async def loaded(pilot: Pilot) -> None:
    """Wait until the library index has caught up (it syncs in a worker thread)."""
    for _ in range(500):
        await pilot.pause(0.01)
        if pilot.app.reader.synced and pilot.app.reader.article is not None:
            await pilot.pause()
            return
    raise AssertionError("the library never finished loading")


def visible_lines(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.scrollable_content_region.height)]


def make_library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha story\n\nThe alpha paragraph.\n")
    (folder / "b.md").write_text(
        "---\ntitle: Beta story\nsource: Beta Times\nurl: https://example.com/beta\n---\n\nBeta body.\n"
    )
    (folder / "empty.txt").write_text("")
    return folder


async def test_launch_shows_the_seed_in_the_list_and_reader():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        assert table.rows[0].title == SEED_TITLE
        assert SEED_TITLE[:30] in visible_lines(table)[0]
        reader_lines = visible_lines(app.query_one(ArticleView))
        assert reader_lines[0] == SEED_TITLE
        # The article's own heading over its key points, with no generic label added after it.
        heading = reader_lines.index("What do you need to know?")
        assert "Key points" not in reader_lines
        assert reader_lines[heading + 2].startswith("• ")


async def test_keyboard_navigation_open_back_and_read_state(tmp_path: Path):
    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        reader = app.query_one(ArticleView)
        assert [row.title for row in table.rows] == [SEED_TITLE, "Alpha story", "Beta story", "empty.txt"]
        assert table.has_focus and table.cursor == 0
        await pilot.press("j", "j")
        assert table.cursor == 2
        await pilot.pause(0.3)  # the reader follows the cursor once it rests
        assert app.reader.article.title == "Beta story"
        await pilot.press("k")
        await pilot.pause(0.3)
        assert app.reader.article.title == "Alpha story"
        await pilot.press("G")
        assert table.cursor == 3
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("down", "enter")
        assert reader.has_focus and app.reader.article.title == "Alpha story"
        assert table.row(app.reader.article.path).read
        await pilot.press("escape")
        assert table.has_focus
        await pilot.press("tab")
        assert reader.has_focus
        await pilot.press("h")
        assert table.has_focus
        await pilot.press("l")
        assert reader.has_focus
        await pilot.pause(0.2)
    saved = yaml.safe_load((paths.data_dir() / "state.yaml").read_text())
    assert saved["read"] == [app.reader.article.id]


async def test_holding_j_moves_the_cursor_and_the_reader_follows_when_it_rests(tmp_path: Path):
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        opened: list[str] = []
        real = app.reader.preview
        app.reader.preview = lambda path: (opened.append(path), real(path))
        for _ in range(3):  # key repeat: faster than the reader's delay
            app.query_one(ArticleTable).action_cursor_down()
            await pilot.pause(0.01)
        assert app.query_one(ArticleTable).cursor == 3 and opened == []
        await pilot.pause(0.3)
        assert opened == [app.query_one(ArticleTable).current_id] and app.reader.article.title == "empty.txt"
        app.query_one(ArticleTable).action_cursor_up()
        await pilot.press("o")  # an action right after a move acts on the article under the cursor
        assert app.reader.article.title == "Beta story"


async def test_read_toggle_persists_across_runs(tmp_path: Path):
    app = NewsReader()
    async with app.run_test() as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause(0.2)
        assert app.query_one(ArticleTable).rows[0].read
    app = NewsReader()
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.query_one(ArticleTable).rows[0].read
        await pilot.press("m")
        assert not app.query_one(ArticleTable).rows[0].read


async def test_reader_scrolls_and_pages():
    app = NewsReader()
    async with app.run_test(size=(80, 20)) as pilot:
        await loaded(pilot)
        reader = app.query_one(ArticleView)
        await pilot.press("enter")
        assert reader.scroll_y == 0
        await pilot.press("j", "j")
        assert reader.scroll_y == 2
        await pilot.press("k")
        assert reader.scroll_y == 1
        await pilot.press("space")
        assert reader.scroll_y > 10
        await pilot.press("b")
        assert reader.scroll_y < 10
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 0
        await pilot.press("g")
        assert reader.scroll_y == 0


async def test_sort_cycles_keeps_the_cursor_filters_and_is_remembered(tmp_path: Path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "1.md").write_text("---\ntitle: Zebra report\ndate: 2024-03-01\nsource: Alpha Post\n---\n\nA zebra.\n")
    (folder / "2.md").write_text("---\ntitle: apple harvest\ndate: 2025-01-09\nsource: Zeta Daily\n---\n\n"
                                 "The harvest rose 40% in 2024, officials said. Exports fell 3%.\n")
    (folder / "3.md").write_text("---\ntitle: Mango prices\n---\n\nNo date, no source.\n")
    seed, zebra, apple, mango = SEED_TITLE, "Zebra report", "apple harvest", "Mango prices"
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)

        def ordered() -> list[str]:
            return [table.rows[number].title for number in table._order]

        assert ordered() == [seed, zebra, apple, mango]  # library order
        await pilot.press("j", "j")
        assert table.current_id.endswith("2.md")
        await pilot.press("S")
        assert app.reader.sort == "date" and ordered() == [apple, zebra, seed, mango]  # newest first, undated last
        assert table.current_id.endswith("2.md")  # the cursor stayed on its article
        assert "newest first" in str(app.query_one("#list-title").render())
        assert visible_lines(table)[table.cursor].lstrip("● ").startswith("apple harvest")
        await pilot.press("S")
        assert app.reader.sort == "title" and ordered() == [apple, mango, seed, zebra]
        await pilot.press("S")
        assert app.reader.sort == "source" and ordered() == [zebra, seed, apple, mango]  # Alpha, News, Zeta, none
        await pilot.press("S")
        claims = [table.rows[number].claims for number in table._order]
        assert app.reader.sort == "claims" and ordered()[0] == seed and claims == sorted(claims, reverse=True)
        await pilot.press("S", "S")  # library order, then newest first again
        assert app.reader.sort == "date" and ordered() == [apple, zebra, seed, mango]
        await pilot.press("slash")
        await pilot.press(*"prices")
        assert ordered()[:1] == [mango] and table.visible_count == 1
        await pilot.press("escape", "escape")
        assert ordered() == [apple, zebra, seed, mango]
        await pilot.pause(0.3)
    assert yaml.safe_load(paths.config_file().read_text())["sort"] == "date"
    again = NewsReader(paths=[str(folder)])
    async with again.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        table = again.query_one(ArticleTable)
        assert again.reader.sort == "date"
        assert [table.rows[number].title for number in table._order] == [apple, zebra, seed, mango]
        assert table.cursor == 0 and again.reader.article.title == apple  # a start opens at the top of the order


async def test_filter_narrows_the_list(tmp_path: Path):
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        await pilot.press("slash", *"beta")
        await pilot.pause(0.3)
        assert table.visible_count == 1 and table.current_id and app.reader.article.title == "Beta story"
        await pilot.press("escape")  # clears the query
        assert table.visible_count == 4
        await pilot.press("slash", *"times", "enter")
        assert table.has_focus and table.visible_count == 1  # matches the source
        await pilot.press("slash", *"nothing matches")
        assert table.visible_count == 0


async def test_error_files_are_listed_with_reason(tmp_path: Path):
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("G")
        await pilot.pause(0.3)
        table = app.query_one(ArticleTable)
        line = visible_lines(table)[3]
        assert line.startswith("✗ empty.txt") and "empty file" in line
        assert "Cannot show this file: empty file" in visible_lines(app.query_one(ArticleView))


async def test_help_screen_and_palette_commands():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Open article", "Filter articles", "Toggle read", "Open URL", "Help", "Back to list"):
            assert title in titles


async def test_key_bar_follows_focus_fits_the_width_and_keys_are_clickable():
    app = NewsReader()
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        bar = app.query_one(KeyBar)
        line = bar.render().plain
        assert line.startswith("⏎ Open  q Quit  ? Help  / Filter")  # the list's own keys first
        assert line.rstrip().endswith("^p palette") and len(line) <= bar.content_size.width
        await pilot.press("tab")  # the reader has no Open key
        assert not bar.render().plain.startswith("⏎ Open") and "q Quit" in bar.render().plain
        await pilot.press("tab")
        await pilot.click(KeyBar, offset=(bar.render().plain.index("? Help") + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    narrow = NewsReader()
    async with narrow.run_test(size=(50, 20)) as pilot:
        await loaded(pilot)
        bar = narrow.query_one(KeyBar)
        line = bar.render().plain
        assert len(line) <= bar.content_size.width and line.endswith("^p palette")
        assert "? Help" in line and "e Export" not in line  # left off at the end, palette kept


async def test_open_url_asks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[str] = []
    app = NewsReader(paths=[str(make_library(tmp_path))])
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    monkeypatch.setattr("newsreader.ui.screens.annotate.browser_available", lambda: True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("o")  # the seed has no URL: a notice, no dialog
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("j", "j", "o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert opened == []
        await pilot.press("o")
        await pilot.press("y")
        assert opened == ["https://example.com/beta"]


async def test_mouse_click_opens_a_row(tmp_path: Path):
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.click(ArticleTable, offset=(5, 1))
        assert app.reader.article.title == "Alpha story" and app.query_one(ArticleView).has_focus


async def test_article_text_is_never_markup(tmp_path: Path):
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        "[bold]Evil[/bold] [@click=app.quit]title[/]\n\nBody [red]red[/red] [/x] \x1b]0;pwned\x07 and \x1b[2J done.\n"
    )
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter")
        assert app.is_running
        lines = visible_lines(app.query_one(ArticleView))
        assert lines[0] == "[bold]Evil[/bold] [@click=app.quit]title[/]"
        assert any("Body [red]red[/red] [/x] and done." in line for line in lines)
        assert "[bold]Evil[/bold]" in visible_lines(app.query_one(ArticleTable))[1]


def test_wrap_respects_width_and_wide_characters():
    text = "one two three four five six seven"
    lines = [text[s:e].rstrip() for s, e in wrap(text, 10)]
    assert lines == ["one two", "three four", "five six", "seven"]
    long_word = "abcdefghijkl"
    assert [long_word[s:e] for s, e in wrap(long_word, 5)] == ["abcde", "fghij", "kl"]
    wide = "日本語のテキスト"
    assert [wide[s:e] for s, e in wrap(wide, 6)] == ["日本語", "のテキ", "スト"]


# -- snapshots ---------------------------------------------------------------------------
def test_snapshot_list_and_reader(snap_compare):
    async def ready(pilot: Pilot) -> None:
        await loaded(pilot)

    assert snap_compare(NewsReader(), terminal_size=(120, 40), run_before=ready)


def test_snapshot_reader_focused_after_scrolling(snap_compare):
    async def ready(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("enter", "j", "j", "j")

    assert snap_compare(NewsReader(), terminal_size=(100, 30), run_before=ready)


# -- claims in the reader --------------------------------------------------------------
async def test_next_and_previous_claim_scroll_and_emphasise():
    app = NewsReader()
    async with app.run_test(size=(100, 16)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        reader = app.query_one(ArticleView)
        claims = app.reader.shown_claims
        assert len(claims) >= 8
        assert app.query_one(ArticleTable).rows[0].claims == len(claims)
        await pilot.press("n")
        assert app.reader.claim_index == 0
        current = [span for unit in reader.units for span in unit.spans if span[2] == "claim-current"]
        assert len(current) >= 1
        # Jump to the last claim: the view scrolls so that it is on screen.
        await pilot.press("N")
        assert app.reader.claim_index == len(claims) - 1
        line = reader.line_of_anchor(claims[-1].start)
        assert reader.scroll_y <= line < reader.scroll_y + reader.scrollable_content_region.height
        assert reader.scroll_y > 0
        await pilot.press("n")  # wraps around to the first
        assert app.reader.claim_index == 0


async def test_claims_panel_lists_claims_and_jumps():
    from newsreader.ui.widgets.claims_panel import ClaimsPanel

    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "c")
        panel = app.query_one(ClaimsPanel)
        assert panel.display and panel.has_focus
        assert panel.option_count == len(app.reader.shown_claims)
        first = str(panel.get_option_at_index(0).prompt)
        assert "statistic" in first and "North Korea has dispatched at least 3,000" in first
        await pilot.press("down", "down", "enter")
        assert app.reader.claim_index == 2 and app.query_one(ArticleView).has_focus
        await pilot.press("c")
        assert not panel.display


async def test_check_worthy_only_toggle():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        every = app.reader.shown_claims
        await pilot.press("enter", "w")
        worthy = app.reader.shown_claims
        assert worthy == [claim for claim in every if claim.score >= 0.5]
        markers = [
            span for unit in app.query_one(ArticleView).units for span in unit.spans if "claim-marker" in span[2]
        ]
        assert len(markers) == len(worthy)
        await pilot.press("w")
        assert app.reader.shown_claims == every


async def test_clicking_a_claim_makes_it_current():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader = app.query_one(ArticleView)
        target = app.reader.shown_claims[3]
        line = reader.line_of_anchor(target.start + 5)
        await pilot.click(ArticleView, offset=(reader.styles.padding.left + 10, line))
        assert app.reader.claim_index == 3


def test_wrap_invariants_on_random_text():
    """Lines tile the text exactly and never exceed the width (fast narrow path and wide path)."""
    import random

    from rich.cells import cell_len

    rng = random.Random(5)
    for case in range(2000):
        alphabet = "abcdefghij" if case % 2 else "abc日本語é"
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(1, 25))]
        text = (" " * rng.randint(1, 2)).join(words)
        width = rng.randint(2, 40)
        lines = wrap(text, width)
        assert lines[0][0] == 0 and lines[-1][1] == len(text)
        assert all(end == start for (_, end), (start, _) in zip(lines, lines[1:]))
        assert all(cell_len(text[start:end].rstrip()) <= width for start, end in lines)


async def test_sources_are_styled_tagged_and_filterable(tmp_path: Path):
    from newsreader.registry import Registry

    registry = Registry.load()
    registry.tag("JCS", ["official"])
    registry.save()
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader = app.query_one(ArticleView)
        text = "\n".join(visible_lines(reader))
        assert "South Korea's Joint Chiefs of Staff ⟨official⟩" in text
        assert "⟨unattributed⟩" in text
        sources = [span for unit in reader.units for span in unit.spans if span[2] == "source"]
        assert sources
        table = app.query_one(ArticleTable)
        await pilot.press("slash", *"tag:official")
        await pilot.pause(0.3)
        assert table.visible_count == 1 and app.reader.article.title == SEED_TITLE
        await pilot.press("escape")
        await pilot.press("slash", *"source:jcs")
        assert table.visible_count == 1
        await pilot.press("escape")
        await pilot.press("slash", *"source:nobody")
        assert table.visible_count == 0


async def test_sources_panel_and_tagging_persist_to_the_registry():
    from newsreader.registry import Registry
    from newsreader.ui.screens.tags import TagResult, TagScreen
    from newsreader.ui.widgets.sources_panel import SourcesPanel

    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "s")
        panel = app.query_one(SourcesPanel)
        assert panel.display and panel.has_focus
        names = [row.name for row in panel.rows]
        assert "South Korea's Joint Chiefs of Staff" in names and "Ju Hong Won" in names
        index = names.index("South Korea's Joint Chiefs of Staff")
        panel.highlighted = index
        await pilot.press("t")
        assert isinstance(app.screen, TagScreen)
        app.screen.dismiss(TagResult(["official", "military"], 4))
        await pilot.pause(0.3)
        page = " ".join(" ".join(visible_lines(app.query_one(ArticleView))).split())
        assert "Joint Chiefs of Staff ⟨official, military⟩" in page
        assert panel.rows[index].tags and panel.rows[index].reliability == 4
        await pilot.press("enter")  # jump to the first mention
        assert app.query_one(ArticleView).has_focus
    entry = Registry.load().lookup("JCS")
    assert entry is not None and set(entry.tags) == {"official", "military"} and entry.reliability == 4


async def test_broken_registry_is_reported_and_never_overwritten():
    path = paths.data_dir() / "sources.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("sources: [unclosed\n")
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert any(str(path) in problem for problem in app.startup_problems)
        await pilot.press("enter", "s")
        await pilot.press("t")
        from newsreader.ui.screens.tags import TagScreen

        assert isinstance(app.screen, TagScreen)
        await pilot.press("ctrl+s")  # read-only: nothing saved
        await pilot.pause(0.2)
    assert path.read_text() == "sources: [unclosed\n"


# -- the library index -------------------------------------------------------------------
async def test_warm_start_reads_the_index_not_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import newsreader.library.opening as app_module

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        first_claims = app.query_one(ArticleTable).rows[0].claims
    parsed: list[str] = []
    real = app_module.load_article
    monkeypatch.setattr(app_module, "load_article", lambda path: parsed.append(str(path)) or real(path))
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        assert [row.title for row in table.rows] == [SEED_TITLE, "Alpha story", "Beta story", "empty.txt"]
        assert table.rows[0].claims == first_claims > 0
        await pilot.press("j", "j")
        await pilot.pause(0.3)
        assert app.reader.article.title == "Beta story"
    assert parsed == []  # every article came from the index


async def test_warm_start_paints_the_stored_list_then_walks_the_folders(tmp_path: Path, monkeypatch):
    import newsreader.ui.listing as app_module

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
    # between runs: one file added, one removed, one changed
    (folder / "b.md").unlink()
    (folder / "c.txt").write_text("Gamma story\n\nA new one.\n")
    (folder / "a.txt").write_text("Alpha story, updated\n\nMore.\n")
    walked: list[str] = []
    real = app_module.discover_paths
    monkeypatch.setattr(app_module, "discover_paths", lambda roots: walked.append("mount") or real(roots))
    first_frame: list[list[str]] = []
    app = NewsReader(paths=[str(folder)])
    real_first_frame = ReaderScreen._first_frame
    monkeypatch.setattr(ReaderScreen, "_first_frame", lambda screen: (
        first_frame.append([row.title for row in screen.query_one(ArticleTable).rows]) or real_first_frame(screen)
    ))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert walked == []  # the first frame came from the stored list, no folder walked before it
        assert first_frame == [[SEED_TITLE, "Alpha story", "Beta story", "empty.txt"]]
        for _ in range(300):
            titles = [row.title for row in app.query_one(ArticleTable).rows]
            if titles == [SEED_TITLE, "Alpha story, updated", "Gamma story", "empty.txt"]:
                break
            await pilot.pause(0.02)
        assert titles == [SEED_TITLE, "Alpha story, updated", "Gamma story", "empty.txt"]
        await pilot.press("j", "j", "enter")
        assert app.reader.article.title == "Gamma story"
    # stored for the next start
    assert [row.title for row in app.reader.library.index.listing(app.reader.library.roots)] == titles


async def test_a_broken_stored_list_is_dropped_and_the_folders_walked(tmp_path: Path):
    import sqlite3

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
    app.reader.library.index.close()
    with sqlite3.connect(paths.cache_dir() / "index.sqlite3") as conn:
        assert conn.execute("UPDATE listings SET rows = x'00ff00'").rowcount == 1
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert [row.title for row in app.query_one(ArticleTable).rows] == [
            SEED_TITLE, "Alpha story", "Beta story", "empty.txt"]
        assert app.reader.library.index.problem == ""  # a bad stored list costs a walk, not the index


async def test_files_added_changed_and_deleted_while_running(tmp_path: Path):
    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        (folder / "a.txt").write_text("Alpha story, updated\n\nThe alpha paragraph said 40% more.\n")
        (folder / "b.md").unlink()
        (folder / "c.txt").write_text("Gamma story\n\nA new one.\n")
        app.reader.rescan()
        for _ in range(300):
            await pilot.pause(0.02)
            titles = [row.title for row in app.query_one(ArticleTable).rows]
            if app.reader.synced and "Gamma story" in titles and "Beta story" not in titles:
                break
        assert titles == [SEED_TITLE, "Alpha story, updated", "Gamma story", "empty.txt"]
        await pilot.press("j", "enter")
        assert app.reader.article.title == "Alpha story, updated"


async def test_a_corrupt_index_is_rebuilt_silently(tmp_path: Path):
    cache = paths.cache_dir()
    cache.mkdir(parents=True)
    (cache / "index.sqlite3").write_bytes(b"this is not a database" * 100)
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.query_one(ArticleTable).rows[0].title == SEED_TITLE
        assert app.reader.library.index.problem  # logged, not shown as an error


async def test_cold_start_with_many_files_shows_rows_then_fills_them_in(tmp_path: Path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(ReaderScreen.QUICK_IN_FOREGROUND + 30):
        (folder / f"story-{number:03d}.txt").write_text(
            f"Story number {number}\n\nOfficials said {number} people came.\n"
        )
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(ArticleTable)
        assert len(table.rows) == ReaderScreen.QUICK_IN_FOREGROUND + 31  # every file is listed in the first frame
        await loaded(pilot)
        assert table.rows[-1].title == f"Story number {ReaderScreen.QUICK_IN_FOREGROUND + 29}"
        assert all(row.claims is not None for row in table.rows)


# -- notes, verdicts, export ----------------------------------------------------------------
async def wait_for(pilot: Pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        await pilot.pause(0.02)
        if condition():
            return
    raise AssertionError("condition never met")


async def test_claim_note_verdict_and_article_note_are_saved_and_shown(tmp_path: Path):
    from newsreader.notes import NotesStore
    from newsreader.ui.screens.notes import NoteEditor, VerdictPicker
    from newsreader.ui.widgets.notes_panel import NotesPanel

    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "n")  # first claim current
        claim = app.reader.shown_claims[0]
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Check the JCS release")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.reader.notes is not None and len(app.reader.notes.notes) == 1)
        await pilot.press("v")
        assert isinstance(app.screen, VerdictPicker)
        await pilot.press("4")  # misleading
        await wait_for(pilot, lambda: app.reader.notes is not None and len(app.reader.notes.verdicts) == 1)
        page = " ".join(" ".join(visible_lines(app.query_one(ArticleView))).split())
        assert "⟦misleading⟧" in page and "✎1" in page
        assert app.query_one(ArticleTable).rows[0].flag == "✎2"
        row = visible_lines(app.query_one(ArticleTable))[0]
        assert "…" in row and "✎2" in row  # the long title is cut before the marker, not over it
        # An article note when no claim is current.
        app.reader.claim_index = None
        await pilot.press("a", *"Overall: sourced to officials", "ctrl+s")
        await wait_for(pilot, lambda: app.reader.notes is not None and len(app.reader.notes.notes) == 2)
        await pilot.press("p")
        panel = app.query_one(NotesPanel)
        assert panel.display and len(panel.items) == 3
        assert {item.kind for item in panel.items} == {"article", "claim", "verdict"}
    stored = NotesStore().load(app.reader.article.id)
    assert stored.verdicts[0].verdict == "misleading" and stored.verdicts[0].anchor.exact == claim.text
    assert sorted(note.body for note in stored.notes) == ["Check the JCS release", "Overall: sourced to officials"]


async def test_verdict_filter_and_export_from_the_app(tmp_path: Path):
    import json as json_module

    from newsreader.notes import Anchor, NotesStore
    from newsreader.ui.screens.notes import ExportRequest, ExportScreen

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        seed = app.reader.article
        claim = app.reader.shown_claims[1]
        NotesStore().set_verdict(seed.id, Anchor.from_span(seed.text, claim.start, claim.end), "false")
        app.reader.load_notes_summary()
        await wait_for(pilot, lambda: app.reader.article_verdicts.get(seed.id) == {"false"})
        table = app.query_one(ArticleTable)
        await pilot.press("slash", *"verdict:false")
        assert table.visible_count == 1
        await pilot.press("escape", "escape")
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "out.json"
        app.screen.dismiss(ExportRequest("json", "all", target))
        await wait_for(pilot, target.exists)
    data = json_module.loads(target.read_text())
    (article,) = data["articles"]
    assert article["title"] == SEED_TITLE
    verdicts = [c.get("verdict") for c in article["claims"]]
    assert "false" in verdicts


async def test_corrupt_notes_file_is_read_only_and_untouched():
    from newsreader.notes import NotesStore
    from newsreader.ui.screens.notes import NoteEditor

    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        path = NotesStore().path_for(app.reader.article.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema_version: 1\nnotes: [unclosed\n")
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.reader.notes is not None)
        assert app.reader.notes.read_only and str(path) in str(app.reader.notes.error)
        await pilot.press("enter", "n", "a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("ctrl+s", "escape")
        await pilot.pause(0.2)
    assert path.read_text() == "schema_version: 1\nnotes: [unclosed\n"


async def test_an_article_in_another_language_says_why_nothing_is_emphasised(tmp_path: Path):
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "ru.txt").write_text(
        "Войска у границы\n\nПравительство России заявило в понедельник, что на границу были отправлены "
        "три тысячи солдат. По данным министерства обороны, операция продлится не менее двух недель.\n",
        encoding="utf-8",
    )
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        await pilot.pause(0.3)
        assert app.reader.article.language == "ru"
        text = "\n".join(visible_lines(app.query_one(ArticleView)))
        assert text.count("language: ru") == 1 and "not scored" in text
        assert "unattributed" not in text  # no attribution was possible, so none is claimed missing
        assert app.reader.shown_claims and all(claim.score is None for claim in app.reader.shown_claims)
        await pilot.press("w")  # check-worthy only: nothing in this article is
        assert app.reader.shown_claims == []


async def test_export_all_finds_notes_on_an_article_opened_by_path(tmp_path: Path, capsys):
    """Notes made on an article opened with `newsreader DIR` are exported by "All" in a later
    session without DIR, and by `newsreader export` with no arguments (one implementation)."""
    import json as json_module

    from newsreader.cli import main
    from newsreader.notes import NotesStore
    from newsreader.ui.screens.notes import ExportRequest

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: app.reader.article is not None and app.reader.article.title == "Alpha story")
        alpha = app.reader.article
        app.reader.claim_index = None
        await pilot.press("a", *"Seen elsewhere", "ctrl+s")
        await wait_for(pilot, lambda: app.reader.notes is not None and len(app.reader.notes.notes) == 1)
        await pilot.pause(0.3)  # let the list's follow-up timers run before the app closes
    assert NotesStore().load(alpha.id).meta["path"] == str((folder / "a.txt").resolve())
    app = NewsReader()  # the folder is not in the library now
    target = tmp_path / "all.json"
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert [row.title for row in app.query_one(ArticleTable).rows] == [SEED_TITLE]
        app.reader.export_notes(ExportRequest("json", "all", target), None, app.registry)
        await wait_for(pilot, target.exists)
        await pilot.pause(0.3)
    (article,) = json_module.loads(target.read_text())["articles"]
    assert (article["title"], article["error"]) == ("Alpha story", "")
    assert [note["body"] for note in article["article_notes"]] == ["Seen elsewhere"]
    assert main(["export", "--format", "json"]) == 0
    assert json_module.loads(capsys.readouterr().out)["articles"] == json_module.loads(target.read_text())["articles"]


async def test_corrupt_notes_and_registry_stay_byte_identical_through_the_app_and_export(tmp_path: Path):
    from newsreader.articles import load_article
    from newsreader.notes import NotesStore
    from newsreader.ui.screens.notes import ExportRequest

    from conftest import SEED

    notes_path = NotesStore().path_for(load_article(SEED).id)
    registry_path = paths.data_dir() / "sources.yaml"
    notes_path.parent.mkdir(parents=True)
    notes_bytes, registry_bytes = b"schema_version: 1\nnotes: [unclosed\n", b"sources:\n- name: [x\n"
    notes_path.write_bytes(notes_bytes)
    registry_path.write_bytes(registry_bytes)
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: app.reader.notes is not None)
        assert app.reader.notes.read_only and app.registry.read_only
        for fmt in ("md", "csv"):
            target = tmp_path / f"all.{fmt}"
            app.reader.export_notes(ExportRequest(fmt, "all", target), app.reader.article, app.registry)
            await wait_for(pilot, target.exists)
            text = target.read_text().replace("\\_", "_")
            assert str(notes_path) in text and str(registry_path) in text
        await pilot.press("q")
    assert notes_path.read_bytes() == notes_bytes and registry_path.read_bytes() == registry_bytes
