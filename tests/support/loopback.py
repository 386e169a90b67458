"""The part every loopback test server shares: bind 127.0.0.1:0, track open connections so
``stop()`` can cut them (a slow route must not hold the test run), start and stop reliably."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

OwnerT = TypeVar("OwnerT")


class TrackingServer(ThreadingHTTPServer, Generic[OwnerT]):
    """The HTTP server; ``owner`` is the test double whose state the handlers read and record."""

    daemon_threads = True
    # server_close() must not wait for handler threads that a slow route keeps busy.
    block_on_close = False

    def __init__(
        self,
        handler: type[BaseHTTPRequestHandler],
        owner: OwnerT,
        on_accept: Callable[[], None] | None = None,
    ) -> None:
        self.owner = owner
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        self._on_accept = on_accept
        super().__init__(("127.0.0.1", 0), handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        with self._open_lock:
            if self._on_accept is not None:
                self._on_accept()
            self._open.add(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up mid-answer is what many routes are for: not worth a traceback.
        pass

    def drop_connections(self) -> None:
        with self._open_lock:
            sockets = list(self._open)
            self._open.clear()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class QuietHandler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1 like the real services, and no access log: a test's output is for its
    failures (and some requests carry keys)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LoopbackServer:
    """Lifecycle of a test server; subclasses say how to build their ``TrackingServer``."""

    thread_name = "loopback-server"

    def __init__(self) -> None:
        self._server: TrackingServer[Any] | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def _make_server(self) -> TrackingServer[Any]:
        raise NotImplementedError

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._server = self._thread = None
        self._stopping.set()
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"
