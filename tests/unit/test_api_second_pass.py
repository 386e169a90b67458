"""Hardening, second pass (what the first pass noticed and left), on the Lambda handler's app.

- A request body of the wrong media type was refused with the title of a fetched page that is not
  HTML ("The content is not an HTML page"): the code stays ``unsupported_media`` (the extension
  never sends such a body, and its words for the code are about pages), the title says what is
  wrong with the request.
- A progress id the resolver's path pattern does not take (a character outside letters, digits
  and a few marks: '©', a control character, a quote) was answered 405 "This route takes GET"
  to a GET; the route table declares the path, so it is a malformed parameter: 400
  ``invalid_request``, as every other malformed id already was (short, dotted, percent-encoded).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import fake_api_app


def _app() -> Any:
    return fake_api_app()


def _answer(event: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = _app().resolve(event, FakeLambdaContext())
    return response["statusCode"], json.loads(response["body"])


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "text/plain"},
        {"content-type": "text/html"},
        {"content-type": "application/x-www-form-urlencoded"},
        {},
        {"content-type": "application/json", "content-encoding": "gzip"},
    ],
    ids=["text-plain", "text-html", "form", "none", "gzip"],
)
@pytest.mark.parametrize("path", ["/v1/briefs", "/v1/corroborations"])
def test_a_body_of_the_wrong_media_type_is_named_as_the_request_s(
    path: str, headers: dict[str, str]
) -> None:
    # Given a POST whose body is not plain JSON
    event = http_api_event("POST", path, body='{"url": "https://example.org/a"}', headers=headers)
    # When it is resolved
    status, problem = _answer(event)
    # Then it is 415 unsupported_media with a title about the request body, not about a page
    assert status == 415 and problem["code"] == "unsupported_media"
    assert "HTML page" not in problem["title"]
    assert problem["title"] == "The request body's media type is not supported"


@pytest.mark.parametrize(
    "request_id",
    [
        "©" * 20,
        "Ã©Ã©Ã©Ã©Ã©Ã©Ã©Ã©Ã©",  # raw UTF-8 'é' read as latin-1, as http.server reads a request line
        "abcdefghijklmnop\x7f",
        'abcdefghijklmnop"',
        "abcdefghijklmnop`",
        "abcdefghijklmnop\\",
    ],
    ids=["copyright", "mojibake", "del", "quote", "backtick", "backslash"],
)
def test_a_malformed_progress_id_is_invalid_request_not_405(request_id: str) -> None:
    # Given a progress id the path pattern does not take
    event = http_api_event("GET", f"/v1/briefs/progress/{request_id}")
    # When it is asked for
    status, problem = _answer(event)
    # Then it is a 400 invalid_request, as for an id that is too short
    assert status == 400 and problem["code"] == "invalid_request", problem
    assert "Allow" not in problem


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/v1/briefs/progress/short", 400, "invalid_request"),
        ("GET", "/v1/briefs/progress/" + "é" * 20, 400, "invalid_request"),
        ("POST", "/v1/briefs/progress/" + "©" * 20, 405, "method_not_allowed"),
        ("GET", "/v1/briefs/progress/", 404, "not_found"),
        ("GET", "/v1/briefs/progress/a/b", 404, "not_found"),
        ("POST", "/v1/health", 405, "method_not_allowed"),
    ],
)
def test_other_paths_keep_their_answers(method: str, path: str, status: int, code: str) -> None:
    # Given a path the change must not touch; When it is asked for; Then its answer is as before
    got_status, problem = _answer(http_api_event(method, path))
    assert (got_status, problem["code"]) == (status, code)
