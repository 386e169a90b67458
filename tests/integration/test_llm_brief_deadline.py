"""A model call keeps inside what is left of the Brief's time. Before, the summary call and the
headline translation each had their whole budget whatever the Brief had spent: a slow fetch, then
a model that did not answer, ran past the Brief's deadline and the reader got 504
``upstream_timeout``, where the summary without the model was ready. The real ``anthropic`` SDK
against the loopback fake of the Messages API; nothing reaches the internet."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from parallax.adapters.llm import (
    NOTICE_TIMEOUT,
    AnthropicClientFactory,
    LlmCallMetrics,
    LlmSummariser,
)
from parallax.adapters.llm.translator import LlmTitleTranslator
from parallax.domain.extractive_summariser import ExtractiveSummariser
from parallax.domain.models import Article, BriefRequest, Outlet, Related, RelatedItem
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import FetchedPage
from tests.fakes import FakeExtractor, MemoryCache, article_of
from tests.support.fake_anthropic import FakeAnthropic, loopback_llm_settings

KEY = "sk-ant-test-SECRET-0123456789"

SENTENCES = [
    "The city council of Springfield approved a budget of 120 million dollars on Monday.",
    "Mayor Ana Lopez said spending on schools would rise by 4.2 per cent next year.",
    "The opposition voted against the plan, saying it relied on optimistic tax forecasts.",
    "The budget takes effect on 1 January after a final reading next week.",
]


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def _summariser(fake: FakeAnthropic, metrics: list[LlmCallMetrics]) -> LlmSummariser:
    # A model budget as in production (12 s), longer than what the Brief has left
    settings = loopback_llm_settings(fake, KEY, timeout_s=12.0, translate_timeout_s=8.0)
    return LlmSummariser(
        AnthropicClientFactory(settings), settings, ExtractiveSummariser(), metrics.append
    )


def test_no_model_call_is_made_when_too_little_of_the_briefs_time_is_left(
    fake: FakeAnthropic,
) -> None:
    # Given a model summariser, and a Brief with 1.5 s left
    metrics: list[LlmCallMetrics] = []
    summariser = _summariser(fake, metrics)
    # When the article is summarised
    outcome = summariser.summarise_detailed(article_of(SENTENCES), "en", time_left_s=1.5)
    # Then no call is made: the summary without the model, saying the model ran out of time
    assert fake.requests == []
    assert outcome.summary.method == "extractive" and outcome.summary.bullets
    assert outcome.summary.notice == NOTICE_TIMEOUT and outcome.detail == "brief_deadline"
    assert [(m.operation, m.fallback_reason, m.attempts) for m in metrics] == [
        ("summary", NOTICE_TIMEOUT, 0)
    ]


def test_the_model_call_ends_with_the_briefs_time_not_its_own_budget(
    fake: FakeAnthropic,
) -> None:
    # Given a model that does not answer for 20 s, a 12 s model budget, and 4 s left of the Brief
    fake.slow_seconds = 20.0
    fake.script("slow")
    summariser = _summariser(fake, [])
    started = time.monotonic()
    # When the article is summarised
    summary = summariser.summarise(article_of(SENTENCES), "en", time_left_s=4.0)
    took = time.monotonic() - started
    # Then the call gave up by the Brief's time (about 3 s: 4 s less the margin), not after 12 s
    assert summary.method == "extractive" and summary.notice == NOTICE_TIMEOUT
    assert took < 8.0, took


def test_a_short_articles_translation_keeps_inside_the_briefs_time(fake: FakeAnthropic) -> None:
    # Given a two-sentence article for a German reader (translated whole, not summarised)
    summariser = _summariser(fake, [])
    article = article_of(SENTENCES[:2])
    # When 1 s of the Brief is left, Then no call is made and the sentences stay as written
    outcome = summariser.summarise_detailed(article, "de", time_left_s=1.0)
    assert fake.requests == []
    assert outcome.summary.notice == NOTICE_TIMEOUT and outcome.detail == "brief_deadline"


def test_headline_translation_keeps_inside_the_briefs_time(fake: FakeAnthropic) -> None:
    settings = loopback_llm_settings(fake, KEY, translate_timeout_s=8.0)
    translator = LlmTitleTranslator(AnthropicClientFactory(settings), settings)
    translated = translator.translate(["Rat beschließt Haushalt"], "en", ["de"], time_left_s=0.5)
    assert fake.requests == []
    assert translated.titles == [None] and translated.failure == NOTICE_TIMEOUT


@dataclass
class SlowFetcher:
    """A page server that takes ``seconds`` to answer (a slow outlet)."""

    seconds: float
    calls: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> FetchedPage:
        self.calls.append(url)
        time.sleep(self.seconds)
        return FetchedPage(url=url, html="<p>x</p>", status=200, content_type="text/html")


@dataclass
class Extractor(FakeExtractor):
    def __call__(self, html: str, url: str) -> Article:
        return article_of(SENTENCES, url=url)


def test_a_slow_fetch_and_a_silent_model_still_give_the_brief_before_its_deadline(
    fake: FakeAnthropic,
) -> None:
    # Given a Brief deadline of 7 s, a page that takes 3 s to fetch, a model budget of 12 s and
    # a model that does not answer for 30 s, and a related headline in German to translate
    fake.slow_seconds = 30.0
    fake.default = "slow"
    summariser = _summariser(fake, [])
    settings = loopback_llm_settings(fake, KEY, translate_timeout_s=8.0)

    class Finder:
        def find(self, article: Article, language: str, other: bool, max_items: int) -> Related:
            item = RelatedItem(
                url="https://de.example/a",
                title="Rat beschließt Haushalt",
                outlet=Outlet(name="de", domain="de.example"),
                language="de",
                similarity=0.9,
                provider="index",
            )
            return Related(items=[item], sources_queried=["index"])

    service = BriefService(
        fetcher=SlowFetcher(3.0),
        cache=MemoryCache(),
        summariser=summariser,
        extractor=Extractor(),
        cache_ttl_s=60,
        related=Finder(),
        translator=LlmTitleTranslator(AnthropicClientFactory(settings), settings),
        deadline_s=7.0,
    )
    # When a reader asks for the Brief of the URL
    brief = service.brief(BriefRequest(url="https://news.example/budget", language="en"))
    # Then the Brief comes before the deadline (it was UpstreamTimeout: 504), with the summary
    # without the model and the headline untranslated, the summary saying the model ran out of
    # time
    assert brief.summary is not None
    assert brief.summary.method == "extractive" and brief.summary.notice == NOTICE_TIMEOUT
    assert brief.related.items[0].translated_title is None
