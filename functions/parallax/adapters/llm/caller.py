"""Calling the model: one Messages API request under a deadline with our own retries, the
classification of failures into notice codes, and :class:`ModelUser`, the base every service
over the model shares (the summariser, the translator, the corroboration check).
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, cast

from parallax.adapters.llm.clients import ClientFactory
from parallax.adapters.llm.deadline import call_deadline
from parallax.adapters.llm.metrics import CallRecord, LlmCallMetrics, MetricsSink, emit_metrics
from parallax.adapters.llm.notices import (
    NOTICE_ERROR,
    NOTICE_INVALID_OUTPUT,
    NOTICE_OVERLOADED,
    NOTICE_RATE_LIMITED,
    NOTICE_TIMEOUT,
)
from parallax.adapters.llm.prices import PRICES, Price, Usage
from parallax.adapters.llm.settings import LlmSettings
from parallax.adapters.llm.tracing import model_call_subsegment

logger = logging.getLogger(__name__)


_MIN_ATTEMPT_S: Final = 2.0
"""A retry is pointless unless at least this long is left for it after the wait."""
_BACKOFF_BASE_S: Final = 0.5
_BACKOFF_MAX_S: Final = 4.0


class ModelFailure(Exception):
    """Why the model's answer is not used: a ``NOTICE_*`` code and a finer detail."""

    def __init__(
        self,
        code: str,
        detail: str,
        attempts: int = 0,
        usage: Usage | None = None,
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


def classify_failure(exc: BaseException) -> tuple[str, str, bool]:
    """(notice code, detail, retryable) for an exception from the SDK or the client factory.

    By class name and status code rather than ``isinstance``: the SDK may not even be importable
    (it is an optional extra), and this must never be the thing that fails."""
    names = _class_names(exc)
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        if 300 <= status < 400:
            # Not followed (transport.deadline_http_client): the model's URL is misconfigured
            # or something between us and it answers for it; trying again changes nothing.
            return NOTICE_ERROR, f"redirect_{status}", False
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


def usage_of(message: Any) -> Usage:
    usage = getattr(message, "usage", None)

    def count(name: str) -> int:
        value = getattr(usage, name, None)
        return value if isinstance(value, int) and value > 0 else 0

    return Usage(
        input_tokens=count("input_tokens"),
        output_tokens=count("output_tokens"),
        cache_read_tokens=count("cache_read_input_tokens"),
        cache_write_tokens=count("cache_creation_input_tokens"),
    )


def tool_input(message: Any, tool_name: str, *, truncated_ok: bool = False) -> object:
    """The forced tool call's input; failing that, any text (a JSON object in prose is parsed).
    An answer stopped at its output budget fails, unless ``truncated_ok``: the caller then reads
    what is whole in it itself (see ``stopped_at_budget``)."""
    stop = getattr(message, "stop_reason", None)
    if stop == "refusal":
        raise ModelFailure(NOTICE_INVALID_OUTPUT, "refusal")
    if stop == "max_tokens" and not truncated_ok:
        # A cut-off tool call may still parse; it is not the answer the model meant to give.
        raise ModelFailure(NOTICE_INVALID_OUTPUT, "max_tokens")
    texts: list[str] = []
    for block in getattr(message, "content", None) or []:
        kind = getattr(block, "type", None)
        if kind == "tool_use" and getattr(block, "name", None) == tool_name:
            return cast(object, block.input)
        if kind == "text":
            texts.append(str(getattr(block, "text", "")))
    if any(t.strip() for t in texts):
        return "\n".join(texts)
    raise ModelFailure(NOTICE_INVALID_OUTPUT, "no_tool_call")


def stopped_at_budget(message: Any) -> bool:
    """The answer stopped at the call's ``max_tokens``: whatever it holds may be cut off."""
    return getattr(message, "stop_reason", None) == "max_tokens"


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

    def prepare(self) -> None:
        """Build the client now (the SDK's import and, in the cloud, the key's fetch: seconds on
        a cold start); a failure is left for :meth:`call` to report."""
        with contextlib.suppress(Exception):
            self._factory()

    def call(
        self,
        *,
        system: str,
        tool: dict[str, Any],
        user_message: str,
        max_tokens: int,
        budget_s: float,
    ) -> tuple[Any, int]:
        """(message, attempts) or raise :class:`ModelFailure` (with the attempts made)."""
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
                raise ModelFailure(NOTICE_TIMEOUT, "deadline", attempts)
            try:
                # A client built here (no Brief's time prepared it: the corroboration check, the
                # CLI) fetches its key within the call's budget; the build is not counted in the
                # budget, as the SDK's import never was (a Brief counts both: ModelUser._budget).
                with call_deadline(remaining):
                    client = self._factory()
            except Exception as exc:
                code, detail, _ = classify_failure(exc)
                raise ModelFailure(code, f"client:{detail}", attempts) from None
            attempts += 1
            try:
                # The SDK's timeout bounds each socket read; call_deadline bounds the call, so
                # an answer trickling in a byte at a time ends when the budget does.
                with (
                    model_call_subsegment(
                        self._settings.provider, self._settings.model_id, attempts
                    ) as outcome,
                    call_deadline(remaining),
                ):
                    try:
                        message = client.messages.create(timeout=remaining, **request)
                    except Exception as exc:
                        outcome(*classify_failure(exc)[:2])
                        raise
                    outcome("ok", "")
                    return message, attempts
            except Exception as exc:
                code, detail, retryable = classify_failure(exc)
                invalidate = getattr(self._factory, "invalidate", None)
                if getattr(exc, "status_code", None) == 401 and callable(invalidate):
                    # The key may have been rotated in Secrets Manager: fetch it again next time
                    # (once: not if another call has already built a client anew).
                    invalidate(client)
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
                    raise ModelFailure(code, detail, attempts) from None
                logger.info("LLM request failed (%s), retrying in %.1f s", detail, wait)
                self._sleep(wait)


BRIEF_MARGIN_S: Final = 1.0
"""Kept of the caller's time for what follows a model call in a Brief (the guard, the related
step's answer, the cache write)."""

MIN_CALL_BUDGET_S: Final = 2.0
"""Less of the Brief's time than this left for a call (and less than its own budget): no call is
made. A summary or a batch of headlines takes the model a second or more to write; a call cut
short costs its tokens and answers nothing."""


class ModelUser:
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

    def _budget(self, configured_s: float, time_left_s: float | None) -> float:
        """The time a call may take: ``configured_s``, or less when the caller (a Brief, under
        its deadline) has only ``time_left_s`` left. Raises :class:`ModelFailure` (timeout,
        ``brief_deadline``) when too little is left for a call: a fetch and an extraction that
        took most of the Brief's time, then a whole model budget, ran past the Brief's deadline,
        and the reader got 504 where the summary without the model was ready."""
        if time_left_s is None:
            return configured_s
        # A cold start's SDK import and key fetch happen before the call's own clock starts:
        # they are counted against the Brief's time here (a cold call ran 2 s past it).
        started = self._clock()
        # Under the Brief's time less the margin: the key's fetch (secrets.py) and the name
        # lookups take their timeouts from it, so a cold start cannot outlive the Brief.
        with call_deadline(max(0.0, time_left_s - BRIEF_MARGIN_S)):
            self._caller.prepare()
        time_left_s -= self._clock() - started
        left = time_left_s - BRIEF_MARGIN_S
        if left >= configured_s:
            return configured_s
        if left < MIN_CALL_BUDGET_S:
            raise ModelFailure(NOTICE_TIMEOUT, "brief_deadline", 0)
        return left

    def _report(self, call: CallRecord) -> LlmCallMetrics:
        metrics = call.metrics(self._settings, self._prices, self._clock())
        emit_metrics(self._metrics, metrics)
        return metrics
