"""The HTTP client the model SDK is given: its connections keep to the current call's deadline
(:func:`parallax.adapters.llm.deadline.call_deadline`) in every connect, write and read, so an
answer that trickles in ends as a timeout when the call's time is up, not when the sender stops.

Imported with the SDK (by :func:`parallax.adapters.llm.clients.make_llm_client`), never at start:
``httpx2`` and ``httpcore2`` are the HTTP stack of ``anthropic`` 2.x.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any, Final

import anthropic
import httpcore2
import httpx2
from httpx2._utils import get_environment_proxies

from parallax.adapters.llm.deadline import DeadlineReached, clamp_timeout

__all__ = ["deadline_http_client"]

_WRITE_PIECE: Final = 16_384
"""Bytes written under one clamped timeout: a peer that reads slowly still meets the deadline."""

_LIMITS: Final = httpx2.Limits(max_connections=100, max_keepalive_connections=20)
"""A process makes a few model calls at once (one per Brief worker and related lookup)."""


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
        stream = self._inner.connect_tcp(
            host, port, _left(timeout, httpcore2.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

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
        # A SOCKS proxy keeps httpx's pool (built above, as the SDK's client would): no deadline.


def deadline_http_client() -> httpx2.Client:
    """The SDK's default HTTP client (its redirects and timeouts) over :class:`_DeadlineTransport`.

    A proxy named in the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``)
    carries the calls as in the SDK's own client, which reads them only when it builds its
    transports: given ours, it would connect directly (behind an egress proxy, every model call
    failed as ``connection``)."""
    mounts: dict[str, httpx2.BaseTransport | None] = {
        pattern: None if url is None else _DeadlineTransport(proxy=url)
        for pattern, url in get_environment_proxies().items()
    }
    client: httpx2.Client = anthropic.DefaultHttpxClient(
        transport=_DeadlineTransport(), mounts=mounts
    )
    return client
