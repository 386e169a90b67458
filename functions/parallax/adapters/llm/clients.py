"""SDK clients: the Anthropic API (key from settings, the SDK's environment, or Secrets Manager
inside the call's deadline: :mod:`parallax.adapters.llm.secrets`) or Amazon Bedrock. ``anthropic``
is imported when the first client is built (it costs over a second), never at module import.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, cast

from parallax.adapters.llm.secrets import SecretsManagerKeys
from parallax.adapters.llm.settings import LlmSettings

logger = logging.getLogger(__name__)


class _Messages(Protocol):
    def create(self, **kwargs: Any) -> Any: ...


class LlmClient(Protocol):
    """The part of ``anthropic.Anthropic`` / ``AnthropicBedrock`` this module uses."""

    @property
    def messages(self) -> _Messages: ...


ClientFactory = Callable[[], LlmClient]
SecretGetter = Callable[[str, int], str]
"""``(secret name, max age in seconds) -> secret string``."""


_SECRETS_MANAGER: SecretsManagerKeys | None = None
_SECRETS_LOCK = threading.Lock()


def _secrets_manager() -> SecretsManagerKeys:
    """The process's one fetcher (its cache is shared by every model client; made on first use,
    so that importing this module does nothing)."""
    global _SECRETS_MANAGER  # noqa: PLW0603 - one cache per process, built lazily
    with _SECRETS_LOCK:
        if _SECRETS_MANAGER is None:
            _SECRETS_MANAGER = SecretsManagerKeys()
        return _SECRETS_MANAGER


def _api_key_from_secret(value: str) -> str:
    text = value.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError("the API key secret is not valid JSON") from None
        if isinstance(data, dict):
            for key in ("ANTHROPIC_API_KEY", "api_key", "apiKey", "key"):
                found = data.get(key)
                if isinstance(found, str) and found.strip():
                    return found.strip()
        raise ValueError("the API key secret has no ANTHROPIC_API_KEY or api_key field")
    if not text:
        raise ValueError("the API key secret is empty")
    return text


def make_llm_client(settings: LlmSettings, secret_getter: SecretGetter | None = None) -> LlmClient:
    """A new SDK client for ``settings.provider``. Imports ``anthropic`` (slow: call lazily)."""
    if settings.provider == "none":
        raise ValueError("no LLM provider is configured")
    import anthropic

    from parallax.adapters.llm.transport import check_proxy_route, deadline_http_client

    http_client = deadline_http_client()
    if settings.provider == "bedrock":
        bedrock = anthropic.AnthropicBedrock(
            aws_region=settings.aws_region,
            base_url=settings.base_url,
            timeout=settings.timeout_s,
            max_retries=0,
            http_client=http_client,
        )
        check_proxy_route(http_client, bedrock.base_url)
        return cast(LlmClient, bedrock)
    api_key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    if api_key is None and settings.api_key_secret:
        getter = secret_getter or _secrets_manager()
        value = getter(settings.api_key_secret, settings.secret_max_age_s)
        try:
            api_key = _api_key_from_secret(value)
        except ValueError:
            # A value with no key in it is not kept: no 401 ever comes to drop it, and every
            # call failed for secret_max_age_s (an hour) after the operator fixed the secret.
            forget = getattr(getter, "forget", None)
            if callable(forget):
                forget(settings.api_key_secret)
            raise
    # api_key=None lets the SDK read ANTHROPIC_API_KEY (and its other credential sources).
    client = anthropic.Anthropic(
        api_key=api_key,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=0,
        http_client=http_client,
    )
    # Before any request to the model: a proxy the deadline cannot be held through is refused, at
    # the model path's cold start, naming the variable (never the proxy's address).
    check_proxy_route(http_client, client.base_url)
    return cast(LlmClient, client)


class AnthropicClientFactory:
    """Builds the client on first use and reuses it (one HTTP connection pool per process).

    ``invalidate()`` drops it, so that the next call fetches the key again: done after a 401, when
    the key in Secrets Manager may have been rotated (the fetcher's cached value is dropped too).
    A client that cannot be built for a misconfigured proxy is logged once, at ERROR."""

    def __init__(self, settings: LlmSettings, secret_getter: SecretGetter | None = None) -> None:
        self._settings = settings
        self._secret_getter = secret_getter
        self._client: LlmClient | None = None
        self._lock = threading.Lock()
        self._proxy_refusal_logged = False

    def __call__(self) -> LlmClient:
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._build()
                client = self._client
        return client

    def _build(self) -> LlmClient:
        from parallax.adapters.llm.transport import ProxyNotSupported

        try:
            return make_llm_client(self._settings, self._secret_getter)
        except ProxyNotSupported as exc:
            if not self._proxy_refusal_logged:
                self._proxy_refusal_logged = True
                logger.error("model client misconfigured: %s", exc)
            raise

    def invalidate(self, failed: LlmClient | None = None) -> None:
        """Drop the client (and the cached key); with ``failed``, only if it is still the one
        in use. Calls in flight when a key is rotated all fail 401 with the old client: the
        first one's invalidation is enough, and the later ones dropped the client (and the
        key) built anew meanwhile, one Secrets Manager fetch per call in flight."""
        with self._lock:
            if failed is not None and failed is not self._client:
                return
            self._client = None
            name = self._settings.api_key_secret
            getter = self._secret_getter or (_secrets_manager() if name else None)
            forget = getattr(getter, "forget", None)
            if name and callable(forget):
                forget(name)
