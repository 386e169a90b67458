"""Claude through the ``anthropic`` SDK: the LLM summariser and the headline translator.

Two ways in, one adapter family: the Anthropic API (key from settings or the SDK's own
``ANTHROPIC_API_KEY`` locally, from AWS Secrets Manager through Powertools Parameters in the cloud)
and Amazon Bedrock (``AnthropicBedrock``, IAM credentials, region and model id from settings).

The SDK costs over a second to import, so it is imported when the first client is built, never at
module import. Everything the model is told and everything believed of its answer lives in the
pure :mod:`parallax.domain.neutral_summary`; this module calls, times, retries, counts and falls
back. The rule it exists for: **the Brief never fails because the model did.** Any failure
(timeout, 429, 529, 5xx, connection, invalid output, an unfaithful summary, a refusal) returns the
fallback summariser's result with ``notice`` set to one of the ``NOTICE_*`` codes.

Retries are ours, not the SDK's (the client is built with ``max_retries=0``): the SDK obeys any
``retry-after`` however long, while a Lambda has 25 s. Here every attempt gets the time left of
one deadline (``timeout_s``), and a retry happens only when its wait plus a useful attempt fit in
what is left. Note that the SDK's timeout bounds each socket wait, not an attempt's total.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, Protocol, cast

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from parallax.domain.languages import primary_language
from parallax.domain.models import Article, Summary
from parallax.domain.neutral_summary import (
    DEFAULT_INPUT_TOKEN_BUDGET,
    MAX_TITLES_PER_CALL,
    MIN_SENTENCES,
    MIN_SURVIVING_BULLETS,
    SUMMARY_TOOL,
    SUMMARY_TOOL_NAME,
    SYSTEM_PROMPT,
    TRANSLATION_SYSTEM_PROMPT,
    TRANSLATION_TOOL,
    TRANSLATION_TOOL_NAME,
    DroppedBullet,
    GuardResult,
    OutputInvalid,
    SummaryPrompt,
    build_summary_prompt,
    build_translation_prompt,
    guard_summary,
    parse_summary_output,
    parse_translation_output,
)
from parallax.domain.ports import Summariser

__all__ = [
    "NOTICE_ERROR",
    "NOTICE_INVALID_OUTPUT",
    "NOTICE_OVERLOADED",
    "NOTICE_RATE_LIMITED",
    "NOTICE_TIMEOUT",
    "NOTICE_UNFAITHFUL",
    "PRICES",
    "AnthropicClientFactory",
    "LlmCallMetrics",
    "LlmClient",
    "LlmSettings",
    "LlmSummariser",
    "LlmTitleTranslator",
    "MetricsSink",
    "Price",
    "SummaryOutcome",
    "estimate_cost_usd",
    "make_llm_client",
    "powertools_metrics_sink",
]

logger = logging.getLogger(__name__)

NOTICE_TIMEOUT: Final = "llm_timeout"
NOTICE_RATE_LIMITED: Final = "llm_rate_limited"
NOTICE_OVERLOADED: Final = "llm_overloaded"
NOTICE_ERROR: Final = "llm_error"
NOTICE_INVALID_OUTPUT: Final = "llm_invalid_output"
NOTICE_UNFAITHFUL: Final = "llm_unfaithful"

_MIN_ATTEMPT_S: Final = 2.0
"""A retry is pointless unless at least this long is left for it after the wait."""
_BACKOFF_BASE_S: Final = 0.5
_BACKOFF_MAX_S: Final = 4.0


# --- settings ----------------------------------------------------------------------------------


class LlmSettings(BaseModel):
    """What the LLM adapters need. Each field is meant to be a ``PARALLAX_LLM_<FIELD>`` variable
    (``PARALLAX_LLM_PROVIDER``, ``PARALLAX_LLM_MODEL``, ``PARALLAX_LLM_TIMEOUT_S``, ...) carried by
    the application's ``Settings`` as ``llm_<field>``; :meth:`from_settings` reads them off it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Literal["none", "anthropic", "bedrock"] = "none"
    model: str = Field(default="claude-haiku-4-5", min_length=1)
    """Model id for the Anthropic API."""
    bedrock_model: str = Field(default="anthropic.claude-haiku-4-5-20251001-v1:0", min_length=1)
    """Model id or inference profile for Bedrock (e.g. ``eu.anthropic.claude-...``)."""
    aws_region: str | None = None
    """Bedrock region; default: the SDK's (``AWS_REGION``, which Lambda sets)."""
    base_url: str | None = None
    """Override the endpoint (a gateway, or the loopback fake in tests). Default: the SDK's,
    which honours ``ANTHROPIC_BASE_URL`` / ``ANTHROPIC_BEDROCK_BASE_URL``."""
    api_key: SecretStr | None = None
    """Anthropic API key for local use; without it the SDK reads ``ANTHROPIC_API_KEY``."""
    api_key_secret: str | None = None
    """Secrets Manager name or ARN holding the key (plain, or JSON with ``ANTHROPIC_API_KEY`` or
    ``api_key``); used when ``api_key`` is not set."""
    secret_max_age_s: int = Field(default=3600, ge=0)
    max_tokens: int = Field(default=1024, ge=128, le=8192)
    temperature: float | None = Field(default=None, ge=0.0, le=1.0)
    """Sent only when set: recent models fix sampling themselves and may refuse the parameter."""
    timeout_s: float = Field(default=12.0, gt=0, le=25)
    """Deadline for one summary, retries included; well under the API function's 25 s."""
    max_retries: int = Field(default=1, ge=0, le=5)
    input_token_budget: int = Field(default=DEFAULT_INPUT_TOKEN_BUDGET, ge=500, le=100_000)
    translate_timeout_s: float = Field(default=6.0, gt=0, le=25)
    translate_max_tokens: int = Field(default=2048, ge=128, le=8192)

    @property
    def enabled(self) -> bool:
        return self.provider != "none"

    @property
    def model_id(self) -> str:
        """The id the configured provider is called with."""
        return self.bedrock_model if self.provider == "bedrock" else self.model

    @classmethod
    def from_settings(cls, settings: object) -> LlmSettings:
        """Read ``llm_<field>`` attributes off any settings object (fields it lacks keep their
        defaults), so that the application's ``Settings`` can carry flat ``PARALLAX_LLM_*``
        variables without this module importing it."""
        values = {
            name: getattr(settings, f"llm_{name}")
            for name in cls.model_fields
            if getattr(settings, f"llm_{name}", None) is not None
        }
        return cls.model_validate(values)


# --- clients -----------------------------------------------------------------------------------


class _Messages(Protocol):
    def create(self, **kwargs: Any) -> Any: ...


class LlmClient(Protocol):
    """The part of ``anthropic.Anthropic`` / ``AnthropicBedrock`` this module uses."""

    @property
    def messages(self) -> _Messages: ...


ClientFactory = Callable[[], LlmClient]
SecretGetter = Callable[[str, int], str]
"""``(secret name, max age in seconds) -> secret string``."""


def _powertools_secret(name: str, max_age: int) -> str:
    # Powertools caches the value for max_age seconds per execution environment, so a warm
    # Lambda does not call Secrets Manager per request.
    from aws_lambda_powertools.utilities import parameters

    value: object = parameters.get_secret(name, max_age=max_age)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _api_key_from_secret(value: str) -> str:
    text = value.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError("the API key secret is not valid JSON") from None
        if isinstance(data, dict):
            for key in ("ANTHROPIC_API_KEY", "api_key", "apiKey", "key"):
                found = data.get(key)
                if isinstance(found, str) and found.strip():
                    return found.strip()
        raise ValueError("the API key secret has no ANTHROPIC_API_KEY or api_key field")
    if not text:
        raise ValueError("the API key secret is empty")
    return text


def make_llm_client(settings: LlmSettings, secret_getter: SecretGetter | None = None) -> LlmClient:
    """A new SDK client for ``settings.provider``. Imports ``anthropic`` (slow: call lazily)."""
    if settings.provider == "none":
        raise ValueError("no LLM provider is configured")
    import anthropic

    if settings.provider == "bedrock":
        bedrock = anthropic.AnthropicBedrock(
            aws_region=settings.aws_region,
            base_url=settings.base_url,
            timeout=settings.timeout_s,
            max_retries=0,
        )
        return cast(LlmClient, bedrock)
    api_key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    if api_key is None and settings.api_key_secret:
        getter = secret_getter or _powertools_secret
        api_key = _api_key_from_secret(getter(settings.api_key_secret, settings.secret_max_age_s))
    # api_key=None lets the SDK read ANTHROPIC_API_KEY (and its other credential sources).
    client = anthropic.Anthropic(
        api_key=api_key,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=0,
    )
    return cast(LlmClient, client)


class AnthropicClientFactory:
    """Builds the client on first use and reuses it (one HTTP connection pool per process).

    ``invalidate()`` drops it, so that the next call fetches the key again: done after a 401, when
    the key in Secrets Manager may have been rotated."""

    def __init__(self, settings: LlmSettings, secret_getter: SecretGetter | None = None) -> None:
        self._settings = settings
        self._secret_getter = secret_getter
        self._client: LlmClient | None = None
        self._lock = threading.Lock()

    def __call__(self) -> LlmClient:
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = make_llm_client(self._settings, self._secret_getter)
                client = self._client
        return client

    def invalidate(self) -> None:
        with self._lock:
            self._client = None


# --- cost and metrics --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens. Cache writes (5-minute TTL) cost 1.25x input, cache reads 0.1x."""

    input: float
    output: float

    @property
    def cache_write(self) -> float:
        return self.input * 1.25

    @property
    def cache_read(self) -> float:
        return self.input * 0.1


PRICES: Final[Mapping[str, Price]] = {
    # Anthropic list prices (USD / MTok); Bedrock's on-demand prices for these models match.
    # A model missing here gets no cost estimate rather than a wrong one.
    "claude-haiku-4-5": Price(1.00, 5.00),
    "claude-sonnet-4-5": Price(3.00, 15.00),
    "claude-sonnet-4": Price(3.00, 15.00),
    "claude-opus-4-5": Price(5.00, 25.00),
    "claude-opus-4-1": Price(15.00, 75.00),
    "claude-opus-4": Price(15.00, 75.00),
    "claude-3-5-haiku": Price(0.80, 4.00),
}


def _price_key(model: str) -> str:
    """``eu.anthropic.claude-haiku-4-5-20251001-v1:0`` → ``claude-haiku-4-5``."""
    key = model.strip().lower()
    for prefix in ("global.", "us.", "eu.", "apac.", "jp.", "au.", "anthropic."):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    for sep in (":", "@"):
        key = key.split(sep, 1)[0]
    parts = key.split("-")
    while parts and (
        parts[-1] == "latest" or (parts[-1].startswith("v") and parts[-1][1:].isdigit())
    ):
        parts.pop()
    if parts and len(parts[-1]) == 8 and parts[-1].isdigit():
        parts.pop()
    return "-".join(parts)


@dataclass(frozen=True, slots=True)
class _Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


def estimate_cost_usd(
    model: str,
    *,
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    prices: Mapping[str, Price] = PRICES,
) -> float | None:
    """Estimated USD for one call, or ``None`` for a model without a known price."""
    price = prices.get(_price_key(model))
    if price is None:
        return None
    return (
        input_tokens * price.input
        + output_tokens * price.output
        + cache_read_tokens * price.cache_read
        + cache_write_tokens * price.cache_write
    ) / 1_000_000


@dataclass(frozen=True, slots=True)
class LlmCallMetrics:
    """One summary or translation attempt, for the metrics sink."""

    operation: Literal["summary", "translate", "corroborate"]
    provider: str
    model: str
    fallback_reason: str | None
    """A ``NOTICE_*`` code when the fallback was used, else ``None``."""
    detail: str
    """Finer reason: an HTTP status, an exception class, 'refusal', 'schema', ..."""
    latency_ms: float
    attempts: int
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float | None = None
    dropped_bullets: int = 0
    trimmed_sentences: int = 0
    estimated_input_tokens: int = 0

    @property
    def ok(self) -> bool:
        return self.fallback_reason is None


MetricsSink = Callable[[LlmCallMetrics], None]


def powertools_metrics_sink(metrics: Any) -> MetricsSink:
    """A sink writing to a Powertools ``Metrics`` object (flushed by ``@metrics.log_metrics``).

    One metric name per fallback reason (``LlmFallback_llm_timeout``, ...), because Powertools
    dimensions apply to a whole flush, not to one metric."""

    def sink(m: LlmCallMetrics) -> None:
        from aws_lambda_powertools.metrics import MetricUnit

        prefix = {"summary": "LlmSummary", "corroborate": "LlmCorroborate"}.get(
            m.operation, "LlmTranslate"
        )
        metrics.add_metric(name=f"{prefix}Calls", unit=MetricUnit.Count, value=1)
        metrics.add_metric(
            name=f"{prefix}Latency", unit=MetricUnit.Milliseconds, value=m.latency_ms
        )
        if m.attempts:
            metrics.add_metric(name="LlmInputTokens", unit=MetricUnit.Count, value=m.input_tokens)
            metrics.add_metric(name="LlmOutputTokens", unit=MetricUnit.Count, value=m.output_tokens)
            metrics.add_metric(
                name="LlmCacheReadTokens", unit=MetricUnit.Count, value=m.cache_read_tokens
            )
        if m.cost_usd is not None:
            metrics.add_metric(name="LlmCostUsd", unit=MetricUnit.NoUnit, value=m.cost_usd)
        if m.dropped_bullets:
            metrics.add_metric(
                name="LlmDroppedBullets", unit=MetricUnit.Count, value=m.dropped_bullets
            )
        if m.fallback_reason:
            metrics.add_metric(
                name=f"LlmFallback_{m.fallback_reason}", unit=MetricUnit.Count, value=1
            )

    return sink


# --- calling -----------------------------------------------------------------------------------


class _Failure(Exception):
    """Why the model's answer is not used: a ``NOTICE_*`` code and a finer detail."""

    def __init__(
        self,
        code: str,
        detail: str,
        attempts: int = 0,
        usage: _Usage | None = None,
        dropped: int = 0,
    ) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.attempts = attempts
        self.usage = usage
        self.dropped = dropped


def _class_names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


_STATUS_CODES: Final[Mapping[int, str]] = {
    408: NOTICE_TIMEOUT,
    504: NOTICE_TIMEOUT,
    429: NOTICE_RATE_LIMITED,
    503: NOTICE_OVERLOADED,  # Bedrock's "service unavailable" is its overload signal
    529: NOTICE_OVERLOADED,
}


def _classify(exc: BaseException) -> tuple[str, str, bool]:
    """(notice code, detail, retryable) for an exception from the SDK or the client factory.

    By class name and status code rather than ``isinstance``: the SDK may not even be importable
    (it is an optional extra), and this must never be the thing that fails."""
    names = _class_names(exc)
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        code = _STATUS_CODES.get(status, NOTICE_ERROR)
        # As the SDK would: retry timeouts, conflicts, rate limits and server errors.
        return code, f"http_{status}", status in (408, 409, 429) or status >= 500
    if "APITimeoutError" in names or isinstance(exc, TimeoutError):
        result = (NOTICE_TIMEOUT, "timeout", True)
    elif "APIResponseValidationError" in names or "JSONDecodeError" in names:
        result = (NOTICE_INVALID_OUTPUT, "response_body", False)
    elif "APIConnectionError" in names:
        result = (NOTICE_ERROR, "connection", True)
    else:
        result = (NOTICE_ERROR, type(exc).__name__, False)
    return result


def _retry_after_s(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw) * scale)
        except (TypeError, ValueError):
            continue
    return None


def _usage_of(message: Any) -> _Usage:
    usage = getattr(message, "usage", None)

    def count(name: str) -> int:
        value = getattr(usage, name, None)
        return value if isinstance(value, int) and value > 0 else 0

    return _Usage(
        input_tokens=count("input_tokens"),
        output_tokens=count("output_tokens"),
        cache_read_tokens=count("cache_read_input_tokens"),
        cache_write_tokens=count("cache_creation_input_tokens"),
    )


def _tool_input(message: Any, tool_name: str) -> object:
    """The forced tool call's input; failing that, any text (a JSON object in prose is parsed)."""
    stop = getattr(message, "stop_reason", None)
    if stop == "refusal":
        raise _Failure(NOTICE_INVALID_OUTPUT, "refusal")
    if stop == "max_tokens":
        # A cut-off tool call may still parse; it is not the answer the model meant to give.
        raise _Failure(NOTICE_INVALID_OUTPUT, "max_tokens")
    texts: list[str] = []
    for block in getattr(message, "content", None) or []:
        kind = getattr(block, "type", None)
        if kind == "tool_use" and getattr(block, "name", None) == tool_name:
            return cast(object, block.input)
        if kind == "text":
            texts.append(str(getattr(block, "text", "")))
    if any(t.strip() for t in texts):
        return "\n".join(texts)
    raise _Failure(NOTICE_INVALID_OUTPUT, "no_tool_call")


class _Caller:
    """One Messages API request under a deadline, with our own retries."""

    def __init__(
        self,
        client_factory: ClientFactory,
        settings: LlmSettings,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self._factory = client_factory
        self._settings = settings
        self._clock = clock
        self._sleep = sleep

    def call(
        self,
        *,
        system: str,
        tool: dict[str, Any],
        user_message: str,
        max_tokens: int,
        budget_s: float,
    ) -> tuple[Any, int]:
        """(message, attempts) or raise :class:`_Failure` (with the attempts made)."""
        deadline = self._clock() + budget_s
        attempts = 0
        request: dict[str, Any] = {
            "model": self._settings.model_id,
            "max_tokens": max_tokens,
            # The system prompt is the same for every article: mark it for the prompt cache
            # (tools precede it in the cached prefix, so they are cached too).
            "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": user_message}],
            "tools": [tool],
            "tool_choice": {
                "type": "tool",
                "name": tool["name"],
                "disable_parallel_tool_use": True,
            },
        }
        if self._settings.temperature is not None:
            request["extra_body"] = {"temperature": self._settings.temperature}
        while True:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise _Failure(NOTICE_TIMEOUT, "deadline", attempts)
            try:
                client = self._factory()
            except Exception as exc:
                code, detail, _ = _classify(exc)
                raise _Failure(code, f"client:{detail}", attempts) from None
            attempts += 1
            try:
                return client.messages.create(timeout=remaining, **request), attempts
            except Exception as exc:
                code, detail, retryable = _classify(exc)
                invalidate = getattr(self._factory, "invalidate", None)
                if getattr(exc, "status_code", None) == 401 and callable(invalidate):
                    # The key may have been rotated in Secrets Manager: fetch it again next time.
                    invalidate()
                wait = _retry_after_s(exc)
                if wait is None:
                    wait = min(_BACKOFF_MAX_S, _BACKOFF_BASE_S * 2 ** (attempts - 1))
                    wait *= 1.0 - 0.25 * random.random()  # noqa: S311 - jitter, not crypto
                left = deadline - self._clock()
                if (
                    not retryable
                    or attempts > self._settings.max_retries
                    or wait + _MIN_ATTEMPT_S > left
                ):
                    raise _Failure(code, detail, attempts) from None
                logger.info("LLM request failed (%s), retrying in %.1f s", detail, wait)
                self._sleep(wait)


def _emit(sink: MetricsSink | None, metrics: LlmCallMetrics) -> None:
    if sink is None:
        return
    try:
        sink(metrics)
    except Exception:
        # Metrics are worth less than the reader's summary.
        logger.exception("LLM metrics sink failed")


@dataclass(frozen=True, slots=True)
class _Call:
    """What one summary or translation cost and how it ended, gathered for the metrics."""

    operation: Literal["summary", "translate", "corroborate"]
    started: float
    attempts: int = 0
    usage: _Usage = field(default_factory=_Usage)
    code: str | None = None
    detail: str = ""
    dropped: int = 0
    trimmed: int = 0
    estimated: int = 0

    def metrics(
        self, settings: LlmSettings, prices: Mapping[str, Price], now: float
    ) -> LlmCallMetrics:
        model = settings.model_id
        usage = self.usage
        cost = None
        if self.attempts:
            cost = estimate_cost_usd(
                model,
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
                cache_read_tokens=usage.cache_read_tokens,
                cache_write_tokens=usage.cache_write_tokens,
                prices=prices,
            )
        return LlmCallMetrics(
            operation=self.operation,
            provider=settings.provider,
            model=model,
            fallback_reason=self.code,
            detail=self.detail,
            latency_ms=(now - self.started) * 1000.0,
            attempts=self.attempts,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cache_write_tokens=usage.cache_write_tokens,
            cost_usd=cost,
            dropped_bullets=self.dropped,
            trimmed_sentences=self.trimmed,
            estimated_input_tokens=self.estimated,
        )


# --- the summariser ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryOutcome:
    """A summary plus what ``Summary`` cannot carry yet (headline, disputed, dropped count)."""

    summary: Summary
    headline: str | None = None
    disputed: str | None = None
    dropped_bullets: int = 0
    dropped: tuple[DroppedBullet, ...] = ()
    fallback_reason: str | None = None
    """The notice code when the fallback answered; ``None`` on success or when not asked."""
    detail: str = ""
    metrics: LlmCallMetrics | None = None


def _summary(data: dict[str, Any], extras: Mapping[str, Any]) -> Summary:
    # Fields the Summary model gains later (headline, disputed, dropped_bullets) are filled as
    # soon as they exist, without a change here.
    data.update({k: v for k, v in extras.items() if k in Summary.model_fields})
    return Summary.model_validate(data)


class _ModelUser:
    """What every use of the model shares: the settings, one retrying caller, and reporting each
    call's tokens, cost and outcome to the metrics sink."""

    def __init__(
        self,
        client_factory: ClientFactory,
        settings: LlmSettings,
        metrics: MetricsSink | None = None,
        *,
        prices: Mapping[str, Price] = PRICES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._settings = settings
        self._metrics = metrics
        self._prices = prices
        self._clock = clock
        self._caller = _Caller(client_factory, settings, clock, sleep)

    @property
    def settings(self) -> LlmSettings:
        return self._settings

    def _report(self, call: _Call) -> LlmCallMetrics:
        metrics = call.metrics(self._settings, self._prices, self._clock())
        _emit(self._metrics, metrics)
        return metrics


class LlmSummariser(_ModelUser):
    """The ``Summariser`` port, written by Claude, cited and checked; ``fallback`` otherwise."""

    def __init__(
        self,
        client_factory: ClientFactory,
        settings: LlmSettings,
        fallback: Summariser,
        metrics: MetricsSink | None = None,
        *,
        prices: Mapping[str, Price] = PRICES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(client_factory, settings, metrics, prices=prices, clock=clock, sleep=sleep)
        self._fallback = fallback

    def summarise(self, article: Article, language: str, max_bullets: int = 5) -> Summary:
        return self.summarise_detailed(article, language, max_bullets).summary

    def summarise_detailed(
        self, article: Article, language: str, max_bullets: int = 5
    ) -> SummaryOutcome:
        """Like :meth:`summarise`, with the headline, disputed note, drops and metrics."""
        if sum(1 for s in article.sentences if s.text.strip()) < MIN_SENTENCES:
            # Too short to be worth a call: the article is its own summary.
            return SummaryOutcome(summary=self._fallback.summarise(article, language, max_bullets))
        target = primary_language(language or article.language or "en")
        prompt = build_summary_prompt(
            article, target, max_bullets, self._settings.input_token_budget
        )
        call = _Call(
            "summary",
            self._clock(),
            trimmed=prompt.trimmed_sentences,
            estimated=prompt.estimated_input_tokens,
        )
        try:
            checked = self._ask(article, target, prompt, call)
        except _Failure as failure:
            call = replace(
                call, attempts=failure.attempts, code=failure.code, detail=failure.detail
            )
            if failure.usage is not None:
                call = replace(call, usage=failure.usage, dropped=failure.dropped)
            return self._fall_back(article, language, max_bullets, call)
        except Exception as exc:  # the Brief never fails because the model did
            code, detail, _ = _classify(exc)
            # Not an answer we judged but an error we did not expect: keep the trace for
            # debugging, at a level production does not log (messages may quote article text).
            logger.debug("LLM summary raised", exc_info=True)
            return self._fall_back(
                article, language, max_bullets, replace(call, code=code, detail=detail)
            )
        result, call = checked
        metrics = self._report(call)
        dropped = tuple(result.dropped)
        summary = _summary(
            {
                "language": target,
                "method": "llm",
                "bullets": result.bullets[: max(1, max_bullets)],
                "notice": None,
                "model": self._settings.model_id,
            },
            {
                "headline": result.headline,
                "disputed": result.disputed,
                "dropped_bullets": len(dropped),
            },
        )
        return SummaryOutcome(
            summary=summary,
            headline=result.headline,
            disputed=result.disputed,
            dropped_bullets=len(dropped),
            dropped=dropped,
            metrics=metrics,
        )

    def _ask(
        self, article: Article, target: str, prompt: SummaryPrompt, call: _Call
    ) -> tuple[GuardResult, _Call]:
        message, attempts = self._caller.call(
            system=SYSTEM_PROMPT,
            tool=SUMMARY_TOOL,
            user_message=prompt.user_message,
            max_tokens=self._settings.max_tokens,
            budget_s=self._settings.timeout_s,
        )
        usage = _usage_of(message)
        call = replace(call, attempts=attempts, usage=usage)
        try:
            draft = parse_summary_output(_tool_input(message, SUMMARY_TOOL_NAME))
        except OutputInvalid as exc:
            raise _Failure(NOTICE_INVALID_OUTPUT, exc.reason, attempts, usage) from None
        except _Failure as failure:
            raise _Failure(failure.code, failure.detail, attempts, usage) from None
        result = guard_summary(draft, article, target, prompt.sentence_ids)
        if result.dropped:
            logger.info(
                "LLM summary: %d bullet(s) dropped by the guard (%s)",
                result.dropped_count,
                ", ".join(sorted({d.reason for d in result.dropped})),
            )
        if len(result.bullets) < MIN_SURVIVING_BULLETS:
            raise _Failure(
                NOTICE_UNFAITHFUL,
                f"{len(result.bullets)}_bullets_survived",
                attempts,
                usage,
                result.dropped_count,
            )
        return result, replace(call, dropped=result.dropped_count)

    def _fall_back(
        self, article: Article, language: str, max_bullets: int, call: _Call
    ) -> SummaryOutcome:
        code = call.code or NOTICE_ERROR
        # Only the code and a class/status detail are logged: never article text, never a key.
        logger.warning("LLM summary unavailable, using the fallback: %s (%s)", code, call.detail)
        metrics = self._report(call)
        base = self._fallback.summarise(article, language, max_bullets)
        summary = _summary({**base.model_dump(), "notice": code}, {"dropped_bullets": call.dropped})
        return SummaryOutcome(
            summary=summary,
            dropped_bullets=call.dropped,
            fallback_reason=code,
            detail=call.detail,
            metrics=metrics,
        )


# --- headline translation ----------------------------------------------------------------------


class LlmTitleTranslator(_ModelUser):
    """Related headlines into the reader's language, in one batched call: ``None`` for a title
    that could not be translated, all ``None`` when the call fails."""

    def translate(self, titles: Sequence[str], language: str) -> list[str | None]:
        """Translations aligned with ``titles``; only the first ``MAX_TITLES_PER_CALL`` are
        sent (the rest are ``None``)."""
        if not titles:
            return []
        batch = list(titles[:MAX_TITLES_PER_CALL])
        missing: list[str | None] = [None] * (len(titles) - len(batch))
        call = _Call("translate", self._clock())
        translated: list[str | None] = [None] * len(batch)
        try:
            message, attempts = self._caller.call(
                system=TRANSLATION_SYSTEM_PROMPT,
                tool=TRANSLATION_TOOL,
                user_message=build_translation_prompt(batch, primary_language(language)),
                max_tokens=self._settings.translate_max_tokens,
                budget_s=self._settings.translate_timeout_s,
            )
            call = replace(call, attempts=attempts, usage=_usage_of(message))
            try:
                translated = parse_translation_output(
                    _tool_input(message, TRANSLATION_TOOL_NAME), batch
                )
            except OutputInvalid as exc:
                raise _Failure(NOTICE_INVALID_OUTPUT, exc.reason, attempts) from None
        except _Failure as failure:
            call = replace(call, code=failure.code, detail=failure.detail)
            if not call.attempts:
                call = replace(call, attempts=failure.attempts)
        except Exception as exc:
            code, detail, _ = _classify(exc)
            logger.debug("LLM headline translation raised", exc_info=True)
            call = replace(call, code=code, detail=detail)
        if call.code is not None:
            translated = [None] * len(batch)
            logger.warning("LLM headline translation unavailable: %s (%s)", call.code, call.detail)
        self._report(call)
        return translated + missing
