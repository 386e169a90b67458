"""The brief pipeline: request → (cache) → HTML → Article → summary + related → Brief.

Pure orchestration over ports. It reads no environment and imports no adapter, so every branch is
tested with in-memory fakes; the wiring module decides which adapters it runs on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from parallax.domain.errors import TooLarge, UnsupportedMedia
from parallax.domain.models import (
    MAX_HTML_BYTES,
    Article,
    Brief,
    BriefRequest,
    CacheInfo,
    Related,
)
from parallax.domain.ports import BriefCache, PageFetcher, Summariser
from parallax.domain.urls import brief_cache_key

__all__ = ["PIPELINE_VERSION", "BriefService", "check_html"]

# Bump when a change to extraction, summarising or ranking should invalidate cached Briefs.
PIPELINE_VERSION = "1"

Extractor = Callable[[str, str], Article]


def check_html(html: str) -> None:
    """Refuse HTML the pipeline should not even try: over the size cap, or binary."""
    # Cheap bound first: a str of n code points is at least n UTF-8 bytes.
    if len(html) > MAX_HTML_BYTES or len(html.encode("utf-8", "surrogatepass")) > MAX_HTML_BYTES:
        raise TooLarge(f"html is larger than {MAX_HTML_BYTES} bytes")
    if "\x00" in html[:65536]:
        raise UnsupportedMedia("html contains binary data")


@dataclass
class _Timer:
    timings_ms: dict[str, float]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings_ms[name] = round((time.perf_counter() - started) * 1000, 2)


class BriefService:
    def __init__(
        self,
        *,
        fetcher: PageFetcher,
        cache: BriefCache,
        summariser: Summariser,
        extractor: Extractor,
        cache_ttl_s: int,
    ) -> None:
        self._fetcher = fetcher
        self._cache = cache
        self._summariser = summariser
        self._extractor = extractor
        self._cache_ttl_s = cache_ttl_s

    def brief(self, request: BriefRequest) -> Brief:
        started = time.perf_counter()
        timer = _Timer({})
        variant = (
            f"s{int(request.include.summary)}r{int(request.include.related)}m{request.max_related}"
        )
        key = brief_cache_key(request.url, request.language, PIPELINE_VERSION, variant)

        with timer.step("cache_lookup"):
            cached = self._cache.get(key)
        if cached is not None:
            brief, stored_at = cached
            timer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
            return brief.model_copy(
                update={
                    "cache": CacheInfo(
                        hit=True, key=key, stored_at=stored_at, ttl_s=self._cache_ttl_s
                    ),
                    "timings_ms": timer.timings_ms,
                }
            )

        if request.html is not None:
            check_html(request.html)
            html, page_url = request.html, request.url
        else:
            with timer.step("fetch"):
                page = self._fetcher.fetch(request.url)
            check_html(page.html)
            html, page_url = page.html, page.url

        with timer.step("extract"):
            article = self._extractor(html, page_url)

        # Related coverage joins here (in parallel with the summary, inside a time budget) when
        # the providers exist; until then the list is empty and says that nothing was queried.
        summary = None
        if request.include.summary:
            with timer.step("summary"):
                summary = self._summariser.summarise(article, request.language)
        related = Related(items=[], sources_queried=[], partial=False)

        brief = Brief(
            article=article,
            summary=summary,
            related=related,
            cache=CacheInfo(hit=False, key=key, stored_at=None, ttl_s=self._cache_ttl_s),
            timings_ms=timer.timings_ms,
        )
        with timer.step("cache_store"):
            stored_at = self._cache.put(key, brief, self._cache_ttl_s)
        timer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return brief.model_copy(
            update={
                "cache": CacheInfo(
                    hit=False, key=key, stored_at=stored_at, ttl_s=self._cache_ttl_s
                ),
                "timings_ms": timer.timings_ms,
            }
        )
