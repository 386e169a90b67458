"""The ingest Lambda handlers with settings that cannot be used (hardening, issue 1): one
structured log line naming the setting, never its value, and a failed invocation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from parallax.config import get_settings
from parallax.domain.errors import Misconfigured
from parallax.ingest import handlers
from tests.cloud.events import raw_sqs_record, scheduled_event
from tests.events import FakeLambdaContext

_SECRET = "sk-ant-api03-NEVER-LOG-THIS"
_QUEUE_ARN = "arn:aws:sqs:eu-central-1:123456789012:parallax-feeds"


@pytest.fixture(autouse=True)
def _cold(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")

    def clear() -> None:
        get_settings.cache_clear()
        for built in (handlers._scheduler, handlers._worker, handlers._publisher):
            built.cache_clear()

    clear()
    yield
    clear()


def _invoke_scheduler() -> Any:
    return handlers.scheduler_handler(scheduled_event("schedule"), FakeLambdaContext())


def _invoke_worker() -> Any:
    records = [raw_sqs_record(json.dumps({"feed": i}), _QUEUE_ARN) for i in range(3)]
    return handlers.feed_worker_handler({"Records": records}, FakeLambdaContext())


def _invoke_publisher() -> Any:
    return handlers.index_publisher_handler(scheduled_event("publish"), FakeLambdaContext())


@pytest.mark.parametrize(
    ("invoke", "env", "setting"),
    [
        (_invoke_scheduler, {"PARALLAX_LLM_PROVIDER": _SECRET}, "PARALLAX_LLM_PROVIDER"),
        (_invoke_worker, {"PARALLAX_AWS_MAX_ATTEMPTS": _SECRET}, "PARALLAX_AWS_MAX_ATTEMPTS"),
        (_invoke_publisher, {"PARALLAX_INDEX_KEY": "   "}, "PARALLAX_INDEX_KEY"),
        # Checked when the service is built, not by Settings itself
        (_invoke_scheduler, {}, "PARALLAX_FEED_QUEUE_URL"),
        (_invoke_worker, {}, "PARALLAX_FEED_ITEMS_TABLE"),
        (_invoke_publisher, {}, "PARALLAX_INDEX_BUCKET"),
    ],
    ids=["scheduler-bad", "worker-bad", "publisher-blank", "scheduler", "worker", "publisher"],
)
def test_a_bad_setting_fails_the_invocation_with_one_log_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    invoke: Callable[[], Any],
    env: dict[str, str],
    setting: str,
) -> None:
    # Given an ingest function deployed with a setting it cannot use
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # When it is invoked
    with pytest.raises(Misconfigured) as caught:
        invoke()
    # Then the invocation fails as misconfigured, naming the setting and not its value
    assert caught.value.code == "misconfigured"
    assert setting in str(caught.value) and _SECRET not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    # And the function's log has one structured error line, whatever the size of the batch
    # (Powertools' tracer adds its own "Exception received" record for any failed invocation)
    formatter = handlers.logger.registered_formatter
    ours = [record for record in caplog.records if record.name == "parallax"]
    lines = [json.loads(formatter.format(record)) for record in ours]
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1, lines
    assert errors[0]["message"] == "misconfigured" and setting in errors[0]["settings"]
    assert _SECRET not in json.dumps(lines) and _SECRET not in caplog.text
