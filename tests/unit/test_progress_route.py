"""GET /v1/briefs/progress/{request_id} and the request id of POST /v1/briefs (issue 17)."""

from __future__ import annotations

import json
from typing import Any

from parallax.adapters.progress_store import InMemoryBriefProgress
from parallax.api.app import create_app
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from parallax.domain.pipeline import BriefService
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache

URL = "https://news.example/politics/budget"
REQUEST_ID = "3f2b9c1e-8d4a-4b7e-9f10-2a6c5d7e8f90"


def _app(progress: InMemoryBriefProgress | None) -> Any:
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=60,
        progress=progress,
    )
    return create_app(Settings.from_env({}), lambda: service, progress=progress)


def _resolve(app: Any, event: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = app.resolve(event, FakeLambdaContext())
    return response


def _problem(response: dict[str, Any], status: int, code: str) -> None:
    assert response["statusCode"] == status, response["body"]
    assert response["headers"]["Content-Type"] == "application/problem+json"
    assert json.loads(response["body"])["code"] == code


def test_the_route_answers_the_step_a_brief_is_in() -> None:
    # Given a store where a Brief is summarising
    progress = InMemoryBriefProgress()
    progress.report(REQUEST_ID, "summarising")
    # When its progress is asked for
    response = _resolve(_app(progress), http_api_event("GET", f"/v1/briefs/progress/{REQUEST_ID}"))
    # Then the answer is the step, as JSON
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/json"
    assert json.loads(response["body"]) == {"request_id": REQUEST_ID, "step": "summarising"}


def test_an_unknown_id_is_not_found() -> None:
    # Given a store that never heard of the id, When its progress is asked for
    response = _resolve(
        _app(InMemoryBriefProgress()), http_api_event("GET", f"/v1/briefs/progress/{REQUEST_ID}")
    )
    # Then it is a not_found problem (the panel falls back to its generic text)
    _problem(response, 404, "not_found")


def test_without_a_store_the_route_is_not_found() -> None:
    # Given an app without a store (as a Lambda that cannot see the invocation making the Brief)
    response = _resolve(_app(None), http_api_event("GET", f"/v1/briefs/progress/{REQUEST_ID}"))
    _problem(response, 404, "not_found")


def test_a_malformed_id_in_the_path_is_a_bad_request() -> None:
    response = _resolve(
        _app(InMemoryBriefProgress()), http_api_event("GET", "/v1/briefs/progress/short")
    )
    _problem(response, 400, "invalid_request")


def test_a_brief_posted_with_an_id_can_be_followed_to_done() -> None:
    # Given an app with a store, When a Brief is posted with a request id
    progress = InMemoryBriefProgress()
    app = _app(progress)
    posted = _resolve(
        app,
        http_api_event(
            "POST", "/v1/briefs", {"url": URL}, headers={"X-Parallax-Request-Id": REQUEST_ID}
        ),
    )
    assert posted["statusCode"] == 200, posted["body"]
    # Then its id answers done afterwards
    answer = _resolve(app, http_api_event("GET", f"/v1/briefs/progress/{REQUEST_ID}"))
    assert json.loads(answer["body"])["step"] == "done"


def test_a_brief_posted_with_a_malformed_id_is_refused_before_any_work() -> None:
    # Given a hostile id (a path, too long), When a Brief is posted with it
    response = _resolve(
        _app(InMemoryBriefProgress()),
        http_api_event(
            "POST", "/v1/briefs", {"url": URL}, headers={"X-Parallax-Request-Id": "../" * 30}
        ),
    )
    # Then it is a clear 400, not a 5xx
    _problem(response, 400, "invalid_request")


def test_a_brief_posted_without_an_id_still_works() -> None:
    response = _resolve(
        _app(InMemoryBriefProgress()), http_api_event("POST", "/v1/briefs", {"url": URL})
    )
    assert response["statusCode"] == 200


def test_the_extension_may_send_the_id_header_across_origins() -> None:
    # Given CORS for the extension, When the browser preflights a POST with the id header
    settings = Settings.from_env({"PARALLAX_CORS_ORIGINS": DEFAULT_EXTENSION_ORIGIN})
    progress = InMemoryBriefProgress()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=60,
    )
    app = create_app(settings, lambda: service, progress=progress)
    preflight = _resolve(
        app,
        http_api_event(
            "OPTIONS",
            "/v1/briefs",
            headers={
                "Origin": DEFAULT_EXTENSION_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-parallax-request-id",
            },
        ),
    )
    # Then the header is allowed
    allowed = preflight["headers"]["Access-Control-Allow-Headers"].lower()
    assert "x-parallax-request-id" in allowed
    # And the progress route's answer is readable by the extension
    progress.report(REQUEST_ID, "reading")
    answer = _resolve(
        app,
        http_api_event(
            "GET",
            f"/v1/briefs/progress/{REQUEST_ID}",
            headers={"Origin": DEFAULT_EXTENSION_ORIGIN},
        ),
    )
    assert answer["headers"]["Access-Control-Allow-Origin"] == DEFAULT_EXTENSION_ORIGIN
