"""A loopback feed server for the worker tests: RSS with ETag/304, failing and slow routes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from xml.sax.saxutils import escape

from tests.support.loopback import LoopbackServer, TrackingServer


@dataclass
class Route:
    body: bytes
    status: int = 200
    etag: str | None = None
    content_type: str = "application/rss+xml; charset=utf-8"


def rss(title: str, items: list[tuple[str, str, Any]]) -> bytes:
    """An RSS 2.0 document; items are (link, title, published datetime)."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
        "<description>Councillors voted on the scheme.</description></item>"
        for link, t, when in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://kestrel.example/</link>{entries}"
        "</channel></rss>"
    ).encode()


class _Server(TrackingServer):
    def __init__(self, feeds: FeedServer) -> None:
        self.feeds = feeds
        super().__init__(_Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        feeds = self.server.feeds
        feeds.hits[self.path] += 1
        route = feeds.routes.get(self.path)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.etag and self.headers.get("if-none-match") == route.etag:
            feeds.conditional[self.path] += 1
            self._send(304, b"", None, route.etag)
            return
        self._send(route.status, route.body, route.content_type, route.etag)

    def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("content-type", ctype)
        if etag:
            self.send_header("etag", etag)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


class FeedServer(LoopbackServer):
    """Serves ``routes`` from construction on; call :meth:`stop` when done."""

    thread_name = "feed-server"

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        super().__init__()
        self.routes: dict[str, Route] = {} if routes is None else routes
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.start()

    def _make_server(self) -> TrackingServer:
        return _Server(self)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"
