"""``parallax serve``: the Lambda resolver behind a plain HTTP server on this machine.

Each HTTP request becomes an API Gateway HTTP API (payload 2.0) event, is resolved by the same
routes as in Lambda, and the proxy response is written back. There is no second implementation
of any route here, only the translation both ways and transport limits (body size, timeouts).

Powertools keeps the current event on the resolver *class*, so two events must not be resolved at
once in one process. Invocations are therefore serialised, which is also Lambda's model: one
event per execution environment at a time. Reading and writing sockets stays concurrent.
"""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from parallax.api.app import problem_response
from parallax.domain.errors import InvalidRequest, ParallaxError, TooLarge

__all__ = ["LocalLambdaContext", "LocalServer", "http_to_event"]

logger = Logger(service="parallax", child=True)

# A client that sends headers or a body slower than this is cut off (slowloris).
SOCKET_TIMEOUT_S = 15.0


@dataclass
class LocalLambdaContext:
    """Enough of Lambda's context object for Powertools (Logger reads these attributes)."""

    function_name: str = "parallax-local"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:local:000000000000:function:parallax-local"
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/parallax-local"
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def http_to_event(
    method: str,
    target: str,
    headers: list[tuple[str, str]],
    body: bytes,
    source_ip: str,
) -> dict[str, Any]:
    """An API Gateway v2 event as the HTTP API would build it for this request."""
    parts = urlsplit(target)
    merged: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        # API Gateway joins repeated headers with commas and lower-cases the names.
        merged[lowered] = f"{merged[lowered]},{value}" if lowered in merged else value
    query = {name: ",".join(values) for name, values in parse_qs(parts.query).items()}
    now = time.time()
    request_id = str(uuid.uuid4())
    is_base64 = False
    text_body: str | None = None
    if body:
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            text_body, is_base64 = base64.b64encode(body).decode("ascii"), True
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": parts.path or "/",
        "rawQueryString": parts.query,
        "headers": merged,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": merged.get("host", "localhost"),
            "domainPrefix": "local",
            "http": {
                "method": method.upper(),
                "path": parts.path or "/",
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": merged.get("user-agent", ""),
            },
            "requestId": request_id,
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": is_base64,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if text_body is not None:
        event["body"] = text_body
    return event


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S
    server_version = "parallax"
    sys_version = ""

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ParallaxError as error:
            self._write_proxy_response(self._problem(error), close=True)
            return
        event = http_to_event(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0]
        )
        with self.server.resolve_lock:
            response = self.server.app.resolve(event, cast(LambdaContext, LocalLambdaContext()))
        self._write_proxy_response(response)

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            raise InvalidRequest("Chunked request bodies are not supported; send Content-Length.")
        length_header = self.headers.get("content-length")
        if not length_header:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            raise InvalidRequest("Content-Length is not a number.") from None
        if length < 0:
            raise InvalidRequest("Content-Length is negative.")
        if length > self.server.max_body_bytes:
            raise TooLarge(f"The request body is larger than {self.server.max_body_bytes} bytes.")
        return self.rfile.read(length)

    def _problem(self, error: ParallaxError) -> dict[str, Any]:
        response = problem_response(error)
        return {
            "statusCode": response.status_code,
            "headers": {"Content-Type": response.content_type or ""},
            "body": response.body,
            "isBase64Encoded": False,
        }

    def _write_proxy_response(self, response: dict[str, Any], close: bool = False) -> None:
        body_text = response.get("body") or ""
        if response.get("isBase64Encoded"):
            payload = base64.b64decode(body_text)
        else:
            payload = body_text.encode("utf-8")
        self.send_response(int(response.get("statusCode", 500)))
        for name, value in (response.get("headers") or {}).items():
            if name.lower() not in {"content-length", "connection"}:
                self.send_header(name, str(value))
        for name, values in (response.get("multiValueHeaders") or {}).items():
            for value in values:
                self.send_header(name, str(value))
        for cookie in response.get("cookies") or []:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", str(len(payload)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _serve  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        # Access log without the query string: it can carry the reader's tokens.
        logger.debug("http", extra={"method": self.command, "path": urlsplit(self.path).path})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], app: APIGatewayHttpResolver, max_body_bytes: int
    ) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.resolve_lock = threading.Lock()


class LocalServer:
    """The resolver served over HTTP on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        app_factory: Callable[[], APIGatewayHttpResolver],
        host: str = "127.0.0.1",
        port: int = 8787,
        max_body_bytes: int = 6_000_000,
    ) -> None:
        self._server = _Server((host, port), app_factory(), max_body_bytes)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.2)

    def start(self) -> LocalServer:
        self._thread = threading.Thread(
            target=self.serve_forever, name="parallax-serve", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
