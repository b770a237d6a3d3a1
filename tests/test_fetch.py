"""Fetching pages over HTTP from a local server: the good case and every bad one."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest

from newsreader.web.fetch import FetchError, check_url, fetch

from webserver import Server, endless, gzip_bomb, redirect, silent, trickle

PAGE = "<html><head><title>Hello</title></head><body><p>North Korea sent 3,000 soldiers.</p></body></html>"


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def test_fetches_a_page_with_its_headers(server: Server) -> None:
    url = server.route("/a", PAGE, headers={"ETag": '"v1"', "Last-Modified": "Wed, 02 Dec 2026 10:00:00 GMT"})
    got = fetch(url)
    assert got.status == 200 and got.body == PAGE.encode()
    assert got.content_type == "text/html" and got.charset == "utf-8"
    assert got.etag == '"v1"' and got.last_modified.startswith("Wed, 02 Dec 2026")
    assert got.final_url == url and got.fetched_at.endswith("+00:00")
    path, headers = server.requests[-1]
    assert headers["user-agent"].startswith("newsreader/")
    assert "gzip" in headers["accept-encoding"]


def test_conditional_request_sends_validators_and_accepts_304(server: Server) -> None:
    url = server.route("/c", b"", status=304, type=None)
    got = fetch(url, etag='"v1"', last_modified="Wed, 02 Dec 2026 10:00:00 GMT")
    assert got.not_modified and got.body == b"" and got.etag == '"v1"'
    headers = server.requests[-1][1]
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Wed, 02 Dec 2026 10:00:00 GMT"


def test_gzip_body_is_decoded(server: Server) -> None:
    url = server.route("/z", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    assert fetch(url).body == PAGE.encode()


def test_redirects_are_followed_and_the_final_address_kept(server: Server) -> None:
    target = server.route("/final", PAGE)
    url = server.handle("/moved", redirect(target, 301))
    got = fetch(url)
    assert got.url == url and got.final_url == target and got.body == PAGE.encode()


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_named(server: Server, status: int) -> None:
    url = server.route("/e", "no", status=status)
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert url in str(caught.value) and str(status) in str(caught.value)


def test_a_server_that_never_answers_times_out(server: Server) -> None:
    url = server.handle("/silent", silent(server))
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        fetch(url, read_timeout=0.5)
    assert time.monotonic() - started < 5


def test_a_trickling_server_is_cut_off_at_the_deadline(server: Server) -> None:
    url = server.handle("/slow", trickle(server))
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than"):
        fetch(url, deadline=1.0)
    assert time.monotonic() - started < 5


def test_redirect_loop_is_refused(server: Server) -> None:
    server.handle("/loop1", redirect(server.url("/loop2")))
    url = server.handle("/loop2", redirect(server.url("/loop1")))
    with pytest.raises(FetchError, match="redirects"):
        fetch(url)


def test_redirect_to_a_file_address_is_refused(server: Server) -> None:
    url = server.handle("/to-file", redirect("file:///etc/passwd"))
    with pytest.raises(FetchError, match="do not fetch|only http"):
        fetch(url)


def test_a_50_mb_body_is_refused_by_its_length(server: Server) -> None:
    def handler(request) -> None:  # type: ignore[no-untyped-def]
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()

    url = server.handle("/big", handler)
    with pytest.raises(FetchError, match="too large"):
        fetch(url)


def test_an_endless_body_stops_at_the_cap(server: Server) -> None:
    url = server.handle("/endless", endless)
    with pytest.raises(FetchError, match="too large"):
        fetch(url, max_bytes=2 * 1024 * 1024)


def test_a_gzip_bomb_stops_at_the_cap_without_expanding(server: Server) -> None:
    import resource

    url = server.handle("/bomb", gzip_bomb(200 * 1024 * 1024))  # 200 MB of zeros, ~200 KB sent
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(FetchError, match="too large"):
        fetch(url, max_bytes=5 * 1024 * 1024)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 60


def test_wrong_content_type_is_refused(server: Server) -> None:
    url = server.route("/pic", b"\x89PNG....", type="image/png")
    with pytest.raises(FetchError, match="not a web page.*image/png"):
        fetch(url)


def test_a_non_utf8_charset_is_reported_as_served(server: Server) -> None:
    body = "<p>Привет, мир</p>".encode("koi8-r")
    url = server.route("/ru", body, type="text/html; charset=KOI8-R")
    got = fetch(url)
    assert got.body == body and got.charset == "koi8-r"


def test_an_unknown_charset_is_left_to_detection(server: Server) -> None:
    url = server.route("/x", PAGE, type="text/html; charset=nonsense-42")
    assert fetch(url).charset is None


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/a", "data:text/html,<p>x</p>",
    "http://", "example.com/no-scheme", "http://exa\x1bmple.com/", "",
])
def test_addresses_we_do_not_fetch_are_refused(url: str) -> None:
    with pytest.raises(FetchError):
        check_url(url)


def test_connection_refused_is_named() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch(f"http://127.0.0.1:{port}/")
