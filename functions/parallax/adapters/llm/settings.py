"""What the LLM adapters need, as one frozen model built from the application's ``Settings``
(whose ``llm_*`` fields hold the defaults and bounds; :mod:`parallax.config`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SecretStr

from parallax.config import Settings


def _as_in_settings(name: str) -> Any:
    """The field ``llm_<name>`` of :class:`~parallax.config.Settings` (default, bounds, doc):
    the defaults live once, where the other settings live."""
    return Settings.model_fields[f"llm_{name}"]


class LlmSettings(BaseModel):
    """What the LLM adapters need: the ``llm_<field>`` values of the application's ``Settings``
    (``PARALLAX_LLM_PROVIDER``, ``PARALLAX_LLM_MODEL``, ``PARALLAX_LLM_TIMEOUT_S``, ...) without
    the prefix, with the same defaults and bounds; :meth:`from_settings` reads them off it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Literal["none", "anthropic", "bedrock"] = _as_in_settings("provider")
    model: str = _as_in_settings("model")
    bedrock_model: str = _as_in_settings("bedrock_model")
    aws_region: str | None = _as_in_settings("aws_region")
    base_url: str | None = _as_in_settings("base_url")
    api_key: SecretStr | None = _as_in_settings("api_key")
    api_key_secret: str | None = _as_in_settings("api_key_secret")
    secret_max_age_s: int = _as_in_settings("secret_max_age_s")
    max_tokens: int = _as_in_settings("max_tokens")
    temperature: float | None = _as_in_settings("temperature")
    timeout_s: float = _as_in_settings("timeout_s")
    max_retries: int = _as_in_settings("max_retries")
    input_token_budget: int = _as_in_settings("input_token_budget")
    translate_timeout_s: float = _as_in_settings("translate_timeout_s")
    translate_max_tokens: int = _as_in_settings("translate_max_tokens")
    translate_cache_size: int = _as_in_settings("translate_cache_size")

    @property
    def enabled(self) -> bool:
        return self.provider != "none"

    @property
    def model_id(self) -> str:
        """The id the configured provider is called with."""
        return self.bedrock_model if self.provider == "bedrock" else self.model

    @classmethod
    def from_settings(cls, settings: object) -> LlmSettings:
        """Read ``llm_<field>`` attributes off any settings object (fields it lacks, or sets to
        None, keep their defaults)."""
        values = {
            name: getattr(settings, f"llm_{name}")
            for name in cls.model_fields
            if getattr(settings, f"llm_{name}", None) is not None
        }
        return cls.model_validate(values)
