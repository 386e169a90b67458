"""The brief pipeline: request → (cache) → HTML → Article → summary + related → Brief.

Pure orchestration over ports. It reads no environment and imports no adapter, so every branch is
tested with in-memory fakes; the wiring module decides which adapters it runs on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
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
from parallax.domain.ports import (
    BriefCache,
    OutletLookup,
    PageFetcher,
    RelatedFinder,
    Summariser,
    TitleTranslator,
)
from parallax.domain.urls import brief_cache_key, canonical_url

__all__ = ["PARTIAL_TTL_S", "PIPELINE_VERSION", "BriefService", "check_html"]

# Bump when a change to extraction, summarising or ranking should invalidate cached Briefs.
PIPELINE_VERSION = "3"
# A Brief whose related list is partial is cached this long at most, so a source that failed
# gets another chance soon.
PARTIAL_TTL_S = 300

Extractor = Callable[[str, str], Article]


def _without_tracking(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError:
        return url


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
        related: RelatedFinder | None = None,
        outlet_lookup: OutletLookup | None = None,
        translator: TitleTranslator | None = None,
    ) -> None:
        self._fetcher = fetcher
        self._cache = cache
        self._summariser = summariser
        self._extractor = extractor
        self._cache_ttl_s = cache_ttl_s
        self._related = related
        self._outlet_lookup = outlet_lookup
        self._translator = translator
        # The related step runs here, beside the summary on the caller's thread; a few workers let
        # concurrent callers (threads of a server, a batch) each have theirs.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="related")

    def brief(self, request: BriefRequest) -> Brief:
        started = time.perf_counter()
        timer = _Timer({})
        include = request.include
        variant = (
            f"s{int(include.summary)}r{int(include.related)}"
            f"o{int(include.other_languages)}m{request.max_related}"
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
            # The Brief is cached and served to every reader of the article, so it must not carry
            # the first reader's click ids and campaign tags: extract under the canonical URL.
            article = self._label_outlet(self._extractor(html, _without_tracking(page_url)))

        # The related step (network-bound, inside its own time budget) runs beside the summary
        # (CPU-bound, or a model call), so the Brief takes as long as the slower of the two.
        pending = None
        if include.related and request.max_related > 0 and self._related is not None:
            pending = self._pool.submit(self._find_related, article, request, timer)
        summary = None
        if include.summary:
            with timer.step("summary"):
                summary = self._summariser.summarise(article, request.language)
        related = pending.result() if pending is not None else Related()

        brief = Brief(
            article=article,
            summary=summary,
            related=related,
            cache=CacheInfo(hit=False, key=key, stored_at=None, ttl_s=self._cache_ttl_s),
            timings_ms=timer.timings_ms,
        )
        with timer.step("cache_store"):
            # A partial result is kept only briefly: the failed source may answer next time.
            ttl_s = min(self._cache_ttl_s, PARTIAL_TTL_S) if related.partial else self._cache_ttl_s
            stored_at = self._cache.put(key, brief, ttl_s)
        timer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return brief.model_copy(
            update={
                "cache": CacheInfo(hit=False, key=key, stored_at=stored_at, ttl_s=ttl_s),
                "timings_ms": timer.timings_ms,
            }
        )

    def _find_related(self, article: Article, request: BriefRequest, timer: _Timer) -> Related:
        assert self._related is not None
        with timer.step("related"):
            related = self._related.find(
                article, request.language, request.include.other_languages, request.max_related
            )
        if self._translator is None:
            return related
        with timer.step("translate_titles"):
            return self._translate_titles(related, request.language)

    def _translate_titles(self, related: Related, language: str) -> Related:
        """Headlines not in the reader's language, translated in one batched call."""
        assert self._translator is not None
        foreign = [i for i, item in enumerate(related.items) if item.language != language]
        if not foreign:
            return related
        translated = self._translator.translate([related.items[i].title for i in foreign], language)
        items = list(related.items)
        for index, title in zip(foreign, translated, strict=False):
            if title:
                items[index] = items[index].model_copy(update={"translated_title": title})
        return related.model_copy(update={"items": items})

    def _label_outlet(self, article: Article) -> Article:
        """Give the article's outlet the catalogue's id, type and country when it is known."""
        if self._outlet_lookup is None:
            return article
        known = self._outlet_lookup(article.canonical_url) or self._outlet_lookup(article.url)
        if known is None:
            return article
        return article.model_copy(update={"outlet": known})
