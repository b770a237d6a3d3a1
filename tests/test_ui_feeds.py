"""News coming in through the app, offline against a local server: `r` fetches the subscribed
feeds, `A` adds a page, `feed:` filters by feed, and `newsreader FILE|URL` opens an article."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from newsreader import cli
from newsreader.ui.app import NewsReader
from newsreader.ui.screens.add_url import AddUrlScreen, address
from newsreader.ui.widgets.article_table import ArticleTable
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.web import store, subscriptions
from newsreader.web.fetch import FetchError

from test_feeds import rss
from test_ui import SEED_TITLE, loaded, make_library, visible_lines, wait_for
from webserver import Server

PAGE = """<html lang="en"><head><title>Troops sent to Russia</title></head><body><article>
<h1>Troops sent to Russia</h1><p>North Korea has dispatched at least 3,000 additional soldiers to Russia,
the JCS said on Monday.</p><p>The figure was confirmed by South Korean intelligence services.</p>
</article></body></html>"""


def story(title: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{title} was reported on Monday by the agency, officials said.</p></article></body></html>")


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def notices(app: NewsReader, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every notification the app shows from now on: (text, options)."""
    seen: list[tuple[str, dict[str, Any]]] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        seen.append((message, options))
        show(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def titles(app: NewsReader) -> list[str]:
    return [row.title for row in app.query_one(ArticleTable).rows]


def list_title(app: NewsReader) -> str:
    return str(app.query_one("#list-title", Static).render())


async def test_r_fetches_the_feeds_lists_new_articles_unread_and_names_the_failures(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [(f"Story {n}", server.route(f"/s{n}", story(f"Story {n}")), "<p>Summary.</p>") for n in range(3)]
    subscriptions.add(server.route("/feed", rss(items, title="Local Wire"), type="application/rss+xml"))
    subscriptions.add(server.url("/gone"), "Gone Feed")
    release = threading.Event()

    def slow_feed(request: Any) -> None:  # a feed that answers once the test lets it
        release.wait(10)
        body = rss([("Late story", server.route("/late", story("Late story")), "<p>Late.</p>")], title="Slow Wire")
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    subscriptions.add(server.handle("/slow", slow_feed))
    app = NewsReader()
    seen = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert titles(app) == [SEED_TITLE]
        await pilot.press("r")
        reader = app.reader
        await wait_for(pilot, lambda: reader.feeds_progress == (2, 3), tries=500)
        assert "Fetching feeds 2/3…" in list_title(app)
        # The first feed's stories are listed, unread, while the slow one is still on its way.
        await wait_for(pilot, lambda: {"Story 0", "Story 1", "Story 2"} <= set(titles(app)))
        table = app.query_one(ArticleTable)
        assert all(not row.read for row in table.rows if row.title.startswith("Story"))
        await pilot.press("r")  # no second run while one is on
        assert any("Already fetching feeds" in text for text, _ in seen)
        assert len([w for w in app.workers if w.group == "feeds" and w.is_running]) == 1
        release.set()
        await wait_for(pilot, lambda: reader.feeds_progress is None and "Late story" in titles(app), tries=500)
        assert "Fetching" not in list_title(app) and "5 unread" in list_title(app)
        failed = [(text, options) for text, options in seen if options.get("title") == "Feed not fetched"]
        assert len(failed) == 1 and failed[0][0].startswith("Gone Feed: the server answered 404")
        assert failed[0][1]["markup"] is False
        summary = [text for text, options in seen if options.get("title") == "Feeds"]
        assert summary == ["2 of 3 feeds fetched, 4 new articles; failed: Gone Feed"]
        await wait_for(pilot, lambda: reader.synced, tries=500)
        assert all(row.claims is not None for row in table.rows)  # analysed by the index too
    # The next start lists them from the index, read state and all.
    again = NewsReader()
    async with again.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert len(titles(again)) == 5


async def test_r_without_feeds_says_how_to_subscribe(monkeypatch: pytest.MonkeyPatch) -> None:
    app = NewsReader()
    seen = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.reader.feeds_progress is None and bool(seen))
        assert "newsreader feeds add URL" in seen[-1][0]


async def test_A_adds_a_page_and_puts_the_cursor_on_it(server: Server, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = server.route("/story", PAGE)
    app = NewsReader(paths=[str(make_library(tmp_path))])
    seen = notices(app, monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        assert isinstance(app.screen, AddUrlScreen)
        await pilot.press(*url, "enter")
        assert not isinstance(app.screen, AddUrlScreen)
        table = app.query_one(ArticleTable)
        await wait_for(pilot, lambda: table.current_id is not None and "Troops" in table.row(table.current_id).title)
        await wait_for(pilot, lambda: app.reader.article is not None and app.reader.article.title.startswith("Troops"))
        assert visible_lines(app.query_one(ArticleView))[0] == "Troops sent to Russia"
        assert len(table.rows) == 5 and not table.row(table.current_id).read
        assert [(text, options["markup"]) for text, options in seen if options.get("title") == "Page added"] == [
            ("Troops sent to Russia", False)]
        # The same address again: nothing fetched, the cursor goes to it.
        await pilot.press("g", "A", *url, "enter")
        await wait_for(pilot, lambda: any(options.get("title") == "Already in the library" for _, options in seen))
        assert "Troops" in table.row(table.current_id).title and len(server.requests) == 1
    assert len(store.stored_pages()) == 1


@pytest.mark.parametrize("typed", ["javascript:alert(1)", "file:///etc/passwd", "/etc/passwd"])
async def test_A_refuses_what_is_not_a_web_address_and_keeps_the_text(typed: str) -> None:
    app = NewsReader()
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("A", *typed, "enter")
        screen = app.screen
        assert isinstance(screen, AddUrlScreen)  # still open, the text as typed
        assert screen.query_one(Input).value == typed
        assert screen.problem.startswith("Not added: ")
        assert "http" in screen.problem
        await pilot.press("escape")
        assert not isinstance(app.screen, AddUrlScreen)
        assert titles(app) == [SEED_TITLE]
    assert not store.stored_pages()


async def test_A_with_an_unreachable_page_names_it_and_offers_the_address_again(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    url = server.url("/missing")
    app = NewsReader()
    seen = notices(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("A", *url, "enter")
        await wait_for(pilot, lambda: any(options.get("title") == "Page not added" for _, options in seen))
        (text, options) = next((t, o) for t, o in seen if o.get("title") == "Page not added")
        assert text.startswith(f"{url}: the server answered 404") and options["markup"] is False
        await pilot.press("A")
        assert isinstance(app.screen, AddUrlScreen) and app.screen.query_one(Input).value == url
        await pilot.press("escape")
        assert titles(app) == [SEED_TITLE]
    assert not store.stored_pages()


def test_address_adds_https_to_a_bare_host_and_refuses_other_schemes() -> None:
    assert address("  example.com/story ") == "https://example.com/story"
    assert address("http://example.com/a") == "http://example.com/a"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "http://"):
        with pytest.raises(FetchError):
            address(bad)


async def test_feed_filter_matches_the_feed_name(server: Server, tmp_path: Path) -> None:
    wire = [(f"Wire {n}", server.route(f"/w{n}", story(f"Wire {n}")), "<p>S.</p>") for n in range(2)]
    other = [("Other story", server.route("/o", story("Other story")), "<p>S.</p>")]
    subscriptions.add(server.route("/wire", rss(wire, title="Local Wire"), type="application/rss+xml"))
    subscriptions.add(server.route("/other", rss(other, title="Daily Other"), type="application/rss+xml"))
    from newsreader.web.sync import add_url, fetch_all

    fetch_all(subscriptions.load())
    add_url(server.route("/page", PAGE))  # not from a feed
    app = NewsReader(paths=[str(make_library(tmp_path))])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        assert len(table.rows) == 8
        await pilot.press("slash", *"feed:wire")
        await wait_for(pilot, lambda: table.visible_count == 2)
        assert {table.rows[n].title for n in table._order} == {"Wire 0", "Wire 1"}
        await pilot.press("escape")
        await pilot.press("slash", *'feed:"DAILY OTHER"')
        await wait_for(pilot, lambda: table.visible_count == 1)
        await pilot.press("escape")
        await pilot.press("slash", *"feed:l 1")  # with words: both must match
        await wait_for(pilot, lambda: table.visible_count == 1)
        await pilot.press("escape")
        await pilot.press("slash", *"feed:nosuch")
        await wait_for(pilot, lambda: table.visible_count == 0)


async def test_a_file_given_is_opened_at_once_with_the_library_listed(tmp_path: Path) -> None:
    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder / "b.md")], open_path=str(folder / "b.md"))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        assert titles(app) == [SEED_TITLE, "Beta story"]
        assert table.current_id == str(folder / "b.md") and table.row(table.current_id).read
        assert app.reader.article.title == "Beta story"
        assert visible_lines(app.query_one(ArticleView))[0] == "Beta story"
        assert app.query_one(ArticleView).has_focus


def run_from_command_line(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> tuple[int, list[NewsReader]]:
    """``cli.main(argv)`` as from a terminal, the app built but not run (the test runs it)."""
    built: list[NewsReader] = []
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(NewsReader, "run", lambda self, *args, **kwargs: built.append(self))
    return cli.main(argv), built


async def test_newsreader_FILE_opens_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_library(tmp_path)
    monkeypatch.chdir(folder)
    status, (app,) = run_from_command_line(monkeypatch, ["b.md"])
    assert status == 0
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.reader.article.title == "Beta story" and app.query_one(ArticleTable).current_id == "b.md"


async def test_a_page_opened_from_the_command_line_stays_read_once_indexed(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # Its quick row (first lines only) has no URL, so a provisional id: the read mark must be
    # given under the article's own id, or the indexed row comes back unread.
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html lang=en><head><title>Hotel secrets revealed</title>"
        '<link rel="canonical" href="https://news.example/hotel-secrets"></head><body><article>'
        "<h1>Hotel secrets revealed</h1><p>Most guests never check the towels, 40 percent said.</p>"
        "<p>Hotel bosses said the sheets might not be as clean as they look.</p></article></body></html>",
        encoding="utf-8",
    )
    status, (app,) = run_from_command_line(monkeypatch, [str(page)])
    assert status == 0
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        table = app.query_one(ArticleTable)
        assert app.reader.article.title == "Hotel secrets revealed"
        assert table.row(str(page)).claims is not None  # indexed by now
        assert table.row(str(page)).read
        assert app.reader.article.id in app.read_state.read


async def test_newsreader_URL_fetches_the_page_first_and_opens_it(server: Server, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    url = server.route("/story", PAGE)
    status, (app,) = run_from_command_line(monkeypatch, [url])
    assert status == 0 and f"fetching {url}" in capsys.readouterr().err
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert len(titles(app)) == 2  # the seed is listed too
        assert app.reader.article.title == "Troops sent to Russia"
        assert visible_lines(app.query_one(ArticleView))[0] == "Troops sent to Russia"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "http://127.0.0.1:{port}/missing"])
def test_newsreader_URL_that_fails_is_an_error_before_the_app(server: Server, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str], bad: str) -> None:
    url = bad.format(port=server.port)
    status, built = run_from_command_line(monkeypatch, [url])
    err = capsys.readouterr().err
    assert status == 1 and not built
    assert f"newsreader: {url}: " in err and ("404" in err or "only http and https" in err)
    assert not store.stored_pages()


async def test_r_and_A_are_on_the_help_screen_and_in_the_palette_not_the_key_bar() -> None:
    from newsreader.ui.commands import help_lines
    from newsreader.ui.key_bar import KeyBar

    groups = dict(help_lines())
    assert [keys for keys, _ in groups["Feeds and pages"]] == ["r", "A"]
    app = NewsReader()
    async with app.run_test(size=(200, 40)) as pilot:
        await loaded(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Fetch feeds" in titles and "Add web page" in titles
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Fetch" not in bar and "Add URL" not in bar


async def test_files_arriving_during_a_sync_are_analysed_after_it(tmp_path: Path) -> None:
    from newsreader.library import discover_paths

    folder = make_library(tmp_path)
    app = NewsReader(paths=[str(folder)])
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        reader = app.reader
        (folder / "c.txt").write_text("Gamma story\n\nOfficials said 40 people were hurt.\n")
        reader.update_files(list(discover_paths(reader.library.roots)))
        assert not reader.synced  # a sync is under way
        (folder / "d.txt").write_text("Delta story\n\nThe ministry said 12 bridges were closed.\n")
        reader.update_files(list(discover_paths(reader.library.roots)))
        await wait_for(pilot, lambda: reader.synced, tries=500)
        table = app.query_one(ArticleTable)
        rows = {row.title: row for row in table.rows}
        assert rows["Gamma story"].claims is not None and rows["Delta story"].claims is not None
