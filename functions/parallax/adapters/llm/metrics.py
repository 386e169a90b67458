"""What one call cost and how it ended (:class:`LlmCallMetrics`), gathered per call
(:class:`CallRecord`) and sent to a metrics sink (Powertools in the cloud).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from parallax.adapters.llm.prices import Price, Usage, estimate_cost_usd
from parallax.adapters.llm.settings import LlmSettings

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class TitleTranslationMetrics:
    """One Brief's headline translation as a whole, beside its calls' records: what the
    per-process cache saved and what the model was paid for.

    Its own record, because a translation served wholly from the cache makes no call and so has
    no call record to carry it (280 of 420 Briefs in bench_title_cache), and the cache's worth is
    headlines not sent, which no call record counts."""

    provider: str
    model: str
    headlines: int
    """Headlines the Brief asked to have translated (each position, at most MAX_TITLES_TRANSLATED)."""
    cached: int
    """Of them, taken from the cache."""
    sent: int
    """Distinct headlines sent to the model (a headline twice in a Brief is sent once)."""
    translated: int
    """Of the sent, how many came back translated and passed the checks."""
    calls: int
    """Calls made or skipped for lack of time (one record each)."""


MetricsSink = Callable[[LlmCallMetrics | TitleTranslationMetrics], None]


def powertools_metrics_sink(metrics: Any) -> MetricsSink:
    """A sink writing to a Powertools ``Metrics`` object (flushed by ``@metrics.log_metrics``).

    One metric name per fallback reason (``LlmFallback_llm_timeout``, ...), because Powertools
    dimensions apply to a whole flush, not to one metric."""

    def sink(m: LlmCallMetrics | TitleTranslationMetrics) -> None:
        from aws_lambda_powertools.metrics import MetricUnit

        if isinstance(m, TitleTranslationMetrics):
            # Counts every translation, the ones served wholly from the cache too: the hit rate
            # is CachedTitles / Titles, the model's share SentTitles / Titles.
            metrics.add_metric(name="LlmTranslateTitles", unit=MetricUnit.Count, value=m.headlines)
            metrics.add_metric(
                name="LlmTranslateCachedTitles", unit=MetricUnit.Count, value=m.cached
            )
            metrics.add_metric(name="LlmTranslateSentTitles", unit=MetricUnit.Count, value=m.sent)
            if m.sent > m.translated:
                metrics.add_metric(
                    name="LlmTranslateUntranslatedTitles",
                    unit=MetricUnit.Count,
                    value=m.sent - m.translated,
                )
            return
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


def emit_metrics(
    sink: MetricsSink | None, metrics: LlmCallMetrics | TitleTranslationMetrics
) -> None:
    if sink is None:
        return
    try:
        sink(metrics)
    except Exception:
        # Metrics are worth less than the reader's summary.
        logger.exception("LLM metrics sink failed")


@dataclass(frozen=True, slots=True)
class CallRecord:
    """What one summary or translation cost and how it ended, gathered for the metrics."""

    operation: Literal["summary", "translate", "corroborate"]
    started: float
    attempts: int = 0
    usage: Usage = field(default_factory=Usage)
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
