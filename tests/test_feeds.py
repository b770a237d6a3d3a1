"""Feeds (RSS, Atom, JSON Feed), OPML, subscriptions and fetching them from a local server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from newsreader.storage import StorageError
from newsreader.web import store, subscriptions
from newsreader.web.feeds import MAX_ENTRIES, FeedError, parse_feed
from newsreader.web.opml import OPMLError, Outline, read_opml, write_opml
from newsreader.web.sync import add_url, fetch_all, fetch_feed

from webserver import Server


def rss(items: list[tuple[str, str, str]], title: str = "Example News") -> bytes:
    """An RSS 2.0 feed; items are (title, link, html description)."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><author>desk@example.com (Ann Lee)</author>"
        f"<description>{escape(d)}</description></item>"
        for t, link, d in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.com/</link>{body}</channel></rss>").encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title><link href="http://atom.example/"/>
<entry><title>Troops sent</title><link href="http://atom.example/1"/><id>urn:1</id>
<updated>2026-12-02T08:00:00Z</updated><author><name>Bo Chen</name></author>
<content type="html">&lt;p&gt;North Korea sent 3,000 soldiers, the JCS said.
&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;
&lt;p&gt;A second paragraph long enough to be a full text of the entry.&lt;/p&gt;</content></entry></feed>"""


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


# -- parsing ----------------------------------------------------------------------------------

def test_rss_entries_with_date_author_and_summary() -> None:
    feed = parse_feed(rss([("A <b>title</b>", "http://example.com/a", "<p>Summary.</p>")]), "http://f/")
    assert feed.title == "Example News"
    (entry,) = feed.entries
    assert entry.title == "A <b>title</b>"  # text, never markup
    assert entry.link == "http://example.com/a" and entry.published.startswith("2026-12-01T10:00")
    assert "Ann Lee" in entry.author and entry.content_html == "" and "Summary" in entry.summary_html


def test_atom_full_content_is_kept_and_sanitised() -> None:
    feed = parse_feed(ATOM, "http://atom.example/feed")
    (entry,) = feed.entries
    assert feed.title == "Atom Times" and entry.author == "Bo Chen"
    assert "3,000 soldiers" in entry.content_html and "<script" not in entry.content_html
    assert entry.published == "2026-12-02T08:00+00:00"


def test_json_feed() -> None:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "url": "http://j/1", "title": "T1", "content_html": "<p>Hi</p>",
         "date_published": "2026-12-01T10:00:00Z", "authors": [{"name": "Ann"}]},
        {"id": "2", "url": "javascript:alert(1)", "title": "T2", "content_text": "Plain\n\nText"},
    ]}
    feed = parse_feed(json.dumps(doc).encode(), "http://j/feed.json", "application/feed+json")
    one, two = feed.entries
    assert (one.title, one.link, one.author, one.published) == ("T1", "http://j/1", "Ann", "2026-12-01T10:00+00:00")
    assert two.link == "" and "<p>Plain</p>" in two.content_html


@pytest.mark.parametrize("data", [b"", b"<html><body><p>just a page</p></body></html>", b"{not json", b"\x00\x01\x02"])
def test_not_a_feed_is_named(data: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(data, "http://x/feed")
    assert "http://x/feed" in str(caught.value)


def test_entity_bomb_and_external_entity_are_refused_before_parsing(server: Server) -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(b'<!ENTITY %c "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(8))
            + b']><rss version="2.0"><channel><title>&i;</title></channel></rss>')
    started = time.monotonic()
    with pytest.raises(FeedError, match="entities"):
        parse_feed(bomb, "http://x/bomb")
    assert time.monotonic() - started < 1
    secret = server.route("/secret", "SECRET")
    external = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{secret}">]>'
                '<rss version="2.0"><channel><title>&x;</title></channel></rss>').encode()
    with pytest.raises(FeedError, match="entities"):
        parse_feed(external, "http://x/ext")
    assert not server.requests  # never fetched


def test_malformed_xml_is_read_leniently_with_a_warning() -> None:
    feed = parse_feed(rss([("One", "http://e/1", "x")]).replace(b"</channel></rss>", b"<item><title>broken"), "http://e/f")
    assert feed.entries and feed.warnings


def test_malformed_xml_with_no_entry_left_is_not_a_feed() -> None:
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<<<</title><item><titl'
    with pytest.raises(FeedError, match="not well-formed XML"):
        parse_feed(broken, "http://e/broken", "application/rss+xml")
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(empty, "http://e/quiet").entries == ()  # well-formed and empty: a feed


def test_a_feed_of_10000_entries_keeps_the_first_ones_quickly() -> None:
    data = rss([(f"Item {i}", f"http://e/{i}", "<p>x</p>") for i in range(10_000)])
    started = time.monotonic()
    feed = parse_feed(data, "http://e/big")
    assert len(feed.entries) == MAX_ENTRIES and any("10000 entries" in w for w in feed.warnings)
    assert time.monotonic() - started < 30  # (feedparser reads every entry: ~4 s here on a quiet core)


# -- OPML --------------------------------------------------------------------------------------

def test_opml_round_trip_and_nested_outlines() -> None:
    text = write_opml([Outline("http://a/feed", "A & B"), Outline("https://b/rss")])
    nested = text.replace("<body>", '<body><outline text="folder">').replace("</body>", "</outline></body>")
    assert read_opml(nested.encode(), "subs.opml") == [Outline("http://a/feed", "A & B"), Outline("https://b/rss", "https://b/rss")]


@pytest.mark.parametrize("data", [b"<rss/>", b"not xml", b'<!DOCTYPE opml [<!ENTITY a "b">]><opml/>'])
def test_bad_opml_is_named(data: bytes) -> None:
    with pytest.raises(OPMLError, match="subs.opml"):
        read_opml(data, "subs.opml")


# -- subscriptions -----------------------------------------------------------------------------

def test_subscriptions_add_remove_keep_comments(newsreader_home: Path) -> None:
    path = subscriptions.feeds_path()
    sub, new = subscriptions.add("http://a/feed", "A")
    assert new and subscriptions.add("http://a/feed")[1] is False
    path.write_text(path.read_text() + "# my own comment\n", encoding="utf-8")
    subscriptions.add("http://b/feed")
    assert "# my own comment" in path.read_text()
    assert [s.url for s in subscriptions.load()] == ["http://a/feed", "http://b/feed"]
    assert subscriptions.remove("A") == sub
    assert [s.url for s in subscriptions.load()] == ["http://b/feed"]
    with pytest.raises(Exception, match="only http"):
        subscriptions.add("file:///etc/passwd")


def test_a_broken_feeds_file_is_named_and_never_overwritten(newsreader_home: Path) -> None:
    path = subscriptions.feeds_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"feeds: [unclosed\n")
    with pytest.raises(StorageError, match="feeds.yaml"):
        subscriptions.add("http://a/feed")
    assert path.read_bytes() == b"feeds: [unclosed\n"


# -- fetching into the library ------------------------------------------------------------------

def test_add_url_stores_the_page_as_served_and_refresh_keeps_a_backup(server: Server, newsreader_home: Path) -> None:
    url = server.route("/story", "<html><title>One</title><p>First version.</p></html>", headers={"ETag": '"1"'})
    added = add_url(url)
    assert added.path is not None and added.path.read_bytes() == b"<html><title>One</title><p>First version.</p></html>"
    side = store.read_sidecar(added.path)
    assert side is not None and side.url == url and side.etag == '"1"' and side.fetched_at
    assert add_url(url).existed  # not fetched again
    assert len(server.requests) == 1
    server.route("/story", "<html><title>One</title><p>Second version.</p></html>")
    again = add_url(url, refresh=True)
    assert again.path == added.path and again.refreshed
    assert b"Second" in added.path.read_bytes()
    assert b"First" in added.path.with_name(added.path.name + ".bak").read_bytes()


def test_add_url_failure_stores_nothing(server: Server, newsreader_home: Path) -> None:
    url = server.route("/gone", "x", status=404)
    added = add_url(url)
    assert added.path is None and "404" in added.error
    assert not store.stored_pages()


def test_fetch_feed_stores_entries_fetches_summaries_pages_and_is_conditional(
    server: Server, newsreader_home: Path
) -> None:
    page = server.route("/p1", "<html><head><title>Page one</title></head><body><p>Body of page one.</p></body></html>")
    server.route("/feed", rss([("Page one", page, "<p>Only a summary.</p>")], title="Local News"),
                 type="application/rss+xml", headers={"ETag": '"f1"'})
    server.route("/atom", ATOM, type="application/atom+xml")
    sub, _ = subscriptions.add(server.url("/feed"))
    result = fetch_feed(sub)
    assert not result.error and result.title == "Local News" and len(result.new) == 1
    stored = result.new[0]
    assert b"Body of page one" in stored.read_bytes()  # the linked page, since the entry had only a summary
    side = store.read_sidecar(stored)
    assert side is not None and side.feed == "Local News" and "Ann Lee" in side.author
    # The second fetch sends the validators and finds nothing new.
    server.route("/feed", b"", status=304, type=None)
    state = subscriptions.load_state()[sub.url]
    again = fetch_feed(sub, state)
    assert again.not_modified and server.requests[-1][1]["if-none-match"] == '"f1"'


def test_fetch_all_reports_failures_by_name_and_keeps_the_rest(server: Server, newsreader_home: Path) -> None:
    subs = []
    for i in range(6):
        url = server.route(f"/ok{i}", rss([(f"Story {i}", server.url(f"/s{i}"), "<p>" + "long text " * 200 + "</p>")],
                                          title=f"Feed {i}"), type="application/rss+xml")
        server.route(f"/s{i}", f"<html><title>Story {i}</title><p>Story {i} text.</p></html>")
        subs.append(subscriptions.Subscription(url))
    subs.append(subscriptions.Subscription(server.url("/missing"), "Missing feed"))
    subs.append(subscriptions.Subscription(server.route("/notfeed", "<html><p>page</p></html>"), "Not a feed"))
    lines: list[str] = []
    results = fetch_all(subs, progress=lambda r: lines.append(r.line()))
    failed = [r for r in results if r.error]
    assert sorted(r.subscription.title for r in failed) == ["Missing feed", "Not a feed"]
    assert len(lines) == 8 and any(line.startswith("✗ Missing feed: ") and "404" in line for line in lines)
    assert sum(len(r.new) for r in results) == 6 and len(store.stored_pages()) == 6
