"""The brief pipeline: request → (cache) → HTML → Article → summary + related → Brief.

Pure orchestration over ports. It reads no environment and imports no adapter, so every branch is
tested with in-memory fakes; the wiring module decides which adapters it runs on.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass

from parallax.domain.brief_bounds import bounded_article, bounded_related
from parallax.domain.errors import (
    InvalidRequest,
    NotAnArticle,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)
from parallax.domain.html_limits import check_html_shape
from parallax.domain.models import (
    MAX_HTML_BYTES,
    Article,
    Brief,
    BriefRequest,
    CacheInfo,
    Related,
    Summary,
)
from parallax.domain.ports import (
    BriefCache,
    BriefProgress,
    OutletLookup,
    PageFetcher,
    RelatedFinder,
    Summariser,
    TitleTranslator,
)
from parallax.domain.progress import BriefStep
from parallax.domain.urls import brief_cache_key, canonical_url

__all__ = [
    "DEFAULT_DEADLINE_S",
    "DEFAULT_WORKERS",
    "PARTIAL_TTL_S",
    "PIPELINE_VERSION",
    "RETRY_SOON_NOTICES",
    "UNFILLED_INDEX_TTL_S",
    "BriefService",
    "article_digest",
    "check_html",
]

# Bump when a change to extraction, summarising or ranking should invalidate cached Briefs.
PIPELINE_VERSION = "19"
# A Brief whose related list is partial is cached this long at most, so a source that failed
# gets another chance soon.
PARTIAL_TTL_S = 300
# Summary notices of a model call that failed for a reason that passes (a time-out, a rate limit,
# an overloaded or failing API; the codes of adapters/llm/notices.py): such a Brief is cached as
# briefly as a partial one, so the model gets another chance soon rather than six hours of the
# fallback's untranslated sentences for every reader of the article in that language (↻ answers
# from the cache too). A model that answered unusably (llm_invalid_output, llm_unfaithful) would
# most likely answer the same again: that Brief is cached as usual.
RETRY_SOON_NOTICES = frozenset({"llm_timeout", "llm_rate_limited", "llm_overloaded", "llm_error"})
# The same holds for the related headlines a model translates: a Brief whose headline translation
# failed for such a reason is cached as briefly, or every reader of the article in that language
# would see the foreign headlines untranslated for six hours (↻ included).
# A Brief made while the feed index was not filled (not yet, filling, failing) is kept shorter
# still: the first poll takes a minute or two, and then the reader should get the coverage.
UNFILLED_INDEX_TTL_S = 60
# A Brief not made in this long is answered upstream_timeout: below the API function's 25 s
# Lambda timeout (template.yaml), so the reader gets a problem, not API Gateway's bare 503.
DEFAULT_DEADLINE_S = 24.0
# Briefs being made at once per process (fetch, extraction, summary, related).
DEFAULT_WORKERS = 4

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
    check_html_shape(html)


def article_digest(article: Article) -> str:
    """A hash of everything the Brief is made from: the extracted article, outlet label included."""
    return hashlib.sha256(article.model_dump_json().encode("utf-8")).hexdigest()


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


@dataclass(frozen=True)
class _Steps:
    """Reports the step a Brief enters to the progress port, when its client gave an id."""

    progress: BriefProgress | None
    request_id: str | None

    def enter(self, step: BriefStep) -> None:
        if self.progress is not None and self.request_id is not None:
            self.progress.report(self.request_id, step)


def _ttl_for(
    related: Related, summary: Summary | None, ttl_s: int, titles_failure: str | None = None
) -> int:
    """How long a Brief with this related coverage and summary may be cached; ``titles_failure``
    is the code of a failed headline translation (None when it worked or was not needed)."""
    if related.index is not None and related.index.status != "filled":
        return min(ttl_s, UNFILLED_INDEX_TTL_S)
    # A partial result is kept only briefly: the failed source (or model) may answer next time.
    retry_soon = (
        related.partial
        or (summary is not None and summary.notice in RETRY_SOON_NOTICES)
        or titles_failure in RETRY_SOON_NOTICES
    )
    return min(ttl_s, PARTIAL_TTL_S) if retry_soon else ttl_s


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
        deadline_s: float = DEFAULT_DEADLINE_S,
        workers: int = DEFAULT_WORKERS,
        progress: BriefProgress | None = None,
        summary_writer: str = "",
    ) -> None:
        if deadline_s <= 0 or workers < 1:
            raise ValueError("deadline_s must be positive and workers at least 1")
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
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="related")
        # Fetch, extraction, summary and related of a miss run here: at most ``workers`` Briefs
        # are being made at once, whatever the number of callers (see brief()).
        self._work = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="brief")
        self._deadline_s = deadline_s
        self._progress = progress
        # Who writes the summaries and translates the headlines ("extractive", or the model's
        # provider and id) is part of every cache key: a Brief cached while no model was set was
        # served for its whole TTL (6 h) after one was, extractive and untranslated.
        self._summary_writer = summary_writer

    def brief(self, request: BriefRequest, *, request_id: str | None = None) -> Brief:
        """The Brief for ``request``; with ``request_id``, each step is reported to the progress
        port under that id (``done`` once answered, refused or timed out)."""
        steps = _Steps(self._progress, request_id)
        try:
            return self._brief(request, steps)
        finally:
            steps.enter("done")

    def _brief(self, request: BriefRequest, steps: _Steps) -> Brief:
        started = time.perf_counter()
        deadline = started + self._deadline_s
        timer = _Timer({})
        include = request.include
        variant = (
            f"s{int(include.summary)}r{int(include.related)}"
            f"o{int(include.other_languages)}m{request.max_related}w{self._summary_writer}"
        )
        key = None
        if request.html is None and "#" in canonical_url(request.url):
            # A hash route ("#/story/1") is drawn by the page's script in the browser; a fetch
            # never sends the fragment and gets the app's shell, which would be briefed as the
            # route's article. Only the reader's copy of the page has it.
            raise InvalidRequest(
                "The address names a hash route (#/...), which the server cannot fetch: "
                "send the page's html."
            )
        if request.html is None:
            # What the server fetched itself is what anyone asking for this URL would get: such
            # Briefs are shared by URL. Briefs of a client's HTML are keyed by their article
            # (see _compute), in a namespace a URL-only request can never look up.
            key = brief_cache_key(
                request.url, request.language, PIPELINE_VERSION, f"{variant};fetched"
            )
            hit = self._cached(key, timer, started)
            if hit is not None:
                return hit
        # Misses do their work on the bounded pool, so a few slow or heavy Briefs cannot take
        # every thread of a server, and the caller waits at most until the deadline.
        future = self._work.submit(
            self._compute,
            request,
            variant=variant,
            key=key,
            timer=timer,
            steps=steps,
            started=started,
            deadline=deadline,
        )
        try:
            return future.result(timeout=max(0.0, deadline - time.perf_counter()))
        except FutureTimeout:
            # Not started yet: never start. Running: it stops at its next step (_check_deadline).
            future.cancel()
            raise self._timeout() from None

    def _timeout(self) -> UpstreamTimeout:
        return UpstreamTimeout(
            f"The Brief took longer than {self._deadline_s:g} s to make; try again later."
        )

    def _check_deadline(self, deadline: float) -> None:
        if time.perf_counter() > deadline:
            raise self._timeout()

    def _cached(self, key: str, timer: _Timer, started: float) -> Brief | None:
        with timer.step("cache_lookup"):
            cached = self._cache.get(key)
        if cached is None:
            return None
        brief, stored_at = cached
        timer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return brief.model_copy(
            update={
                # A Brief stored before its TTL was kept in it says the longest one, as before.
                "cache": CacheInfo(
                    hit=True,
                    key=key,
                    stored_at=stored_at,
                    ttl_s=min(brief.cache.ttl_s, self._cache_ttl_s),
                ),
                "timings_ms": timer.timings_ms,
            }
        )

    def _compute(
        self,
        request: BriefRequest,
        *,
        variant: str,
        key: str | None,
        timer: _Timer,
        steps: _Steps,
        started: float,
        deadline: float,
    ) -> Brief:
        # Waited in the queue past the deadline: nobody is waiting for this result any more.
        self._check_deadline(deadline)
        include = request.include
        if request.html is not None:
            check_html(request.html)
            html, page_url = request.html, request.url
        else:
            steps.enter("fetching")
            with timer.step("fetch"):
                page = self._fetcher.fetch(request.url)
            check_html(page.html)
            html, page_url = page.html, page.url
        self._check_deadline(deadline)

        steps.enter("reading")
        with timer.step("extract"):
            # The Brief is cached and served to every reader of the article, so it must not carry
            # the first reader's click ids and campaign tags: extract under the canonical URL.
            article, no_summary = self._read(html, _without_tracking(page_url))
            article = bounded_article(self._label_outlet(article))
        self._check_deadline(deadline)

        if key is None:
            # A client's HTML: the Brief is a function of the article extracted from it, so it is
            # shared exactly with readers whose page yields the same article (same URL, title,
            # text, date, authors), never with a reader whose page differs.
            key = brief_cache_key(
                request.url,
                request.language,
                PIPELINE_VERSION,
                f"{variant};client:{article_digest(article)}",
            )
            hit = self._cached(key, timer, started)
            if hit is not None:
                return hit

        # The related step (network-bound, inside its own time budget) runs beside the summary
        # (CPU-bound, or a model call), so the Brief takes as long as the slower of the two.
        pending = None
        if include.related and request.max_related > 0 and self._related is not None:
            pending = self._pool.submit(self._find_related, article, request, timer, deadline)
        summary = None
        if include.summary and no_summary is not None:
            # Too little of the article to summarise: an honest empty summary that says why.
            summary = Summary(
                language=request.language, method="extractive", bullets=[], notice=no_summary
            )
        elif include.summary:
            steps.enter("summarising")
            with timer.step("summary"):
                # A model call keeps inside what is left of the Brief's time: after a slow
                # fetch, a whole model budget ran past the deadline (504) where the summary
                # without the model was ready.
                summary = self._summariser.summarise(
                    article, request.language, time_left_s=deadline - time.perf_counter()
                )
        if pending is not None and not pending.done():
            # The summary is made; what the reader still waits for is the related coverage.
            steps.enter("finding_coverage")
        found, titles_failure = pending.result() if pending is not None else (Related(), None)
        related = bounded_related(found)

        # Stored with the TTL it is kept for, which a cache hit reports (not the longest one).
        ttl_s = _ttl_for(related, summary, self._cache_ttl_s, titles_failure)
        brief = Brief(
            article=article,
            summary=summary,
            related=related,
            cache=CacheInfo(hit=False, key=key, stored_at=None, ttl_s=ttl_s),
            timings_ms=timer.timings_ms,
        )
        with timer.step("cache_store"):
            stored_at = self._cache.put(key, brief, ttl_s)
        timer.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 2)
        return brief.model_copy(
            update={
                "cache": CacheInfo(hit=False, key=key, stored_at=stored_at, ttl_s=ttl_s),
                "timings_ms": timer.timings_ms,
            }
        )

    def _read(self, html: str, url: str) -> tuple[Article, str | None]:
        """The page's article, and the ``Summary.notice`` code when it is too short to summarise
        but names its story (a paywall stub, a one-sentence item, a consent notice under its
        headline): that story is then looked for elsewhere, and the Brief has no bullets. Every
        other refusal is raised."""
        try:
            return self._extractor(html, url), None
        except NotAnArticle as refusal:
            if refusal.story is None:
                raise
            return refusal.story.article, refusal.story.notice

    def _find_related(
        self, article: Article, request: BriefRequest, timer: _Timer, deadline: float
    ) -> tuple[Related, str | None]:
        """The related coverage, and the failure code of its headline translation (if any)."""
        assert self._related is not None
        with timer.step("related"):
            related = self._related.find(
                article, request.language, request.include.other_languages, request.max_related
            )
        if self._translator is None:
            return related, None
        with timer.step("translate_titles"):
            return self._translate_titles(related, request.language, deadline)

    def _translate_titles(
        self, related: Related, language: str, deadline: float
    ) -> tuple[Related, str | None]:
        """Headlines not in the reader's language, of both tiers, translated; the failure code of
        a translation call that failed (None when all answered). ("On the topic" was left out: a
        German reader read its English headlines under "Zum Thema" below the same story's German
        ones.)"""
        assert self._translator is not None
        tiers = {"items": list(related.items), "topic": list(related.topic)}
        foreign = [
            (tier, i)
            for tier, items in tiers.items()
            for i, item in enumerate(items)
            if item.language != language
        ]
        # All of them, the same story's first: the translator sends them in calls of a few
        # headlines each, in this order, so a call that fails or stops at its output budget
        # costs its own headlines only, and the first call (started first) is the same story's.
        # (Session 17 sent the topic's only while one call held 20: with one output budget for
        # the batch, a stop at it failed all of them.)
        if not foreign:
            return related, None
        translated = self._translator.translate(
            [tiers[tier][i].title for tier, i in foreign],
            language,
            [tiers[tier][i].language for tier, i in foreign],
            time_left_s=deadline - time.perf_counter(),
        )
        for (tier, index), title in zip(foreign, translated.titles, strict=False):
            if title:
                item = tiers[tier][index]
                tiers[tier][index] = item.model_copy(update={"translated_title": title})
        return related.model_copy(update=tiers), translated.failure

    def _label_outlet(self, article: Article) -> Article:
        """Give the article's outlet the catalogue's id, type and country when it is known."""
        if self._outlet_lookup is None:
            return article
        known = self._outlet_lookup(article.canonical_url) or self._outlet_lookup(article.url)
        if known is None:
            return article
        return article.model_copy(update={"outlet": known})
