"""Claude checks the offline alignment (issue 18): ``differs`` judgements and "missing here".

The ``AlignmentChecker`` port over the same caller as the summariser (one deadline, our own
retries). The prompt and the guard are pure (:mod:`parallax.domain.corroboration_check`); any
failure returns None and the offline alignment answers, so corroboration never fails because
the model did.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from parallax.adapters.llm.caller import (
    ModelFailure,
    ModelUser,
    classify_failure,
    tool_input,
    usage_of,
)
from parallax.adapters.llm.metrics import CallRecord
from parallax.adapters.llm.notices import NOTICE_INVALID_OUTPUT
from parallax.domain.corroboration import Alignment, Report
from parallax.domain.corroboration_check import (
    CHECK_SYSTEM_PROMPT,
    CHECK_TOOL,
    CHECK_TOOL_NAME,
    CheckInvalid,
    apply_check,
    build_check_prompt,
)

__all__ = ["LlmAlignmentChecker"]

logger = logging.getLogger(__name__)

# The corroboration is shown after the Brief; the reader should not wait long for the check.
_CHECK_TIMEOUT_S: Final = 6.0
_CHECK_MAX_TOKENS: Final = 1024


class LlmAlignmentChecker(ModelUser):
    def check(
        self,
        article_sentences: Sequence[str],
        language: str,
        alignment: Alignment,
        reports: Sequence[Report],
    ) -> Alignment | None:
        prompt = build_check_prompt(article_sentences, alignment, reports)
        if not prompt.pairs and not prompt.candidates:
            return alignment
        # Tokens, cost, latency and outcome go to the metrics sink like a summary's.
        call = CallRecord("corroborate", self._clock())
        checked: Alignment | None = None
        try:
            message, attempts = self._caller.call(
                system=CHECK_SYSTEM_PROMPT,
                tool=CHECK_TOOL,
                user_message=prompt.user_message,
                max_tokens=_CHECK_MAX_TOKENS,
                budget_s=min(self._settings.timeout_s, _CHECK_TIMEOUT_S),
            )
            call = replace(call, attempts=attempts, usage=usage_of(message))
            checked = apply_check(prompt, alignment, tool_input(message, CHECK_TOOL_NAME))
        except ModelFailure as failure:
            # Codes only: never page text, never a key.
            logger.warning(
                "LLM corroboration check unavailable: %s (%s)", failure.code, failure.detail
            )
            call = replace(
                call,
                code=failure.code,
                detail=failure.detail,
                attempts=call.attempts or failure.attempts,
            )
        except CheckInvalid as invalid:
            logger.warning("LLM corroboration check unusable: %s", invalid)
            call = replace(call, code=NOTICE_INVALID_OUTPUT, detail="check_invalid")
        except Exception as exc:
            code, detail, _ = classify_failure(exc)
            logger.warning("LLM corroboration check failed: %s (%s)", code, detail)
            call = replace(call, code=code, detail=detail)
        self._report(call)
        return checked
