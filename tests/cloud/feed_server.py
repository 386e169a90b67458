"""A loopback feed server for the worker tests: RSS with ETag/304, failing and slow routes."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape


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


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.hits[self.path] += 1
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.etag and self.headers.get("if-none-match") == route.etag:
                    server.conditional[self.path] += 1
                    self._send(304, b"", None, route.etag)
                    return
                self._send(route.status, route.body, route.content_type, route.etag)

            def _send(
                self, status: int, body: bytes, ctype: str | None, etag: str | None = None
            ) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("content-type", ctype)
                if etag:
                    self.send_header("etag", etag)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
