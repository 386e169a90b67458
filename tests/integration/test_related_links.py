"""Related coverage never links into a private network, whichever provider found the link.

Issue 15 (follow-up to item 12): feed items linking to loopback, private or invalid hosts were
refused at ingest, but Google News and GDELT answers went straight to the ranking, so a provider
answer linking to ``http://127.0.0.1/admin`` was shown to the reader as related coverage. The
providers here are the app's own (``wiring.build_providers``, ``wiring.build_related_service``)
against loopback fakes of both APIs; only the links in their answers are hostile.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.adapters.gdelt import PROCESS_THROTTLE
from parallax.config import Settings
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import build_query
from parallax.wiring import build_providers, build_related_service
from tests.support.fake_providers import (
    GDELT_PATH,
    GOOGLE_NEWS_PATH,
    FakeProviderServer,
    GdeltArticle,
    RssItem,
    gdelt_reply,
    google_news_reply,
    utc,
)

NOT_PUBLIC = [
    "http://127.0.0.1/admin",
    "http://[::1]/x",
    "http://169.254.169.254/latest/meta-data/",
    "https://xn--a/",
    "http://10.0.0.5/",
    "http://localhost:8080/",
    "http://2130706433/",
    "http://user:pw@tram.example/x",
]
PUBLIC = "https://www.westfunk.example/nachrichten/nordheim-linie-7"
TITLE = "Nordheim council approves tram line 7 extension"


def _article() -> Article:
    sentences = [
        "The Nordheim city council approved the extension of tram line 7 on Monday.",
        "The new line will link the main station with the growing district of Nordheim.",
    ]
    return Article(
        url="https://www.rhine-courier.example/news/tram",
        canonical_url="https://www.rhine-courier.example/news/tram",
        title=TITLE,
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Rhine Courier", domain="rhine-courier.example"),
        published="2026-11-29T08:00:00Z",
        language="en",
        word_count=27,
    )


@pytest.fixture
def hostile_providers() -> Iterator[FakeProviderServer]:
    # Google News and GDELT each answer the same story under every non-public link, plus one
    # public link, so the public one shows the answers do reach the reader.
    rss = [
        RssItem(TITLE, f"Outlet {n}", f"https://outlet{n}.example", utc(2026, 11, 29, 10), link=url)
        for n, url in enumerate([*NOT_PUBLIC, PUBLIC])
    ]
    gdelt = [
        GdeltArticle(url=url, title=TITLE, domain=f"outlet{n}.example")
        for n, url in enumerate([*NOT_PUBLIC, PUBLIC])
    ]
    PROCESS_THROTTLE.reset()  # GDELT allows one call per 5 s per process
    with FakeProviderServer() as fake:
        fake.script(google_news_reply(rss), GOOGLE_NEWS_PATH)
        fake.script(gdelt_reply(gdelt), GDELT_PATH)
        yield fake
    PROCESS_THROTTLE.reset()


def _settings(fake: FakeProviderServer) -> Settings:
    return Settings(
        providers=("google_news", "gdelt"),
        google_news_base_url=fake.base_url,
        gdelt_base_url=fake.base_url,
        provider_timeout_s=2.0,
        related_budget_s=3.0,
    )


def test_every_provider_the_app_runs_answers_only_public_links(
    hostile_providers: FakeProviderServer,
) -> None:
    # Given Google News and GDELT answers linking to loopback, metadata, private and invalid hosts
    providers = build_providers(_settings(hostile_providers))
    query = build_query(_article(), ("en",))
    for provider in providers:
        # When the app's provider is searched
        found = [c.url for c in provider.search(query, limit=50, timeout_s=2.0)]
        # Then the public link is there and none of the others
        assert PUBLIC in found, (provider.name, found)
        assert not set(found) & set(NOT_PUBLIC), (provider.name, found)
    assert {p.name for p in providers} == {"google_news", "gdelt"}
    assert {r.path for r in hostile_providers.requests} == {GOOGLE_NEWS_PATH, GDELT_PATH}


def test_related_coverage_shown_to_the_reader_holds_no_non_public_link(
    hostile_providers: FakeProviderServer,
) -> None:
    # Given the app's related-coverage step over the same hostile answers
    service = build_related_service(_settings(hostile_providers), lambda _domain: None)
    # When the reader's article gets its related coverage
    related = service.find(_article(), "en", include_other_languages=False, max_items=20)
    # Then the public report is shown and no link into a private network is
    shown = [item.url for item in related.items]
    assert PUBLIC in shown, shown
    assert not set(shown) & set(NOT_PUBLIC), shown
    assert not related.failed_sources


def test_an_index_built_before_ingest_refused_such_links_does_not_show_them(
    tmp_path: Path,
) -> None:
    # Given a feed index written before ingest refused non-public links (or by another tool)
    settings = Settings(home=tmp_path, providers=("index",))
    index = FeedIndex(settings.index_path)
    try:
        index.ensure()
        index.upsert_items(
            IndexItem(
                url=url,
                outlet_id=f"outlet{n}",
                outlet_name=f"Outlet {n}",
                outlet_domain=f"outlet{n}.example",
                title=TITLE,
                language="en",
                published="2026-11-29T09:00:00Z",
            )
            for n, url in enumerate([*NOT_PUBLIC, PUBLIC])
        )
    finally:
        index.close()
    # When the app's index provider is searched
    (provider,) = build_providers(settings)
    found = [c.url for c in provider.search(build_query(_article(), ("en",)), 50, 2.0)]
    # Then only the public item comes back
    assert found == [PUBLIC]


def test_the_public_links_filter_keeps_the_index_state(tmp_path: Path) -> None:
    # Given the app's related service over its own index provider (wrapped by the filter)
    settings = Settings(home=tmp_path, providers=("index",))
    service = build_related_service(settings, outlet_lookup=lambda url: None)
    # When a Brief asks for related coverage while the index holds nothing yet
    related = service.find(_article(), "en", include_other_languages=False, max_items=5)
    # Then the filter has not hidden the index's state: the reader is told it is not filled
    assert related.index is not None
    assert related.index.status == "not_filled"
