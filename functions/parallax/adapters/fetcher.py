"""The guarded page fetcher: an SSRF-safe ``PageFetcher`` on httpx/httpcore.

How it stays off internal networks:

* every URL (the first and every redirect hop) passes :func:`~parallax.domain.ssrf_rules.check_url`;
* the connection itself is opened by a custom httpcore network backend that resolves the host
  *once*, refuses the connection if *any* resolved address is blocked, and then connects to one of
  exactly those checked addresses. There is no second lookup a rebinding DNS server could answer
  differently, while TLS (SNI, certificate check) and the Host header still use the host name;
* redirects are followed by hand, at most ``max_redirects``;
* the body is streamed and capped after decompression (a gzip bomb stops at the cap), and every
  socket operation is clamped to one wall-clock deadline for the whole fetch.

Running out of time raises :class:`UpstreamTimeout` (``upstream_timeout``): the page's server was
too slow, which is worth telling apart from a page that failed (``fetch_failed``).

:meth:`GuardedFetcher.fetch` is the ``PageFetcher`` (HTML only). Underneath it,
:meth:`GuardedFetcher.fetch_bytes` is the same guarded fetch for other media (feeds): the caller
says which content types it accepts (a :class:`MediaRule`), may send conditional headers, and gets
the final status, the response headers and the raw body back, so a ``304 Not Modified`` is an
answer rather than an error.

Nothing here logs a page body or a query string.
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import re
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from parallax.config import Settings
from parallax.domain.encoding import decode_html
from parallax.domain.errors import (
    BlockedUrl,
    FetchFailed,
    ParallaxError,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)
from parallax.domain.ingest_ports import FetchedResponse, MediaRule
from parallax.domain.ports import FetchedPage
from parallax.domain.ssrf_rules import CheckedUrl, IPAddress, check_host_name, check_ip, check_url

__all__ = [
    "HTML_MEDIA",
    "MAX_LINGERING_FETCH_LOOKUPS",
    "Connector",
    "FetchPolicy",
    "FetchedResponse",
    "GuardedFetcher",
    "MediaRule",
    "Resolver",
    "connect_socket",
    "system_resolver",
]

_LOG = logging.getLogger(__name__)

Resolver = Callable[[str, int, float | None], Sequence[str]]
"""``(host, port, timeout_s) -> addresses``: one DNS lookup, answers as IP strings."""

Connector = Callable[[str, int, float | None], socket.socket]
"""``(ip, port, timeout_s) -> connected socket``: open a TCP connection to an already-checked IP."""

HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_SNIFF_BYTES: Final = 1024


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What the fetcher may do. Defaults are the production ones: public hosts, ports 80/443."""

    allow_private_hosts: bool = False
    allowed_ports: frozenset[int] = frozenset({80, 443})
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    timeout_s: float = 10.0
    # Taken from Settings so the bot identifies itself the same way however it is built.
    user_agent: str = field(
        default_factory=lambda: str(Settings.model_fields["user_agent"].default)
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed_ports", frozenset(self.allowed_ports))
        if not all(0 < port <= 65535 for port in self.allowed_ports):
            raise ValueError("allowed_ports must be TCP ports (1-65535)")
        if self.max_redirects < 0 or self.max_bytes <= 0 or self.timeout_s <= 0:
            raise ValueError("max_redirects must be >= 0, max_bytes and timeout_s > 0")

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            allow_private_hosts=settings.allow_private_hosts,
            allowed_ports=frozenset(settings.allowed_ports),
            max_redirects=settings.max_redirects,
            max_bytes=settings.fetch_max_bytes,
            timeout_s=settings.fetch_timeout_s,
            user_agent=settings.user_agent,
        )


MAX_LINGERING_FETCH_LOOKUPS: Final = 32
"""Page and report lookups in flight at once. A lookup the fetch stopped waiting for keeps its
thread until the system resolver gives up (5 s x 2 by default): without a bound, a stuck
resolver and a flood of Briefs for distinct hosts parked one thread per request (the model
client's lookups have their own 8, so a page's hosts never take the model's). A lookup that
finds no slot free waits inside its own timeout, then times out as the lookup would have."""

_FETCH_LOOKUP_SLOTS: Final = threading.BoundedSemaphore(MAX_LINGERING_FETCH_LOOKUPS)


def system_resolver(host: str, port: int, timeout: float | None) -> list[str]:
    """Resolve ``host`` with the system resolver, giving up after ``timeout`` seconds.

    getaddrinfo cannot be cancelled, so it runs in a daemon thread that is abandoned on timeout:
    a hung resolver costs a parked thread, not the request's time budget, and at most
    :data:`MAX_LINGERING_FETCH_LOOKUPS` threads are parked at once.
    """
    started = time.monotonic()
    if not _FETCH_LOOKUP_SLOTS.acquire(timeout=timeout):
        raise TimeoutError("DNS lookup timed out (every lookup slot is held)")
    answers: list[list[str]] = []
    errors: list[OSError] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            errors.append(exc)
            return
        finally:
            _FETCH_LOOKUP_SLOTS.release()
        # sockaddr[0] is the address for both families; dict.fromkeys dedupes, keeping order.
        answers.append(list(dict.fromkeys(str(info[4][0]) for info in infos)))

    worker = threading.Thread(target=lookup, name="parallax-dns", daemon=True)
    try:
        worker.start()
    except BaseException:
        _FETCH_LOOKUP_SLOTS.release()
        raise
    worker.join(None if timeout is None else max(0.0, timeout - (time.monotonic() - started)))
    if worker.is_alive():
        raise TimeoutError("DNS lookup timed out")
    if errors:
        raise errors[0]
    return answers[0]


def connect_socket(ip: str, port: int, timeout: float | None) -> socket.socket:
    """Open a TCP connection to the literal address ``ip`` (no name resolution happens here)."""
    address = ipaddress.ip_address(ip)
    family = socket.AF_INET if address.version == 4 else socket.AF_INET6
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.connect((str(address), port))
    except BaseException:
        sock.close()
        raise
    return sock


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self._at = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self._at - time.monotonic()
        if left <= 0:
            raise UpstreamTimeout("The page took too long to fetch")
        return left

    def clamp(self, timeout: float | None) -> float:
        left = self.remaining()
        return left if timeout is None else min(timeout, left)


class _SocketStream(httpcore.NetworkStream):
    """httpcore's view of one socket, with every operation bounded by the fetch deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def _timeout(self, timeout: float | None, error: type[Exception]) -> float:
        try:
            return self._deadline.clamp(timeout)
        except UpstreamTimeout:
            raise error("fetch deadline reached") from None

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._sock.settimeout(self._timeout(timeout, httpcore.ReadTimeout))
        try:
            return self._sock.recv(max_bytes)
        except TimeoutError as exc:
            raise httpcore.ReadTimeout(str(exc)) from exc
        except OSError as exc:
            raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        while buffer:
            self._sock.settimeout(self._timeout(timeout, httpcore.WriteTimeout))
            try:
                sent = self._sock.send(buffer)
            except TimeoutError as exc:
                raise httpcore.WriteTimeout(str(exc)) from exc
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            buffer = buffer[sent:]

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        try:
            self._sock.settimeout(self._timeout(timeout, httpcore.ConnectTimeout))
            # server_hostname is the URL's host name, not the IP we dialled: SNI and the
            # certificate check are about the site the reader asked for.
            tls = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError as exc:
            self._sock.close()
            raise httpcore.ConnectTimeout(str(exc)) from exc
        except OSError as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        except BaseException:
            self._sock.close()
            raise
        return _SocketStream(tls, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            # httpcore only asks for selected_alpn_protocol(), which SSLSocket has itself.
            return self._sock if isinstance(self._sock, ssl.SSLSocket) else None
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            # An idle keep-alive socket that is readable has been closed (or spoken to) by the
            # server and must not be reused.
            poller = select.poll()
            poller.register(self._sock, select.POLLIN)
            return bool(poller.poll(0))
        return None


class _GuardedBackend(httpcore.NetworkBackend):
    """Resolve once, check every answer, connect to a checked address."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver,
        connector: Connector,
        deadline: _Deadline,
    ) -> None:
        self._policy = policy
        self._resolver = resolver
        self._connector = connector
        self._deadline = deadline

    def _addresses(self, host: str, port: int) -> list[IPAddress]:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            pass
        else:
            return [check_ip(literal, self._policy)]
        check_host_name(host, self._policy)
        try:
            answers = self._resolver(host, port, self._deadline.remaining())
        except TimeoutError:
            raise UpstreamTimeout("Resolving the host name took too long") from None
        except OSError:
            raise FetchFailed("The host name could not be resolved") from None
        if not answers:
            raise FetchFailed("The host name could not be resolved")
        # All or nothing: a name that also points inside is refused even if one answer is public,
        # since which address gets used is up to whoever controls that DNS answer.
        return list(dict.fromkeys(check_ip(answer, self._policy) for answer in answers))

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._addresses(host, port)
        failure: OSError | None = None
        for address in addresses:
            try:
                sock = self._connector(str(address), port, self._deadline.clamp(timeout))
            except TimeoutError as exc:
                raise httpcore.ConnectTimeout(str(exc)) from exc
            except OSError as exc:
                failure = exc
                continue
            return _SocketStream(sock, self._deadline)
        raise httpcore.ConnectError(str(failure) if failure else "no address to connect to")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")


_TIMEOUT_ERRORS: Final = (httpcore.TimeoutException,)
_TRANSPORT_ERRORS: Final = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
    OSError,
)


@contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except ParallaxError:
        raise
    except _TIMEOUT_ERRORS:
        raise UpstreamTimeout("The page took too long to fetch") from None
    except _TRANSPORT_ERRORS:
        raise FetchFailed("The connection to the site failed") from None
    except httpx.InvalidURL:
        raise FetchFailed("The URL could not be requested") from None


def _drop_unsendable_cookies(cookies: httpx.Cookies) -> None:
    """Forget the cookies a request header cannot carry: httpx sends headers as ASCII, and a
    ``Set-Cookie`` with a byte outside it (a Latin-1 value, name or path, as sloppy servers send)
    made the next hop's request raise UnicodeEncodeError, a 500 for a page that only redirected.
    The page is fetched without them, as a first visit is."""
    unsendable = [
        cookie
        for cookie in cookies.jar
        if not all(
            (part or "").isascii() and (part or "").isprintable()
            for part in (cookie.name, cookie.value, cookie.domain, cookie.path)
        )
    ]
    for cookie in unsendable:
        cookies.jar.clear(cookie.domain, cookie.path, cookie.name)


def _loggable(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class _Decompressor:
    """Content-Encoding decoding with a hard output cap per call, so inflating never allocates
    more than the bytes still allowed."""

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in {"gzip", "x-gzip", "deflate"}):
            raise FetchFailed("The page uses an unsupported content encoding")
        self._coding = codings[0] if codings else None
        self._zlib: Any = None
        self._started = False
        if self._coding in {"gzip", "x-gzip"}:
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        """Decode ``data``; the result is longer than ``budget`` only when the cap is crossed."""
        if self._zlib is None:
            return data
        try:
            out: bytes = self._zlib.decompress(data, budget + 1)
        except zlib.error:
            if self._coding != "deflate" or self._started:
                raise FetchFailed("The page's compressed body is corrupt") from None
            # Servers disagree on whether "deflate" has a zlib header; retry as raw deflate.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._started = True
            return self.feed(data, budget)
        self._started = True
        return out

    def flush(self) -> bytes:
        if self._zlib is None:
            return b""
        try:
            return bytes(self._zlib.flush())
        except zlib.error:
            raise FetchFailed("The page's compressed body is corrupt") from None


_HTML_SIGNATURES: Final = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
)


def _looks_like_html(head: bytes) -> bool:
    """The WHATWG MIME-sniffing patterns for text/html, then any early <html>/<body> tag."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    text = head.lstrip(b"\t\n\x0c\r ").lower()
    if b"\x00" in text[:_SNIFF_BYTES]:
        return False
    for signature in _HTML_SIGNATURES:
        if text.startswith(signature):
            rest = text[len(signature) : len(signature) + 1]
            if rest in {b"", b" ", b">"} or signature in {b"<!--", b"<!doctype html"}:
                return True
    # Beyond the spec: pages opening with <meta> or a stray text node are still pages, and a
    # content-type sniff decides nothing about safety.
    window = text[:_SNIFF_BYTES]
    return b"<html" in window or b"<body" in window


HTML_MEDIA: Final = MediaRule(
    accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    media_types=HTML_TYPES,
    sniff=_looks_like_html,
)

# Headers the fetcher owns: the host and framing are httpcore's, and only the encodings that
# _Decompressor can cap may be offered.
_RESERVED_HEADERS: Final = frozenset(
    {"host", "accept-encoding", "content-length", "transfer-encoding", "connection", "cookie"}
)


_CHARSET_PARAM: Final = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def _content_type(headers: httpx.Headers) -> tuple[str | None, str | None]:
    value = headers.get("content-type", "")
    media_type = value.split(";", 1)[0].strip().lower()
    match = _CHARSET_PARAM.search(value)
    return (media_type or None), (match.group(1) if match else None)


class GuardedFetcher:
    """``PageFetcher`` that refuses anything but public HTML pages over http(s).

    ``resolver`` and ``connector`` default to the system resolver and a plain TCP connect; tests
    pass stubs so that no packet leaves the machine.
    """

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver | None = None,
        connector: Connector | None = None,
    ) -> None:
        self._policy = policy
        self._resolver: Resolver = resolver or system_resolver
        self._connector: Connector = connector or connect_socket
        self._tls: ssl.SSLContext | None = None
        self._tls_lock = threading.Lock()

    @property
    def policy(self) -> FetchPolicy:
        return self._policy

    def _ssl_context(self) -> ssl.SSLContext:
        # Built on first use: loading the CA bundle is I/O, and most Briefs never fetch.
        with self._tls_lock:
            if self._tls is None:
                self._tls = httpx.create_ssl_context(trust_env=False)
            return self._tls

    def fetch(self, url: str) -> FetchedPage:
        response = self.fetch_bytes(url, HTML_MEDIA)
        if not 200 <= response.status < 300:
            raise FetchFailed(f"The site answered with HTTP status {response.status}")
        return FetchedPage(
            url=response.url,
            html=decode_html(response.body, response.charset),
            status=response.status,
            content_type=response.media_type or "text/html",
        )

    def fetch_bytes(
        self,
        url: str,
        media: MediaRule = HTML_MEDIA,
        extra_headers: Mapping[str, str] | None = None,
    ) -> FetchedResponse:
        """Fetch ``url`` through the guard and return the final response.

        Only a 2xx body is read (and checked against ``media``); any other final status comes
        back with an empty body for the caller to judge (a 304 after ``If-None-Match``, a 410 for
        a feed that is gone). Raises ``BlockedUrl``/``FetchFailed``/``TooLarge``/
        ``UnsupportedMedia``/``UpstreamTimeout`` like :meth:`fetch`, and ``ValueError`` when
        ``extra_headers`` tries to set a header the fetcher owns (Host, Accept-Encoding, ...).
        """
        headers = dict(extra_headers or {})
        reserved = sorted(name for name in headers if name.lower() in _RESERVED_HEADERS)
        if reserved:
            raise ValueError(f"headers set by the fetcher itself: {', '.join(reserved)}")
        deadline = _Deadline(self._policy.timeout_s)
        target = check_url(url, self._policy)
        backend = _GuardedBackend(self._policy, self._resolver, self._connector, deadline)
        cookies = httpx.Cookies()
        # One pool per fetch: its connections carry this fetch's deadline and checked addresses.
        with (
            _mapped_errors(),
            httpcore.ConnectionPool(
                ssl_context=self._ssl_context(),
                network_backend=backend,
                retries=0,
            ) as pool,
        ):
            redirects = 0
            while True:
                response = self._send(
                    pool, target, cookies, deadline, media=media, extra_headers=headers
                )
                try:
                    location = self._redirect_location(response)
                    if location is None:
                        return self._read_response(target, response, deadline, media)
                    if redirects >= self._policy.max_redirects:
                        raise FetchFailed(
                            f"The page redirected more than {self._policy.max_redirects} times"
                        )
                    redirects += 1
                    try:
                        next_url = urljoin(target.url, location)
                    except ValueError:
                        # An IPv6 literal never closed ("http://[::1"): the hop is refused as
                        # any URL the guard cannot read is, not left to escape as a ValueError.
                        raise BlockedUrl("The page redirected to a malformed URL") from None
                    try:
                        target = check_url(next_url, self._policy)
                    except ParallaxError as exc:
                        _LOG.info("redirect refused: %s (%s)", _loggable(target.url), exc.detail)
                        raise
                finally:
                    response.close()

    def _send(
        self,
        pool: httpcore.ConnectionPool,
        target: CheckedUrl,
        cookies: httpx.Cookies,
        deadline: _Deadline,
        *,
        media: MediaRule,
        extra_headers: Mapping[str, str],
    ) -> httpcore.Response:
        timeout = deadline.remaining()
        request = httpx.Request(
            "GET",
            target.url,
            headers={
                "User-Agent": self._policy.user_agent,
                "Accept": media.accept,
                **extra_headers,
                # Only what _Decompressor can cap; br/zstd would need their own bounded decoders.
                "Accept-Encoding": "gzip, deflate",
            },
        )
        cookies.set_cookie_header(request)
        response = pool.handle_request(
            httpcore.Request(
                method="GET",
                url=httpcore.URL(
                    scheme=request.url.raw_scheme,
                    host=request.url.raw_host,
                    port=request.url.port,
                    target=request.url.raw_path,
                ),
                headers=request.headers.raw,
                extensions={
                    "timeout": {
                        "connect": timeout,
                        "read": timeout,
                        "write": timeout,
                        "pool": timeout,
                    }
                },
            )
        )
        cookies.extract_cookies(
            httpx.Response(response.status, headers=response.headers, request=request)
        )
        _drop_unsendable_cookies(cookies)
        _LOG.debug("fetched %s -> %d", _loggable(target.url), response.status)
        return response

    @staticmethod
    def _redirect_location(response: httpcore.Response) -> str | None:
        if response.status not in _REDIRECTS:
            return None
        location = httpx.Headers(response.headers).get("location", "").strip()
        return location or None

    def _read_response(
        self,
        target: CheckedUrl,
        response: httpcore.Response,
        deadline: _Deadline,
        media: MediaRule,
    ) -> FetchedResponse:
        headers = httpx.Headers(response.headers)
        media_type, charset = _content_type(headers)
        if not 200 <= response.status < 300:
            return FetchedResponse(
                url=target.url,
                status=response.status,
                headers=headers,
                body=b"",
                media_type=media_type,
                charset=charset,
            )
        sniffed = media_type is not None and media_type not in media.sniffed_types
        if sniffed and media_type not in media.media_types:
            raise UnsupportedMedia(f"The page is {media_type}, not {media.description}")
        cap = self._policy.max_bytes
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"The page is larger than {cap} bytes")

        decompressor = _Decompressor(headers.get("content-encoding", ""))
        body = bytearray()
        received = 0
        for chunk in response.iter_stream():
            deadline.remaining()
            received += len(chunk)
            if received > cap:
                raise TooLarge(f"The page is larger than {cap} bytes")
            body += decompressor.feed(chunk, cap - len(body))
            if len(body) > cap:
                raise TooLarge(f"The page is larger than {cap} bytes")
            if not sniffed and len(body) >= _SNIFF_BYTES:
                # Decide early so a mislabelled binary is not downloaded in full.
                if not media.sniff(bytes(body[:_SNIFF_BYTES])):
                    raise UnsupportedMedia(f"The page is not {media.description}")
                sniffed = True
        body += decompressor.flush()
        if len(body) > cap:
            raise TooLarge(f"The page is larger than {cap} bytes")
        if not sniffed and not media.sniff(bytes(body)):
            raise UnsupportedMedia(f"The page is not {media.description}")
        return FetchedResponse(
            url=target.url,
            status=response.status,
            headers=headers,
            body=bytes(body),
            media_type=media_type,
            charset=charset,
        )
