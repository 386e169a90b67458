"""The related-coverage step over real provider adapters and loopback fakes, inside a budget."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from parallax.adapters.gdelt import GdeltProvider, GdeltThrottle
from parallax.adapters.google_news import GoogleNewsProvider
from parallax.domain.errors import UpstreamTimeout
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.ports import Candidate, RelatedProvider, StoryQuery
from parallax.domain.related_fanout import RelatedService
from parallax.domain.related_ranking import RelatedRanker
from parallax.domain.similarity import Story
from tests.support.fake_providers import (
    FakeProviderServer,
    GdeltArticle,
    Reply,
    RssItem,
    gdelt_reply,
    google_news_reply,
    utc,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
BUDGET_S = 1.0


def _article() -> Article:
    sentences = [
        "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Sunday.",
        "The two leaders agreed on more aid for Ukraine.",
    ]
    return Article(
        url="https://www.source.example/a",
        canonical_url="https://www.source.example/a",
        title="Scholz meets Macron in Paris",
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Source", domain="source.example"),
        published="2026-11-29T08:00:00Z",
        language="en",
        word_count=22,
    )


def _overlap(a: Story, b: Story) -> float:
    """A stand-in scorer: share of the candidate title's words found in the source."""
    source = set((a.title or "").lower().split()) | set(a.text.lower().split())
    words = (b.title or "").lower().split()
    return sum(w in source for w in words) / len(words) if words else 0.0


RANKER = RelatedRanker(similarity=_overlap, threshold=0.5)
GOOD_NEWS = [
    RssItem(
        "Scholz meets Macron in Paris for talks",
        "BBC News",
        "https://www.bbc.co.uk",
        utc(2026, 11, 29, 10),
    ),
    RssItem(
        "Macron and Scholz agreed on Ukraine aid",
        "The Guardian",
        "https://www.theguardian.com",
        utc(2026, 11, 29, 11),
        article_id="CBMiG",
    ),
    RssItem(
        "Cooking with chestnuts this winter", "Food Mag", "https://food.example", article_id="CBMiF"
    ),
]


@pytest.fixture
def servers() -> Iterator[tuple[FakeProviderServer, FakeProviderServer, FakeProviderServer]]:
    with (
        FakeProviderServer() as good,
        FakeProviderServer() as slow,
        FakeProviderServer() as failing,
    ):
        yield good, slow, failing


def _service(
    good: FakeProviderServer,
    slow: FakeProviderServer,
    failing: FakeProviderServer,
    budget_s: float = BUDGET_S,
) -> RelatedService:
    providers: list[RelatedProvider] = [
        GoogleNewsProvider(good.base_url, timeout_s=5.0),
        GoogleNewsProvider(slow.base_url, timeout_s=5.0, name="google_news_slow"),
        GdeltProvider(
            failing.base_url,
            5.0,
            throttle=GdeltThrottle(),
            utc_now=lambda: NOW,
        ),
    ]
    return RelatedService(providers, budget_s, ranker=RANKER, now=lambda: NOW)


def test_a_slow_and_a_failing_provider_make_the_result_partial_and_the_rest_is_kept(
    servers: tuple[FakeProviderServer, FakeProviderServer, FakeProviderServer],
) -> None:
    # Given one good provider, one that answers after 4 s and one that answers HTTP 500
    good, slow, failing = servers
    good.script(google_news_reply(GOOD_NEWS))
    slow.script(google_news_reply(GOOD_NEWS, delay_s=4.0))
    failing.script(Reply(status=500, body=b"{}"))
    service = _service(good, slow, failing)
    # When related coverage is found with a 1 s budget
    started = time.monotonic()
    related = service.find(_article(), "en", include_other_languages=False, max_items=10)
    elapsed = time.monotonic() - started
    # Then the step returns on budget, names both failures, and keeps the good provider's items
    # (well short of the slow provider's 4 s, so it was not waited for; how close to the budget
    # is bench_related's business: a machine loaded by a CI run took 1.48 s)
    assert elapsed < 3.0, elapsed
    assert related.sources_queried == ["google_news", "google_news_slow", "gdelt"]
    assert related.partial is True
    assert related.failed_sources == ["google_news_slow", "gdelt"]
    assert sorted(i.outlet.domain for i in related.items) == ["bbc.co.uk", "theguardian.com"]
    # best first
    assert [i.similarity for i in related.items] == sorted(
        (i.similarity for i in related.items), reverse=True
    )
    assert all(i.provider == "google_news" for i in related.items)
    # The unrelated story is below the threshold
    assert "Cooking with chestnuts this winter" not in {i.title for i in related.items}


def test_all_providers_answering_gives_a_complete_merged_result(
    servers: tuple[FakeProviderServer, FakeProviderServer, FakeProviderServer],
) -> None:
    # Given three providers that all answer, two of them with the same BBC article
    good, other, gdelt = servers
    good.script(google_news_reply(GOOD_NEWS[:1]))
    other.script(google_news_reply(GOOD_NEWS, delay_s=0.2))
    gdelt.script(
        gdelt_reply(
            [
                GdeltArticle(
                    "https://www.lemonde.fr/a",
                    "Scholz Macron Paris Ukraine aid",
                    "lemonde.fr",
                    "French",
                )
            ]
        )
    )
    service = _service(good, other, gdelt)
    # When related coverage in all languages is found
    related = service.find(_article(), "de", include_other_languages=True, max_items=10)
    # Then nothing failed, the BBC article appears once, and the list is best first
    assert related.partial is False and related.failed_sources == []
    domains = [i.outlet.domain for i in related.items]
    assert domains.count("bbc.co.uk") == 1
    assert "lemonde.fr" in domains
    # best first, whatever the language
    assert [i.similarity for i in related.items] == sorted(
        (i.similarity for i in related.items), reverse=True
    )
    # The languages asked for: the article's, then the reader's, then others
    assert sorted(r.params["hl"] for r in good.requests) == ["de", "en-US", "es", "fr"]


def test_without_other_languages_only_the_article_and_reader_languages_are_kept(
    servers: tuple[FakeProviderServer, FakeProviderServer, FakeProviderServer],
) -> None:
    good, other, gdelt = servers
    good.script(google_news_reply(GOOD_NEWS[:1]))
    other.script(google_news_reply([]))
    gdelt.script(
        gdelt_reply(
            [
                GdeltArticle(
                    "https://www.lemonde.fr/a",
                    "Scholz Macron Paris Ukraine aid",
                    "lemonde.fr",
                    "French",
                )
            ]
        )
    )
    related = _service(good, other, gdelt).find(
        _article(), "en", include_other_languages=False, max_items=10
    )
    assert [i.language for i in related.items] == ["en"]
    assert {r.params["hl"] for r in good.requests} == {"en-US"}
    assert "sourcelang:english" in gdelt.requests[0].params["query"]


# --- in-memory providers: the orchestration's own rules ------------------------------------------


@dataclass
class MemoryProvider:
    name: str
    candidates: list[Candidate] = field(default_factory=list)
    error: BaseException | None = None
    delay_s: float = 0.0
    calls: list[tuple[StoryQuery, int, float]] = field(default_factory=list)

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        self.calls.append((query, limit, timeout_s))
        time.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        return self.candidates


def _candidate(url: str, title: str, provider: str) -> Candidate:
    return Candidate(url=url, title=title, provider=provider, language="en", published="2026-11-29")


def test_providers_run_in_parallel_so_the_step_takes_the_slowest_not_the_sum() -> None:
    providers = [
        MemoryProvider(
            f"p{i}",
            [_candidate(f"https://o{i}.example/a", f"Scholz meets Macron {i}", f"p{i}")],
            delay_s=0.4,
        )
        for i in range(3)
    ]
    service = RelatedService(providers, 2.0, ranker=RANKER, now=lambda: NOW)
    started = time.monotonic()
    related = service.find(_article(), "en", include_other_languages=False, max_items=10)
    assert time.monotonic() - started < 0.9
    assert len(related.items) == 3 and related.partial is False


def test_a_crashing_provider_is_isolated_and_its_message_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crashing = MemoryProvider("buggy", error=RuntimeError("choked on SECRET page text"))
    timing_out = MemoryProvider("late", error=UpstreamTimeout("late did not answer within 1 s"))
    fine = MemoryProvider(
        "fine", [_candidate("https://o.example/a", "Scholz meets Macron", "fine")]
    )
    service = RelatedService([crashing, timing_out, fine], 1.0, ranker=RANKER, now=lambda: NOW)
    related = service.find(_article(), "en", include_other_languages=False, max_items=10)
    assert related.failed_sources == ["buggy", "late"]
    assert related.partial is True and len(related.items) == 1
    assert "SECRET" not in caplog.text
    assert any(getattr(r, "provider", None) == "buggy" for r in caplog.records)


def test_each_provider_gets_the_query_a_candidate_limit_and_at_most_the_budget() -> None:
    provider = MemoryProvider("p")
    service = RelatedService(
        [provider], 0.8, ranker=RANKER, provider_timeout_s=2.5, candidates_per_provider=30
    )
    service.find(_article(), "fr", include_other_languages=True, max_items=5)
    ((query, limit, timeout_s),) = provider.calls
    assert query.languages == ("en", "fr", "de", "es")
    assert query.terms[:2] == ("Olaf Scholz", "Emmanuel Macron")
    assert (limit, timeout_s) == (30, 0.8)


def test_nothing_is_asked_when_no_items_are_wanted() -> None:
    provider = MemoryProvider("p")
    related = RelatedService([provider], 1.0, ranker=RANKER).find(
        _article(), "en", include_other_languages=True, max_items=0
    )
    assert provider.calls == [] and related.sources_queried == [] and related.items == []


def test_a_failing_scorer_gives_an_empty_partial_result_not_an_error() -> None:
    def broken(a: Story, b: Story) -> float:
        raise NotImplementedError

    provider = MemoryProvider("p", [_candidate("https://o.example/a", "Scholz", "p")])
    related = RelatedService([provider], 1.0, ranker=RelatedRanker(similarity=broken)).find(
        _article(), "en", include_other_languages=False, max_items=5
    )
    assert related.items == [] and related.partial is True and related.failed_sources == []


def test_the_outlet_lookup_labels_items() -> None:
    dw = Outlet(id="dw", name="Deutsche Welle", domain="dw.com", type="public broadcaster")
    provider = MemoryProvider(
        "p", [_candidate("https://www.dw.com/en/a", "Scholz meets Macron", "p")]
    )
    service = RelatedService(
        [provider], 1.0, ranker=RANKER, outlet_lookup=lambda d: dw if d == "dw.com" else None
    )
    related = service.find(_article(), "en", include_other_languages=False, max_items=5)
    assert related.items[0].outlet == dw
