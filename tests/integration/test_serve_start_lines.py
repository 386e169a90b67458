"""`parallax serve`'s start lines say what writes the summaries (the README walk with the model
on: the lines said nothing of it, so whether the model was used showed only in a Brief)."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from tests.integration.test_background_ingest import _spawn, feeds, gate
from tests.support.feed_server import FeedServer
from tests.support.serve_process import SERVING

__all__ = ["feeds", "gate"]  # the fixtures, used by name


@pytest.mark.parametrize(
    ("model", "said"),
    [
        ({}, "summaries: extractive, offline: no model (PARALLAX_LLM_PROVIDER=none)"),
        (
            # A loopback endpoint that is never called: the start lines make no model call
            {"PARALLAX_LLM_PROVIDER": "anthropic", "PARALLAX_LLM_BASE_URL": "http://127.0.0.1:9"},
            "summaries: by claude-haiku-4-5 through the Anthropic API (extractive when a call "
            "fails)",
        ),
        (
            {"PARALLAX_LLM_PROVIDER": "bedrock", "PARALLAX_LLM_AWS_REGION": "eu-west-1"},
            "summaries: by anthropic.claude-haiku-4-5-20251001-v1:0 through Bedrock (extractive "
            "when a call fails)",
        ),
    ],
)
def test_serve_says_what_writes_the_summaries(
    tmp_path: Path, feeds: FeedServer, model: dict[str, str], said: str
) -> None:
    # Given `parallax serve` with no model, or Claude through the Anthropic API or Bedrock
    serve = _spawn(tmp_path, feeds, "0", **model)
    try:
        # Serving: the signal handlers are in place. (No Brief: Bedrock without credentials
        # would look for them off this machine.)
        assert httpx.get(f"{serve.base_url}/v1/health", timeout=10).status_code == 200
    finally:
        code = serve.stop(signal.SIGTERM)
    # When its start lines are read (data, feed index, summaries)
    start_lines = serve.lines_after(SERVING)[:3]
    # Then one of them says what writes the summaries
    assert code == 0, serve.stderr
    assert said in [line.strip() for line in start_lines], start_lines


@pytest.mark.parametrize("key", [None, "PARALLAX_LLM_API_KEY", "ANTHROPIC_API_KEY"])
def test_serve_warns_when_the_model_has_no_key(
    tmp_path: Path,
    feeds: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    key: str | None,
) -> None:
    # Given `parallax serve` with Claude through the Anthropic API, with or without a key
    for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    model = {"PARALLAX_LLM_PROVIDER": "anthropic", "PARALLAX_LLM_BASE_URL": "http://127.0.0.1:9"}
    if key is not None:
        model[key] = "sk-test-not-a-key"
    serve = _spawn(tmp_path, feeds, "0", **model)
    try:
        # Serving: every start line is written (they come before the server listens)
        assert httpx.get(f"{serve.base_url}/v1/health", timeout=10).status_code == 200
    finally:
        code = serve.stop(signal.SIGTERM)
    said = serve.stderr
    assert code == 0, said
    # Then without one the start lines say every model call will fail, and why (before: nothing;
    # each Brief's model call failed as llm_error and the panel said "The AI model failed")
    warned = "warning: no Anthropic API key is set" in said
    assert warned is (key is None), said
    # And the key itself is never printed
    assert "sk-test-not-a-key" not in said
