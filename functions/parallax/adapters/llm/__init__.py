"""Claude through the ``anthropic`` SDK: the LLM summariser and the headline translator.

Two ways in, one adapter family: the Anthropic API (key from settings or the SDK's own
``ANTHROPIC_API_KEY`` locally, from AWS Secrets Manager in the cloud: :mod:`.secrets`)
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

One module per concern: :mod:`.settings`, :mod:`.clients` (SDK client factory), :mod:`.secrets`, :mod:`.caller`
(deadline, retries, failure codes, the base of every service), :mod:`.prices`, :mod:`.metrics`,
:mod:`.notices`, :mod:`.tracing` (each request an X-Ray subsegment in Lambda), and the two services :mod:`.summariser` and :mod:`.translator`. Other adapters
over the model (``llm_corroboration``) build on :class:`.caller.ModelUser`.
"""

from __future__ import annotations

from parallax.adapters.llm.clients import AnthropicClientFactory, LlmClient, make_llm_client
from parallax.adapters.llm.metrics import (
    LlmCallMetrics,
    MetricsSink,
    TitleTranslationMetrics,
    powertools_metrics_sink,
)
from parallax.adapters.llm.notices import (
    NOTICE_ERROR,
    NOTICE_INVALID_OUTPUT,
    NOTICE_OVERLOADED,
    NOTICE_RATE_LIMITED,
    NOTICE_TIMEOUT,
    NOTICE_UNFAITHFUL,
)
from parallax.adapters.llm.prices import PRICES, Price, estimate_cost_usd
from parallax.adapters.llm.settings import LlmSettings
from parallax.adapters.llm.summariser import LlmSummariser, SummaryOutcome
from parallax.adapters.llm.translator import LlmTitleTranslator

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
    "TitleTranslationMetrics",
    "estimate_cost_usd",
    "make_llm_client",
    "powertools_metrics_sink",
]
