"""Google News RSS and GDELT DOC 2.0 providers against loopback fakes in the real formats."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx
import pytest

from parallax.adapters.gdelt import GdeltProvider, GdeltThrottle, parse_gdelt_artlist
from parallax.adapters.google_news import GoogleNewsProvider, parse_google_news_rss
from parallax.adapters.provider_http import shared_client
from parallax.domain.errors import FetchFailed, ParallaxError, RateLimited, UpstreamTimeout
from parallax.domain.ports import Candidate, StoryQuery
from tests.support.fake_providers import (
    GDELT_PATH,
    GOOGLE_NEWS_PATH,
    HTML_ERROR_PAGE,
    MALFORMED_JSON,
    MALFORMED_XML,
    XML_BOMB,
    XXE_FEED,
    FakeProviderServer,
    GdeltArticle,
    Reply,
    RssItem,
    by_language,
    gdelt_reply,
    google_news_reply,
    google_news_rss,
    utc,
)

QUERY = StoryQuery(
    title="Scholz meets Macron in Paris",
    lead="Olaf Scholz met Emmanuel Macron in Paris on Sunday.",
    language="en",
    terms=("Olaf Scholz", "Emmanuel Macron", "Paris", "aid", "ukraine"),
    published="2026-11-29T08:00:00Z",
    source_url="https://source.example/a",
    languages=("en", "de"),
)
EN_ITEMS = [
    RssItem(
        "Scholz meets Macron in Paris", "BBC News", "https://www.bbc.co.uk", utc(2026, 11, 29, 10)
    ),
    RssItem(
        "Macron hosts Scholz - talks on Ukraine aid",
        "Reuters",
        "https://www.reuters.com",
        utc(2026, 11, 29, 9, 30),
        article_id="CBMiBBB",
    ),
]
DE_ITEMS = [
    RssItem(
        "Scholz trifft Macron in Paris",
        "tagesschau.de",
        "https://www.tagesschau.de",
        utc(2026, 11, 29, 11),
    ),
]
GDELT_ARTICLES = [
    GdeltArticle(
        "https://www.lemonde.fr/international/article/2026/11/29/scholz-macron_1.html",
        "Olaf Scholz et Emmanuel Macron à Paris",
        "lemonde.fr",
        language="French",
        seendate="20261129T101500Z",
        sourcecountry="France",
    ),
    GdeltArticle(
        "https://www.dw.com/de/scholz-macron/a-1",
        "Scholz und Macron in Paris",
        "dw.com",
        language="German",
        seendate="20261129T094500Z",
        sourcecountry="Germany",
    ),
    GdeltArticle(
        "https://x.example/odd", "Odd language", "x.example", language="Klingon", seendate="bad"
    ),
    GdeltArticle("mailto:someone@x.example", "Not a web page", "x.example"),
]


def _only(*languages: str) -> StoryQuery:
    return replace(QUERY, languages=languages)


@pytest.fixture
def server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as fake:
        yield fake


# --- Google News ---------------------------------------------------------------------------------


def test_google_news_searches_each_language_edition_and_parses_items(
    server: FakeProviderServer,
) -> None:
    # Given a fake Google News answering per edition
    server.script(
        by_language({"en": google_news_reply(EN_ITEMS), "de": google_news_reply(DE_ITEMS)}),
        GOOGLE_NEWS_PATH,
    )
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    # When searched
    found = provider.search(QUERY, limit=10, timeout_s=2.0)
    # Then both editions were asked with their hl/gl/ceid, and the items are candidates
    editions = sorted((r.params["hl"], r.params["gl"], r.params["ceid"]) for r in server.requests)
    assert editions == [("de", "DE", "DE:de"), ("en-US", "US", "US:en")]
    english = next(r for r in server.requests if r.params["hl"] == "en-US")
    assert english.params["q"] == '"Olaf Scholz" ("Emmanuel Macron" OR Paris OR aid OR ukraine)'
    german = next(r for r in server.requests if r.params["hl"] == "de")
    # Untranslated English words are not searched in the German edition, names are
    assert german.params["q"] == '"Olaf Scholz" ("Emmanuel Macron" OR Paris)'
    by_title = {c.title: c for c in found}
    assert by_title["Scholz meets Macron in Paris"] == Candidate(
        url="https://news.google.com/rss/articles/CBMiAAA?oc=5",
        title="Scholz meets Macron in Paris",
        provider="google_news",
        outlet_name="BBC News",
        outlet_domain="www.bbc.co.uk",
        language="en",
        published="2026-11-29T10:00:00Z",
        snippet=None,
    )
    # A dash inside the headline stays; only the outlet suffix is cut
    assert "Macron hosts Scholz - talks on Ukraine aid" in by_title
    assert by_title["Scholz trifft Macron in Paris"].language == "de"


def test_google_news_skips_items_it_cannot_attribute(server: FakeProviderServer) -> None:
    items = [
        RssItem("No source element", "Somebody", "https://somebody.example", with_source=False),
        RssItem("Not a web link", "Outlet", "https://outlet.example", link="javascript:void(0)"),
        RssItem("Good one", "Outlet", "https://outlet.example"),
    ]
    server.script(google_news_reply(items))
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    found = provider.search(QUERY, limit=10, timeout_s=2.0)
    assert {c.title for c in found} == {"Good one"}


def test_google_news_limit_applies_per_edition(server: FakeProviderServer) -> None:
    server.script(google_news_reply(EN_ITEMS))
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    assert len(provider.search(_only("en"), limit=1, timeout_s=2.0)) == 1


@dataclass(frozen=True)
class Bad:
    reply: Reply
    error: type[ParallaxError]
    words: str


GOOGLE_FAILURES = {
    "http-500": Bad(
        Reply(status=500, body=b"oops", content_type="text/plain"), FetchFailed, "HTTP 500"
    ),
    "http-429": Bad(Reply(status=429, body=b""), FetchFailed, "HTTP 429"),
    "html-error-page": Bad(
        Reply(body=HTML_ERROR_PAGE, content_type="text/html"), FetchFailed, "HTML"
    ),
    "html-error-page-mislabelled": Bad(
        Reply(body=HTML_ERROR_PAGE, content_type="application/rss+xml"), FetchFailed, "HTML"
    ),
    "malformed-xml": Bad(
        Reply(body=MALFORMED_XML, content_type="application/xml"), FetchFailed, "well-formed"
    ),
    "xml-bomb": Bad(Reply(body=XML_BOMB, content_type="application/rss+xml"), FetchFailed, "DTD"),
    "external-entity": Bad(
        Reply(body=XXE_FEED, content_type="application/rss+xml"), FetchFailed, "DTD"
    ),
    "json-instead-of-rss": Bad(Reply(body=b'{"a": 1}'), FetchFailed, "well-formed"),
    "atom-or-other-root": Bad(
        Reply(body=b"<feed xmlns='http://www.w3.org/2005/Atom'/>", content_type="application/xml"),
        FetchFailed,
        "not an RSS feed",
    ),
    "too-large": Bad(
        Reply(body=b"<rss>" + b" " * 2_100_000 + b"</rss>", content_type="application/rss+xml"),
        FetchFailed,
        "larger than",
    ),
    "gzip-inflating-past-the-cap": Bad(
        Reply(
            body=gzip.compress(b"<rss>" + b" " * 3_000_000 + b"</rss>"),
            content_type="application/rss+xml",
            headers=(("Content-Encoding", "gzip"),),
        ),
        FetchFailed,
        "larger than",
    ),
    "redirect-elsewhere": Bad(
        Reply(status=302, headers=(("Location", "https://consent.google.com/ml?continue=x"),)),
        FetchFailed,
        "another host",
    ),
}


@pytest.mark.parametrize("case", GOOGLE_FAILURES, ids=list(GOOGLE_FAILURES))
def test_google_news_failures_become_domain_errors(server: FakeProviderServer, case: str) -> None:
    # Given a Google News that misbehaves in one way
    bad = GOOGLE_FAILURES[case]
    server.script(bad.reply)
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    # When searched
    started = time.monotonic()
    with pytest.raises(bad.error) as caught:
        provider.search(_only("en"), limit=10, timeout_s=2.0)
    # Then it is a short domain error that names the provider and quotes nothing it was sent
    assert bad.words in caught.value.detail
    assert "google_news" in caught.value.detail
    assert "ECHOED-QUERY-SECRET" not in caught.value.detail
    assert "Scholz" not in caught.value.detail
    assert time.monotonic() - started < 1.5  # a bomb is refused, not expanded


def test_google_news_follows_a_redirect_on_the_same_host(server: FakeProviderServer) -> None:
    server.script(Reply(status=302, headers=(("Location", "/moved/rss"),)), GOOGLE_NEWS_PATH)
    server.script(google_news_reply(EN_ITEMS), "/moved/rss")
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    assert len(provider.search(_only("en"), limit=10, timeout_s=2.0)) == 2


def test_providers_keep_no_cookies_so_one_cannot_stop_later_searches(
    server: FakeProviderServer,
) -> None:
    # Given a Google News that sets cookies, one with a byte outside ASCII (Latin-1 on the wire)
    cookies = (("Set-Cookie", "NID=511; Path=/"), ("Set-Cookie", "pref=café; Path=/"))
    server.script(google_news_reply(EN_ITEMS, headers=cookies))
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    try:
        # When it is searched three times, as three readers' Briefs in one process would
        found = [len(provider.search(_only("en"), limit=10, timeout_s=2.0)) for _ in range(3)]
    finally:
        shared_client().cookies.clear()  # on the code before, later tests would inherit them
    # Then every search answers, and no cookie goes back: the process's one client kept them
    # and sent them with every later reader's search (linking them), and the Latin-1 one made
    # every later search of the provider raise UnicodeEncodeError until a restart
    assert found == [2, 2, 2]
    assert [r.cookie for r in server.requests] == [None, None, None]


def test_google_news_timeout_is_upstream_timeout(server: FakeProviderServer) -> None:
    # Given a Google News that takes 3 s to answer
    server.script(google_news_reply(EN_ITEMS, delay_s=3.0))
    provider = GoogleNewsProvider(server.base_url, timeout_s=5.0)
    # When searched with a 0.3 s timeout
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        provider.search(_only("en"), limit=10, timeout_s=0.3)
    # Then it gives up on time
    assert time.monotonic() - started < 1.0


def test_google_news_body_trickling_past_the_deadline_times_out(server: FakeProviderServer) -> None:
    server.script(google_news_reply(EN_ITEMS, trickle_s=3.0))
    provider = GoogleNewsProvider(server.base_url, timeout_s=0.4)
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        provider.search(_only("en"), limit=10, timeout_s=5.0)
    assert time.monotonic() - started < 1.5


def test_google_news_keeps_the_editions_that_answered(server: FakeProviderServer) -> None:
    # Given the German edition failing and the English one answering
    server.script(
        by_language({"en": google_news_reply(EN_ITEMS), "de": Reply(status=503)}),
        GOOGLE_NEWS_PATH,
    )
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    # When searched in both
    found = provider.search(QUERY, limit=10, timeout_s=2.0)
    # Then the English items come back
    assert {c.language for c in found} == {"en"} and len(found) == 2
    # And when every edition fails, the failure is raised
    server.script(Reply(status=503), GOOGLE_NEWS_PATH)
    with pytest.raises(FetchFailed):
        provider.search(QUERY, limit=10, timeout_s=2.0)


def test_google_news_does_not_call_without_search_terms_or_editions(
    server: FakeProviderServer,
) -> None:
    provider = GoogleNewsProvider(server.base_url, timeout_s=2.0)
    empty = replace(_only("en"), terms=())
    assert provider.search(empty, limit=10, timeout_s=2.0) == []
    assert provider.search(_only("xx"), limit=10, timeout_s=2.0) == []
    assert server.requests == []


def test_an_injected_client_is_used(server: FakeProviderServer) -> None:
    server.script(google_news_reply(EN_ITEMS))
    seen: list[str] = []
    with httpx.Client(event_hooks={"request": [lambda r: seen.append(r.url.path)]}) as client:
        provider = GoogleNewsProvider(server.base_url, timeout_s=2.0, client=client)
        assert len(provider.search(_only("en"), limit=10, timeout_s=2.0)) == 2
    assert seen == ["/rss/search"]
    assert server.requests[0].params["hl"] == "en-US"


def test_google_news_unreachable_is_fetch_failed() -> None:
    with FakeProviderServer() as gone:
        base = gone.base_url
    provider = GoogleNewsProvider(base, timeout_s=1.0)
    with pytest.raises(FetchFailed) as caught:
        provider.search(_only("en"), limit=10, timeout_s=1.0)
    assert "could not be reached" in caught.value.detail


def test_parse_google_news_rss_directly() -> None:
    items = [
        *DE_ITEMS,
        RssItem("Macron&#39;s guest &amp; friend", "Le Monde", "https://www.lemonde.fr"),
    ]
    found = parse_google_news_rss(google_news_rss(items), language="de", provider="gn")
    assert [(c.title, c.outlet_name, c.provider, c.published) for c in found] == [
        ("Scholz trifft Macron in Paris", "tagesschau.de", "gn", "2026-11-29T11:00:00Z"),
        # Entities escaped once too often are undone; an item without a date stays undated
        ("Macron's guest & friend", "Le Monde", "gn", None),
    ]


def test_an_item_with_an_unparsable_address_is_skipped_not_fatal() -> None:
    # Given an answer where one item's outlet address and another's link cannot be parsed
    items = [
        RssItem("Scholz trifft Macron in Paris", "Bad", "http://[::1"),
        RssItem("Scholz in Paris", "Worse", "https://ok.example", link="https://[bad/x"),
        RssItem("Macron's guest", "Le Monde", "https://www.lemonde.fr"),
    ]
    # When it is parsed
    found = parse_google_news_rss(google_news_rss(items), language="de", provider="gn")
    # Then only those items are dropped
    assert [(c.title, c.outlet_domain) for c in found] == [("Macron's guest", "www.lemonde.fr")]


# --- GDELT ---------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _gdelt(
    server: FakeProviderServer,
    clock: FakeClock | None = None,
    throttle: GdeltThrottle | None = None,
    timeout_s: float = 2.0,
) -> GdeltProvider:
    return GdeltProvider(
        server.base_url,
        timeout_s,
        clock=clock or FakeClock(),
        throttle=throttle or GdeltThrottle(),
        utc_now=lambda: datetime(2026, 11, 29, 12, 0, tzinfo=UTC),
    )


def test_gdelt_parses_the_article_list(server: FakeProviderServer) -> None:
    # Given a fake GDELT with four articles (one in an unknown language, one not a web page)
    server.script(gdelt_reply(GDELT_ARTICLES), GDELT_PATH)
    # When searched
    found = _gdelt(server).search(QUERY, limit=50, timeout_s=2.0)
    # Then the request follows the DOC 2.0 API, and the answer maps to candidates
    (request,) = server.requests
    assert request.path == "/api/v2/doc/doc"
    assert request.params == {
        "query": '"Olaf Scholz" "Emmanuel Macron" (Paris OR aid OR ukraine) '
        "(sourcelang:english OR sourcelang:german)",
        "mode": "artlist",
        "format": "json",
        "maxrecords": "50",
        "sort": "datedesc",
        "timespan": "7d",
    }
    assert found[0] == Candidate(
        url="https://www.lemonde.fr/international/article/2026/11/29/scholz-macron_1.html",
        title="Olaf Scholz et Emmanuel Macron à Paris",
        provider="gdelt",
        outlet_domain="lemonde.fr",
        language="fr",
        published="2026-11-29T10:15:00Z",
    )
    assert found[1].language == "de"
    assert (found[2].language, found[2].published) == (None, None)
    assert len(found) == 3


def test_gdelt_searches_a_window_around_an_older_story(server: FakeProviderServer) -> None:
    server.script(gdelt_reply([]), GDELT_PATH)
    old = replace(QUERY, published="2026-10-01T08:00:00Z")
    assert _gdelt(server).search(old, limit=20, timeout_s=2.0) == []
    params = server.requests[0].params
    assert "timespan" not in params
    assert (params["startdatetime"], params["enddatetime"]) == ("20260929080000", "20261006080000")


GDELT_FAILURES = {
    "http-500": Bad(Reply(status=500, body=b"oops"), FetchFailed, "HTTP 500"),
    "malformed-json": Bad(Reply(body=MALFORMED_JSON), FetchFailed, "not valid JSON"),
    "html-error-page": Bad(
        Reply(body=HTML_ERROR_PAGE, content_type="text/html"), FetchFailed, "HTML"
    ),
    "plain-text-complaint": Bad(
        Reply(body=b"The specified phrase is too short.", content_type="text/html"),
        FetchFailed,
        "not valid JSON",
    ),
    "rate-limit-text": Bad(
        Reply(body=b"Please limit requests to one every 5 seconds.", content_type="text/plain"),
        RateLimited,
        "slow down",
    ),
    "json-list": Bad(Reply(body=b"[1, 2]"), FetchFailed, "not a JSON object"),
    "articles-not-a-list": Bad(Reply(body=b'{"articles": "x"}'), FetchFailed, "no article list"),
    "deeply-nested": Bad(Reply(body=b"[" * 100_000 + b"]" * 100_000), FetchFailed, "JSON"),
    "too-large": Bad(
        Reply(body=b'{"articles": []}' + b" " * 2_100_000), FetchFailed, "larger than"
    ),
}


@pytest.mark.parametrize("case", GDELT_FAILURES, ids=list(GDELT_FAILURES))
def test_gdelt_failures_become_domain_errors(server: FakeProviderServer, case: str) -> None:
    bad = GDELT_FAILURES[case]
    server.script(bad.reply)
    with pytest.raises(bad.error) as caught:
        _gdelt(server).search(QUERY, limit=10, timeout_s=2.0)
    assert bad.words in caught.value.detail
    assert "ECHOED-QUERY-SECRET" not in caught.value.detail


def test_gdelt_empty_answers_are_no_candidates(server: FakeProviderServer) -> None:
    for body in (b"{}", b'{"articles": []}', b""):
        server.script(Reply(body=body))
        assert _gdelt(server).search(QUERY, limit=10, timeout_s=2.0) == []


def test_gdelt_timeout_is_upstream_timeout(server: FakeProviderServer) -> None:
    server.script(gdelt_reply(GDELT_ARTICLES, delay_s=3.0))
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        _gdelt(server).search(QUERY, limit=10, timeout_s=0.3)
    assert time.monotonic() - started < 1.0


def test_gdelt_rate_limit_cache_and_window(server: FakeProviderServer) -> None:
    # Given a fake GDELT, a fake clock and a fresh throttle
    server.script(gdelt_reply(GDELT_ARTICLES), GDELT_PATH)
    clock = FakeClock()
    provider = _gdelt(server, clock)
    other_query = _only("fr")
    # When the same query is asked again 1 s later
    first = provider.search(QUERY, limit=10, timeout_s=2.0)
    clock.advance(1.0)
    again = provider.search(QUERY, limit=10, timeout_s=2.0)
    # Then the cached answer is served without a second call
    assert again == first and len(server.requests) == 1
    # When a different query comes inside the 5 s window
    # Then it is refused at once, without a call
    with pytest.raises(RateLimited) as caught:
        provider.search(other_query, limit=10, timeout_s=2.0)
    assert "5 s" in caught.value.detail
    assert len(server.requests) == 1
    # When the window has passed
    clock.advance(4.1)
    provider.search(other_query, limit=10, timeout_s=2.0)
    # Then the different query is asked
    assert len(server.requests) == 2
    # When the cache entry has expired (10 min) and the window is open
    clock.advance(601.0)
    provider.search(QUERY, limit=10, timeout_s=2.0)
    # Then the first query is asked again
    assert len(server.requests) == 3


def test_gdelt_window_is_shared_by_every_provider_on_one_throttle(
    server: FakeProviderServer,
) -> None:
    server.script(gdelt_reply(GDELT_ARTICLES), GDELT_PATH)
    clock, throttle = FakeClock(), GdeltThrottle()
    _gdelt(server, clock, throttle).search(QUERY, limit=10, timeout_s=2.0)
    with pytest.raises(RateLimited):
        _gdelt(server, clock, throttle).search(_only("fr"), limit=10, timeout_s=2.0)


def test_gdelt_a_failed_call_counts_against_the_window_and_is_not_cached(
    server: FakeProviderServer,
) -> None:
    server.script(Reply(status=500))
    clock = FakeClock()
    provider = _gdelt(server, clock)
    with pytest.raises(FetchFailed):
        provider.search(QUERY, limit=10, timeout_s=2.0)
    clock.advance(2.0)
    with pytest.raises(RateLimited):
        provider.search(QUERY, limit=10, timeout_s=2.0)
    clock.advance(3.0)
    server.script(gdelt_reply(GDELT_ARTICLES))
    assert len(provider.search(QUERY, limit=10, timeout_s=2.0)) == 3
    assert len(server.requests) == 2


def test_gdelt_concurrent_identical_queries_share_one_call(server: FakeProviderServer) -> None:
    # Given a GDELT that takes 0.3 s
    server.script(gdelt_reply(GDELT_ARTICLES, delay_s=0.3))
    provider = _gdelt(server)
    results: list[list[Candidate] | BaseException] = []

    def ask() -> None:
        try:
            results.append(provider.search(QUERY, limit=10, timeout_s=2.0))
        except BaseException as exc:
            results.append(exc)

    # When three threads ask the same query at once
    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    # Then one call was made and everyone got its answer
    assert len(server.requests) == 1
    assert all(isinstance(r, list) and len(r) == 3 for r in results), results


def test_parse_gdelt_artlist_tolerates_control_characters_in_titles() -> None:
    body = b'{"articles": [{"url": "https://a.example/1", "title": "Tab\there", "domain": "a.example"}]}'
    (candidate,) = parse_gdelt_artlist(body)
    assert candidate.title == "Tab here"


def test_the_search_services_are_sent_the_user_agent_setting(server: FakeProviderServer) -> None:
    # Given both search services on the loopback fake and a user agent set for this backend
    from parallax.config import Settings
    from parallax.wiring import build_providers

    server.script(google_news_reply(EN_ITEMS), GOOGLE_NEWS_PATH)
    server.script(gdelt_reply(GDELT_ARTICLES), GDELT_PATH)
    settings = Settings(
        providers=("google_news", "gdelt"),
        google_news_base_url=server.base_url,
        gdelt_base_url=server.base_url,
        user_agent="ExampleNewsroomBot/2.0 (+https://newsroom.example/bot)",
    )
    # When the providers the settings name are asked
    for provider in build_providers(settings):
        provider.search(_only("en"), limit=5, timeout_s=2.0)
    # Then every request carried that user agent (before: the built-in one, whatever was set)
    agents = {r.path: r.user_agent for r in server.requests}
    assert agents == {
        GOOGLE_NEWS_PATH: settings.user_agent,
        GDELT_PATH: settings.user_agent,
    }
