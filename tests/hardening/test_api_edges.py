"""A hostile client at the API's edges (hardening): every answer a 4xx problem, never a 5xx, a
trace, or a body read differently from how another reader of the same request would read it.

What the attack found (each failed here before its fix):
- a field named twice in one JSON object was taken (pydantic keeps the last, most other readers
  the first): now ``invalid_request``;
- a POST without Content-Type was read as JSON: a web page can send a typeless Blob cross-origin
  without a preflight, so the local server fetched for any page; now ``unsupported_media``;
- a body with Content-Encoding (gzip) was read as if plain: now ``unsupported_media``;
- a Transfer-Encoding other than exactly "chunked" (identity, xchunked) was ignored and the body
  read by Content-Length (request smuggling behind a proxy that honours it): now 400;
- two Host headers passed the loopback Host check on the first, and HTTP/1.1 without Host was
  served: now 400;
- a query string on a POST route (``?language=de``) was silently ignored: now ``invalid_request``;
- one object with 400,000 unknown fields got one error each, a 26 MB answer: now refused at more
  than 64 fields, and field errors are listed up to 20.
What held (kept here so that it stays so): deep nesting, huge numbers, NaN, invalid UTF-8, NUL
bytes, lone surrogates, wrong media types, header folding, methods the table does not declare.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.fetcher import FetchedPage
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.errors import FetchFailed
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import fake_api_app
from tests.hardening.harness import serve

BRIEFS, CORROBORATIONS = "/v1/briefs", "/v1/corroborations"
URL = "https://news.example/a"
_HTML = "<html><body><article><p>" + "Word " * 300 + "</p></article></body></html>"


class CountingFetcher:
    """Counts: any call means a request got the server to fetch for it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def fetch(self, url: str) -> FetchedPage:
        self.calls.append(url)
        raise FetchFailed("counting fetcher")


@pytest.fixture(scope="module")
def counted() -> Iterator[tuple[LocalServer, CountingFetcher]]:
    settings = Settings(home=Path("/nonexistent-home"), providers=(), cache_backend="none")
    fetcher = CountingFetcher()
    with serve(settings, fetcher, client_timeout_s=2.0) as server:
        yield server, fetcher


def _lambda_app() -> Any:
    return fake_api_app(Settings(home=Path("/nonexistent-home"), providers=()))


def _exchange(server: LocalServer, request: bytes, timeout_s: float = 10) -> tuple[int, str, bytes]:
    """Status, content type and body of the answer to ``request`` sent as raw bytes."""
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout_s) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines[1:])}
    return int(lines[0].split()[1]), headers.get("content-type", ""), body


def _request(
    method: str,
    path: str,
    body: bytes | None = b"",
    content_type: str | None = "application/json",
    headers: dict[str, str] | None = None,
) -> bytes:
    fields = {"Host": "127.0.0.1", "Connection": "close"}
    if content_type is not None:
        fields["Content-Type"] = content_type
    if body is not None:
        fields["Content-Length"] = str(len(body))
    fields.update(headers or {})
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items())
    return (head + "\r\n").encode("latin-1") + (body or b"")


def _assert_problem(status: int, content_type: str, body: bytes, expected: int, code: str) -> None:
    assert status == expected, body
    assert content_type == "application/problem+json"
    problem = json.loads(body)
    assert problem["code"] == code and problem["status"] == expected
    assert b"Traceback" not in body


# --- bodies: both runtimes read them with parallax.api.bodies ----------------------------------

_DUPLICATES = [
    (BRIEFS, b'{"url":"https://news.example/a","url":"ftp://x","html":"<p>x</p>"}'),
    (BRIEFS, b'{"url":"ftp://x","url":"https://news.example/a","html":"<p>x</p>"}'),
    (BRIEFS, b'{"url":"https://news.example/a","include":{"summary":false,"summary":true}}'),
    (BRIEFS, b'{"url":"https://news.example/a","language":"de","language":"en"}'),
    (CORROBORATIONS, b'{"article":{"key":"k","key":"j"},"others":[]}'),
    (
        CORROBORATIONS,
        b'{"article":{"key":"k"},"others":[],"others":[{"url":"https://x.example/"}]}',
    ),
]


@pytest.mark.parametrize(("path", "body"), _DUPLICATES)
def test_a_field_named_twice_is_invalid_on_both_runtimes(
    counted: tuple[LocalServer, CountingFetcher], path: str, body: bytes
) -> None:
    # Given a body one reader takes as one thing and another as the other
    server, fetcher = counted
    before = len(fetcher.calls)
    # When it is sent to the local server and to the Lambda handler's app
    local = _exchange(server, _request("POST", path, body))
    response = _lambda_app().resolve(
        http_api_event("POST", path, body.decode(), {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    # Then both refuse it, naming no field, and nothing is fetched
    _assert_problem(*local, 400, "invalid_request")
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["code"] == "invalid_request"
    assert len(fetcher.calls) == before


@pytest.mark.parametrize("path", [BRIEFS, CORROBORATIONS])
@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [
        (None, None),
        ("text/plain", None),
        ("application/x-www-form-urlencoded", None),
        ("multipart/form-data; boundary=x", None),
        ("application/jsonx", None),
        ("application/json, text/html", None),
        ("application/json", "gzip"),
        ("application/json", "br"),
    ],
)
def test_what_is_not_plain_json_is_unsupported_media_before_anything_is_fetched(
    counted: tuple[LocalServer, CountingFetcher],
    path: str,
    content_type: str | None,
    encoding: str | None,
) -> None:
    # Given a body that would be a valid request, sent without a JSON media type (a typeless
    # Blob is what a web page can POST cross-origin without a preflight) or compressed
    server, fetcher = counted
    before = len(fetcher.calls)
    body = json.dumps(
        {"url": "http://intranet.example/"}
        if path == BRIEFS
        else {"article": {"url": "http://intranet.example/"}, "others": []}
    ).encode()
    headers = {"Origin": "https://evil.example"}
    if encoding is not None:
        headers["Content-Encoding"] = encoding
    # When it is posted
    answer = _exchange(server, _request("POST", path, body, content_type, headers))
    # Then it is refused as unsupported media and the fetcher is never asked
    _assert_problem(*answer, 415, "unsupported_media")
    assert len(fetcher.calls) == before


@pytest.mark.parametrize(
    "body",
    [
        b'{"url":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"url":"https://news.example/a","x":' + b"[" * 300 + b"]" * 300 + b"}",
        b'{"url":"https://news.example/a","max_related":' + b"9" * 5000 + b"}",
        b'{"url":"https://news.example/a","max_related":1e400}',
        b'{"url":"https://news.example/a","max_related":NaN}',
        b'{"url":"https://news.example/\xff\xfe","html":"<p>x</p>"}',
        b'{"url":"https://news.example/a","html":"<p>\xff</p>"}',
        b'{"url":"https://news.example/a\x00"}',
        b'{"url":"https://news.example/a\\u0000"}',
        b'{"url":"https://news.example/a","language":"en\\u0000"}',
        b'{"url":"https://news.example/\\ud800"}',
        b'{"url":"https://news.example/a","html":"\\udfff<p>x</p>"}',
        b'\xef\xbb\xbf{"url":"https://news.example/a"}',
        b"[]",
        b"null",
        b'"https://news.example/a"',
        b'{"url":"https://news.example/a"} trailing',
    ],
    ids=lambda body: repr(body[:24]),
)
def test_hostile_json_is_a_4xx_problem(
    counted: tuple[LocalServer, CountingFetcher], body: bytes
) -> None:
    server, fetcher = counted
    before = len(fetcher.calls)
    status, content_type, answer = _exchange(server, _request("POST", BRIEFS, body))
    assert 400 <= status < 500, answer
    assert content_type == "application/problem+json" and b"Traceback" not in answer
    assert len(fetcher.calls) == before


def test_a_valid_body_with_a_field_named_twice_says_so_without_naming_it() -> None:
    body = '{"url":"https://news.example/a","secret_name":1,"secret_name":2}'
    response = _lambda_app().resolve(
        http_api_event("POST", BRIEFS, body, {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    # Unknown fields are refused first; a known one named twice gets its own words
    assert json.loads(response["body"])["code"] == "invalid_request"
    twice = '{"url":"https://news.example/a","max_related":3,"max_related":4}'
    response = _lambda_app().resolve(
        http_api_event("POST", BRIEFS, twice, {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    problem = json.loads(response["body"])
    assert response["statusCode"] == 400
    assert problem["detail"] == "The request body names a field twice in one object."
    assert "max_related" not in response["body"]


def test_a_corroboration_body_with_lone_surrogates_is_a_4xx_problem(
    counted: tuple[LocalServer, CountingFetcher],
) -> None:
    server, _ = counted
    for body in (
        b'{"article":{"key":"\\ud800"},"others":[]}',
        b'{"article":{"url":"https://e.example/\\udfff"},"others":[{"url":"https://x.example/\\ud800"}]}',
    ):
        _assert_problem(
            *_exchange(server, _request("POST", CORROBORATIONS, body)), 400, "invalid_request"
        )


# --- transport: the local server's own reading of HTTP ------------------------------------------


@pytest.mark.parametrize("coding", ["identity", "xchunked", "gzip", "chunked, identity", "Chunked"])
def test_any_transfer_encoding_is_refused(
    counted: tuple[LocalServer, CountingFetcher], coding: str
) -> None:
    # Given a body with Content-Length and a Transfer-Encoding (a proxy in front may honour
    # either, and read another request than this server)
    server, fetcher = counted
    before = len(fetcher.calls)
    body = json.dumps({"url": URL, "html": _HTML}).encode()
    request = _request("POST", BRIEFS, body, headers={"Transfer-Encoding": coding})
    # Then it is refused and nothing is read or fetched
    _assert_problem(*_exchange(server, request), 400, "invalid_request")
    assert len(fetcher.calls) == before


@pytest.mark.parametrize(
    "hosts", [("127.0.0.1", "evil.example"), ("evil.example", "127.0.0.1"), ("127.0.0.1",) * 2]
)
def test_two_host_headers_are_refused(
    counted: tuple[LocalServer, CountingFetcher], hosts: tuple[str, str]
) -> None:
    server, _ = counted
    request = (
        "GET /v1/health HTTP/1.1\r\n"
        + "".join(f"Host: {host}\r\n" for host in hosts)
        + "Connection: close\r\n\r\n"
    ).encode()
    _assert_problem(*_exchange(server, request), 400, "invalid_request")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Parallax-Request-Id", "abcdefghijklmnopqrstu\r\n Set-Cookie: a=b"),
        ("X-Parallax-Request-Id", "abcdefghijklmnop\x00qrstu"),
        ("X-Parallax-Request-Id", "a" * 65),
    ],
)
def test_a_request_id_that_is_not_one_is_refused(
    counted: tuple[LocalServer, CountingFetcher], name: str, value: str
) -> None:
    server, _ = counted
    body = json.dumps({"url": URL, "html": _HTML}).encode()
    _assert_problem(
        *_exchange(server, _request("POST", BRIEFS, body, headers={name: value})),
        400,
        "invalid_request",
    )


def test_a_folded_origin_gets_no_cors_grant_and_no_injected_header(
    counted: tuple[LocalServer, CountingFetcher],
) -> None:
    server, _ = counted
    origin = "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki\r\n X-Injected: 1"
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(_request("GET", "/v1/health", None, None, {"Origin": origin}))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.partition(b"\r\n\r\n")[0].lower()
    assert b"x-injected" not in head and b"access-control-allow-origin" not in head


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", BRIEFS, 405, "method_not_allowed"),
        ("PUT", CORROBORATIONS, 405, "method_not_allowed"),
        ("DELETE", "/v1/health", 405, "method_not_allowed"),
        ("TRACE", "/v1/health", 405, "method_not_allowed"),
        ("PROPFIND", BRIEFS, 405, "method_not_allowed"),
        ("CONNECT", "127.0.0.1:80", 404, "not_found"),
    ],
)
def test_methods_the_table_does_not_declare(
    counted: tuple[LocalServer, CountingFetcher], method: str, path: str, status: int, code: str
) -> None:
    server, _ = counted
    _assert_problem(*_exchange(server, _request(method, path, None, None)), status, code)


# --- query strings: no route declares one -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (BRIEFS, "?language=de"),
        (BRIEFS, "?url=https://news.example/b"),
        (BRIEFS, "?x"),
        (CORROBORATIONS, "?others=1"),
    ],
)
def test_a_query_string_on_a_post_route_is_invalid_on_both_runtimes(
    counted: tuple[LocalServer, CountingFetcher], path: str, query: str
) -> None:
    # Given a valid body, and an option in the query string (which was silently ignored: the
    # client believed it asked for German)
    server, fetcher = counted
    before = len(fetcher.calls)
    payload = (
        {"url": URL, "html": _HTML}
        if path == BRIEFS
        else {"article": {"url": URL}, "others": [{"url": "https://other.example/a"}]}
    )
    body = json.dumps(payload).encode()
    # When it is posted to the local server and to the Lambda handler's app
    local = _exchange(server, _request("POST", path + query, body))
    event = http_api_event("POST", path, payload)
    event["rawQueryString"] = query.removeprefix("?")
    response = _lambda_app().resolve(event, FakeLambdaContext())
    # Then both refuse it as the client's error, and nothing is fetched
    _assert_problem(*local, 400, "invalid_request")
    assert json.loads(local[2])["detail"] == (
        "This route takes no query parameters; send them in the JSON body."
    )
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["code"] == "invalid_request"
    assert len(fetcher.calls) == before


def test_an_empty_query_is_no_query(counted: tuple[LocalServer, CountingFetcher]) -> None:
    server, _ = counted
    body = json.dumps({"url": URL, "html": _HTML}).encode()
    status, _, answer = _exchange(server, _request("POST", BRIEFS + "?", body))
    assert status != 400 or json.loads(answer)["code"] != "invalid_request", answer


def test_an_http_1_1_request_without_host_is_refused_and_1_0_is_served(
    counted: tuple[LocalServer, CountingFetcher],
) -> None:
    server, _ = counted
    without = b"GET /v1/health HTTP/1.1\r\nConnection: close\r\n\r\n"
    _assert_problem(*_exchange(server, without), 400, "invalid_request")
    status, _, _ = _exchange(server, b"GET /v1/health HTTP/1.0\r\n\r\n")
    assert status == 200


# --- bodies of many fields: the answer must not grow with them ---------------------------------


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        (BRIEFS, {"url": URL, **{f"k{i}": 1 for i in range(400_000)}}),
        (BRIEFS, {"url": URL, "include": {f"k{i}": 1 for i in range(300_000)}}),
        (CORROBORATIONS, {"article": {"key": "k", **{f"k{i}": 1 for i in range(5_000)}}}),
    ],
    ids=["top-level", "nested", "corroboration"],
)
def test_an_object_of_a_hundred_thousand_fields_is_refused_in_a_small_answer(
    path: str, payload: dict[str, Any]
) -> None:
    # Given a body (5.5 MB at most) of one object with hundreds of thousands of unknown fields:
    # it was answered with one error per field, 26 MB (over Lambda's 6 MB response limit)
    body = json.dumps(payload)
    # When it is posted
    response = _lambda_app().resolve(
        http_api_event("POST", path, body, {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    # Then the refusal is one short problem
    assert response["statusCode"] in {400, 413}
    assert len(response["body"]) < 2_000
    problem = json.loads(response["body"])
    assert problem["code"] in {"invalid_request", "too_large"}


def test_field_errors_are_listed_up_to_twenty_and_counted() -> None:
    # Given a body with 60 unknown fields (fewer than the per-object limit)
    body = json.dumps({"url": URL, **{f"unknown_{i}": 1 for i in range(60)}})
    response = _lambda_app().resolve(
        http_api_event("POST", BRIEFS, body, {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    problem = json.loads(response["body"])
    # Then twenty are listed and the detail says how many more there are
    assert response["statusCode"] == 400
    assert len(problem["errors"]) == 20
    assert problem["detail"].endswith("and 55 more.")


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("http://evil.example/v1/health", 400),
        ("http://evil.example:8787/v1/health", 400),
        ("http://10.0.0.1/v1/health", 400),
        ("http://127.0.0.1/v1/health", 200),
        ("http://localhost/v1/health", 200),
    ],
)
def test_an_absolute_form_target_is_judged_by_its_own_host(
    counted: tuple[LocalServer, CountingFetcher], target: str, status: int
) -> None:
    # Given a request line naming another host than its (loopback) Host header
    server, _ = counted
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    # Then the host in the request line decides (RFC 9112 3.2.2), as Host does otherwise
    answer_status, _, body = _exchange(server, request)
    assert answer_status == status, body
    if status == 400:
        assert json.loads(body)["code"] == "invalid_request"
