"""The model's API key from Secrets Manager (adapters/llm/secrets.py) through boto3: against moto's
server over HTTP, and against a loopback endpoint that accepts and never answers. The model is the
loopback fake of the Messages API. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

# Imported before any test's clock starts: on a loaded machine a cold import of either took
# seconds of a 4 s Brief (the tests are about the fetch, not the imports).
import anthropic  # noqa: F401
import boto3
import pytest

from parallax.adapters.llm import (
    NOTICE_ERROR,
    NOTICE_TIMEOUT,
    AnthropicClientFactory,
    LlmSettings,
    LlmSummariser,
    clients,
)
from parallax.api.app import quiet_third_party_loggers
from parallax.domain.extractive_summariser import ExtractiveSummariser
from tests.cloud.conftest import REGION, unique
from tests.fakes import article_of
from tests.support.fake_anthropic import FakeAnthropic

SENTENCES = [
    "The city council of Springfield approved a budget of 120 million dollars on Monday.",
    "Mayor Ana Lopez said spending on schools would rise by 4.2 per cent.",
    "Council members voted 7 to 2 after a debate that lasted four hours.",
    "Opponents led by councillor Tom Baker said the plan relied on federal grants.",
    "The budget takes effect on July 1, officials said.",
]


@pytest.fixture(autouse=True)
def fresh_key_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # The process keeps one fetcher (and its cache): each test starts cold.
    monkeypatch.setattr(clients, "_SECRETS_MANAGER", None)


def model_settings(fake: FakeAnthropic, secret: str, **overrides: Any) -> LlmSettings:
    values: dict[str, Any] = {
        "provider": "anthropic",
        "base_url": fake.base_url,
        "api_key_secret": secret,
        "timeout_s": 4.0,
        "max_retries": 0,
        **overrides,
    }
    return LlmSettings(**values)


def summariser(settings: LlmSettings) -> LlmSummariser:
    return LlmSummariser(AnthropicClientFactory(settings), settings, ExtractiveSummariser())


def test_the_key_is_fetched_once_and_anew_after_a_rotation_and_never_logged(
    fake: FakeAnthropic, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto_url)
    secrets = boto3.client("secretsmanager", region_name=REGION)
    name = unique("parallax/anthropic")
    first, second = "sk-ant-first-SECRET-0001", "sk-ant-second-SECRET-0002"
    secrets.create_secret(Name=name, SecretString=json.dumps({"ANTHROPIC_API_KEY": first}))
    # Every logger at DEBUG, as the API holds them (botocore logs a response's body at DEBUG)
    chatty = ("botocore", "urllib3", "httpx2", "httpcore2", "anthropic")
    levels = {logger: logging.getLogger(logger).level for logger in chatty}
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    root = logging.getLogger()
    root_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        quiet_third_party_loggers()
        service = summariser(model_settings(fake, name))
        service.summarise(article_of(SENTENCES), "en")
        # The key rotated: the cached one is used until the model refuses it
        secrets.put_secret_value(SecretId=name, SecretString=json.dumps({"api_key": second}))
        service.summarise(article_of(SENTENCES), "en")
        fake.script("unauthorized")
        assert service.summarise(article_of(SENTENCES), "en").notice == NOTICE_ERROR
        assert service.summarise(article_of(SENTENCES), "en").method == "llm"
    finally:
        root.removeHandler(handler)
        root.setLevel(root_level)
        for logger, level in levels.items():
            logging.getLogger(logger).setLevel(level)
    sent = [request.headers["authorization"] for request in fake.requests]
    # Then the new key is used after the 401 (Powertools' cache kept the old one for an hour)
    assert sent == [f"Bearer {first}"] * 3 + [f"Bearer {second}"]
    logged = "\n".join(record.getMessage() for record in records)
    assert records, "the capture works"
    assert first not in logged and second not in logged


class _Silent:
    """Accepts connections on 127.0.0.1, reads what is sent, never answers."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(conn)

    def close(self) -> None:
        self._listener.close()
        for conn in self._held:
            conn.close()


@pytest.fixture
def silent_secrets_manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Silent]:
    server = _Silent()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", f"http://127.0.0.1:{server.port}")
    yield server
    server.close()


def test_a_secrets_manager_that_never_answers_ends_inside_the_briefs_time(
    fake: FakeAnthropic, silent_secrets_manager: _Silent
) -> None:
    # Given a cold start whose key fetch is never answered (botocore's defaults: 60 s per read,
    # several attempts), and two services building their clients at once (the summariser and the
    # corroboration check have a factory each)
    settings = model_settings(fake, "parallax/anthropic")
    services = [summariser(settings), summariser(settings)]
    outcomes: list[tuple[str, str | None]] = []

    def brief(service: LlmSummariser) -> None:
        summary = service.summarise(article_of(SENTENCES), "en", time_left_s=4.0)
        outcomes.append((summary.method, summary.notice))

    # When each has 4 s of its Brief left
    started = time.monotonic()
    threads = [threading.Thread(target=brief, args=(service,)) for service in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Then both fall back as timeouts inside their Brief's time (the slack is for a loaded
    # machine), over one fetch between them; the model was not called
    assert time.monotonic() - started < 6.0
    assert outcomes == [("extractive", NOTICE_TIMEOUT)] * 2
    assert silent_secrets_manager.connections == 1
    assert fake.requests == []


@pytest.mark.parametrize(
    "broken",
    ['{"ANTHROPIC_API_KEY": "sk-ant-', '{"anthropic_key": "sk-ant-x"}', "   "],
    ids=["malformed-json", "no-key-field", "empty"],
)
def test_a_broken_secret_is_fetched_anew_once_it_is_fixed(
    fake: FakeAnthropic, moto_url: str, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    # Given a secret an operator wrote wrong (cut-off JSON, a field of another name, blanks)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto_url)
    secrets = boto3.client("secretsmanager", region_name=REGION)
    name = unique("parallax/anthropic")
    secrets.create_secret(Name=name, SecretString=broken)
    service = summariser(model_settings(fake, name))
    # When a Brief needs the key, the summary falls back and names an error
    first = service.summarise(article_of(SENTENCES), "en")
    assert (first.method, first.notice) == ("extractive", NOTICE_ERROR)
    # And once the secret is fixed, the next Brief uses the model with it (before: the broken
    # value stayed cached for secret_max_age_s, an hour by default, and no 401 ever came to
    # drop it: every Brief fell back until the process ended)
    key = "sk-ant-fixed-SECRET-0003"
    secrets.put_secret_value(SecretId=name, SecretString=json.dumps({"ANTHROPIC_API_KEY": key}))
    second = service.summarise(article_of(SENTENCES), "en")
    assert second.method == "llm"
    assert [request.headers["authorization"] for request in fake.requests] == [f"Bearer {key}"]
