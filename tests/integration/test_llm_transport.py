"""The model SDK's HTTP client (adapters/llm/transport.py) beyond the deadline itself: it replaces
httpx's connection pool, so what that pool did must still hold. Loopback servers only.

tests/fixtures/tls/localhost.pem is a self-signed certificate for "localhost" (valid to 2126)
with its key, made for these tests: no one trusts it unless told to."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest

from parallax.adapters.llm.deadline import call_deadline
from parallax.adapters.llm.transport import deadline_http_client

CERT = Path(__file__).parents[1] / "fixtures" / "tls" / "localhost.pem"


class _RawServer:
    """Accepts connections on 127.0.0.1 and hands each socket to ``handle`` in a thread."""

    def __init__(self, handle: Callable[[socket.socket], None], tls: bool = False) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connections = 0
        self._handle = handle
        self._tls: ssl.SSLContext | None = None
        if tls:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(CERT)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                if self._tls is not None:
                    with self._tls.wrap_socket(conn, server_side=True) as wrapped:
                        self._handle(wrapped)
                else:
                    self._handle(conn)
        except OSError:
            pass

    def close(self) -> None:
        self._listener.close()


def _read_head(conn: socket.socket) -> bool:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65_536)
        if not chunk:
            return False
        data += chunk
    return True


def _answer_ok(conn: socket.socket) -> None:
    while _read_head(conn):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


@pytest.fixture
def serve() -> Iterator[Callable[..., _RawServer]]:
    servers: list[_RawServer] = []

    def start(handle: Callable[[socket.socket], None], tls: bool = False) -> _RawServer:
        servers.append(_RawServer(handle, tls))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_a_certificate_nobody_trusts_is_refused(
    serve: Callable[..., _RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an HTTPS model endpoint with a self-signed certificate
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    server = serve(_answer_ok, tls=True)
    # Then the connection is refused: the replaced pool still verifies certificates
    with pytest.raises(httpx2.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        deadline_http_client().get(f"https://localhost:{server.port}/")
    # And, trusted as the SDK's own client would trust it (SSL_CERT_FILE), it is used
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    assert deadline_http_client().get(f"https://localhost:{server.port}/").text == "ok"


def test_a_connection_the_deadline_cut_mid_answer_is_not_used_again(
    serve: Callable[..., _RawServer],
) -> None:
    # Given an endpoint whose first answer stops half-way (its body comes 2 s later)
    answered = threading.Event()

    def first_slow(conn: socket.socket) -> None:
        while _read_head(conn):
            if not answered.is_set():
                answered.set()
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
                time.sleep(2)
                conn.sendall(b"-stale")
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    server = serve(first_slow)
    client = deadline_http_client()
    # When the call's deadline ends the first answer mid-body
    with pytest.raises(httpx2.ReadTimeout), call_deadline(0.3):
        client.get(f"http://127.0.0.1:{server.port}/")
    # Then the next call gets its own answer on a new connection, not the rest of the old one
    assert client.get(f"http://127.0.0.1:{server.port}/").text == "ok"
    assert server.connections == 2


def test_each_threads_deadline_is_its_own(serve: Callable[..., _RawServer]) -> None:
    # Given an endpoint that answers after a second, and one client shared by two threads (the
    # factory keeps one per process) whose calls have 0.3 s and 5 s
    def slow(conn: socket.socket) -> None:
        while _read_head(conn):
            time.sleep(1.0)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    server = serve(slow)
    client = deadline_http_client()
    outcome: dict[float, str] = {}

    def call(seconds: float) -> None:
        try:
            with call_deadline(seconds):
                outcome[seconds] = client.get(f"http://127.0.0.1:{server.port}/").text
        except httpx2.TimeoutException:
            outcome[seconds] = "timeout"

    threads = [threading.Thread(target=call, args=(s,)) for s in (0.3, 5.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    # Then the short deadline ends its own call only
    assert outcome == {0.3: "timeout", 5.0: "ok"}
