"""What the hardening tests share: the real ``parallax serve`` stack with a fetcher that cannot
leave the machine, and a stub network that carries "public" addresses to loopback listeners.

The service is built exactly as :func:`parallax.wiring.build_brief_service` builds it (outlet
lookup, model adapters, related service, SQLite cache), except that the guarded fetcher gets an
injected resolver and connector. That keeps the SSRF guard in the loop (every URL and every
resolved address is still checked) while no DNS query and no packet can reach another host.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher, connect_socket
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.extraction import extract_article
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import BriefCache, PageFetcher, Summariser
from parallax.wiring import (
    MetricsSink,
    _build_cache,
    build_model_adapters,
    build_outlet_lookup,
    build_related_service,
)

# A documentation-looking but globally routable address (example.com's range) that the stub
# network carries to a loopback listener: the guard sees a public address, nothing leaves the host.
PUBLIC_V4 = "93.184.215.14"


def offline_resolver(host: str, port: int, timeout: float | None) -> list[str]:
    """No DNS at all: every name is unknown."""
    raise socket.gaierror(socket.EAI_NONAME, "the test network has no DNS")


def refusing_connector(ip: str, port: int, timeout: float | None) -> socket.socket:
    """No route anywhere: every connection is refused before a socket exists."""
    raise ConnectionRefusedError("the test network has no route")


def offline_fetcher(settings: Settings) -> GuardedFetcher:
    """The real guard on the settings' policy, on a network where nothing answers."""
    return GuardedFetcher(
        FetchPolicy.from_settings(settings),
        resolver=offline_resolver,
        connector=refusing_connector,
    )


def build_service(
    settings: Settings,
    fetcher: PageFetcher,
    *,
    summariser: Summariser | None = None,
    cache: BriefCache | None = None,
    metrics: MetricsSink | None = None,
) -> BriefService:
    """``build_brief_service(settings, metrics)`` with ``fetcher`` (and optionally the
    summariser/cache) swapped in."""
    outlet_lookup = build_outlet_lookup(settings)
    built_summariser, translator = build_model_adapters(settings, metrics)
    return BriefService(
        fetcher=fetcher,
        # The wiring's own choice of cache, so that this stays what `parallax serve` runs.
        cache=cache if cache is not None else _build_cache(settings),
        summariser=summariser or built_summariser,
        extractor=extract_article,
        cache_ttl_s=settings.cache_ttl_s,
        related=build_related_service(settings, outlet_lookup),
        outlet_lookup=outlet_lookup,
        translator=translator,
        deadline_s=settings.brief_deadline_s,
        workers=settings.brief_workers,
    )


@contextmanager
def serve(
    settings: Settings,
    fetcher: PageFetcher | None = None,
    *,
    service: BriefService | None = None,
    **server_options: Any,
) -> Iterator[LocalServer]:
    """The local server (``parallax serve``'s server and routes) on a free loopback port."""
    built = service or build_service(settings, fetcher or offline_fetcher(settings))
    server = LocalServer(
        lambda: create_app(settings, lambda: built),
        host="127.0.0.1",
        port=0,
        max_body_bytes=settings.max_body_bytes,
        **server_options,
    )
    with server:
        yield server


@dataclass
class StubNetwork:
    """DNS and routing for the SSRF suite, all of it ending on loopback.

    ``table`` maps a host name to its DNS answers; a name with several answer lists gives the next
    one on each lookup (the last one repeats), which is how a rebinding DNS server behaves.
    ``routes`` maps an address to the loopback port that plays it (the "public" news site);
    every other address the fetcher dials is carried to ``trap_port``, a listener that counts
    connections. A guard that let anything internal through would show up there, and no packet
    ever goes anywhere but 127.0.0.1.
    """

    routes: dict[str, int]
    trap_port: int
    table: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    dialled: list[tuple[str, int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def resolve(self, host: str, port: int, timeout: float | None) -> Sequence[str]:
        with self._lock:
            self.lookups.append(host)
            answers = self.table.get(host)
            if answers is None:
                raise socket.gaierror(socket.EAI_NONAME, "unknown test host")
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def connect(self, ip: str, port: int, timeout: float | None) -> socket.socket:
        ipaddress.ip_address(ip)  # the fetcher only ever dials literal addresses
        with self._lock:
            self.dialled.append((ip, port))
        return connect_socket("127.0.0.1", self.routes.get(ip, self.trap_port), timeout)

    def fetcher(self, settings: Settings) -> GuardedFetcher:
        return GuardedFetcher(
            FetchPolicy.from_settings(settings), resolver=self.resolve, connector=self.connect
        )

    def reset(self) -> None:
        with self._lock:
            self.lookups.clear()
            self.dialled.clear()
