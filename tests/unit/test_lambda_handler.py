from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from parallax.config import get_settings
from tests.cloud.template import resources_of
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


@pytest.fixture
def fresh_handler_import() -> Iterator[Callable[[], Any]]:
    """Imports ``parallax.api.handler`` anew (a cold start) under the environment the test set,
    and forgets that import (and the cached settings) afterwards."""

    def cold_start() -> Any:
        get_settings.cache_clear()
        sys.modules.pop("parallax.api.handler", None)
        return importlib.import_module("parallax.api.handler")

    yield cold_start
    get_settings.cache_clear()
    sys.modules.pop("parallax.api.handler", None)


_SECRET = "sk-ant-api03-NEVER-LOG-THIS"


def _json_log_lines(handler: Any, caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The records of the test as the function's own (Powertools JSON) formatter writes them."""
    formatter = handler.logger.registered_formatter
    return [json.loads(formatter.format(record)) for record in caplog.records]


# A bad PARALLAX_* value made the cold start raise at import (hardening, issue 1): an init
# failure with a Python traceback in the log, and API Gateway's bare 500 for every reader.
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PARALLAX_PORT", "seventy"),
        ("PARALLAX_LLM_MODEL", "   "),
        ("PARALLAX_LLM_PROVIDER", _SECRET),
        ("PARALLAX_LLM_MAX_RETRIES", _SECRET),
    ],
)
def test_a_bad_setting_at_cold_start_is_one_log_line_and_a_misconfigured_problem(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fresh_handler_import: Callable[[], Any],
    name: str,
    value: str,
) -> None:
    # Given a stage deployed with a bad value
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    monkeypatch.setenv(name, value)
    # When the function cold-starts
    handler = fresh_handler_import()
    # Then its log has one structured error line naming the setting, never the value
    lines = _json_log_lines(handler, caplog)
    errors = [line for line in lines if line.get("level") == "ERROR"]
    assert len(errors) == 1, lines
    assert errors[0]["message"] == "misconfigured"
    assert errors[0]["settings"] == [name]
    assert name in errors[0]["problem"]
    assert _SECRET not in json.dumps(lines) and "Traceback" not in json.dumps(lines)
    # And every request, whatever its route or method, gets the misconfigured problem
    for method, path, body in [
        ("GET", "/v1/health", None),
        ("POST", "/v1/briefs", {"url": "https://example.org/a"}),
        ("POST", "/v1/corroborations", {"article": {"key": "k"}, "others": []}),
        ("GET", "/nope", None),
    ]:
        response = handler.lambda_handler(http_api_event(method, path, body), FakeLambdaContext())
        assert response["statusCode"] == 503
        assert response["headers"]["Content-Type"] == "application/problem+json"
        problem = json.loads(response["body"])
        assert problem["code"] == "misconfigured"
        assert name not in response["body"] and _SECRET not in response["body"]
        assert "Traceback" not in response["body"]


def test_a_setting_checked_at_first_use_is_a_misconfigured_problem_too(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    fresh_handler_import: Callable[[], Any],
) -> None:
    # Given a Brief cache on DynamoDB without its table (checked when the cache is built)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    monkeypatch.setenv("PARALLAX_CACHE_BACKEND", "dynamodb")
    monkeypatch.setenv("PARALLAX_AWS_REGION", "eu-central-1")
    handler = fresh_handler_import()
    # When a Brief is asked for
    response = handler.lambda_handler(
        http_api_event("POST", "/v1/briefs", {"url": "https://example.org/a", "html": "<p>x</p>"}),
        FakeLambdaContext(),
    )
    # Then the answer is the operator's problem, not an internal error, and the log names it
    assert response["statusCode"] == 503
    assert json.loads(response["body"])["code"] == "misconfigured"
    out = json.dumps(_json_log_lines(handler, caplog))
    assert "PARALLAX_CACHE_TABLE" in out and "Traceback" not in out


def test_a_misconfigured_stage_is_counted_and_alarmed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fresh_handler_import: Callable[[], Any],
) -> None:
    # Given a stage that cannot use its settings: its invocations no longer fail (they answer
    # 503), so the Lambda Errors alarm, which the init failure tripped, does not see it
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.setenv("PARALLAX_PORT", "seventy")
    handler = fresh_handler_import()
    capsys.readouterr()
    # When it answers a request
    handler.lambda_handler(http_api_event("GET", "/v1/health"), FakeLambdaContext())
    # Then the answer is counted as a Misconfigured metric (embedded metric format on stdout)
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "{" in line]
    assert any("Misconfigured" in e for e in emitted), emitted
    # And template.yaml alarms on that metric
    alarms = [a["Properties"] for a in resources_of("AWS::CloudWatch::Alarm").values()]
    alarm = next(a for a in alarms if a["MetricName"] == "Misconfigured")
    assert alarm["Namespace"] == "Parallax" and alarm["Threshold"] == 1
    assert alarm["Dimensions"] == [{"Name": "service", "Value": "parallax"}]
