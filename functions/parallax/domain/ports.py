"""Ports: what the brief pipeline needs from the outside world, as protocols.

Adapters implement these; the domain never imports an adapter. Keeping them small is deliberate:
each is one verb, so a fake in a unit test is a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from parallax.domain.errors import UpstreamTimeout
from parallax.domain.models import Article, Brief, IndexState, Outlet, Related, Summary
from parallax.domain.progress import BriefStep

__all__ = [
    "BriefCache",
    "BriefProgress",
    "Candidate",
    "FetchedPage",
    "IndexStateSource",
    "OutletLookup",
    "PageFetcher",
    "PartialAnswer",
    "RelatedFinder",
    "RelatedProvider",
    "StoryQuery",
    "Summariser",
    "TitleTranslator",
    "TranslatedTitles",
]


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page the fetcher brought back: the final URL after redirects and the decoded HTML."""

    url: str
    html: str
    status: int
    content_type: str


class PageFetcher(Protocol):
    def fetch(self, url: str) -> FetchedPage:
        """Fetch ``url`` or raise ``BlockedUrl``/``FetchFailed``/``TooLarge``/``UnsupportedMedia``."""
        ...


class BriefCache(Protocol):
    def get(self, key: str) -> tuple[Brief, str] | None:
        """The cached Brief and when it was stored (ISO 8601 UTC), or None when absent/expired."""
        ...

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        """Store ``brief`` for ``ttl_s`` seconds; returns the stored-at timestamp."""
        ...


class Summariser(Protocol):
    def summarise(
        self,
        article: Article,
        language: str,
        max_bullets: int = 5,
        *,
        time_left_s: float | None = None,
    ) -> Summary:
        """Summarise ``article`` for a reader of ``language``. ``time_left_s`` is how long the
        caller can still wait (the Brief's deadline): a summariser that calls out keeps its call
        inside it, and answers without the call when too little is left."""
        ...


# --- related coverage ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """What providers search for: built from the source article by ``parallax.domain.related_ranking``."""

    title: str
    lead: str
    language: str
    terms: tuple[str, ...]
    """Key terms: named entities (multi-word names), numbers, places, then salient words."""
    published: str | None
    source_url: str
    """Canonical URL of the source article, so providers and ranking can drop it."""
    languages: tuple[str, ...]
    """Languages to search in; the source language first."""
    translated_terms: dict[str, tuple[str, ...]] | None = None
    """Optional per-language terms when a model translated the query."""
    prefix_names: bool = False
    """Search each word of the names and the numbers alone, names by their first letters (a
    query for other languages, where names are spelled another way)."""
    counted_languages: tuple[str, ...] = ()
    """Languages the reader did not ask for, searched only to count the same-story reports left
    out; a local provider (the feed index) searches them too, remote ones need not."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article a provider found; scored and grouped by the related-coverage ranking."""

    url: str
    title: str
    provider: str
    outlet_name: str | None = None
    outlet_domain: str | None = None
    language: str | None = None
    published: str | None = None
    """ISO 8601 date or date-time, UTC where the provider says so."""
    snippet: str | None = None
    background: bool = False
    """Found only by a search beyond the provider's same-story window (the feed index's earlier
    and later items): the ranking offers it on the topic only, and keeps it out of the pool
    whose shared words weigh the same-story decision, which it therefore never changes."""


class PartialAnswer(UpstreamTimeout):
    """A provider ran out of time after it had found ``candidates``: they are still an answer,
    but not the whole one. The related step ranks them and names the provider among the failed
    sources, so the list is ``partial`` and its Brief cached briefly, as after a timeout that
    found nothing (attack17: the feed index returned such a list as complete, and its Brief was
    cached for hours without the reports the search that ran out of time would have found). A
    caller that knows only ``UpstreamTimeout`` reads it as the timeout it was before."""

    def __init__(self, candidates: list[Candidate], detail: str | None = None) -> None:
        super().__init__(detail)
        self.candidates = candidates


class RelatedProvider(Protocol):
    """A source of candidate articles (feed index, Google News RSS, GDELT)."""

    name: str

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        """Candidates for ``query``; raise a ``ParallaxError`` (e.g. ``UpstreamTimeout``) on failure,
        :class:`PartialAnswer` when time ran out after some were found."""
        ...


@runtime_checkable
class IndexStateSource(Protocol):
    """A provider that is a feed index (local file or cloud snapshot) says what state it is in,
    so that an empty index is reported as "could not look yet", not as "nothing found"."""

    def index_state(self) -> IndexState:
        """The index's state now; never raises (an unreadable index is ``failing``)."""
        ...


class RelatedFinder(Protocol):
    """The whole related-coverage step (``RelatedService``), as the pipeline sees it."""

    def find(
        self, article: Article, language: str, include_other_languages: bool, max_items: int
    ) -> Related:
        """Ranked related coverage; provider failures make it ``partial``, never raise."""
        ...


class OutletLookup(Protocol):
    """Domain or URL → the catalogue's outlet; any callable of one argument will do."""

    def __call__(self, domain_or_url: str, /) -> Outlet | None:
        """The catalogue's label for an outlet (id, type, country), or None when unknown."""
        ...


@dataclass(frozen=True, slots=True)
class TranslatedTitles:
    """What a headline translation gave: ``titles`` aligned with the titles asked for (None where
    one could not be done), and ``failure``, the code (``Summary.notice`` vocabulary, e.g.
    ``llm_timeout``) of a translation call that failed, when one did: the headlines are sent in
    several calls, and the others' translations are in ``titles`` all the same. Of several
    failed calls, a code whose reason passes is given first. The code is how the pipeline learns
    that a Brief lacking translated headlines may get them on the next try (a time-out, a rate
    limit)."""

    titles: list[str | None]
    failure: str | None = None


class TitleTranslator(Protocol):
    def translate(
        self,
        titles: list[str],
        language: str,
        title_languages: list[str] | None = None,
        *,
        time_left_s: float | None = None,
    ) -> TranslatedTitles:
        """``titles`` in ``language``, in calls of a few each; None where a title could not be
        done (a failed call's titles, or one whose translation was unusable).
        ``title_languages`` are the titles' own languages, aligned with them, where known;
        ``time_left_s`` how long the caller can still wait (as for :class:`Summariser`)."""
        ...


class BriefProgress(Protocol):
    """Where each Brief being made is, by the id its client gave (see ``parallax.domain.progress``)."""

    def report(self, request_id: str, step: BriefStep) -> None:
        """Record that ``request_id`` entered ``step``; once ``done``, later reports are ignored."""
        ...

    def current(self, request_id: str) -> BriefStep | None:
        """The step ``request_id`` is in, or None when unknown (never sent, expired, evicted)."""
        ...
