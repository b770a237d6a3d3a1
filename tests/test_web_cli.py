"""`newsreader add`, `feeds` and `fetch` against a local server; fetched pages become articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsreader import cli
from newsreader.web import store

from test_feeds import ATOM, rss
from webserver import Server

PAGE = """<html lang="en"><head><title>Troops sent to Russia</title>
<meta name="author" content="Jo Page"></head><body><article><h1>Troops sent to Russia</h1>
<p>North Korea has dispatched at least 3,000 additional soldiers to Russia, the JCS said on Monday.</p>
<p>The figure was confirmed by South Korean intelligence services.</p></article></body></html>"""


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def analyzed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert cli.main(["analyze", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["articles"]  # type: ignore[no-any-return]


def test_add_then_the_page_is_an_article_of_the_library(server: Server, newsreader_home: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    url = server.route("/story", PAGE)
    assert cli.main(["add", url]) == 0
    assert "added" in capsys.readouterr().out
    records = [r for r in analyzed(capsys) if "web" in str(r["path"])]
    assert len(records) == 1
    record = records[0]
    assert record["title"] == "Troops sent to Russia" and record["url"] == url
    assert any("3,000" in str(c["text"]) for c in record["claims"])  # type: ignore[attr-defined]
    first_id = record["id"]
    # Refreshed: the same article (its notes stay attached), the old copy kept.
    server.route("/story", PAGE.replace("3,000", "3,500"))
    assert cli.main(["add", "--refresh", url]) == 0
    (again,) = [r for r in analyzed(capsys) if "web" in str(r["path"])]
    assert again["id"] == first_id and "3,500" in str(again["claims"])
    pages = store.stored_pages()
    assert len(pages) == 1 and pages[0].with_name(pages[0].name + ".bak").exists()


def test_add_reports_each_failure_by_address(server: Server, newsreader_home: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    good = server.route("/good", PAGE)
    missing = server.url("/missing")
    assert cli.main(["add", good, missing, "javascript:alert(1)"]) == 1
    err = capsys.readouterr().err
    assert f"{missing}: the server answered 404" in err and "javascript:alert(1): only http" in err
    assert len(store.stored_pages()) == 1  # the good one is kept


def test_feeds_commands_and_fetch(server: Server, newsreader_home: Path, capsys: pytest.CaptureFixture[str],
                                  tmp_path: Path) -> None:
    page = server.route("/p1", PAGE)
    feed = server.route("/rss", rss([("Troops sent", page, "<p>Summary only.</p>")], title="Local Wire"),
                        type="application/rss+xml")
    atom = server.route("/atom", ATOM, type="application/atom+xml")
    assert cli.main(["feeds", "add", feed]) == 0
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="Atom" xmlUrl="{atom}"/>'
                    f'<outline text="Gone" xmlUrl="{server.url("/gone")}"/></body></opml>', encoding="utf-8")
    assert cli.main(["feeds", "import", str(opml)]) == 0
    assert "2 new feed(s) of 2" in capsys.readouterr().out
    assert cli.main(["fetch"]) == 1  # one feed failed
    out = capsys.readouterr().out
    assert "✓ Local Wire: 1 new" in out and "✓ Atom: 1 new" in out
    assert "✗ Gone: the server answered 404" in out and "failed: Gone" in out
    assert cli.main(["feeds"]) == 0
    listing = capsys.readouterr().out
    assert "1 entries" in listing and "✗" in listing
    records = {str(r["title"]): r for r in analyzed(capsys) if "web" in str(r["path"])}
    assert records["Troops sent to Russia"]["publication"] == "Local Wire"  # the feed's title
    assert records["Troops sent"]["publication"] == "Atom"
    assert cli.main(["feeds", "export"]) == 0
    exported = capsys.readouterr().out
    assert feed in exported and atom in exported
    assert cli.main(["feeds", "remove", "Gone"]) == 0
    assert cli.main(["feeds", "remove", "nothing like it"]) == 1
