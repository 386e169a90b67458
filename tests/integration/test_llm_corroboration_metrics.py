"""The model check of a corroboration reports its tokens, cost and latency like the summary and
the translation do (regression: it reported nothing, ``LlmCallMetrics.operation`` had no name for
it). Against the fake Anthropic server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from parallax.adapters.llm import (
    NOTICE_OVERLOADED,
    AnthropicClientFactory,
    LlmCallMetrics,
    estimate_cost_usd,
    powertools_metrics_sink,
)
from parallax.adapters.llm_corroboration import LlmAlignmentChecker
from parallax.domain.corroboration import Claim, Report, align
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    loopback_llm_settings,
    tool_use_message,
)

KEY = "sk-test-not-a-real-key"
ARTICLE = [
    "Police in Lyon said 12 people were injured when a tram derailed on Monday morning.",
    "The tram line will stay closed until Friday, the operator Keolis said.",
]
CLAIMS = [Claim(ARTICLE[0], (0,)), Claim(ARTICLE[1], (1,))]
OTHERS = [
    Report(
        "b",
        (
            "Police in Lyon said 15 people were injured when a tram derailed on Monday morning.",
            "Mayor Grégory Doucet visited the injured in hospital on Monday afternoon.",
        ),
        "en",
    )
]


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def _checker(fake: FakeAnthropic, metrics: list[LlmCallMetrics]) -> LlmAlignmentChecker:
    settings = loopback_llm_settings(fake, KEY)
    return LlmAlignmentChecker(AnthropicClientFactory(settings), settings, metrics.append)


def _judge(request: RecordedRequest) -> Reply:
    pairs = request.user_message.count("<pair ")
    answer: dict[str, Any] = {
        "pairs": [{"pair": n, "relation": "differs"} for n in range(1, pairs + 1)],
        "missing": [1],
    }
    return Reply(200, tool_use_message(request, answer))


def test_a_model_check_reports_its_tokens_cost_and_latency(fake: FakeAnthropic) -> None:
    # Given an offline alignment with a difference and a sentence missing here
    alignment = align(ARTICLE, "en", CLAIMS, OTHERS)
    metrics: list[LlmCallMetrics] = []
    fake.script(_judge)
    # When the model checks it
    checked = _checker(fake, metrics).check(ARTICLE, "en", alignment, OTHERS)
    # Then the check answered, and one "corroborate" metric carries its tokens and cost
    assert checked is not None
    (reported,) = metrics
    assert reported.operation == "corroborate" and reported.ok
    assert reported.provider == "anthropic" and reported.attempts == 1
    assert reported.input_tokens > 0 and reported.output_tokens > 0
    assert reported.cost_usd == pytest.approx(
        estimate_cost_usd(
            reported.model,
            input_tokens=reported.input_tokens,
            output_tokens=reported.output_tokens,
            cache_read_tokens=reported.cache_read_tokens,
            cache_write_tokens=reported.cache_write_tokens,
        )
    )
    assert reported.cost_usd is not None and reported.cost_usd > 0
    assert reported.latency_ms > 0


def test_a_failed_model_check_reports_the_reason_and_answers_none(fake: FakeAnthropic) -> None:
    # Given a model that is overloaded
    alignment = align(ARTICLE, "en", CLAIMS, OTHERS)
    metrics: list[LlmCallMetrics] = []
    fake.default = "overloaded"
    # When the model is asked to check
    checked = _checker(fake, metrics).check(ARTICLE, "en", alignment, OTHERS)
    # Then the offline answer stands (None) and the metric names the failure
    assert checked is None
    (reported,) = metrics
    assert reported.operation == "corroborate"
    assert reported.fallback_reason == NOTICE_OVERLOADED
    assert reported.attempts == 1


def test_the_powertools_sink_names_corroboration_metrics_apart() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.names: list[str] = []

        def add_metric(self, name: str, unit: Any, value: float) -> None:
            self.names.append(name)

    recorder = Recorder()
    powertools_metrics_sink(recorder)(
        LlmCallMetrics(
            operation="corroborate",
            provider="anthropic",
            model="claude-haiku-4-5",
            fallback_reason=None,
            detail="",
            latency_ms=800.0,
            attempts=1,
            input_tokens=3000,
            output_tokens=150,
            cost_usd=0.00375,
        )
    )
    assert {"LlmCorroborateCalls", "LlmCorroborateLatency", "LlmCostUsd"} <= set(recorder.names)
