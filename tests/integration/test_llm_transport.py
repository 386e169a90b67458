"""The model SDK's HTTP client (adapters/llm/transport.py) beyond the deadline itself: it replaces
httpx's connection pool, so what that pool did must still hold. Loopback servers only.

tests/fixtures/tls/localhost.pem is a self-signed certificate for "localhost" (valid to 2126)
with its key, made for these tests: no one trusts it unless told to."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx2
import pytest
from pydantic import SecretStr

from parallax.adapters.llm import AnthropicClientFactory, LlmSettings, make_llm_client
from parallax.adapters.llm.deadline import call_deadline
from parallax.adapters.llm.transport import (
    MAX_LINGERING_LOOKUPS,
    SDK_SOCKET_OPTIONS,
    ProxyNotSupported,
    deadline_http_client,
)

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


# --- name lookups under the deadline ----------------------------------------------------------

SLOW_NAME = "model.slow-lookup.test"


class _SlowResolver:
    """``socket.getaddrinfo`` that hangs on :data:`SLOW_NAME` (no real DNS is asked: every other
    name and address goes to the real function, which the tests give loopback names only) until
    :meth:`release` or 10 s, then answers 127.0.0.1. Counts the lookups hanging at once."""

    def __init__(self) -> None:
        self._released = threading.Event()
        self._real = socket.getaddrinfo
        self._lock = threading.Lock()
        self.in_flight = 0
        self.most = 0

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != SLOW_NAME:
            return self._real(host, port, *args, **kwargs)
        with self._lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            self._released.wait(10)
            return self._real("127.0.0.1", port, *args, **kwargs)
        finally:
            with self._lock:
                self.in_flight -= 1

    def release(self) -> None:
        self._released.set()
        for _ in range(100):
            if self.in_flight == 0:
                return
            time.sleep(0.02)


@pytest.fixture
def slow_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[_SlowResolver]:
    resolver = _SlowResolver()
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    yield resolver
    resolver.release()


def test_a_name_lookup_that_hangs_ends_at_the_deadline(
    serve: Callable[..., _RawServer], slow_resolver: _SlowResolver
) -> None:
    # Given a model host whose name lookup does not answer (the resolver hangs)
    server = serve(_answer_ok)
    client = deadline_http_client()
    # When a call with 0.5 s left connects to it
    started = time.monotonic()
    with pytest.raises(httpx2.ConnectTimeout), call_deadline(0.5):
        client.get(f"http://{SLOW_NAME}:{server.port}/")
    # Then it ends as a timeout at its deadline (getaddrinfo held it the stub's 10 s before;
    # the slack is for a loaded machine)
    assert time.monotonic() - started < 3.0
    assert server.connections == 0


def test_lookups_left_behind_are_bounded_and_names_still_resolve(
    serve: Callable[..., _RawServer],
    slow_resolver: _SlowResolver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given 20 calls at once, each with 0.5 s, to a host whose lookup hangs
    server = serve(_answer_ok)
    client = deadline_http_client()
    outcomes: list[str] = []

    def call() -> None:
        try:
            with call_deadline(0.5):
                client.get(f"http://{SLOW_NAME}:{server.port}/")
            outcomes.append("ok")
        except httpx2.TimeoutException:
            outcomes.append("timeout")

    started = time.monotonic()
    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    # Then every call ends at its deadline, and no more lookups than the bound ever hang at once
    assert outcomes == ["timeout"] * 20
    assert time.monotonic() - started < 5.0
    assert 1 <= slow_resolver.most <= MAX_LINGERING_LOOKUPS
    # And once the hanging lookups end, a name that resolves (localhost: ::1 may come first,
    # the server listens on 127.0.0.1 only) is connected to by an address that answers, its
    # Host header unchanged
    slow_resolver.release()
    seen: list[bytes] = []

    def record_host(conn: socket.socket) -> None:
        head = conn.recv(65_536)
        seen.append(head)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    named = serve(record_host)
    with call_deadline(5.0):
        assert client.get(f"http://localhost:{named.port}/").text == "ok"
    assert f"host: localhost:{named.port}".encode() in seen[0].lower()


# --- what the SDK's own pool set ---------------------------------------------------------------


def test_the_sdks_keep_alive_options_reach_the_socket(serve: Callable[..., _RawServer]) -> None:
    # Given the options anthropic's own client gives its pool (read off a client it builds)
    sdk_pool = anthropic.DefaultHttpxClient()._transport._pool  # type: ignore[attr-defined]
    assert list(SDK_SOCKET_OPTIONS) == list(sdk_pool._socket_options)
    # When the model's client connects
    server = serve(_answer_ok)
    with deadline_http_client().stream("GET", f"http://127.0.0.1:{server.port}/") as response:
        sock = response.extensions["network_stream"].get_extra_info("socket")
        # Then its socket has TCP keep-alive on, with the SDK's timings
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        for option in SDK_SOCKET_OPTIONS:
            level, name, value = option
            assert sock.getsockopt(level, name) == int(value)


# --- proxies the deadline cannot be held through -----------------------------------------------


@pytest.fixture
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("ALL_PROXY", "socks5://bob:hunter2@127.0.0.1:1080"),
        ("HTTPS_PROXY", "socks5h://bob:hunter2@127.0.0.1:1080"),
    ],
)
def test_a_socks_proxy_is_refused_when_the_client_is_built(
    no_proxy_environment: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    variable: str,
    url: str,
) -> None:
    # Given a SOCKS proxy in the environment (httpx's own pool would carry the calls, with no
    # deadline; without socksio installed, every call failed as an ImportError)
    no_proxy_environment.setenv(variable, url)
    settings = LlmSettings(provider="anthropic", api_key=SecretStr("sk-ant-x"), max_retries=0)
    # Then the model's client is refused, naming the variable and never the proxy's password
    with pytest.raises(ProxyNotSupported, match=variable) as refused:
        make_llm_client(settings)
    assert "hunter2" not in str(refused.value) and "bob" not in str(refused.value)
    # And the factory says so once, at ERROR, whatever the number of calls
    caplog.set_level(logging.DEBUG)
    factory = AnthropicClientFactory(settings)
    for _ in range(3):
        with pytest.raises(ProxyNotSupported):
            factory()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and variable in errors[0].getMessage()
    assert "hunter2" not in caplog.text


def test_a_socks_proxy_the_model_host_bypasses_is_no_obstacle(
    no_proxy_environment: pytest.MonkeyPatch, serve: Callable[..., _RawServer]
) -> None:
    # Given ALL_PROXY names a SOCKS proxy and NO_PROXY the model's host
    no_proxy_environment.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    no_proxy_environment.setenv("NO_PROXY", "127.0.0.1")
    server = serve(_answer_ok)
    settings = LlmSettings(
        provider="anthropic",
        api_key=SecretStr("sk-ant-x"),
        base_url=f"http://127.0.0.1:{server.port}",
        max_retries=0,
    )
    # Then the client is built, and calls the model directly
    make_llm_client(settings)
    client = deadline_http_client()
    assert client.get(f"http://127.0.0.1:{server.port}/").text == "ok"
