"""The ``Summariser`` port written by Claude, cited and checked by the faithfulness guard; the
fallback summariser's result (with a notice) whenever the model's answer is not usable.

An article too short to be worth a summary call is its own summary (the fallback's bullets, its
sentences); when the reader asked for another language than the article's, those sentences are
translated whole by the model in one call, checked like the model's bullets, and keep citing the
sentence each translates.
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
from parallax.domain.extractive_summariser import NOT_TRANSLATED
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, Bullet, Summary
from parallax.domain.neutral_summary import (
    MIN_SENTENCES,
    MIN_SURVIVING_BULLETS,
    SENTENCE_TRANSLATION_SYSTEM_PROMPT,
    SENTENCE_TRANSLATION_TOOL,
    SUMMARY_TOOL,
    SUMMARY_TOOL_NAME,
    SYSTEM_PROMPT,
    TRANSLATION_TOOL_NAME,
    DroppedBullet,
    GuardResult,
    OutputInvalid,
    SummaryPrompt,
    build_sentence_translation_prompt,
    build_summary_prompt,
    estimate_tokens,
    guard_bullets,
    guard_summary,
    parse_sentence_translation_output,
    parse_summary_output,
)
from parallax.domain.page_notices import article_is_about_browsing, is_page_notice
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

    def summarise(
        self,
        article: Article,
        language: str,
        max_bullets: int = 5,
        *,
        time_left_s: float | None = None,
    ) -> Summary:
        return self.summarise_detailed(
            article, language, max_bullets, time_left_s=time_left_s
        ).summary

    def summarise_detailed(
        self,
        article: Article,
        language: str,
        max_bullets: int = 5,
        *,
        time_left_s: float | None = None,
    ) -> SummaryOutcome:
        """Like :meth:`summarise`, with the headline, disputed note, drops and metrics. The
        model call keeps inside ``time_left_s`` (less a margin) when given, and is not made when
        too little is left (the fallback, with ``llm_timeout``)."""
        about_browsing = article_is_about_browsing(article)
        statements = sum(1 for s in article.sentences if _is_statement(s.text, about_browsing))
        if statements < MIN_SENTENCES:
            # Too short to be worth a summary call (page notices, which the model is never sent,
            # do not count): the article is its own summary, translated for a reader who asked
            # for another language (3 bullets from 2 sentences would pad; 2 translated do not).
            base = self._fallback.summarise(article, language, max_bullets)
            if base.notice != NOT_TRANSLATED or not base.bullets:
                return SummaryOutcome(summary=base)
            return self._translate_sentences(article, base, primary_language(language), time_left_s)
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
            budget_s = self._budget(self._settings.timeout_s, time_left_s)
            checked = self._ask(article, target, prompt, call, budget_s)
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
        self,
        article: Article,
        target: str,
        prompt: SummaryPrompt,
        call: CallRecord,
        budget_s: float,
    ) -> tuple[GuardResult, CallRecord]:
        message, attempts = self._caller.call(
            system=SYSTEM_PROMPT,
            tool=SUMMARY_TOOL,
            user_message=prompt.user_message,
            max_tokens=self._settings.max_tokens,
            budget_s=budget_s,
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

    def _translate_sentences(
        self, article: Article, base: Summary, target: str, time_left_s: float | None
    ) -> SummaryOutcome:
        """``base``'s bullets (the article's own sentences) translated into ``target``, each
        citing the sentence it translates; ``base`` with an ``llm_*`` notice when the model's
        translations are missing or not usable for any bullet (a summary half in one language
        and half in another, or missing a sentence of two, would not be the article's)."""
        originals = [b.text for b in base.bullets]
        prompt = build_sentence_translation_prompt(originals, target)
        estimated = estimate_tokens(SENTENCE_TRANSLATION_SYSTEM_PROMPT) + estimate_tokens(prompt)
        call = CallRecord("translate", self._clock(), estimated=estimated)
        try:
            if estimated > self._settings.input_token_budget:
                # Sentences are sent whole or not at all: a cut one would be translated as if it
                # were the sentence. Only a runaway "sentence" (no full stop in kilobytes) is this long.
                raise ModelFailure(NOTICE_ERROR, "input_budget")
            message, attempts = self._caller.call(
                system=SENTENCE_TRANSLATION_SYSTEM_PROMPT,
                tool=SENTENCE_TRANSLATION_TOOL,
                user_message=prompt,
                max_tokens=self._settings.translate_max_tokens,
                budget_s=self._budget(self._settings.translate_timeout_s, time_left_s),
            )
            usage = usage_of(message)
            call = replace(call, attempts=attempts, usage=usage)
            try:
                translated = parse_sentence_translation_output(
                    tool_input(message, TRANSLATION_TOOL_NAME), originals, target
                )
            except OutputInvalid as exc:
                raise ModelFailure(NOTICE_INVALID_OUTPUT, exc.reason, attempts, usage) from None
            except ModelFailure as failure:
                raise ModelFailure(failure.code, failure.detail, attempts, usage) from None
            missing = sum(1 for text in translated if text is None)
            if missing:
                raise ModelFailure(
                    NOTICE_INVALID_OUTPUT, f"{missing}_untranslated", attempts, usage
                )
            checked = guard_bullets(
                (
                    Bullet(text=text, sentence_ids=list(bullet.sentence_ids))
                    for text, bullet in zip(translated, base.bullets, strict=True)
                    if text is not None
                ),
                article,
                target,
            )
            if checked.dropped:
                logger.info(
                    "LLM sentence translation: %d dropped by the guard (%s)",
                    checked.dropped_count,
                    ", ".join(sorted({d.reason for d in checked.dropped})),
                )
                raise ModelFailure(
                    NOTICE_UNFAITHFUL,
                    f"{checked.dropped_count}_dropped",
                    attempts,
                    usage,
                    checked.dropped_count,
                )
        except ModelFailure as failure:
            call = replace(
                call,
                attempts=failure.attempts or call.attempts,
                code=failure.code,
                detail=failure.detail,
                dropped=failure.dropped,
            )
            if failure.usage is not None:
                call = replace(call, usage=failure.usage)
            return self._keep_untranslated(base, call)
        except Exception as exc:  # the Brief never fails because the model did
            code, detail, _ = classify_failure(exc)
            logger.debug("LLM sentence translation raised", exc_info=True)
            return self._keep_untranslated(base, replace(call, code=code, detail=detail))
        summary = _summary(
            {
                "language": target,
                "method": "llm",
                "bullets": checked.bullets,
                "notice": None,
                "model": self._settings.model_id,
            },
            {},
        )
        return SummaryOutcome(summary=summary, metrics=self._report(call))

    def _keep_untranslated(self, base: Summary, call: CallRecord) -> SummaryOutcome:
        # The llm_* notice, not "not_translated": the panel then says the model failed rather
        # than that there is no model.
        return self._with_failure_notice(
            base, call, "LLM sentence translation unavailable, keeping the sentences"
        )

    def _fall_back(
        self, article: Article, language: str, max_bullets: int, call: CallRecord
    ) -> SummaryOutcome:
        base = self._fallback.summarise(article, language, max_bullets)
        return self._with_failure_notice(base, call, "LLM summary unavailable, using the fallback")

    def _with_failure_notice(self, base: Summary, call: CallRecord, what: str) -> SummaryOutcome:
        """``base`` (the fallback's bullets) carrying the failed call's ``llm_*`` code."""
        code = call.code or NOTICE_ERROR
        # Only the code and a class/status detail are logged: never article text, never a key.
        logger.warning("%s: %s (%s)", what, code, call.detail)
        metrics = self._report(call)
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
