"""``parallax serve``: the Lambda resolver behind a plain HTTP server on this machine.

Each HTTP request becomes an API Gateway HTTP API (payload 2.0) event, is resolved by the same
routes as in Lambda, and the proxy response is written back. There is no second implementation
of any route here, only the translation both ways and transport limits: body size, deadlines for
receiving each request's headers and all of it (slowloris), a cap on connections served at once
and on those of one client address, a token bucket per client address (``rate_limited``), and,
when bound to loopback, a Host check against DNS rebinding.

Requests are resolved concurrently, each on its connection's thread: the resolver keeps the
current event per thread (``ThreadSafeHttpResolver``; Powertools itself keeps it on a class), and
the work of making a Brief runs on the BriefService's bounded pool under a deadline. So
``/v1/health`` and cache hits answer while the slowest Brief is being made, and a few slow pages
are fetched in parallel instead of queueing behind each other.
"""

from __future__ import annotations

import base64
import contextlib
import io
import ipaddress
import math
import queue
import re
import selectors
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from parallax.api.app import problem_response
from parallax.config import Settings
from parallax.domain.errors import (
    InvalidRequest,
    Overloaded,
    ParallaxError,
    RateLimited,
    TooLarge,
)
from parallax.domain.hosts import host_of

__all__ = ["LocalLambdaContext", "LocalServer", "RateLimiter", "http_to_event"]

logger = Logger(service="parallax", child=True)

# A client whose request line, headers and body have not all arrived this long after it started
# is cut off (slowloris). Settings.client_timeout_s overrides it.
SOCKET_TIMEOUT_S = 15.0
# The request line and headers (a few hundred bytes, one packet from any real client) must have
# arrived this long after the request started; also how long an idle kept-alive connection stays.
HEADER_TIMEOUT_S = 5.0
MAX_CONNECTIONS = 256
# A connection refused at the cap is answered, then kept (written-shut) this long before it is
# closed, so that a request still arriving does not make the kernel reset the connection and
# discard the answer before the client reads it.
_REFUSED_LINGER_S = 1.0
_MAX_LINGERING = 256
# Before it is refused, an over-cap connection's request head is awaited (up to the header
# deadline, on one thread for all of them) so that the answer can carry CORS for its Origin;
# at most this many are awaited at once (the rest are answered with what has arrived), and at
# most this much of each head is read.
_MAX_AWAITED = 128
_REFUSED_HEAD_BYTES = 8192
# The stdlib's listen backlog is 5: a burst of tabs opening connections at once would see SYNs
# dropped and retried a second later. Connections are cheap to accept; let them queue.
_LISTEN_BACKLOG = 128
_DIGITS = re.compile(r"[0-9]{1,18}", re.ASCII)


@dataclass
class LocalLambdaContext:
    """Enough of Lambda's context object for Powertools (Logger reads these attributes)."""

    function_name: str = "parallax-local"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:local:000000000000:function:parallax-local"
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/parallax-local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def http_to_event(
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
) -> dict[str, Any]:
    """An API Gateway v2 event as the HTTP API would build it for this request."""
    # An origin-form target ("/path?query") is a path as sent: urlsplit alone reads the "x" of
    # "//x/v1/health" as a host and served /v1/health, where Lambda answers 404 for that path.
    parts = urlsplit("//localhost" + target if target.startswith("/") else target)
    merged: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        # API Gateway joins repeated headers with commas and lower-cases the names.
        merged[lowered] = f"{merged[lowered]},{value}" if lowered in merged else value
    query = {name: ",".join(values) for name, values in parse_qs(parts.query).items()}
    now = time.time()
    request_id = str(uuid.uuid4())
    is_base64 = False
    text_body: str | None = None
    if body:
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            text_body, is_base64 = base64.b64encode(body).decode("ascii"), True
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": parts.path or "/",
        "rawQueryString": parts.query,
        "headers": merged,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": merged.get("host", "localhost"),
            "domainPrefix": "local",
            "http": {
                "method": method.upper(),
                "path": parts.path or "/",
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": merged.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": is_base64,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if text_body is not None:
        event["body"] = text_body
    return event


def _is_loopback_name(host: str) -> bool:
    """``localhost``, ``*.localhost`` (RFC 6761) or a loopback address, without brackets."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RateLimiter:
    """A token bucket per client address: ``burst`` requests at once, then ``per_minute``.

    ``per_minute == 0`` disables it. Buckets of clients that have been quiet long enough to be
    full again are forgotten once more than ``max_clients`` are tracked, so a scan from many
    addresses cannot grow the table without bound.
    """

    def __init__(
        self,
        per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        if per_minute < 0 or burst < 0 or max_clients < 1:
            raise ValueError("per_minute and burst must be >= 0, max_clients >= 1")
        self.per_minute = per_minute
        # A bucket smaller than one token would refuse everything.
        self.capacity = float(max(1, burst))
        self._rate = per_minute / 60.0
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def acquire(self, client: str) -> float:
        """Take a token for ``client``: 0.0 when the request may go ahead, otherwise the seconds
        until the next token (what ``Retry-After`` says)."""
        if not self.enabled:
            return 0.0
        with self._lock:
            now = self._clock()
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self._rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self._rate
            if len(self._buckets) > self._max_clients:
                self._forget_idle(now)
            return wait

    def _forget_idle(self, now: float) -> None:
        full = [
            client
            for client, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self._rate >= self.capacity
        ]
        for client in full:
            del self._buckets[client]
        if len(self._buckets) > self._max_clients:
            # Every tracked client is active: forget the longest-quiet half. They start again
            # with a full bucket, which is a burst, not a bypass.
            by_age = sorted(self._buckets, key=lambda c: self._buckets[c][1])
            for client in by_age[: len(by_age) // 2]:
                del self._buckets[client]

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)


class _DeadlineReader(io.RawIOBase):
    """The connection's read side, where every read waits at most until the handler's current
    deadline: a client trickling one byte per second cannot hold a thread for ever, which a
    per-read socket timeout alone would allow."""

    def __init__(self, sock: socket.socket, handler: _Handler) -> None:
        self._sock = sock
        self._handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        deadline = self._handler.read_deadline
        if deadline is None:
            self._sock.settimeout(self._handler.server.client_timeout_s)
        else:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request did not arrive in time")
            self._sock.settimeout(left)
        return self._sock.recv_into(buffer)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S
    server_version = "parallax"
    sys_version = ""
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK of the headers: 40 ms on every response on Linux (found by bench_load).
    disable_nagle_algorithm = True
    read_deadline: float | None = None
    body_deadline: float = 0.0
    expects_continue: bool = False
    request_target: str = "/"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.client_timeout_s)
        # Swap the stdlib's reader for one that honours the per-request deadline; the original
        # is closed so that it does not keep the socket's file descriptor alive.
        original = self.rfile
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, self))
        original.close()

    def handle_one_request(self) -> None:
        # The request line and headers (also the wait for them on a kept-alive connection) have
        # the header deadline; the body has what is left of the whole request's.
        started = time.monotonic()
        self.body_deadline = started + self.server.client_timeout_s
        self.read_deadline = min(started + self.server.header_timeout_s, self.body_deadline)
        self.expects_continue = False
        try:
            super().handle_one_request()
        finally:
            self.read_deadline = None

    def handle_expect_100(self) -> bool:
        # The stdlib invites the body as soon as the headers are read, before anything checks
        # them: a client was told to send 6 GB before the length was compared with the limit.
        # The invitation is sent by _read_body, once the request may go ahead.
        self.expects_continue = True
        return True

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self.read_deadline = self.body_deadline
        # The target as the client sent it: http.server collapses leading slashes ("//v1/health"
        # becomes "/v1/health", an open-redirect defence for its file server), which served here
        # paths that the route table and Lambda do not (they answer 404).
        words = self.requestline.split()
        self.request_target = words[1] if len(words) == 3 else self.path
        if self.request_version == "HTTP/0.9":
            # "GET /path" without a version: 0.9 answers carry no status line and no headers,
            # so no content type and no CORS. No client of this API speaks it.
            self.send_error(HTTPStatus.BAD_REQUEST)
            return False
        if not hasattr(self, f"do_{self.command}"):
            # A method http.server has no handler for (PROPFIND, FOO, ...) goes to the routes like
            # any other, which answer 404 problem+json: not the stdlib's 501 HTML page.
            self._serve()
            self.wfile.flush()
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # http.server's own refusals (a malformed request line, an unknown HTTP version, too many
        # or too long headers) in the API's format, and as 4xx: they are the client's doing.
        if code in {
            HTTPStatus.REQUEST_URI_TOO_LONG,
            HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        }:
            error: ParallaxError = TooLarge("The request line or its headers are too large.")
        else:
            error = InvalidRequest("The request is not valid HTTP/1.1.")
        logger.debug("http request refused", extra={"status": int(code)})
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            # A request line that did not parse leaves the stdlib's HTTP/0.9 default, which would
            # send the problem without a status line; no client this serves speaks 0.9.
            self.request_version = "HTTP/1.0"
        self._write_proxy_response(self._problem(error), close=True)

    def _serve(self) -> None:
        wait = self.server.rate_limiter.acquire(self.client_address[0])
        if wait > 0:
            self._refuse_rate_limited(wait)
            return
        refused = _host_refusal(
            self.request_target,
            self.headers.get_all("host") or [],
            self.request_version,
            loopback_only=self.server.loopback_only,
        )
        if refused is not None:
            logger.info("request refused: host not served")
            self._write_proxy_response(self._problem(refused), close=True)
            return
        try:
            body = self._read_body()
        except ParallaxError as error:
            self._write_proxy_response(self._problem(error), close=True)
            return
        # Received in full: resolving and answering are not the client's time any more.
        self.read_deadline = None
        self.connection.settimeout(self.server.client_timeout_s)
        event = http_to_event(
            self.command,
            self.request_target,
            list(self.headers.items()),
            body,
            self.client_address[0],
        )
        response = self.server.app.resolve(event, cast(LambdaContext, LocalLambdaContext()))
        self._write_proxy_response(response)

    def _refuse_rate_limited(self, wait_s: float) -> None:
        retry_after = max(1, math.ceil(wait_s))
        logger.info("rate limited", extra={"retry_after_s": retry_after})
        response = self._problem(
            RateLimited(f"Too many requests from this address; retry in {retry_after} s.")
        )
        response["headers"]["Retry-After"] = str(retry_after)
        # The body (if any) is left unread, so this connection cannot carry another request.
        self._write_proxy_response(response, close=True)

    def _read_body(self) -> bytes:
        codings = self.headers.get_all("transfer-encoding") or []
        if any("chunked" in coding.lower() for coding in codings):
            raise InvalidRequest("Chunked request bodies are not supported; send Content-Length.")
        if codings:
            # "identity", "gzip", "xchunked": the body was read by Content-Length, where a proxy
            # in front that honours the coding reads another body (request smuggling).
            raise InvalidRequest("Transfer-Encoding is not supported; send Content-Length.")
        lengths = self.headers.get_all("content-length") or []
        if not lengths:
            return b""
        # RFC 9110: 1*DIGIT. Python's int() also takes "+280", "2_8_0" and " 280 ", and a
        # request with two lengths is read differently by every hop: refuse, never guess.
        if len(set(lengths)) > 1 or not all(_DIGITS.fullmatch(v.strip(" \t")) for v in lengths):
            raise InvalidRequest("Content-Length must be one number of digits only.")
        length = int(lengths[0].strip(" \t"))
        if length > self.server.max_body_bytes:
            raise TooLarge(f"The request body is larger than {self.server.max_body_bytes} bytes.")
        if self.expects_continue and length > 0:
            self.send_response_only(HTTPStatus.CONTINUE)
            self.end_headers()
        return self.rfile.read(length)

    def _problem(self, error: ParallaxError) -> dict[str, Any]:
        """A problem written here rather than by the routes, with the CORS headers the routes
        would add, so that the extension can read its code (and Retry-After) too."""
        response = problem_response(error)
        headers = {"Content-Type": response.content_type or ""}
        origin = self.headers.get("origin") if getattr(self, "headers", None) else None
        if origin and origin in self.server.cors_origins:
            headers["Access-Control-Allow-Origin"] = origin
            headers["Access-Control-Expose-Headers"] = "Retry-After"
            headers["Vary"] = "Origin"
        return {
            "statusCode": response.status_code,
            "headers": headers,
            "body": response.body,
            "isBase64Encoded": False,
        }

    def _write_proxy_response(self, response: dict[str, Any], close: bool = False) -> None:
        body_text = response.get("body") or ""
        if response.get("isBase64Encoded"):
            payload = base64.b64decode(body_text)
        else:
            payload = body_text.encode("utf-8")
        self.send_response(int(response.get("statusCode", 500)))
        for name, value in (response.get("headers") or {}).items():
            if name.lower() not in {"content-length", "connection"}:
                self.send_header(name, str(value))
        for name, values in (response.get("multiValueHeaders") or {}).items():
            for value in values:
                self.send_header(name, str(value))
        for cookie in response.get("cookies") or []:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", str(len(payload)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        # Access log without the query string: it can carry the reader's tokens. A request line
        # that did not parse has no path (or command) yet, and must not crash the handler.
        path = getattr(self, "path", None)
        logger.debug(
            "http",
            extra={
                "method": getattr(self, "command", None),
                "path": urlsplit(path).path[:200] if isinstance(path, str) else None,
            },
        )


def _host_refusal(
    target: str, hosts: Sequence[str], version: str, *, loopback_only: bool
) -> InvalidRequest | None:
    """Why a request for ``target`` with these Host header values is not served, or None. Both
    paths apply it: a request on a connection's thread (``_Handler._serve``) and a CORS preflight
    answered over the connection cap (``_Server.refusal``).

    RFC 9112 section 3.2: an HTTP/1.1 request without a Host, or with two, is a 400 (with two,
    one reader checks the first and another may route by the second). Then, on a loopback
    address, only requests *for* a loopback name are served: a web page whose own name an
    attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin with this server, so CORS no
    longer keeps it from reading answers or using the server as a fetcher; its requests still
    carry its own name in Host. Clients that send no Host (HTTP/1.0 tools) are not browsers and
    are served.
    """
    if len(hosts) > 1 or (not hosts and version == "HTTP/1.1"):
        return InvalidRequest("An HTTP/1.1 request carries exactly one Host header.")
    if loopback_only and not _for_loopback(target, hosts[0] if hosts else None):
        return InvalidRequest("This server answers requests for localhost only.")
    return None


def _for_loopback(target: str, host_header: str | None) -> bool:
    if not target.startswith("/") and "://" in target:
        # Absolute form ("GET http://evil.example/v1/health"): RFC 9112 section 3.2.2 names
        # its authority, not Host, as the request's host; it was routed on a loopback Host.
        target_host = host_of(target)
        if target_host is None or not _is_loopback_name(target_host):
            return False
    if host_header is None:
        return True
    # "//" first: a Host header is host[:port], never a URL, so "http://localhost" is refused.
    host = host_of("//" + host_header.strip())
    return host is not None and _is_loopback_name(host)


def _head_origin(arrived: bytes) -> str | None:
    """The ``Origin`` named in what has arrived of a request's head, or None. Only complete
    header lines before the end of the headers count, so a value cut by the buffer's end is
    never read."""
    head, _, _ = arrived.partition(b"\r\n\r\n")
    complete = head.split(b"\r\n")[1:] if b"\r\n\r\n" in arrived else head.split(b"\r\n")[1:-1]
    for line in complete:
        name, colon, value = line.partition(b":")
        if colon and name.strip().lower() == b"origin":
            return value.strip(b" \t").decode("latin-1")
    return None


def _head_complete(arrived: bytes | bytearray) -> bool:
    return b"\r\n\r\n" in arrived or len(arrived) >= _REFUSED_HEAD_BYTES


def _preflight_of(arrived: bytes) -> tuple[str, str, list[tuple[str, str]]] | None:
    """(target, HTTP version, headers) when ``arrived`` is a complete CORS preflight's head
    (``OPTIONS`` with ``Access-Control-Request-Method``), else None."""
    head, end, _ = arrived.partition(b"\r\n\r\n")
    if not end:
        return None
    lines = head.decode("latin-1").split("\r\n")
    words = lines[0].split(" ")
    if len(words) != 3 or words[0] != "OPTIONS":
        return None
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            return None  # not a head http.server would take either: no preflight answer
        headers.append((name, value.strip(" \t")))
    if not any(name.lower() == "access-control-request-method" for name, _ in headers):
        return None
    return words[1], words[2], headers


def _closing_answer(response: dict[str, Any]) -> bytes:
    """A proxy response (no body expected: a preflight's) as HTTP/1.1 bytes that close the
    connection."""
    status = HTTPStatus(int(response.get("statusCode", 500)))
    body = (response.get("body") or "").encode("utf-8")
    lines = [f"HTTP/1.1 {status.value} {status.phrase}"]
    headers: dict[str, Any] = response.get("headers") or {}
    multi: dict[str, list[Any]] = response.get("multiValueHeaders") or {}
    pairs = [*headers.items(), *((name, v) for name, vs in multi.items() for v in vs)]
    for name, value in pairs:
        if name.lower() not in {"content-length", "connection"}:
            lines.append(f"{name}: {value}")
    lines += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


class _Refusals:
    """Connections over a cap, answered on one thread of their own, none of them on a thread.

    Each one's request head is read (without blocking: a selector) until it is complete, the
    connection closes, or the header deadline passes; then it is answered with the refusal and
    Retry-After, with CORS when the head names an allowed Origin, so that the extension reads
    ``overloaded`` and retries instead of seeing a network error. A CORS preflight from an
    allowed origin is answered as the API answers it (it costs the routes nothing): a browser
    fails a preflight that is not 2xx as a network error too; the request that follows it is
    refused (readably) if the server is still at its cap. Answered connections are kept
    written-shut for a moment, then closed. Every socket is touched on this thread only; the
    accepting thread hands connections over through a queue.
    """

    def __init__(self, server: _Server) -> None:
        self._server = server
        self._incoming: queue.SimpleQueue[tuple[socket.socket, str, ParallaxError]] = (
            queue.SimpleQueue()
        )
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._wake_write.setblocking(False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        # socket -> (deadline, client address, refusal, what has arrived)
        self._awaited: dict[socket.socket, tuple[float, str, ParallaxError, bytearray]] = {}
        self._lingering: deque[tuple[float, socket.socket]] = deque()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._released = False

    def add(self, sock: socket.socket, client: str, error: ParallaxError) -> None:
        """Hand ``sock`` over (the accepting thread): it will be answered with ``error``."""
        with self._lock:
            if self._closed:
                sock.close()
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="parallax-refusals", daemon=True
                )
                self._thread.start()
        self._incoming.put((sock, client, error))
        # A full wake-up buffer (OSError) means the thread is awake already.
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")

    def close(self) -> None:
        with self._lock:
            if self._released:
                return
            self._closed = self._released = True
            thread = self._thread
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        if thread is not None:
            thread.join(timeout=5)
        while True:
            try:
                self._incoming.get_nowait()[0].close()
            except queue.Empty:
                break
        for sock in list(self._awaited):
            sock.close()
        self._awaited.clear()
        while self._lingering:
            self._lingering.popleft()[1].close()
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _run(self) -> None:
        while not self._closed:
            try:
                self._turn()
            except Exception as exc:  # a bug here must not leave every later refusal unanswered
                logger.error(
                    "refusing connections failed", extra={"error_type": type(exc).__name__}
                )
                time.sleep(0.1)

    def _turn(self) -> None:
        """One wait for heads arriving, then the answers that are due."""
        now = time.monotonic()
        deadlines = [entry[0] for entry in self._awaited.values()]
        deadlines += [self._lingering[0][0]] if self._lingering else []
        wait = max(0.0, min(deadlines, default=now + 1.0) - now)
        for key, _ in self._selector.select(wait):
            if key.fileobj is self._wake_read:
                self._drain_wake()
            else:
                self._read(cast(socket.socket, key.fileobj))
        self._take_incoming()
        now = time.monotonic()
        for sock, (deadline, _, _, _) in list(self._awaited.items()):
            if deadline <= now:
                self._answer(sock)
        while self._lingering and self._lingering[0][0] <= now:
            self._close_answered(self._lingering.popleft()[1])

    def _drain_wake(self) -> None:
        try:
            while self._wake_read.recv(4096):
                pass
        except OSError:
            pass

    def _take_incoming(self) -> None:
        while True:
            try:
                sock, client, error = self._incoming.get_nowait()
            except queue.Empty:
                return
            sock.setblocking(False)
            deadline = time.monotonic() + self._server.header_timeout_s
            self._awaited[sock] = (deadline, client, error, bytearray())
            if len(self._awaited) > _MAX_AWAITED:
                # As many awaited as allowed: this one is answered with what has arrived.
                self._read(sock)
                if sock in self._awaited:
                    self._answer(sock)
                continue
            self._selector.register(sock, selectors.EVENT_READ)
            self._read(sock)  # the head is often there already

    def _read(self, sock: socket.socket) -> None:
        entry = self._awaited.get(sock)
        if entry is None:
            return  # answered already
        arrived = entry[3]
        try:
            chunk = sock.recv(_REFUSED_HEAD_BYTES - len(arrived))
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""  # reset: nobody to answer, but the slot in the map is freed the same way
        arrived += chunk
        if not chunk or _head_complete(arrived):
            self._answer(sock)

    def _answer(self, sock: socket.socket) -> None:
        _, client, error, arrived = self._awaited.pop(sock)
        with contextlib.suppress(KeyError, ValueError):  # never registered (over _MAX_AWAITED)
            self._selector.unregister(sock)
        try:
            reply = self._server.refusal(bytes(arrived), client, error)
            sock.send(reply)
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the client went away
            sock.close()
            return
        except Exception:  # a bug: the socket is not leaked, and _run logs it
            sock.close()
            raise
        self._lingering.append((time.monotonic() + _REFUSED_LINGER_S, sock))
        while len(self._lingering) > _MAX_LINGERING:
            self._close_answered(self._lingering.popleft()[1])

    @staticmethod
    def _close_answered(sock: socket.socket) -> None:
        try:
            while sock.recv(65536):  # what the client sent meanwhile, so that close is no reset
                pass
        except OSError:
            pass
        sock.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = _LISTEN_BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        app: APIGatewayHttpResolver,
        max_body_bytes: int,
        *,
        rate_limiter: RateLimiter,
        client_timeout_s: float,
        header_timeout_s: float,
        max_connections: int,
        max_connections_per_client: int,
        cors_origins: Sequence[str],
    ) -> None:
        # Before super().__init__, which calls server_close() (below) when it cannot bind.
        self._refusals = _Refusals(self)
        super().__init__(address, _Handler)
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.rate_limiter = rate_limiter
        self.client_timeout_s = client_timeout_s
        self.header_timeout_s = header_timeout_s
        self.max_connections = max_connections
        self.max_connections_per_client = max_connections_per_client
        self.cors_origins = frozenset(cors_origins)
        # Bound to loopback, the server is for this machine only: see _host_refusal.
        self.loopback_only = _is_loopback_name(str(self.server_address[0]))
        self._slots = threading.Lock()
        self.open_connections = 0
        self._open_by_client: dict[str, int] = {}

    # Connections: one thread each (ThreadingMixIn), at most max_connections of them, at most
    # max_connections_per_client for one address. 1,000 connections stopped half-way through their
    # headers held 1,000 threads for the whole client timeout; now the cap's worth, for the
    # header deadline. Over a cap, the connection gets no thread: it is handed to _Refusals,
    # which answers it with a problem and Retry-After once its request head has arrived (CORS
    # for an allowed Origin) or the header deadline has passed, and closes it.

    def process_request(self, request: Any, client_address: Any) -> None:
        client = str(client_address[0])
        refusal = self._take_slot(client)
        if refusal is not None:
            # Debug, not info: a flood of connections must not become a flood of log lines.
            logger.debug("connection refused", extra={"code": refusal.code})
            self._refusals.add(request, client, refusal)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started (the OS refused one): the slot is free again
            self._give_slot(client)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._give_slot(str(client_address[0]))

    def _take_slot(self, client: str) -> ParallaxError | None:
        with self._slots:
            if self.open_connections >= self.max_connections:
                return Overloaded("The server serves as many connections as it can; retry soon.")
            held = self._open_by_client.get(client, 0)
            if self.max_connections_per_client and held >= self.max_connections_per_client:
                return RateLimited("Too many connections from this address at once.")
            self.open_connections += 1
            self._open_by_client[client] = held + 1
            return None

    def _give_slot(self, client: str) -> None:
        with self._slots:
            self.open_connections -= 1
            held = self._open_by_client.get(client, 0) - 1
            if held > 0:
                self._open_by_client[client] = held
            else:
                self._open_by_client.pop(client, None)

    def refusal(self, arrived: bytes, client: str, error: ParallaxError) -> bytes:
        """The answer to a connection over a cap of which ``arrived`` has been read: ``error``
        with Retry-After (CORS when it names an allowed Origin), or, for a CORS preflight from
        an allowed origin, the API's own answer to it."""
        origin = _head_origin(arrived)
        allowed = origin is not None and origin in self.cors_origins
        preflight = _preflight_of(arrived) if allowed else None
        if preflight is not None:
            target, version, headers = preflight
            # The Host check of a request on a thread, so that a preflight over the cap is no
            # way around it: refused, it gets the same 400 (readable: the origin is allowed)
            refused = _host_refusal(
                target,
                [value for name, value in headers if name.lower() == "host"],
                version,
                loopback_only=self.loopback_only,
            )
            if refused is not None:
                error = refused
            else:
                event = http_to_event("OPTIONS", target, headers, b"", client)
                response = self.app.resolve(event, cast(LambdaContext, LocalLambdaContext()))
                if 200 <= int(response.get("statusCode", 500)) < 300:
                    return _closing_answer(response)
        problem = problem_response(error)
        body = (problem.body or "").encode("utf-8")
        status = HTTPStatus(problem.status_code)
        head = (
            f"HTTP/1.1 {status.value} {status.phrase}\r\n"
            f"Content-Type: {problem.content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n"
        )
        if status in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE):
            head += f"Retry-After: {max(1, math.ceil(self.header_timeout_s))}\r\n"
        if allowed:
            # So that the extension reads the code (and Retry-After) instead of a network error.
            head += (
                f"Access-Control-Allow-Origin: {origin}\r\n"
                "Access-Control-Expose-Headers: Retry-After\r\nVary: Origin\r\n"
            )
        return (head + "\r\n").encode("latin-1") + body

    def server_close(self) -> None:
        super().server_close()
        self._refusals.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The stdlib prints a traceback to stderr for every client that hangs up mid-answer,
        # which is routine. Anything else is logged by type only: a message may quote the request.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            logger.debug("client connection lost", extra={"error_type": type(error).__name__})
        else:
            logger.error("connection handler failed", extra={"error_type": type(error).__name__})


def per_client_cap(host: str, configured: int) -> int:
    """The cap on connections per client address for a server listening on ``host``.

    On a loopback address every client is this machine and shares one address with the reader's
    browser, so a cap per address would let any local program holding that many half-open
    connections lock the reader's own extension out; there only the cap on all connections
    bounds the threads. Listening on another address, clients can be other machines: the cap
    applies."""
    return 0 if _is_loopback_name(host) else configured


class LocalServer:
    """The resolver served over HTTP on ``host:port`` (port 0 picks a free one).

    Rate limiting and the cap per client address are off unless asked for
    (``rate_limit_per_minute > 0``, ``max_connections_per_client > 0``), so that embedding the
    server in a test or a benchmark (all from 127.0.0.1) does not throttle it;
    :meth:`from_settings` applies the settings' limits, which are on by default.
    """

    def __init__(
        self,
        app_factory: Callable[[], APIGatewayHttpResolver],
        host: str = "127.0.0.1",
        port: int = 8787,
        max_body_bytes: int = 6_000_000,
        *,
        rate_limit_per_minute: int = 0,
        rate_limit_burst: int = 0,
        client_timeout_s: float = SOCKET_TIMEOUT_S,
        header_timeout_s: float = HEADER_TIMEOUT_S,
        max_connections: int = MAX_CONNECTIONS,
        max_connections_per_client: int = 0,
        cors_origins: Sequence[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if client_timeout_s <= 0 or header_timeout_s <= 0:
            raise ValueError("client_timeout_s and header_timeout_s must be positive")
        if max_connections < 1 or max_connections_per_client < 0:
            raise ValueError("max_connections must be >= 1, max_connections_per_client >= 0")
        self.rate_limiter = RateLimiter(rate_limit_per_minute, rate_limit_burst, clock)
        self._server = _Server(
            (host, port),
            app_factory(),
            max_body_bytes,
            rate_limiter=self.rate_limiter,
            client_timeout_s=client_timeout_s,
            header_timeout_s=header_timeout_s,
            max_connections=max_connections,
            max_connections_per_client=max_connections_per_client,
            cors_origins=cors_origins,
        )
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(
        cls,
        app_factory: Callable[[], APIGatewayHttpResolver],
        settings: Settings,
        host: str | None = None,
        port: int | None = None,
    ) -> LocalServer:
        """The server ``parallax serve`` runs: address, body cap, rate limit, timeouts,
        connection caps and CORS origins from ``settings`` (``host``/``port`` override theirs;
        the cap per address only off loopback, see :func:`per_client_cap`)."""
        bind = settings.host if host is None else host
        return cls(
            app_factory,
            host=bind,
            port=settings.port if port is None else port,
            max_body_bytes=settings.max_body_bytes,
            rate_limit_per_minute=settings.rate_limit_per_minute,
            rate_limit_burst=settings.rate_limit_burst,
            client_timeout_s=settings.client_timeout_s,
            header_timeout_s=settings.header_timeout_s,
            max_connections=settings.max_connections,
            max_connections_per_client=per_client_cap(bind, settings.max_connections_per_client),
            cors_origins=settings.cors_origins,
        )

    @property
    def open_connections(self) -> int:
        """Connections being served now (each on its thread)."""
        return self._server.open_connections

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> LocalServer:
        self._thread = threading.Thread(
            target=self.serve_forever, name="parallax-serve", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def close(self) -> None:
        """Release the socket after :meth:`serve_forever` returned (Ctrl-C): unlike
        :meth:`stop`, it does not wait for a serving loop to end."""
        self._server.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
