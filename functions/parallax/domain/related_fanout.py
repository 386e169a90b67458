"""The related-coverage step: query every provider at once, inside one time budget, then rank.

Pure orchestration over the ``RelatedProvider`` port. Each provider runs in its own worker thread
so the step takes as long as the slowest provider that makes the budget, not the sum of them.
A provider that raises, or has not answered when the budget runs out, is named in
``failed_sources`` and makes the result ``partial``; what the others found is still ranked and
returned. A late provider's thread is abandoned, not waited for: it stops on its own timeout
(every provider is given at most the budget as its timeout), and its answer is discarded.

The feed index is also asked for its state (``related.index``): not filled yet, filling, filled
or failing. Unless it is filled the related list is ``partial``: the index could not be
searched for real, and the panel must not say "no coverage was found". The index is named in
``failed_sources`` only when it failed (unreadable, too slow), not while it is being filled.

Languages: the article's language is searched first, then the reader's; with
``include_other_languages`` a few widely covered languages are added. Without it, items in any
other language (GDELT returns every language it has) are filtered out by the ranking, which
counts the same-story reports it left out (``hidden_other_languages``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace
from datetime import UTC, datetime

from parallax.domain.errors import ParallaxError
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, IndexState, Related
from parallax.domain.ports import (
    Candidate,
    IndexStateSource,
    OutletLookup,
    PartialAnswer,
    RelatedProvider,
    StoryQuery,
)
from parallax.domain.related_ranking import RankedTiers, RelatedRanker, build_query
from parallax.domain.timestamps import parse_iso_utc

__all__ = ["DEFAULT_OTHER_LANGUAGES", "RelatedService"]

_LOG = logging.getLogger(__name__)

# Added after the article's and the reader's language when other languages are wanted: the
# languages with the most outlets in the catalogue and in the search providers' editions.
DEFAULT_OTHER_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it")
_MAX_LANGUAGES = 4
_CANDIDATES_PER_PROVIDER = 50


class RelatedService:
    def __init__(
        self,
        providers: Sequence[RelatedProvider],
        budget_s: float,
        ranker: RelatedRanker | None = None,
        outlet_lookup: OutletLookup | None = None,
        *,
        provider_timeout_s: float | None = None,
        candidates_per_provider: int = _CANDIDATES_PER_PROVIDER,
        other_languages: Sequence[str] = DEFAULT_OTHER_LANGUAGES,
        max_languages: int = _MAX_LANGUAGES,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        if budget_s <= 0:
            raise ValueError("budget_s must be positive")
        self._providers = tuple(providers)
        self._budget_s = budget_s
        self._provider_timeout_s = min(provider_timeout_s or budget_s, budget_s)
        ranker = ranker or RelatedRanker()
        if outlet_lookup is not None and ranker.outlet_lookup is None:
            ranker = replace(ranker, outlet_lookup=outlet_lookup)
        self._ranker = ranker
        self._per_provider = candidates_per_provider
        self._other_languages = tuple(other_languages)
        self._max_languages = max(1, max_languages)
        self._now = now
        # One pool for the service's lifetime: worker threads are reused, so per-thread resources
        # of a provider (the feed index keeps one read connection per thread) stay bounded
        # instead of growing with every Brief. Sized for a few Briefs in flight at once.
        self._pool = ThreadPoolExecutor(
            max_workers=max(4, 4 * len(self._providers)), thread_name_prefix="related-provider"
        )

    @property
    def provider_names(self) -> list[str]:
        return [p.name for p in self._providers]

    def languages(
        self, article: Article, language: str, include_other_languages: bool
    ) -> tuple[str, ...]:
        """Languages to search, the article's first, then the reader's, then others if wanted."""
        ordered = [primary_language(article.language), primary_language(language)]
        if include_other_languages:
            ordered.extend(primary_language(x) for x in self._other_languages)
        unique = list(dict.fromkeys(x for x in ordered if x))
        return tuple(unique[: max(self._max_languages, 2)])

    def find(
        self,
        article: Article,
        language: str,
        include_other_languages: bool,
        max_items: int,
    ) -> Related:
        """Related coverage of ``article`` for a reader of ``language``; never raises for a
        provider's failure."""
        if max_items <= 0 or not self._providers:
            return Related(items=[], sources_queried=[], partial=False, failed_sources=[])
        now = (self._now() if self._now else datetime.now(UTC)).astimezone(UTC)
        published = parse_iso_utc(article.published)
        if published is not None and published > now + self._ranker.future_tolerance:
            # A page dated ahead of now (a wrong year, a hostile page: extraction takes up to
            # 2100) is searched and ranked as an undated one, as the ranking treats such a
            # candidate: dated, every report of this week was days away from it, so none was
            # the same story, and the index searched the days around a date with no items.
            article = article.model_copy(update={"published": None})
        languages = self.languages(article, language, include_other_languages)
        query = build_query(article, languages[1:])
        if not include_other_languages:
            # The local index also looks in the other languages, so that the answer can say how
            # many same-story reports it left out; remote providers are not asked more.
            others = self.languages(article, language, True)
            query = replace(query, counted_languages=tuple(x for x in others if x not in languages))
        candidates, failed = self._gather(query)
        index = self._index_state()

        partial = bool(failed) or (index is not None and index.status != "filled")
        try:
            tiers = self._ranker.rank_tiers(
                article,
                candidates,
                max_items=max_items,
                now=now,
                preferred_languages=languages[1:],
                allowed_languages=None if include_other_languages else languages,
            )
        except Exception as exc:
            # A bug in the scorer must not cost the reader the summary: the Brief goes out with
            # no related items and says it is incomplete.
            _LOG.error("related ranking failed", extra={"error": type(exc).__name__})
            tiers, partial = RankedTiers([], []), True
        return Related(
            items=tiers.items,
            topic=tiers.topic,
            hidden_other_languages=tiers.hidden_other_languages,
            sources_queried=self.provider_names,
            partial=partial,
            failed_sources=failed,
            index=index,
        )

    def _index_state(self) -> IndexState | None:
        """The state of the first provider that is a feed index, None when none is asked."""
        for provider in self._providers:
            if isinstance(provider, IndexStateSource):
                try:
                    return provider.index_state()
                except Exception as exc:
                    _LOG.error("index state failed", extra={"error": type(exc).__name__})
                    return IndexState(status="failing")
        return None

    def _gather(self, query: StoryQuery) -> tuple[list[Candidate], list[str]]:
        """Candidates from every provider that answered within the budget, and who did not."""
        deadline = time.monotonic() + self._budget_s
        futures: dict[Future[list[Candidate]], RelatedProvider] = {}
        for provider in self._providers:
            future = self._pool.submit(
                provider.search, query, self._per_provider, self._provider_timeout_s
            )
            futures[future] = provider
        # Do not wait for a provider that misses the budget; it ends on its own timeout (every
        # provider's timeout is at most the budget) and its answer is dropped.
        wait(futures, timeout=max(0.0, deadline - time.monotonic()))

        candidates: list[Candidate] = []
        failed: list[str] = []
        for future, provider in futures.items():
            if not future.done():
                future.cancel()
                _LOG.warning(
                    "related provider missed the budget",
                    extra={"provider": provider.name, "budget_s": self._budget_s},
                )
                failed.append(provider.name)
                continue
            error = future.exception()
            if error is None:
                candidates.extend(future.result())
            elif isinstance(error, PartialAnswer):
                # What it found before its time ran out is ranked; the list says it is partial.
                _LOG.warning(
                    "related provider answered in part",
                    extra={"provider": provider.name, "found": len(error.candidates)},
                )
                candidates.extend(error.candidates)
                failed.append(provider.name)
            elif isinstance(error, ParallaxError):
                _LOG.warning(
                    "related provider failed",
                    extra={"provider": provider.name, "code": error.code, "detail": error.detail},
                )
                failed.append(provider.name)
            else:
                # Only the type: an unexpected exception's message may quote what it choked on.
                _LOG.error(
                    "related provider crashed",
                    extra={"provider": provider.name, "error": type(error).__name__},
                )
                failed.append(provider.name)
        return candidates, failed
