"""The test suite's own promise: nothing in it reaches beyond loopback (tests/conftest.py)."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkGuardError


def test_connect_to_a_public_address_is_refused_before_any_packet() -> None:
    # Given a TCP socket, When a test connects it to a public address (TEST-NET-3, documentation)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Then the guard refuses it in this process, before the kernel sends anything
        with pytest.raises(NetworkGuardError):
            sock.connect(("203.0.113.7", 80))
        with pytest.raises(NetworkGuardError):
            sock.connect_ex(("10.0.0.1", 80))


def test_name_lookups_that_would_leave_the_machine_are_refused() -> None:
    # Given a name only a DNS server could answer, When it is looked up, Then the guard says no
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    # while loopback names and literals still resolve without a packet
    assert socket.getaddrinfo("localhost", 80, type=socket.SOCK_STREAM)
    assert socket.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_STREAM)


def test_loopback_connections_still_work() -> None:
    # Given a listener on loopback, When a test connects to it, Then nothing is in the way
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
