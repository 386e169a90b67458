"""Recording metrics sinks for the model adapters' tests."""

from __future__ import annotations

from parallax.adapters.llm import LlmCallMetrics, MetricsSink, TitleTranslationMetrics


def call_records(into: list[LlmCallMetrics]) -> MetricsSink:
    """A sink keeping each call's record in ``into``; a headline translation's own record
    (:class:`TitleTranslationMetrics`, one a ``translate``) is left out, for the tests about
    calls."""

    def sink(record: LlmCallMetrics | TitleTranslationMetrics) -> None:
        if isinstance(record, LlmCallMetrics):
            into.append(record)

    return sink
