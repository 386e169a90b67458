"""Shared fixtures. Every test gets its own PARALLAX_HOME and no test reaches the internet."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Fixtures more than one folder uses, kept in one module: the Anthropic fake's (integration and
# cloud tests both had their own copy).
pytest_plugins = ["tests.support.anthropic_fixtures"]

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "tests" / "fixtures" / "pages"
SHARED_DATA = REPO.parent / "shared" / "data"


def _is_loopback_literal(host: object) -> bool:
    if not isinstance(host, str):
        return False
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _host_needs_no_network(host: object) -> bool:
    """Names the system resolver answers from /etc/hosts or as literals, without a packet."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return True


class NetworkGuardError(OSError):
    """A test tried to reach beyond loopback: a bug in the test, never something to retry."""


@pytest.fixture(autouse=True, scope="session")
def _loopback_only_network() -> Iterator[None]:
    # The rule "tests dial loopback only" enforced, not just followed: a connection to any other
    # address, and a DNS lookup that would leave the machine, fail loudly in this process. SSRF
    # cases use stubbed resolvers and recording connectors, so they never get here. (Browsers and
    # servers the tests start are separate processes: their settings keep them on loopback.)
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def _check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if not _is_loopback_literal(host):
                raise NetworkGuardError(f"test tried to connect to {host!r}: loopback only")

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        _check(sock, address)
        original_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        _check(sock, address)
        return original_connect_ex(sock, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _host_needs_no_network(host):
            raise socket.gaierror(socket.EAI_NONAME, f"tests resolve no names ({host!r})")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = guarded_getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = original_getaddrinfo


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A developer's own PARALLAX_* settings must not leak into tests, and tests must not write
    # into the developer's data directory.
    for name in list(os.environ):
        if name.startswith("PARALLAX_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PARALLAX_HOME", str(tmp_path / "parallax-home"))
    # Out of the box the backend asks Google News and GDELT and polls the outlets' feeds: no test
    # may. Only the local index is asked and nothing is polled, unless a test sets its own value
    # (loopback fakes, a loopback feed catalogue).
    monkeypatch.setenv("PARALLAX_PROVIDERS", "index")
    monkeypatch.setenv("PARALLAX_INGEST_INTERVAL_S", "0")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "ParallaxTest")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    yield


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[object]:
    from tests.support.fixture_site import FixtureSite

    with FixtureSite() as site:
        yield site
