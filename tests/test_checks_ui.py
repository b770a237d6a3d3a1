"""Fact-check matches and related claims in the reader (GitHub issue 16): the marks after claims,
the checks panel (F), the whole-library pass, and jumping to a related claim."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.factchecks.commands import main as factchecks_main
from newsreader.ui import checks
from newsreader.ui.app import NewsReader
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.checks_panel import ChecksPanel

from test_ui import SEED_TITLE, loaded, wait_for

RELATED = Path(__file__).resolve().parent / "data" / "related"
SEED_CLAIM = ("North Korea has dispatched at least 3,000 additional soldiers to Russia to support the invasion "
              "of Ukraine.")


def import_factchecks(tmp_path: Path, rows: list[dict[str, str]]) -> None:
    path = tmp_path / "checks.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["claim", "rating", "url", "publisher", "date"])
        writer.writeheader()
        writer.writerows(rows)
    assert factchecks_main(["import", str(path)]) == 0


def text_of(view: ArticleView) -> str:
    return "\n".join(line.text for line in (view.render_line(y) for y in range(view.size.height)))


def article_text(view: ArticleView) -> str:
    """Everything the view holds (not only what is on screen)."""
    return "\n".join(unit.text for unit in view.units)


def prompts(panel: ChecksPanel) -> list[str]:
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def checked(pilot: Pilot, marker: str) -> None:
    view = pilot.app.query_one(ArticleView)
    await wait_for(pilot, lambda: marker in article_text(view), tries=400)


async def test_a_claim_that_repeats_a_factcheck_is_marked_and_listed_in_the_panel(tmp_path: Path) -> None:
    import_factchecks(tmp_path, [{"claim": SEED_CLAIM, "rating": "False", "url": "https://snopes.example/nk",
                                  "publisher": "Snopes", "date": "2025-01-20"}])
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.reader.article.title == SEED_TITLE
        await checked(pilot, "⚑ False · Snopes")
        view = app.query_one(ArticleView)
        assert "⚑ False · Snopes" in text_of(view)  # after the first claim: on screen
        await pilot.press("tab", "n", "F")
        panel = app.query_one(ChecksPanel)
        assert panel.display and panel.has_focus
        await wait_for(pilot, lambda: panel.factchecks)
        assert [fc.publisher for fc in panel.factchecks] == ["Snopes"]
        shown = "\n".join(prompts(panel))
        assert "⚑ False  Snopes  match" in shown and "https://snopes.example/nk" in shown
        await pilot.press("F")
        assert not panel.display
        # the whole-library pass went over every claim and knows the seed's
        await wait_for(pilot, lambda: app.reader.checks.library_signature is not None)
        assert app.reader.check_progress is None
        assert app.reader.checks.flagged(app.reader.article.id, app.reader.checks.library_signature) >= 1
        row = app.query_one(ArticleTable).row(app.reader.article.path)
        assert row is not None and row.flag.startswith("⚑")  # the list marks the article
        app.reader.check_progress = (1234, 10000)  # the pass's progress shows in the list's title
        await pilot.pause()
        assert "Checking claims against fact-checks 1,234/10,000" in str(app.query_one("#list-title").render())


async def test_a_hostile_rating_is_shown_literally(tmp_path: Path) -> None:
    import_factchecks(tmp_path, [{"claim": SEED_CLAIM, "rating": "[bold red]x[/]", "url": "https://e.example/",
                                  "publisher": "[link=x]Evil[/link]\x1b]0;pwn\x07", "date": ""}])
    app = NewsReader()
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await checked(pilot, "⚑ [bold red]x[/] · [link=x]Evil[/link]")
        assert "\x1b" not in article_text(app.query_one(ArticleView))
        await pilot.press("tab", "n", "F")
        panel = app.query_one(ChecksPanel)
        await wait_for(pilot, lambda: panel.factchecks)
        rendered = "\n".join(panel.render_line(y).text for y in range(panel.size.height))
        assert "[bold red]x[/]" in rendered and "\x1b" not in rendered


async def test_related_claims_with_differing_figures_are_marked_both_ways_and_chosen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RELATED.parent)  # a folder named relative to here: the index keeps absolute paths
    app = NewsReader(paths=["related"])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader = app.reader
        path_of = {Path(path).name: path for path in reader.library.files}
        reader.show_article(path_of["troops_wire.md"])
        await checked(pilot, "≠ 3,500 additional soldiers")
        await pilot.press("tab", "n", "F")
        panel = app.query_one(ChecksPanel)
        await wait_for(pilot, lambda: panel.related)
        first = panel.related[0]
        assert first.claim.title == "Pyongyang reinforces Russian front"
        assert [(mine.text, theirs.text) for mine, theirs in first.differences] == [
            ("3,000 additional soldiers", "3,500 additional soldiers")]
        assert "≠ 3,500 additional soldiers (here: 3,000 additional soldiers)" in "\n".join(prompts(panel))
        assert reader.claim_extras[0].endswith("≠")  # the claims panel marks the claim too
        # Enter on the related claim: its article opens at that claim
        panel.highlighted = next(i for i in range(panel.option_count) if panel.get_option_at_index(i).id == "rel0")
        await pilot.press("enter")
        await pilot.pause(0.3)  # (the list's cursor moved there too: the reader must not reopen it)
        assert Path(reader.article.path).name == "troops_daily.md"
        assert reader.current_claim() is not None and reader.current_claim().start == first.claim.start
        assert app.query_one(ArticleView).has_focus
        await checked(pilot, "≠ 3,000 additional soldiers")  # the other direction


def test_check_article_posts_matches_and_related_without_its_own_verdicts() -> None:
    from newsreader.analysis import analyze
    from newsreader.articles import load_article
    from newsreader.factchecks.factcheck import FactCheck
    from newsreader.factchecks.matching import ClaimMatcher, Match
    from newsreader.library.related import RelatedIndex

    analysed = [(article, analyze(article)) for article in map(load_article, sorted(RELATED.glob("*.md")))]
    index = RelatedIndex.from_analyses(analysed)
    article, analysis = next(pair for pair in analysed if pair[0].path.endswith("troops_wire.md"))
    claims = [(claim.start, claim.end, claim.text) for claim in analysis.claims]
    related = checks.relate_claims(index, article.id, claims)
    first = related[claims[0][:2]]
    assert first[0].differences and all(hit.claim.article_id != article.id for hit in first)
    own = FactCheck(f"own:{article.id}:v1", claims[0][2], rating="false", publisher="your verdict")
    other = FactCheck("own:elsewhere:v1", claims[0][2], rating="verified", publisher="your verdict")
    found = checks.match_claims(ClaimMatcher([own, other]), article.id, claims)
    assert [match.factcheck.id for match in found[claims[0][:2]]] == ["own:elsewhere:v1"]
    assert checks.Checks().of(article.id, None, (0, 1)) is checks.NOTHING
    assert isinstance(found[claims[0][:2]][0], Match)


def test_the_library_pass_posts_progress_and_skips_what_is_known(tmp_path: Path) -> None:
    from newsreader.factchecks.matching import signature
    from newsreader.library import LibraryIndex

    import_factchecks(tmp_path, [{"claim": "North Korea has sent 3,000 additional soldiers to Russia",
                                  "rating": "False", "url": "", "publisher": "Snopes", "date": ""}])
    posted: list[object] = []
    with LibraryIndex(tmp_path / "index.sqlite3") as library:
        library.sync([str(path) for path in sorted(RELATED.glob("*.md"))])
        checks.check_library(library, (None, frozenset()), posted.append, threading.Event())
        results = [m for m in posted if isinstance(m, checks.LibraryChecked)]
        assert results[-1].done and len(results[-1].found) == 5
        flagged = {article_id for article_id, found in results[-1].found.items() if found}
        assert len(flagged) >= 1
        progress = [m for m in posted if isinstance(m, checks.ClaimsCheckProgress)]
        assert progress[-1].done == progress[-1].total > 0
        posted.clear()
        known = (signature(), frozenset(results[-1].found))
        checks.check_library(library, known, posted.append, threading.Event())
        assert [m.found for m in posted if isinstance(m, checks.LibraryChecked)] == [{}]


async def test_the_panel_says_why_it_has_nothing_to_show() -> None:
    from textual.app import App, ComposeResult

    from newsreader.ui.widgets.checks_panel import PanelState

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield ChecksPanel(id="checks")

    app = Host()
    async with app.run_test() as pilot:
        panel = app.query_one(ChecksPanel)
        panel.show(PanelState(None, None, None, False))
        assert prompts(panel) == ["  Pick a claim (n / N, or click it) to see its fact-checks and related claims."]
        panel.show(PanelState("A claim.", checks.NOTHING, 0, True))
        assert prompts(panel) == [
            "Fact-checks", "  none imported: newsreader factchecks import FILE (your verdicts count too)",
            "Related claims in other articles", "  none found"]
        panel.show(PanelState("A claim.", checks.NOTHING, 1200, False))
        assert prompts(panel)[1] == "  none found among 1,200"
        assert prompts(panel)[3] == "  the library's claims are being read…"
        assert all(panel.get_option_at_index(i).disabled for i in range(panel.option_count))
        await pilot.press("enter")


async def test_the_list_filter_checked_keeps_articles_with_a_fact_checked_claim(tmp_path: Path) -> None:
    import_factchecks(tmp_path, [{"claim": "Stellaris will close its Turin assembly plant, cutting 11,000 jobs",
                                  "rating": "Misleading", "url": "", "publisher": "PolitiFact", "date": ""}])
    app = NewsReader(paths=[str(RELATED)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader, table = app.reader, app.query_one(ArticleTable)
        await wait_for(pilot, lambda: reader.checks.library_signature is not None)
        flagged = {Path(row.id).name for row in table.rows if "⚑" in row.flag}
        assert flagged and flagged <= {"plant_herald.md", "plant_times.md"}
        await pilot.press("slash", *"checked:pol")
        await pilot.pause(0.2)
        assert {Path(table.rows[n].id).name for n in table._order} == flagged
        await pilot.press("escape")
        await pilot.press("slash", *"checked:tru")
        await pilot.pause(0.2)
        assert table.visible_count == 0
        await pilot.press("escape")
        await pilot.press("slash", *"checked:any")
        await pilot.pause(0.2)
        assert table.visible_count == len(flagged)


def test_fact_check_files_that_cannot_be_read_are_named_once(tmp_path: Path) -> None:
    from newsreader.factchecks.store import store_dir
    from newsreader.library import LibraryIndex
    from newsreader.ui.messages import Failed

    import_factchecks(tmp_path, [{"claim": SEED_CLAIM, "rating": "False", "url": "", "publisher": "Snopes",
                                  "date": ""}])
    (stored,) = [path for path in store_dir().iterdir() if path.suffix == ".jsonl"]
    with stored.open("a", encoding="utf-8") as out:
        out.write("not json\n")
    posted: list[object] = []
    with LibraryIndex(tmp_path / "index.sqlite3") as library:
        for _ in range(2):
            checks.check_library(library, (None, frozenset()), posted.append, threading.Event())
    warnings = [m for m in posted if isinstance(m, Failed)]
    assert len(warnings) == 1 and "1 malformed line(s) skipped" in warnings[0].text


def test_the_collector_pause_nests_and_restores() -> None:
    import gc
    import threading

    from newsreader.ui.gcpause import gc_paused

    assert gc.isenabled()
    started, release = threading.Event(), threading.Event()

    def worker() -> None:
        with gc_paused():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the worker still holds it off
    release.set()
    thread.join(5)
    assert gc.isenabled()
