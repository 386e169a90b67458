"""The model call's deadline where it was not held before session 16, through the real SDK and the
loopback fake: a name lookup that hangs, Bedrock's route, a SOCKS proxy. Loopback only: the name
lookup is a stub, no resolver is asked."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from parallax.adapters.llm import (
    NOTICE_ERROR,
    NOTICE_TIMEOUT,
    AnthropicClientFactory,
    LlmCallMetrics,
    LlmSettings,
    LlmSummariser,
)
from parallax.domain.extractive_summariser import ExtractiveSummariser
from tests.fakes import article_of
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    good_summary,
    loopback_llm_settings,
    tool_use_message,
)

KEY = "sk-ant-test-SECRET-edges-0123456789"
SLOW_NAME = "anthropic.slow-lookup.test"
SENTENCES = [
    "The city council of Springfield approved a budget of 120 million dollars on Monday.",
    "Mayor Ana Lopez said spending on schools would rise by 4.2 per cent.",
    "Council members voted 7 to 2 after a debate that lasted four hours.",
    "Opponents led by councillor Tom Baker said the plan relied on federal grants.",
    "The budget takes effect on July 1, officials said.",
]


def summariser_for(
    settings: LlmSettings, metrics: list[LlmCallMetrics] | None = None
) -> LlmSummariser:
    sink = metrics.append if metrics is not None else None
    return LlmSummariser(AnthropicClientFactory(settings), settings, ExtractiveSummariser(), sink)


@pytest.fixture
def hanging_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """:data:`SLOW_NAME`'s lookup hangs (10 s, or to the test's end), then answers 127.0.0.1;
    every other name goes to the real ``getaddrinfo`` (the tests use loopback addresses)."""
    released = threading.Event()
    real = socket.getaddrinfo

    def stub(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == SLOW_NAME:
            released.wait(10)
            host = "127.0.0.1"
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stub)
    yield
    released.set()


def test_a_model_host_whose_lookup_hangs_is_a_timeout_at_the_deadline(
    fake: FakeAnthropic, hanging_lookup: None
) -> None:
    # Given the model's host name does not resolve in time (its resolver hangs), a 1 s budget
    port = fake.base_url.rsplit(":", 1)[1]
    settings = loopback_llm_settings(
        fake, KEY, base_url=f"http://{SLOW_NAME}:{port}", timeout_s=1.0
    )
    metrics: list[LlmCallMetrics] = []
    summariser = summariser_for(settings, metrics)
    summariser_for(loopback_llm_settings(fake, KEY)).summarise(article_of(SENTENCES), "en")  # SDK
    # When a summary is asked for
    started = time.monotonic()
    summary = summariser.summarise(article_of(SENTENCES), "en")
    # Then the call ends as a timeout at its deadline (the lookup held it 10 s before); the
    # slack is for a loaded machine
    assert time.monotonic() - started < 3.0
    assert summary.method == "extractive" and summary.notice == NOTICE_TIMEOUT
    assert metrics[-1].detail == "timeout"


def test_a_bedrock_answer_that_trickles_in_ends_at_the_deadline(
    fake: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bedrock is called through the same SDK client (AnthropicBedrock over our HTTP client, its
    # requests signed with SigV4), not through boto3's bedrock-runtime: the deadline holds there
    # as for the Anthropic API. A byte every 0.1 s meets every read's timeout.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_BEARER_TOKEN_BEDROCK"):
        monkeypatch.delenv(name, raising=False)
    settings = LlmSettings(
        provider="bedrock",
        aws_region="eu-central-1",
        base_url=fake.base_url,
        timeout_s=4.0,
        max_retries=0,
    )
    # Warm (the SDK's and boto3's imports, the signing session): not the test
    assert summariser_for(settings).summarise(article_of(SENTENCES), "en").method == "llm"
    metrics: list[LlmCallMetrics] = []
    summariser = summariser_for(settings.model_copy(update={"timeout_s": 1.0}), metrics)

    def trickle(request: RecordedRequest) -> Reply:
        return Reply(200, tool_use_message(request, good_summary(request)), trickle_s=0.1)

    fake.script(trickle)
    started = time.monotonic()
    summary = summariser.summarise(article_of(SENTENCES), "en")
    assert time.monotonic() - started < 3.0
    assert summary.method == "extractive" and summary.notice == NOTICE_TIMEOUT
    assert fake.requests[-1].path.endswith("/invoke")
    assert metrics[-1].provider == "bedrock" and metrics[-1].detail == "timeout"


def test_a_socks_proxy_falls_back_with_one_error_line_and_no_secret(
    fake: FakeAnthropic, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Given ALL_PROXY names a SOCKS proxy with credentials
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("ALL_PROXY", "socks5://bob:hunter2@127.0.0.1:1080")
    caplog.set_level(logging.DEBUG)
    metrics: list[LlmCallMetrics] = []
    summariser = summariser_for(loopback_llm_settings(fake, KEY), metrics)
    # When two Briefs are summarised
    summaries = [summariser.summarise(article_of(SENTENCES), "en") for _ in range(2)]
    # Then each falls back, the cause named in one ERROR line; nothing was sent anywhere
    assert [(s.method, s.notice) for s in summaries] == [("extractive", NOTICE_ERROR)] * 2
    assert metrics[-1].detail == "client:ProxyNotSupported"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "ALL_PROXY" in errors[0] and "socks5" in errors[0]
    assert fake.requests == []
    assert "hunter2" not in caplog.text and KEY not in caplog.text
