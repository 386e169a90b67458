"""The ``Summariser`` port written by Claude, cited and checked by the faithfulness guard; the
fallback summariser's result (with a notice) whenever the model's answer is not usable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from parallax.adapters.llm.caller import (
    ModelFailure,
    ModelUser,
    classify_failure,
    tool_input,
    usage_of,
)
from parallax.adapters.llm.clients import ClientFactory
from parallax.adapters.llm.metrics import CallRecord, LlmCallMetrics, MetricsSink
from parallax.adapters.llm.notices import NOTICE_ERROR, NOTICE_INVALID_OUTPUT, NOTICE_UNFAITHFUL
from parallax.adapters.llm.prices import PRICES, Price
from parallax.adapters.llm.settings import LlmSettings
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, Summary
from parallax.domain.neutral_summary import (
    MIN_SENTENCES,
    MIN_SURVIVING_BULLETS,
    SUMMARY_TOOL,
    SUMMARY_TOOL_NAME,
    SYSTEM_PROMPT,
    DroppedBullet,
    GuardResult,
    OutputInvalid,
    SummaryPrompt,
    build_summary_prompt,
    guard_summary,
    parse_summary_output,
)
from parallax.domain.page_notices import is_page_notice, page_is_about_browsing
from parallax.domain.ports import Summariser

logger = logging.getLogger(__name__)


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


class LlmSummariser(ModelUser):
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
        about_browsing = page_is_about_browsing(
            [article.title], (s.text for s in article.sentences)
        )
        statements = sum(1 for s in article.sentences if _is_statement(s.text, about_browsing))
        if statements < MIN_SENTENCES:
            # Too short to be worth a call (page notices, which the model is never sent, do not
            # count): the article is its own summary.
            return SummaryOutcome(summary=self._fallback.summarise(article, language, max_bullets))
        target = primary_language(language or article.language or "en")
        prompt = build_summary_prompt(
            article, target, max_bullets, self._settings.input_token_budget
        )
        call = CallRecord(
            "summary",
            self._clock(),
            trimmed=prompt.trimmed_sentences,
            estimated=prompt.estimated_input_tokens,
        )
        try:
            checked = self._ask(article, target, prompt, call)
        except ModelFailure as failure:
            call = replace(
                call, attempts=failure.attempts, code=failure.code, detail=failure.detail
            )
            if failure.usage is not None:
                call = replace(call, usage=failure.usage, dropped=failure.dropped)
            return self._fall_back(article, language, max_bullets, call)
        except Exception as exc:  # the Brief never fails because the model did
            code, detail, _ = classify_failure(exc)
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
        self, article: Article, target: str, prompt: SummaryPrompt, call: CallRecord
    ) -> tuple[GuardResult, CallRecord]:
        message, attempts = self._caller.call(
            system=SYSTEM_PROMPT,
            tool=SUMMARY_TOOL,
            user_message=prompt.user_message,
            max_tokens=self._settings.max_tokens,
            budget_s=self._settings.timeout_s,
        )
        usage = usage_of(message)
        call = replace(call, attempts=attempts, usage=usage)
        try:
            draft = parse_summary_output(tool_input(message, SUMMARY_TOOL_NAME))
        except OutputInvalid as exc:
            raise ModelFailure(NOTICE_INVALID_OUTPUT, exc.reason, attempts, usage) from None
        except ModelFailure as failure:
            raise ModelFailure(failure.code, failure.detail, attempts, usage) from None
        result = guard_summary(draft, article, target, prompt.sentence_ids)
        if result.dropped:
            logger.info(
                "LLM summary: %d bullet(s) dropped by the guard (%s)",
                result.dropped_count,
                ", ".join(sorted({d.reason for d in result.dropped})),
            )
        if len(result.bullets) < MIN_SURVIVING_BULLETS:
            raise ModelFailure(
                NOTICE_UNFAITHFUL,
                f"{len(result.bullets)}_bullets_survived",
                attempts,
                usage,
                result.dropped_count,
            )
        return result, replace(call, dropped=result.dropped_count)

    def _fall_back(
        self, article: Article, language: str, max_bullets: int, call: CallRecord
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


def _is_statement(text: str, page_about_browsing: bool) -> bool:
    """A sentence the model would be sent: not empty and not one of the page's notices (as
    :func:`parallax.domain.neutral_summary.prompts.build_summary_prompt` leaves them out)."""
    return bool(text.strip()) and not is_page_notice(text, page_about_browsing=page_about_browsing)
