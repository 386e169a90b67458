"""POST /v1/corroborations through the real resolver, with a fake service."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from parallax.api.app import create_app
from parallax.config import Settings
from parallax.domain.corroboration_models import (
    Corroboration,
    CorroborationCache,
    CorroborationRequest,
)
from parallax.domain.errors import NotFound
from parallax.domain.pipeline import BriefService
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache


@dataclass
class FakeCorroborations:
    missing: bool = False
    requests: list[CorroborationRequest] = field(default_factory=list)

    def corroborate(self, request: CorroborationRequest) -> Corroboration:
        self.requests.append(request)
        if self.missing:
            raise NotFound("no such Brief")
        return Corroboration(
            article_url="https://a.example/x",
            language="en",
            method="offline",
            bullets=[],
            missing_here=[],
            others=[],
            partial=False,
            cache=CorroborationCache(hit=False, key="k"),
            timings_ms={},
        )


def _resolve(event: dict[str, Any], corroborations: FakeCorroborations | None) -> dict[str, Any]:
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=60,
    )
    fake = corroborations
    app = create_app(
        Settings.from_env({}),
        lambda: service,
        corroborations=(lambda: fake) if fake is not None else None,  # type: ignore[arg-type,return-value]
    )
    return app.resolve(event, FakeLambdaContext())  # type: ignore[arg-type]


BODY = {"article": {"key": "abc"}, "others": [{"url": "https://b.example/1"}]}


def test_a_corroboration_is_answered_as_json() -> None:
    fake = FakeCorroborations()
    response = _resolve(http_api_event("POST", "/v1/corroborations", BODY), fake)
    assert response["statusCode"] == 200, response["body"]
    assert json.loads(response["body"])["method"] == "offline"
    assert fake.requests[0].others[0].url == "https://b.example/1"


def _problem(response: dict[str, Any], status: int, code: str) -> None:
    assert response["statusCode"] == status, response["body"]
    assert json.loads(response["body"])["code"] == code
    assert "Traceback" not in response["body"]


def test_bad_requests_are_4xx_never_5xx() -> None:
    fake = FakeCorroborations()
    for body in (
        {"article": {}, "others": []},
        {"article": {"key": "k"}, "others": [{"url": "javascript:alert(1)"}]},
        {"article": {"key": "k"}, "others": [{"url": "https://x.example", "text": "forged"}]},
        {"article": {"key": "k"}},
        "[]",
    ):
        # A JSON body always says so: one without a media type is refused before it is read
        event = http_api_event(
            "POST", "/v1/corroborations", body, {"content-type": "application/json"}
        )
        _problem(_resolve(event, fake), 400, "invalid_request")
    huge = {"article": {"key": "k"}, "others": [{"url": "https://x.example/" + "a" * 70_000}]}
    _problem(_resolve(http_api_event("POST", "/v1/corroborations", huge), fake), 413, "too_large")
    assert fake.requests == []


def test_an_article_never_briefed_is_404_and_an_unconfigured_server_says_so() -> None:
    missing = FakeCorroborations(missing=True)
    _problem(
        _resolve(http_api_event("POST", "/v1/corroborations", BODY), missing), 404, "not_found"
    )
    _problem(_resolve(http_api_event("POST", "/v1/corroborations", BODY), None), 404, "not_found")
