"""One route table, one answer: a path gets the same status from `parallax serve` as from the
Lambda handler (hardening, issue 4). `//v1/health` answered 200 locally and 404 on Lambda.

404 is the right answer for both: the route table (``parallax.api.routes``) is the one
declaration of the API and API Gateway routes by it; `/v1//health` and `/v1/health/` were
already 404 in both. The local server served `//v1/health` because http.server collapses leading
slashes (a defence of its file server against open redirects) and `//x/v1/health` because the
event builder read `x` as a host; both now keep the path as the client sent it."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from parallax.api.local_server import LocalServer, http_to_event
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import fake_api_app


def _app() -> Any:
    return fake_api_app()


@pytest.fixture(scope="module")
def local() -> Iterator[LocalServer]:
    with LocalServer(_app, host="127.0.0.1", port=0) as server:
        yield server


def _raw(server: LocalServer, method: str, target: str) -> tuple[int, dict[str, str], bytes]:
    """One request with the target exactly as given (clients normalise paths; attackers do not)."""
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        request = (
            f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n"
        )
        sock.sendall(request.encode("ascii"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _lambda(method: str, path: str) -> tuple[int, dict[str, Any]]:
    response = _app().resolve(http_api_event(method, path), FakeLambdaContext())
    return response["statusCode"], json.loads(response["body"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "//v1/health"),
        ("GET", "///v1/health"),
        ("GET", "//x/v1/health"),
        ("GET", "//localhost/v1/health"),
        ("GET", "/v1//health"),
        ("GET", "/v1/health/"),
        ("POST", "//v1/briefs"),
        ("POST", "//v1/corroborations"),
        ("GET", "//v1/briefs/progress/3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90"),
    ],
)
def test_a_path_the_table_does_not_declare_is_404_locally_and_on_lambda(
    local: LocalServer, method: str, path: str
) -> None:
    # When the same undeclared path is asked of both runtimes
    lambda_status, lambda_problem = _lambda(method, path)
    local_status, headers, body = _raw(local, method, path)
    # Then both answer the same 404 problem
    assert lambda_status == 404 and lambda_problem["code"] == "not_found"
    assert local_status == 404, body
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/health", 200),
        ("GET", "/v1/health?probe=1", 200),
        ("POST", "/v1/health", 405),
        ("GET", "/v1/briefs", 405),
        ("GET", "/v1/briefs/progress/3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90", 404),
    ],
)
def test_declared_paths_get_the_same_status_in_both_runtimes(
    local: LocalServer, method: str, path: str, status: int
) -> None:
    lambda_status, _ = _lambda(method, path.split("?", 1)[0])
    local_status, _, _ = _raw(local, method, path)
    assert lambda_status == local_status == status


@pytest.mark.parametrize(
    ("target", "raw_path", "query"),
    [
        ("//v1/health", "//v1/health", ""),
        ("//x/v1/health?a=1", "//x/v1/health", "a=1"),
        ("/v1/health?a=1&b=2", "/v1/health", "a=1&b=2"),
        ("http://127.0.0.1:8787/v1/health?a=1", "/v1/health", "a=1"),
    ],
)
def test_the_local_event_keeps_the_path_as_sent(target: str, raw_path: str, query: str) -> None:
    event = http_to_event("GET", target, [("Host", "127.0.0.1")], b"", "127.0.0.1")
    assert event["rawPath"] == event["requestContext"]["http"]["path"] == raw_path
    assert event["rawQueryString"] == query


def _raw_bytes(server: LocalServer, request_line: bytes) -> tuple[int, dict[str, Any]]:
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize(
    ("raw_id", "lambda_id"),
    [
        # A client that sends UTF-8 unescaped: http.server reads the line as latin-1
        ("é".encode() * 17, "Ã©" * 17),
        (b"abcdefghijklmnop\x7f", "abcdefghijklmnop\x7f"),
        (b'abcdefghijklmnop"', 'abcdefghijklmnop"'),
        (b"%C3%A9" * 17, "%C3%A9" * 17),
    ],
    ids=["utf8-raw", "del", "quote", "percent-encoded"],
)
def test_a_malformed_progress_id_is_400_locally_and_on_lambda(
    local: LocalServer, raw_id: bytes, lambda_id: str
) -> None:
    # Given a progress id that is not 16-64 letters, digits, '-' or '_'
    # When it is asked of both runtimes
    local_status, local_problem = _raw_bytes(
        local, b"GET /v1/briefs/progress/" + raw_id + b" HTTP/1.1"
    )
    lambda_status, lambda_problem = _lambda("GET", "/v1/briefs/progress/" + lambda_id)
    # Then both answer 400 invalid_request (it was 405 "This route takes GET" for some)
    assert (local_status, local_problem["code"]) == (400, "invalid_request")
    assert (lambda_status, lambda_problem["code"]) == (400, "invalid_request")
