"""A real HTTP server on 127.0.0.1 (an ephemeral port) for the tests that fetch.

Routes are set per test: ``server.route("/page", body=b"...", type="text/html")`` or a
handler function for the bad cases (a server that never answers, a redirect loop, a
body that never ends).  Every request is recorded with its headers.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # (named by the stdlib's BaseHTTPRequestHandler)
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                self.send_response(route.status)
                if route.type:
                    self.send_header("Content-Type", route.type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client hanging up on an endless body is the point of some tests

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kwargs: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def handle(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None]) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


# -- handlers for the bad cases -------------------------------------------------------------

def silent(server: Server) -> Callable[[BaseHTTPRequestHandler], None]:
    """Accepts the request and never answers (until the server stops)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        server.stopping.wait(30)

    return handler


def trickle(server: Server, seconds: float = 30) -> Callable[[BaseHTTPRequestHandler], None]:
    """Answers at once, then sends a byte every 0.2 s (each read is quick; the whole is not)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end and not server.stopping.is_set():
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    return handler


def endless(request: BaseHTTPRequestHandler) -> None:
    """A body with no length that never ends (until the client hangs up)."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Connection", "close")
    request.end_headers()
    chunk = b"<p>" + b"a" * 65536 + b"</p>"
    try:
        for _ in range(2000):  # 130 MB at most
            request.wfile.write(chunk)
    except OSError:
        pass
    request.close_connection = True


def gzip_bomb(size: int) -> Callable[[BaseHTTPRequestHandler], None]:
    """A small gzip body that expands to ``size`` bytes."""
    body = gzip.compress(b"<p>" + b"\0" * size, compresslevel=9)

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Encoding", "gzip")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handler


def redirect(to: str, status: int = 302) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        request.send_header("Location", to)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler
