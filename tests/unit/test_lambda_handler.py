from __future__ import annotations

import importlib
import json

import pytest

from tests.events import FakeLambdaContext, http_api_event


def test_lambda_handler_serves_health_and_problems(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the handler module imported as Lambda would (settings read at cold start)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    handler = importlib.import_module("parallax.api.handler")
    # When it receives HTTP API events
    health = handler.lambda_handler(http_api_event("GET", "/v1/health"), FakeLambdaContext())
    bad = handler.lambda_handler(
        http_api_event("POST", "/v1/briefs", "{", {"content-type": "application/json"}),
        FakeLambdaContext(),
    )
    # Then it answers through the same routes
    assert health["statusCode"] == 200 and json.loads(health["body"])["status"] == "ok"
    assert bad["statusCode"] == 400 and json.loads(bad["body"])["code"] == "invalid_request"
