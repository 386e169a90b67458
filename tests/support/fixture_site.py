"""A loopback fixture news site for integration tests.

``FixtureSite`` serves the pages in ``tests/fixtures/pages/`` at ``/articles/<file>`` plus dynamic
routes that misbehave on purpose (redirect chains, huge or slow bodies, binaries, a gzip bomb).
It binds 127.0.0.1 on a free port, counts accepted TCP connections (so a test can prove that a
refused fetch never dialled), and stops reliably even with clients still connected.

Routes:
    /articles/<file>         the file, text/html; charset=utf-8
    /redirect/<n>            n chained 302s (relative Locations), then ``redirect_target``;
                             ``?to=/path`` overrides the final target
    /redirect-to?u=<url>     302 (or ``&code=301|303|307|308``) to any URL
    /cookie-redirect?c=<cookie>
                             302 to ``redirect_target`` with ``Set-Cookie: <cookie>`` (sent as
                             Latin-1 bytes, as http.server sends any header)
    /huge                    6 MB of HTML, chunked, no Content-Length
    /huge-declared           Content-Length: 6000000, then the same stream
    /binary                  image/png
    /gzip-bomb               ~60 KB of gzip inflating to 60 MB, text/html, Content-Encoding: gzip
    /slow                    headers at once, then a trickle of body for ``slow_seconds``
    /status/<code>           that status with a small HTML body
    /text                    text/plain
    /latin1                  German HTML in ISO-8859-1, charset only in <meta>
    /no-content-type         HTML without a Content-Type header
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer

PAGES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
DEFAULT_REDIRECT_TARGET = "/articles/en_article.html"

_PAGE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.html")
_HUGE_BYTES = 6 * 1024 * 1024
_BOMB_INFLATED_MB = 60
# A 1x1 transparent PNG.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
_LATIN1_PAGE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="iso-8859-1">'
    "<title>Größere Straßenbahn für Köln</title></head><body><article>"
    "<h1>Größere Straßenbahn für Köln</h1>"
    "<p>Die Stadtwerke bestellen längere Züge; die Übergabe ist für März geplant.</p>"
    "</article></body></html>"
).encode("iso-8859-1")


class _Handler(QuietHandler):
    server: TrackingServer[FixtureSite]
    _bomb: ClassVar[bytes | None] = None
    _bomb_lock: ClassVar[threading.Lock] = threading.Lock()

    # -- plumbing ------------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        no_body = status < 200 or status in (204, 304)
        if not no_body:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(body)

    def _stream(
        self,
        chunks: Iterator[bytes],
        content_type: str = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
        declared_length: int | None = None,
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if declared_length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(declared_length))
        self.end_headers()
        self.wfile.flush()
        if self.command == "HEAD":
            return
        stopping = self.server.owner._stopping
        for chunk in chunks:
            if stopping.is_set():
                break
            if declared_length is None:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                self.wfile.write(chunk)
            self.wfile.flush()
        else:
            if declared_length is None:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return
        self.close_connection = True

    def _redirect(self, location: str, code: int = 302) -> None:
        body = b'<html><body><a href="%s">moved</a></body></html>' % location.encode()
        self._send(code, body, headers=[("Location", location)])

    @classmethod
    def _gzip_bomb(cls) -> bytes:
        with cls._bomb_lock:
            if cls._bomb is None:
                packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
                parts = [packer.compress(b"<!DOCTYPE html><html><body><p>")]
                block = b" " * (1024 * 1024)
                parts += [packer.compress(block) for _ in range(_BOMB_INFLATED_MB)]
                parts.append(packer.compress(b"</p></body></html>") + packer.flush())
                cls._bomb = b"".join(parts)
            return cls._bomb

    # -- routes --------------------------------------------------------------------------------

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        try:
            self._route()
        except OSError:
            # The client went away (a refused body, a timeout): just drop the connection.
            self.close_connection = True

    def _route(self) -> None:
        site = self.server.owner
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        segments = path.strip("/").split("/")
        head = segments[0]
        if head == "articles" and len(segments) == 2:
            self._article(segments[1])
        elif head == "redirect" and len(segments) == 2 and segments[1].isdigit():
            hops = int(segments[1])
            target = query.get("to", [site.redirect_target])[0]
            if hops < 1:
                self._send(400, b"<p>hops must be >= 1</p>")
            elif hops == 1:
                self._redirect(target)
            else:
                suffix = "?" + urlencode({"to": target}) if "to" in query else ""
                self._redirect(f"/redirect/{hops - 1}{suffix}")
        elif path == "/redirect-to" and "u" in query:
            code = int(query.get("code", ["302"])[0])
            self._redirect(query["u"][0], code)
        elif path == "/cookie-redirect" and "c" in query:
            location = site.redirect_target
            body = b'<html><body><a href="%s">moved</a></body></html>' % location.encode()
            self._send(302, body, headers=[("Location", location), ("Set-Cookie", query["c"][0])])
        elif path == "/huge":
            self._stream(_huge_chunks())
        elif path == "/huge-declared":
            self._stream(_huge_chunks(), declared_length=_HUGE_BYTES)
        elif path == "/binary":
            self._send(200, _PNG, "image/png")
        elif path == "/gzip-bomb":
            self._send(200, self._gzip_bomb(), headers=[("Content-Encoding", "gzip")])
        elif path == "/slow":
            self._stream(_slow_chunks(site.slow_seconds, site._stopping))
        elif head == "status" and len(segments) == 2 and segments[1].isdigit():
            code = int(segments[1])
            try:
                phrase = HTTPStatus(code).phrase
            except ValueError:
                phrase = ""
            self._send(code, f"<html><body><h1>{code} {phrase}</h1></body></html>".encode())
        elif path == "/text":
            self._send(200, b"Plain text, not a page.\n", "text/plain; charset=utf-8")
        elif path == "/latin1":
            self._send(200, _LATIN1_PAGE, "text/html")
        elif path == "/no-content-type":
            body = b"<!DOCTYPE html><html><body><p>No content type here.</p></body></html>"
            self._send(200, body, content_type=None)
        else:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")

    def _article(self, name: str) -> None:
        pages = self.server.owner.pages_dir
        file = pages / name
        # The name pattern keeps requests inside pages_dir (no "..", no slashes).
        if not _PAGE_NAME.fullmatch(name) or not file.is_file():
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>")
            return
        self._send(200, file.read_bytes())


def _huge_chunks() -> Iterator[bytes]:
    """Exactly _HUGE_BYTES of HTML, so /huge-declared's Content-Length is honest."""
    head = b"<!DOCTYPE html><html><head><title>Huge</title></head><body>\n"
    tail = b"</body></html>\n"
    paragraph = (
        b"<p>" + b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 16 + b"</p>\n"
    )
    chunk = b"".join([paragraph] * (64 * 1024 // len(paragraph)))
    left = _HUGE_BYTES - len(head) - len(tail)
    yield head
    while left > 0:
        piece = chunk[:left]
        yield piece
        left -= len(piece)
    yield tail


def _slow_chunks(seconds: float, stopping: threading.Event) -> Iterator[bytes]:
    yield b"<!DOCTYPE html><html><head><title>Slow</title></head><body>\n"
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if stopping.wait(0.2):
            return
        yield b"<p>still here</p>\n"
    yield b"</body></html>\n"


class FixtureSite(LoopbackServer):
    """A threaded HTTP server on 127.0.0.1 serving the fixture news site. Use as a context
    manager, or call :meth:`start` and :meth:`stop`."""

    def __init__(
        self,
        pages_dir: Path = PAGES_DIR,
        redirect_target: str = DEFAULT_REDIRECT_TARGET,
        slow_seconds: float = 10.0,
    ) -> None:
        super().__init__()
        self.pages_dir = pages_dir
        self.redirect_target = redirect_target
        self.slow_seconds = slow_seconds
        self._connections = 0

    thread_name = "fixture-site"

    def _make_server(self) -> TrackingServer[FixtureSite]:
        return TrackingServer(_Handler, self, on_accept=self._count_connection)

    def _count_connection(self) -> None:
        # Called under the server's lock; kept here so the count outlives stop().
        self._connections += 1

    @property
    def connections(self) -> int:
        """TCP connections accepted so far (over the site's whole life, also after stop())."""
        return self._connections

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)
