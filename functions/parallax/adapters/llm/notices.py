"""The codes a fallback carries in ``Summary.notice``: why the model's answer was not used."""

from __future__ import annotations

from typing import Final

NOTICE_TIMEOUT: Final = "llm_timeout"
NOTICE_RATE_LIMITED: Final = "llm_rate_limited"
NOTICE_OVERLOADED: Final = "llm_overloaded"
NOTICE_ERROR: Final = "llm_error"
NOTICE_INVALID_OUTPUT: Final = "llm_invalid_output"
NOTICE_UNFAITHFUL: Final = "llm_unfaithful"
