"""Headline translation by Claude, in batches; ``None`` for any headline the model did not
translate usably.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from parallax.adapters.llm.caller import (
    ModelFailure,
    ModelUser,
    classify_failure,
    tool_input,
    usage_of,
)
from parallax.adapters.llm.metrics import CallRecord
from parallax.adapters.llm.notices import NOTICE_INVALID_OUTPUT
from parallax.domain.languages import primary_language
from parallax.domain.neutral_summary import (
    MAX_TITLES_PER_CALL,
    TRANSLATION_SYSTEM_PROMPT,
    TRANSLATION_TOOL,
    TRANSLATION_TOOL_NAME,
    OutputInvalid,
    build_translation_prompt,
    parse_translation_output,
)
from parallax.domain.ports import TranslatedTitles

logger = logging.getLogger(__name__)


class LlmTitleTranslator(ModelUser):
    """Related headlines into the reader's language, in one batched call: ``None`` for a title
    that could not be translated, all ``None`` and the failure's notice code when the call fails."""

    def translate(
        self,
        titles: Sequence[str],
        language: str,
        title_languages: Sequence[str] | None = None,
        *,
        time_left_s: float | None = None,
    ) -> TranslatedTitles:
        """Translations aligned with ``titles``; only the first ``MAX_TITLES_PER_CALL`` are
        sent (the rest are ``None``). ``title_languages``, aligned with ``titles``, are their own
        languages where known: a headline's number words are read in its language. The call
        keeps inside ``time_left_s`` (less a margin) and is not made when too little is left."""
        if not titles:
            return TranslatedTitles([])
        batch = list(titles[:MAX_TITLES_PER_CALL])
        missing: list[str | None] = [None] * (len(titles) - len(batch))
        call = CallRecord("translate", self._clock())
        translated: list[str | None] = [None] * len(batch)
        target = primary_language(language)
        try:
            message, attempts = self._caller.call(
                system=TRANSLATION_SYSTEM_PROMPT,
                tool=TRANSLATION_TOOL,
                user_message=build_translation_prompt(batch, target),
                max_tokens=self._settings.translate_max_tokens,
                budget_s=self._budget(self._settings.translate_timeout_s, time_left_s),
            )
            call = replace(call, attempts=attempts, usage=usage_of(message))
            try:
                translated = parse_translation_output(
                    tool_input(message, TRANSLATION_TOOL_NAME),
                    batch,
                    target,
                    None if title_languages is None else list(title_languages[: len(batch)]),
                )
            except OutputInvalid as exc:
                raise ModelFailure(NOTICE_INVALID_OUTPUT, exc.reason, attempts) from None
        except ModelFailure as failure:
            call = replace(call, code=failure.code, detail=failure.detail)
            if not call.attempts:
                call = replace(call, attempts=failure.attempts)
        except Exception as exc:
            code, detail, _ = classify_failure(exc)
            logger.debug("LLM headline translation raised", exc_info=True)
            call = replace(call, code=code, detail=detail)
        if call.code is not None:
            translated = [None] * len(batch)
            logger.warning("LLM headline translation unavailable: %s (%s)", call.code, call.detail)
        self._report(call)
        return TranslatedTitles(translated + missing, call.code)
