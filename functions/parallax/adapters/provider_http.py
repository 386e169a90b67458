"""The one HTTP GET the search providers share: capped, deadline-bound, failures as domain errors.

Providers call configured, trusted endpoints (Google News, GDELT, or a loopback fake in tests),
not addresses taken from a reader, so the fetcher's SSRF guard is not needed here. What is still
needed:

* a size cap on the *decoded* body (a compressed answer cannot inflate past it);
* one wall-clock deadline for the whole call, redirects included; the related-coverage service
  enforces its own budget on top, so a read that overruns by a fraction of a second costs a
  parked thread, never the reader's time;
* redirects only within the same host (a consent page or a mirror elsewhere is a failure, not
  something to follow);
* one httpx client for the whole process (unless a caller injects its own), so connections are
  reused across requests and the CA bundle is loaded once;
* every failure as a :class:`~parallax.domain.errors.ParallaxError`: ``UpstreamTimeout`` when time
  ran out, ``FetchFailed`` otherwise, with a short detail that names the provider and never
  quotes the answer (an error page may echo the query, which echoes the reader's article).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Final
from urllib.parse import urljoin, urlsplit

import httpx

from parallax.config import Settings
from parallax.domain.errors import FetchFailed, UpstreamTimeout

__all__ = ["DEFAULT_MAX_BYTES", "ProviderHttp", "looks_like_html", "shared_client", "warm_up"]

DEFAULT_MAX_BYTES: Final = 2_000_000
_MAX_REDIRECTS: Final = 3
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


def looks_like_html(body: bytes) -> bool:
    """Whether ``body`` is an HTML page (an error or consent page where data was expected)."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


_SHARED: httpx.Client | None = None
_SHARED_LOCK = threading.Lock()


def shared_client() -> httpx.Client:
    """The one httpx client every provider without its own uses, made on first use.

    One client, because each new one loads the CA bundle (about 0.1 s on a cold start) and keeps
    its own connection pool; providers calling the same hosts again should reuse connections.
    httpx clients are safe to share between threads.
    """
    global _SHARED  # noqa: PLW0603 - a process-wide, lazily built resource
    if _SHARED is None:
        with _SHARED_LOCK:
            if _SHARED is None:
                # No cookie jar that keeps anything: a provider's cookies went back with every
                # later reader's search from this process (linking them), and one with a byte
                # outside ASCII made every later call raise UnicodeEncodeError until a restart.
                # The searches are stateless and need none.
                _SHARED = httpx.Client(
                    follow_redirects=False,
                    cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
                )
    return _SHARED


def warm_up() -> None:
    """Build the shared client now (at cold start, off the first request's clock)."""
    shared_client()


class ProviderHttp:
    """GETs against one provider's base URL. Thread-safe.

    Uses ``client`` when given (the caller owns and closes it), else the process's shared client.
    """

    def __init__(
        self,
        name: str,
        base_url: str,
        timeout_s: float,
        client: httpx.Client | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str | None = None,
    ) -> None:
        if timeout_s <= 0 or max_bytes <= 0:
            raise ValueError("timeout_s and max_bytes must be positive")
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("base_url must be an absolute http(s) URL")
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self._host = parts.hostname.lower()
        self._client = client
        self._user_agent = user_agent or str(Settings.model_fields["user_agent"].default)

    def _http(self) -> httpx.Client:
        return self._client if self._client is not None else shared_client()

    def get(
        self,
        path: str,
        params: Mapping[str, str],
        timeout_s: float | None = None,
        accept: str = "*/*",
    ) -> tuple[bytes, str]:
        """The body and content type of a 200 answer to ``GET {base}{path}?{params}``."""
        budget = min(self.timeout_s, timeout_s) if timeout_s is not None else self.timeout_s
        deadline = time.monotonic() + budget
        url = self.base_url + path
        query: Mapping[str, str] | None = params
        for _ in range(_MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise UpstreamTimeout(f"{self.name} did not answer within {budget:g} s")
            try:
                with self._http().stream(
                    "GET",
                    url,
                    params=query,
                    headers={
                        "Accept": accept,
                        "User-Agent": self._user_agent,
                        # httpx inflates each chunk whole before our cap sees it, so a small
                        # gzip bomb would cost memory first: ask for the body as it is.
                        "Accept-Encoding": "identity",
                    },
                    timeout=httpx.Timeout(remaining),
                ) as response:
                    if response.status_code in _REDIRECTS:
                        url = self._same_host_redirect(url, response.headers.get("location"))
                        query = None
                        continue
                    if response.status_code != 200:
                        raise FetchFailed(f"{self.name} answered HTTP {response.status_code}")
                    body = self._read(response, deadline, budget)
                    return body, response.headers.get("content-type", "")
            except httpx.TimeoutException:
                raise UpstreamTimeout(f"{self.name} did not answer within {budget:g} s") from None
            except httpx.HTTPError as exc:
                # The exception's message can carry the URL, and the URL carries the query.
                raise FetchFailed(
                    f"{self.name} could not be reached ({type(exc).__name__})"
                ) from None
        raise FetchFailed(f"{self.name} redirected too often")

    def _same_host_redirect(self, current: str, location: str | None) -> str:
        if not location:
            raise FetchFailed(f"{self.name} answered a redirect without a location")
        target = urljoin(current, location)
        parts = urlsplit(target)
        if parts.scheme not in {"http", "https"} or (parts.hostname or "").lower() != self._host:
            raise FetchFailed(f"{self.name} redirected to another host")
        return target

    def _read(self, response: httpx.Response, deadline: float, budget: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchFailed(f"{self.name} answer is larger than {self.max_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchFailed(f"{self.name} answer is larger than {self.max_bytes} bytes")
            if time.monotonic() > deadline:
                raise UpstreamTimeout(f"{self.name} did not answer within {budget:g} s")
            chunks.append(chunk)
        return b"".join(chunks)
