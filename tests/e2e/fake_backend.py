"""A scriptable stand-in for the Parallax API on loopback, for states the real backend will not
produce on demand (every error code, partial results, hostile data, slow answers)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.harness import EXTENSION_ORIGIN
from tests.support.loopback import LoopbackServer, QuietHandler, TrackingServer

# As the real backend's CORS: the panel names its Brief request to ask for its step (issue 17).
ALLOW_HEADERS = "Content-Type, X-Parallax-Request-Id"
PROGRESS_PATH = "/v1/briefs/progress/"


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)
    content_type: str = "application/json"
    delay_s: float = 0.0


class _Handler(QuietHandler):
    server: TrackingServer[FakeBackend]

    def _cors(self) -> None:
        if self.server.owner.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.owner.origin)
            self.send_header("Vary", "Origin")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._cors()
        if self.server.owner.cors:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", ALLOW_HEADERS)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        fake = self.server.owner
        if self.path == "/v1/health":
            self._send(200, b'{"status":"ok","version":"fake","stage":"test"}', "application/json")
        elif self.path.startswith(PROGRESS_PATH):
            request_id = self.path[len(PROGRESS_PATH) :]
            fake.progress_requests.append((request_id, time.monotonic()))
            if fake.progress_step is None:
                self._send(404, b'{"code":"not_found","status":404}', "application/problem+json")
            else:
                body = {"request_id": request_id, "step": fake.progress_step}
                self._send(200, json.dumps(body).encode(), "application/json")
        else:
            self._send(404, b'{"code":"not_found"}', "application/problem+json")

    def do_POST(self) -> None:
        fake = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.split("?", 1)[0] != "/v1/briefs":
            # The panel asks for more after a Brief (corroboration): recorded apart, so that
            # `requests` stays the Briefs a test asked for, and answered "not here" unless a
            # test set a reply for that path.
            fake.other_requests.append((self.path, raw.decode("utf-8", "replace")))
            status, body = fake.routes.get(self.path, (404, {"code": "not_found", "status": 404}))
            content_type = "application/json" if status < 400 else "application/problem+json"
            self._send(status, json.dumps(body).encode(), content_type)
            return
        fake.request_ids.append(self.headers.get("X-Parallax-Request-Id"))
        try:
            fake.requests.append(json.loads(raw))
        except ValueError:
            fake.requests.append({"_raw": raw.decode("utf-8", "replace")})
        reply = fake.reply
        if reply.delay_s and fake._stopping.wait(reply.delay_s):
            return
        body = reply.body
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self._send(reply.status, data, reply.content_type)


class FakeBackend(LoopbackServer):
    thread_name = "fake-backend"

    def __init__(self) -> None:
        super().__init__()
        self.reply = Reply()
        self.requests: list[dict[str, Any]] = []
        """Bodies of ``POST /v1/briefs``, in order."""
        self.other_requests: list[tuple[str, str]] = []
        """``(path, body)`` of every other POST (``/v1/corroborations``)."""
        self.routes: dict[str, tuple[int, Any]] = {}
        self.request_ids: list[str | None] = []
        """``X-Parallax-Request-Id`` of each ``POST /v1/briefs`` (None when not sent)."""
        self.progress_step: str | None = None
        """What ``GET /v1/briefs/progress/{id}`` answers: this step, or 404 when None (as the
        cloud, where another invocation makes the Brief)."""
        self.progress_requests: list[tuple[str, float]] = []
        """``(request id, monotonic time)`` of each progress request."""
        self.cors = True
        self.origin = EXTENSION_ORIGIN  # the one origin CORS allows (Firefox's is moz-extension://)

    def _make_server(self) -> TrackingServer[FakeBackend]:
        return TrackingServer(_Handler, self)

    def respond(
        self,
        body: Any,
        status: int = 200,
        content_type: str | None = None,
        delay_s: float = 0.0,
    ) -> None:
        if content_type is None:
            content_type = "application/json" if status < 400 else "application/problem+json"
        self.reply = Reply(status, body, content_type, delay_s)

    def gateway(self, status: int, message: str) -> None:
        """Answer as API Gateway does itself (throttled, the function failed or timed out):
        ``{"message": ...}`` as plain JSON, not a problem."""
        self.respond({"message": message}, status=status, content_type="application/json")

    def problem(self, code: str, status: int) -> None:
        self.respond(
            {
                "type": f"urn:parallax:problem:{code}",
                "title": code,
                "status": status,
                "code": code,
                "detail": "from the fake backend",
            },
            status=status,
        )


class _PathHandler(QuietHandler):
    server: TrackingServer[PathBackend]

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", self.server.owner.origin)
        self.send_header("Vary", "Origin")
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.server.owner.origin)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", ALLOW_HEADERS)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._send(200, b'{"status":"ok","version":"fake","stage":"test"}')

    def do_POST(self) -> None:
        fake = self.server.owner
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        fake.requests.append((self.path, json.loads(raw or b"null"), time.monotonic()))
        status, body, delay = fake.routes.get(self.path, (404, {"code": "not_found"}, 0.0))
        if delay and fake._stopping.wait(delay):
            return
        # An error body without a code is API Gateway's own ({"message": ...}), sent as JSON.
        is_problem = status >= 400 and isinstance(body, dict) and "code" in body
        content_type = "application/problem+json" if is_problem else "application/json"
        self._send(status, json.dumps(body).encode(), content_type)


class PathBackend(LoopbackServer):
    """Answers each route with its own scripted (status, body, delay)."""

    thread_name = "corroboration-backend"

    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, tuple[int, Any, float]] = {}
        self.requests: list[tuple[str, Any, float]] = []
        self.origin = EXTENSION_ORIGIN  # the one origin CORS allows (Firefox's is moz-extension://)

    def _make_server(self) -> TrackingServer[PathBackend]:
        return TrackingServer(_PathHandler, self)
