"""Builds the adapters the Settings ask for, lazily and once.

The only module that knows both the domain and the adapters. Nothing here runs at import time:
the first request (or CLI command) calls the lazy service, which opens files and builds clients.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from parallax.config import Settings, SettingsError
from parallax.domain.models import Outlet
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import (
    BriefCache,
    OutletLookup,
    RelatedProvider,
    Summariser,
    TitleTranslator,
)

if TYPE_CHECKING:
    from parallax.domain.related_service import RelatedService

# Receives the model adapters' per-call figures (tokens, cost, latency, fallbacks).
MetricsSink = Callable[[Any], None]

__all__ = [
    "MetricsSink",
    "build_brief_service",
    "build_model_adapters",
    "build_outlet_lookup",
    "build_providers",
    "build_related_service",
    "lazy_brief_service",
]


def _build_cache(settings: Settings) -> BriefCache:
    if settings.cache_backend == "none":
        from parallax.adapters.null_cache import NullBriefCache

        return NullBriefCache()
    from parallax.adapters.sqlite_cache import SqliteBriefCache

    return SqliteBriefCache(settings.cache_path)


def build_outlet_lookup(settings: Settings) -> OutletLookup:
    """Domain or URL → the catalogue's Outlet (id, type, country), keeping the host it was seen on."""
    from parallax.ingest.catalogue import host_of, load_catalogue

    catalogue = load_catalogue(settings.catalogue_path)

    def lookup(domain_or_url: str) -> Outlet | None:
        entry = catalogue.outlet_for_domain(domain_or_url)
        if entry is None:
            return None
        host = host_of(domain_or_url)
        return entry.to_outlet(host.removeprefix("www.") if host else None)

    return lookup


def build_providers(settings: Settings) -> list[RelatedProvider]:
    """The related-coverage providers named in PARALLAX_PROVIDERS, each on its base URL."""
    providers: list[RelatedProvider] = []
    for name in dict.fromkeys(settings.providers):
        if name == "index":
            from parallax.adapters.feed_index import FeedIndex, IndexProvider

            providers.append(IndexProvider(FeedIndex(settings.index_path)))
        elif name == "google_news":
            from parallax.adapters.google_news import GoogleNewsProvider

            providers.append(
                GoogleNewsProvider(settings.google_news_base_url, settings.provider_timeout_s)
            )
        elif name == "gdelt":
            from parallax.adapters.gdelt import GdeltProvider

            providers.append(GdeltProvider(settings.gdelt_base_url, settings.provider_timeout_s))
    return providers


def build_related_service(settings: Settings, outlet_lookup: OutletLookup) -> RelatedService:
    # Imported here: ranking pulls in the similarity model, which the handler's import must not pay.
    from parallax.domain.related_service import RelatedService

    return RelatedService(
        build_providers(settings),
        settings.related_budget_s,
        outlet_lookup=outlet_lookup,
        provider_timeout_s=settings.provider_timeout_s,
    )


def build_model_adapters(
    settings: Settings, metrics: MetricsSink | None = None
) -> tuple[Summariser, TitleTranslator | None]:
    """The summariser (Claude with the extractive fallback, or extractive only) and, when a
    model is configured, the headline translator. The SDK itself is imported on first use."""
    from parallax.domain.summarise import ExtractiveSummariser

    extractive = ExtractiveSummariser()
    if settings.llm_provider == "none":
        return extractive, None
    from parallax.adapters.llm import (
        AnthropicClientFactory,
        LlmSettings,
        LlmSummariser,
        LlmTitleTranslator,
    )

    try:
        llm = LlmSettings.from_settings(settings)
    except ValidationError as exc:
        raise SettingsError(f"PARALLAX_LLM_*: {exc.error_count()} invalid value(s)") from None
    factory = AnthropicClientFactory(llm)
    return (
        LlmSummariser(factory, llm, extractive, metrics=metrics),
        LlmTitleTranslator(factory, llm, metrics=metrics),
    )


def build_brief_service(settings: Settings, metrics: MetricsSink | None = None) -> BriefService:
    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.domain.extraction import extract_article

    outlet_lookup = build_outlet_lookup(settings)
    summariser, translator = build_model_adapters(settings, metrics)
    return BriefService(
        fetcher=GuardedFetcher(FetchPolicy.from_settings(settings)),
        cache=_build_cache(settings),
        summariser=summariser,
        extractor=extract_article,
        cache_ttl_s=settings.cache_ttl_s,
        related=build_related_service(settings, outlet_lookup),
        outlet_lookup=outlet_lookup,
        translator=translator,
    )


def lazy_brief_service(settings: Settings, metrics: MetricsSink | None = None) -> _Lazy:
    """A callable that builds the service on first call and returns the same one afterwards."""
    return _Lazy(settings, metrics)


class _Lazy:
    def __init__(self, settings: Settings, metrics: MetricsSink | None) -> None:
        self._settings = settings
        self._metrics = metrics
        self._service: BriefService | None = None
        self._lock = threading.Lock()

    def __call__(self) -> BriefService:
        if self._service is None:
            with self._lock:
                if self._service is None:
                    self._service = build_brief_service(self._settings, self._metrics)
        return self._service
