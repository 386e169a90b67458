"""Fixtures of the hardening suite, and its safety net: nothing in it may talk to another host.

The stub resolver and connector are how the tests *mean* to stay on loopback; ``_loopback_only``
makes sure of it. For the length of every test in this directory, a DNS lookup of any name other
than a loopback one fails, and a TCP connect to any address outside 127.0.0.0/8 and ::1 raises,
so a guard bug, a forgotten stub or a third-party client with its own ideas fails the test instead
of sending a packet.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.fixture_site import PAGES_DIR, FixtureSite

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


class OffLoopback(AssertionError):
    """A test tried to reach something other than this machine."""


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise OffLoopback(f"DNS lookup of {host!r} outside loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise OffLoopback(f"connection to {address[0]!r} outside loopback")

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield


@pytest.fixture(scope="module")
def news_site() -> Iterator[FixtureSite]:
    """The "public" news site: reached only through the stub network's public address."""
    with FixtureSite(pages_dir=PAGES_DIR) as site:
        yield site


@pytest.fixture(scope="module")
def trap() -> Iterator[FixtureSite]:
    """A loopback listener standing in for every internal service; it must see no connection."""
    with FixtureSite() as site:
        yield site


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path
