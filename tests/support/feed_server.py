"""A loopback feed server for the ingest tests: routes with ETag/Last-Modified (304 on a
matching conditional GET), gzip, any status or content type; it records what it was asked."""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer


@dataclass
class Route:
    body: bytes
    content_type: str | None = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    gate: threading.Event | None = None
    """When given, the answer waits until it is set (at most 20 s): a poll held mid-way."""


class _Handler(QuietHandler):
    server: TrackingServer[FeedServer]

    def do_GET(self) -> None:
        feeds = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items()}
        feeds.hits[self.path] += 1
        feeds.requests.append((self.path, headers))
        route = feeds.routes.get(self.path)
        if route is None:
            self._reply(404, b"<html><body>404</body></html>", "text/html", {})
            return
        if route.gate is not None:
            route.gate.wait(20)
        validators = dict(route.headers)
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        fresh = (route.etag and headers.get("if-none-match") == route.etag) or (
            route.last_modified and headers.get("if-modified-since") == route.last_modified
        )
        if fresh and route.status == 200:
            feeds.conditional[self.path] += 1
            self._reply(304, b"", None, validators)
            return
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            validators["Content-Encoding"] = "gzip"
        self._reply(route.status, body, route.content_type, validators)

    def _reply(
        self, status: int, body: bytes, content_type: str | None, extra: Mapping[str, str]
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in extra.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


class FeedServer(LoopbackServer):
    """Serves ``routes`` from construction on; call :meth:`stop` when done."""

    thread_name = "feed-server"

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        super().__init__()
        self.routes: dict[str, Route] = {} if routes is None else routes
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()  # answered 304
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.start()

    def _make_server(self) -> TrackingServer[FeedServer]:
        return TrackingServer(_Handler, self)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"
