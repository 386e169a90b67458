"""Builds the adapters the Settings ask for, lazily and once.

The only module that knows both the domain and the adapters. Nothing here runs at import time:
the first request (or CLI command) calls :func:`brief_service`, which opens the cache file.
"""

from __future__ import annotations

import threading

from parallax.config import Settings
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import BriefCache

__all__ = ["build_brief_service", "lazy_brief_service"]


def _build_cache(settings: Settings) -> BriefCache:
    if settings.cache_backend == "none":
        from parallax.adapters.null_cache import NullBriefCache

        return NullBriefCache()
    from parallax.adapters.sqlite_cache import SqliteBriefCache

    return SqliteBriefCache(settings.cache_path)


def build_brief_service(settings: Settings) -> BriefService:
    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.domain.extraction import extract_article
    from parallax.domain.summarise import ExtractiveSummariser

    return BriefService(
        fetcher=GuardedFetcher(FetchPolicy.from_settings(settings)),
        cache=_build_cache(settings),
        summariser=ExtractiveSummariser(),
        extractor=extract_article,
        cache_ttl_s=settings.cache_ttl_s,
    )


def lazy_brief_service(settings: Settings) -> _Lazy:
    """A callable that builds the service on first call and returns the same one afterwards."""
    return _Lazy(settings)


class _Lazy:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._service: BriefService | None = None
        self._lock = threading.Lock()

    def __call__(self) -> BriefService:
        if self._service is None:
            with self._lock:
                if self._service is None:
                    self._service = build_brief_service(self._settings)
        return self._service
