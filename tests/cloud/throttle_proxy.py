"""A loopback HTTP proxy in front of moto's server that answers chosen DynamoDB operations with
a throttling error, the way DynamoDB does (HTTP 400, ``ProvisionedThroughputExceededException``).

moto has no switch for throttling, so the error is made here, on the wire: botocore parses it
and runs its real retry logic, and the adapter sees exactly what it would see in AWS.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

THROTTLED = {
    "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    "message": "The level of configured provisioned throughput for the table was exceeded.",
}


class ThrottleProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self._budget: dict[str, int] = {}
        self.requests: Counter[str] = Counter()
        self.throttled: Counter[str] = Counter()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                target = self.headers.get("x-amz-target", "")
                operation = target.rsplit(".", 1)[-1]
                proxy.requests[operation] += 1
                if proxy._take(operation):
                    proxy.throttled[operation] += 1
                    payload = json.dumps(THROTTLED).encode()
                    self.send_response(400)
                    self.send_header("content-type", "application/x-amz-json-1.0")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                conn = http.client.HTTPConnection(*proxy._upstream, timeout=10)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                    conn.request("POST", self.path, body=body, headers=headers)
                    answer = conn.getresponse()
                    data = answer.read()
                finally:
                    conn.close()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in {"content-length", "connection", "transfer-encoding"}:
                        self.send_header(key, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def _take(self, operation: str) -> bool:
        with self._lock:
            left = self._budget.get(operation, 0)
            if left == 0:
                return False
            if left > 0:
                self._budget[operation] = left - 1
            return True

    @contextmanager
    def throttling(self, operation: str, times: int = -1) -> Iterator[None]:
        """Throttle the next ``times`` calls of ``operation`` (-1: every call) inside the block."""
        with self._lock:
            self._budget[operation] = times
        try:
            yield
        finally:
            with self._lock:
                self._budget.pop(operation, None)

    def start(self) -> ThrottleProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
