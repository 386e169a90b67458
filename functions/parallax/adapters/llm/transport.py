"""The HTTP client the model SDK is given: its connections keep to the current call's deadline
(:func:`parallax.adapters.llm.deadline.call_deadline`) in every connect, write and read, so an
answer that trickles in ends as a timeout when the call's time is up, not when the sender stops.

The name lookup inside a connect is held to the deadline too (:func:`_resolve`), and the pool
keeps the SDK's TCP keep-alive options (:data:`SDK_SOCKET_OPTIONS`). A proxy the deadline cannot
be held through (SOCKS) is refused when the client is built (:class:`ProxyNotSupported`).

Imported with the SDK (by :func:`parallax.adapters.llm.clients.make_llm_client`), never at start:
``httpx2`` and ``httpcore2`` are the HTTP stack of ``anthropic`` 2.x.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import sys
import threading
from collections.abc import Iterable
from typing import Any, Final

import anthropic
import httpcore2
import httpx2
from httpx2._utils import get_environment_proxies

from parallax.adapters.llm.deadline import DeadlineReached, clamp_timeout

__all__ = [
    "MAX_LINGERING_LOOKUPS",
    "SDK_SOCKET_OPTIONS",
    "ProxyNotSupported",
    "check_proxy_route",
    "deadline_http_client",
]

_WRITE_PIECE: Final = 16_384
"""Bytes written under one clamped timeout: a peer that reads slowly still meets the deadline."""

_LIMITS: Final = httpx2.Limits(max_connections=100, max_keepalive_connections=20)
"""A process makes a few model calls at once (one per Brief worker and related lookup)."""


def _keepalive_options() -> list[httpcore2.SOCKET_OPTION]:
    # The same list anthropic's own client gives its transports (_base_client._DefaultHttpxClient:
    # keep-alive probes after 60 s idle, every 60 s, 5 of them), so that a long answer over a
    # NAT or load balancer that drops idle flows is not cut. Given our transport, the SDK sets
    # none; test_llm_transport compares this with the SDK's own pool.
    options: list[httpcore2.SOCKET_OPTION] = [(socket.SOL_SOCKET, socket.SO_KEEPALIVE, True)]
    interval = getattr(socket, "TCP_KEEPINTVL", None)
    if interval is not None:
        options.append((socket.IPPROTO_TCP, interval, 60))
    elif sys.platform == "darwin":
        options.append((socket.IPPROTO_TCP, getattr(socket, "TCP_KEEPALIVE", 0x10), 60))
    count = getattr(socket, "TCP_KEEPCNT", None)
    if count is not None:
        options.append((socket.IPPROTO_TCP, count, 5))
    idle = getattr(socket, "TCP_KEEPIDLE", None)
    if idle is not None:
        options.append((socket.IPPROTO_TCP, idle, 60))
    return options


SDK_SOCKET_OPTIONS: Final = tuple(_keepalive_options())
"""Set on every socket of the model's pool, as the SDK's own client sets them."""

MAX_LINGERING_LOOKUPS: Final = 8
"""Name lookups in flight at once. A lookup the deadline stopped waiting for keeps its thread
until the system resolver gives up (resolv.conf's ``timeout`` x ``attempts``: 5 s x 2 by
default): at most this many threads are ever blocked in ``getaddrinfo``; a connect that finds
none free waits for one inside its own time, then fails as a connect timeout."""

_LOOKUP_SLOTS: Final = threading.BoundedSemaphore(MAX_LINGERING_LOOKUPS)


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    try:
        return clamp_timeout(timeout)
    except DeadlineReached:
        raise error("the model call's deadline was reached") from None


class _DeadlineStream(httpcore2.NetworkStream):
    """One connection whose every operation ends by the current call's deadline."""

    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), _WRITE_PIECE):
            piece = buffer[start : start + _WRITE_PIECE]
            self._inner.write(piece, _left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        wrapped = self._inner.start_tls(
            ssl_context, server_hostname, _left(timeout, httpcore2.ConnectTimeout)
        )
        return _DeadlineStream(wrapped)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of ``host``, in the resolver's order, within ``timeout``.

    ``socket.create_connection`` (httpcore's connect) looks the name up first, and nothing bounds
    ``getaddrinfo``: a resolver that does not answer held a call far past its deadline. The
    lookup runs in a daemon thread that is waited for at most ``timeout``; the thread may outlive
    the wait (:data:`MAX_LINGERING_LOOKUPS` bounds how many do)."""
    if _is_address(host):
        return [host]
    if not _LOOKUP_SLOTS.acquire(timeout=timeout):
        raise httpcore2.ConnectTimeout("no name lookup slot within the model call's deadline")
    found: list[str] = []
    failed: list[Exception] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            for *_, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
                if str(sockaddr[0]) not in found:
                    found.append(str(sockaddr[0]))
        except Exception as exc:  # gaierror; UnicodeError for a label IDNA cannot encode
            failed.append(exc)
        finally:
            _LOOKUP_SLOTS.release()
            done.set()

    threading.Thread(target=look_up, name="llm-name-lookup", daemon=True).start()
    if not done.wait(timeout):
        raise httpcore2.ConnectTimeout("the name lookup outlasted the model call's deadline")
    if failed:
        raise httpcore2.ConnectError(str(failed[0]))
    if not found:
        raise httpcore2.ConnectError(f"no address for {host}")
    return found


class _DeadlineBackend(httpcore2.NetworkBackend):
    """httpcore's socket backend, its connections wrapped in :class:`_DeadlineStream`."""

    def __init__(self) -> None:
        self._inner = httpcore2.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        addresses = _resolve(host, port, _left(timeout, httpcore2.ConnectTimeout))
        failure: Exception | None = None
        # Each address in turn, as socket.create_connection does, each under the time left.
        for address in addresses:
            left = _left(timeout, httpcore2.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(address, port, left, local_address, socket_options)
            except (httpcore2.ConnectError, httpcore2.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None  # _resolve returns at least one address
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _left(timeout, httpcore2.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineTransport(httpx2.HTTPTransport):
    """httpx's transport, its pool (direct, or through an HTTP(S) ``proxy``) over
    :class:`_DeadlineBackend`."""

    def __init__(self, proxy: str | None = None) -> None:
        super().__init__(limits=_LIMITS, proxy=proxy)
        # httpx's transport takes no network backend: its (still unused) pool is replaced by the
        # same pool over ours. tests/integration/test_llm_summariser.py's trickling answers fail
        # if a new httpx2 stops reading self._pool.
        pool_settings: dict[str, Any] = {
            "ssl_context": httpx2.create_ssl_context(),
            "max_connections": _LIMITS.max_connections,
            "max_keepalive_connections": _LIMITS.max_keepalive_connections,
            "keepalive_expiry": _LIMITS.keepalive_expiry,
            "network_backend": _DeadlineBackend(),
            "socket_options": SDK_SOCKET_OPTIONS,
        }
        if proxy is None:
            self._pool = httpcore2.ConnectionPool(**pool_settings)
            return
        via = httpx2.Proxy(url=proxy)
        if via.url.scheme in ("http", "https"):
            self._pool = httpcore2.HTTPProxy(
                proxy_url=httpcore2.URL(
                    scheme=via.url.raw_scheme,
                    host=via.url.raw_host,
                    port=via.url.port,
                    target=via.url.raw_path,
                ),
                proxy_auth=via.raw_auth,
                proxy_headers=via.headers.raw,
                proxy_ssl_context=via.ssl_context,
                **pool_settings,
            )
            return
        # Only HTTP(S) proxies reach here: deadline_http_client mounts _UnsupportedProxy for
        # any other, whose pool (SOCKS: httpx's own, over its own backend) would keep no deadline.
        raise ProxyNotSupported(f"a {via.url.scheme} proxy cannot carry the model's calls")


class ProxyNotSupported(ValueError):
    """The environment names a proxy for the model's calls that the call's deadline cannot be held
    through (SOCKS, or a scheme httpx does not know). The message names the variable and the
    scheme, never the proxy's address (it may carry a user name and password)."""


_PROXY_VARIABLES: Final = {
    "http://": "HTTP_PROXY",
    "https://": "HTTPS_PROXY",
    "all://": "ALL_PROXY",
}


class _UnsupportedProxy(httpx2.BaseTransport):
    """Mounted where the environment names a proxy we cannot use: :func:`check_proxy_route`
    refuses a client whose model URL it would carry; any request through it fails the same way."""

    def __init__(self, pattern: str, scheme: str) -> None:
        variable = _PROXY_VARIABLES.get(pattern, pattern)
        self.problem = (
            f"{variable} (or {variable.lower()}) names a {scheme or 'scheme-less'} proxy: the "
            "model's calls cannot keep their deadline through it. Name an http:// or https:// "
            "proxy, or add the model's host to NO_PROXY"
        )

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ProxyError(self.problem, request=request)


def check_proxy_route(client: httpx2.Client, url: str | httpx2.URL) -> None:
    """Raise :class:`ProxyNotSupported` if requests to ``url`` (the model's base URL) would go
    through a proxy the deadline cannot be held through."""
    # httpx's own choice of mount for the URL (patterns by specificity, NO_PROXY's bypasses).
    transport = client._transport_for_url(httpx2.URL(str(url)))
    if isinstance(transport, _UnsupportedProxy):
        raise ProxyNotSupported(transport.problem)


def deadline_http_client() -> httpx2.Client:
    """The SDK's default HTTP client (its limits and timeouts) over :class:`_DeadlineTransport`,
    following no redirect.

    The SDK's own client follows them, and httpx drops only ``Authorization`` when one leads to
    another host: Bedrock's ``X-Amz-Security-Token`` and ``X-Amz-Date``, the ``anthropic-*``
    headers and the whole request body (the article) were sent to wherever the answer pointed,
    and ``Authorization`` too on an ``http://`` to ``https://`` redirect on the same host. A
    model API never answers with one: a redirect is the call's failure (``redirect_3xx``).

    A proxy named in the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``)
    carries the calls as in the SDK's own client, which reads them only when it builds its
    transports: given ours, it would connect directly (behind an egress proxy, every model call
    failed as ``connection``). Any other proxy (SOCKS) is mounted as :class:`_UnsupportedProxy`,
    which :func:`check_proxy_route` refuses when the model's URL would go through it."""
    mounts: dict[str, httpx2.BaseTransport | None] = {}
    for pattern, url in get_environment_proxies().items():
        if url is None:
            mounts[pattern] = None  # NO_PROXY: the default transport, direct
            continue
        scheme = url.partition("://")[0].lower()
        if scheme in ("http", "https"):
            mounts[pattern] = _DeadlineTransport(proxy=url)
        else:
            mounts[pattern] = _UnsupportedProxy(pattern, scheme)
    client: httpx2.Client = anthropic.DefaultHttpxClient(
        transport=_DeadlineTransport(), mounts=mounts, follow_redirects=False
    )
    return client
