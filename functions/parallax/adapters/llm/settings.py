"""What the LLM adapters need, as one frozen model built from the application's ``Settings``
(whose ``llm_*`` fields hold the defaults and bounds; :mod:`parallax.config`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from parallax.domain.neutral_summary import (
    DEFAULT_INPUT_TOKEN_BUDGET,
)


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
