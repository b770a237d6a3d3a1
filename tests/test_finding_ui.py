"""Finding across the library in the app (Pilot): sources across the library and jumping to a
claim, find in the article, the ``note:`` filter and note search, and the export dialog's
linked-data formats and Markdown options."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Checkbox, Input

from newsreader.notes import Anchor, NotesStore
from newsreader.ui.app import NewsReader
from newsreader.ui.screens.library_sources import LibrarySourcesScreen
from newsreader.ui.screens.note_search import NoteSearchScreen
from newsreader.ui.screens.notes import ExportScreen
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.find_bar import FindBar

from test_ui import SEED_TITLE, loaded, make_library, wait_for

SEED_SOURCES = {"South Korea's Joint Chiefs of Staff", "South Korean intelligence services", "Ju Hong Won",
                "X/@polymarketintel"}


def roles(view: ArticleView) -> list[str]:
    return [role for unit in view.units for _, _, role in unit.spans]


def count_text(app: NewsReader) -> str:
    return str(app.query_one("#find-count").render())


async def test_find_highlights_every_hit_counts_steps_and_esc_clears():
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        view = app.query_one(ArticleView)
        await pilot.press("f")
        bar = app.query_one(FindBar)
        assert bar.display and bar.input.has_focus
        await pilot.press(*"soldiers")
        await pilot.pause()
        assert roles(view).count("find-hit") == 8 and roles(view).count("find-current") == 1
        assert count_text(app) == "1 of 8"
        await pilot.press("enter")
        assert count_text(app) == "2 of 8"
        await pilot.press("down")
        assert count_text(app) == "3 of 8"
        await pilot.press("up", "up", "up")
        assert count_text(app) == "8 of 8"  # round to the last
        # Whitespace and case tolerant; markup typed is only text.
        await pilot.press(*"x [bold]")
        assert count_text(app) == "no match" and "find-hit" not in roles(view)
        bar.input.value = "NORTH   korea"
        await pilot.pause()
        assert count_text(app) == "1 of 10"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and view.has_focus
        assert "find-hit" not in roles(view) and "find-current" not in roles(view)
        await pilot.press("f")  # the phrase is kept: its hits come back
        await pilot.pause()
        assert roles(view).count("find-hit") == 10
        assert app.screen is app.reader


async def test_library_sources_list_the_seeds_and_a_claim_opens_its_article_there(tmp_path: Path):
    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        seed_path = app.reader.article.path
        await pilot.press("G")  # the cursor elsewhere: the jump brings it back
        await wait_for(pilot, lambda: app.reader.article is not None and app.reader.article.path != seed_path)
        await pilot.press("L")
        screen = app.screen
        assert isinstance(screen, LibrarySourcesScreen)
        await wait_for(pilot, lambda: screen.sources_list.option_count > 0)
        assert {summary.name for summary in screen._summaries} == SEED_SOURCES
        names = [summary.name for summary in screen._summaries]
        assert "Reading" not in str(screen.query_one("#library-sources-status").render())
        # Ju Hong Won: one claim
        screen.sources_list.highlighted = names.index("Ju Hong Won")
        await pilot.press("enter")
        assert screen.showing_claims and screen.claims_list.option_count == 1
        await pilot.press("escape")  # back to the sources, then in again
        assert not screen.showing_claims and screen.sources_list.highlighted == names.index("Ju Hong Won")
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.reader
        reader = app.reader
        assert reader.article.path == seed_path and table.current_id == seed_path
        claim = reader.current_claim()
        assert claim is not None and claim.source == "Ju Hong Won"
        assert "claim-current" in roles(app.query_one(ArticleView))
        assert app.query_one(ArticleView).has_focus
        await pilot.press("L")
        await wait_for(pilot, lambda: app.screen.sources_list.option_count > 0)
        await pilot.press("escape")
        assert app.screen is app.reader


async def test_library_sources_show_verdicts_and_a_source_without_claims():
    app = NewsReader()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        seed = app.reader.article
        claim = next(claim for claim in app.reader.shown_claims if claim.source == "Ju Hong Won")
        NotesStore().set_verdict(seed.id, Anchor.from_span(seed.text, claim.start, claim.end), "misleading")
        await pilot.press("L")
        screen = app.screen
        await wait_for(pilot, lambda: screen.sources_list.option_count > 0)
        by_name = {summary.name: summary for summary in screen._summaries}
        assert by_name["Ju Hong Won"].verdicts == {"misleading": 1}
        assert "misleading 1" in str(screen.sources_list.get_option_at_index(
            screen._summaries.index(by_name["Ju Hong Won"])).prompt)
        screen.show_claims(by_name["X/@polymarketintel"])
        await pilot.pause()
        assert "only mentioned" in str(screen.query_one("#library-sources-status").render())


async def test_note_filter_and_note_search_jump_to_the_note(tmp_path: Path):
    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        seed = app.reader.article
        claim = next(claim for claim in app.reader.shown_claims if claim.source == "Ju Hong Won")
        meta = {"title": seed.title, "path": seed.path, "url": seed.url}
        NotesStore().add_note(seed.id, "Customs data says otherwise", target="claim",
                              anchor=Anchor.from_span(seed.text, claim.start, claim.end), article_meta=meta)
        table = app.query_one(ArticleTable)
        total = table.visible_count
        await pilot.press("slash", *"note:customs")
        await pilot.pause()
        assert table.visible_count == 1 and table.current_id == seed.path
        await pilot.press(*" data")  # words after note: are plain words again
        await pilot.press("ctrl+u")
        await pilot.press(*'note:"customs data"')
        await pilot.pause()
        assert table.visible_count == 1
        await pilot.press("ctrl+u", *"note:nowhere")
        await pilot.pause()
        assert table.visible_count == 0
        await pilot.press("ctrl+u", "escape", "escape")
        assert table.visible_count == total
        await pilot.press("G")
        await pilot.press("P")
        screen = app.screen
        assert isinstance(screen, NoteSearchScreen)
        await pilot.press(*"CUSTOMS")
        await wait_for(pilot, lambda: screen.query_one("#note-search-results").option_count == 1)
        assert SEED_TITLE in str(screen.query_one("#note-search-results").get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen is app.reader and app.reader.article.id == seed.id
        assert table.current_id == seed.path and app.reader.current_claim() == claim
        await pilot.press("p")  # the notes panel: / searches every note
        await pilot.pause()
        await pilot.press("slash")
        assert isinstance(app.screen, NoteSearchScreen)
        await pilot.press("escape")
        assert app.screen is app.reader


async def test_export_dialog_offers_every_format_and_writes_linked_data(tmp_path: Path):
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        seed = app.reader.article
        claim = app.reader.shown_claims[0]
        NotesStore().set_verdict(seed.id, Anchor.from_span(seed.text, claim.start, claim.end), "false",
                                 article_meta={"title": seed.title, "path": seed.path, "url": seed.url})
        for key, fmt in (("5", "claimreview"), ("6", "webannotation")):
            await pilot.press("e")
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            await pilot.press(key)
            await pilot.pause()
            path_input = screen.query_one("#export-path", Input)
            assert path_input.value.endswith(f"newsreader-notes-{fmt}.jsonld")
            assert all(box.disabled for box in screen.query(Checkbox))  # the memo's options only
            path_input.value = str(tmp_path / f"out-{fmt}.jsonld")
            await pilot.press("ctrl+s")
            target = tmp_path / f"out-{fmt}.jsonld"
            await wait_for(pilot, target.exists)
            data = json.loads(target.read_text())
            assert data and "false" in target.read_text().lower()
        await pilot.press("e")
        screen = app.screen
        await pilot.press("d", "c")
        assert [box.value for box in screen.query(Checkbox)] == [True, True]
        screen.query_one("#export-path", Input).value = str(tmp_path / "memo.md")
        await pilot.press("ctrl+s")
        await wait_for(pilot, (tmp_path / "memo.md").exists)
        await pilot.pause(0.2)
    memo = (tmp_path / "memo.md").read_text()
    assert SEED_TITLE in memo and str(claim.start) in memo  # details: offsets; all claims: the unchecked too
    assert app.return_code in (None, 0)


def test_note_terms_are_parsed_and_quoted_values_kept_whole():
    from newsreader.query import parse_query

    query = parse_query('tariffs note:customs NOTE:"customs data" note:')
    assert query.words == ["tariffs"] and query.terms == {"note": ["customs", "customs data"]}


def test_cached_records_read_only_the_listed_files_in_their_order(tmp_path: Path):
    from newsreader.library import LibraryIndex, discover_paths
    from newsreader.ui.screens.library_sources import breathing, cached_records

    folder = make_library(tmp_path)
    index = LibraryIndex()
    files = list(discover_paths([folder]))
    index.sync(files)
    wanted = list(reversed(files[:2])) + [str(tmp_path / "not-indexed.txt")]
    records, missing = cached_records(index, wanted, set())
    assert [record["path"] for record in records] == wanted[:2] and missing == 1
    assert all(record.get("text") is None and "claims" in record and "sources" in record for record in records)
    assert list(breathing(range(5), work=0.0, pause=0.0)) == [0, 1, 2, 3, 4]
