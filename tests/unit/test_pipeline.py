from __future__ import annotations

import pytest

from parallax.domain.errors import BlockedUrl, NotAnArticle, TooLarge, UnsupportedMedia
from parallax.domain.models import MAX_HTML_BYTES, BriefRequest, Include, Outlet
from parallax.domain.pipeline import PARTIAL_TTL_S, BriefService
from tests.fakes import FakeExtractor, FakeFetcher, FakeRelated, FakeSummariser, MemoryCache


def _service(
    fetcher: FakeFetcher | None = None,
    extractor: FakeExtractor | None = None,
    cache: MemoryCache | None = None,
) -> tuple[BriefService, FakeFetcher, FakeExtractor, FakeSummariser, MemoryCache]:
    fetcher = fetcher or FakeFetcher()
    extractor = extractor or FakeExtractor()
    summariser = FakeSummariser()
    cache = cache or MemoryCache()
    service = BriefService(
        fetcher=fetcher, cache=cache, summariser=summariser, extractor=extractor, cache_ttl_s=60
    )
    return service, fetcher, extractor, summariser, cache


def test_html_from_the_client_is_used_without_fetching() -> None:
    # Given a request that carries the page's HTML
    service, fetcher, extractor, _, _ = _service()
    request = BriefRequest(url="https://news.example/a", html="<p>client dom</p>", language="en")
    # When the Brief is made
    brief = service.brief(request)
    # Then nothing was fetched and the client's HTML was extracted
    assert fetcher.calls == []
    assert extractor.calls == [("<p>client dom</p>", "https://news.example/a")]
    assert brief.summary is not None and brief.summary.method == "extractive"
    assert brief.related.items == [] and brief.related.sources_queried == []
    assert brief.cache.hit is False and brief.cache.stored_at is not None
    assert {"extract", "summary", "total"} <= brief.timings_ms.keys()


def test_without_html_the_page_is_fetched_and_its_final_url_extracted() -> None:
    service, fetcher, extractor, _, _ = _service()
    service.brief(BriefRequest(url="https://news.example/a"))
    assert fetcher.calls == ["https://news.example/a"]
    assert extractor.calls[0][1] == "https://news.example/a"


def test_second_request_is_a_cache_hit_even_through_a_tracking_link() -> None:
    # Given a Brief made once
    service, _, extractor, _, _ = _service()
    first = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # When the same article is asked for through a tracking link
    second = service.brief(
        BriefRequest(url="https://news.example/a?utm_source=x#top", html="<p>x</p>")
    )
    # Then it comes from the cache, with the same key, and extraction ran once
    assert second.cache.hit is True and second.cache.key == first.cache.key
    assert len(extractor.calls) == 1
    assert second.article == first.article
    assert "extract" not in second.timings_ms


def test_language_and_include_are_part_of_the_cache_key() -> None:
    service, _, extractor, _, _ = _service()
    service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", language="en"))
    service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", language="de"))
    service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", include=Include(summary=False))
    )
    assert len(extractor.calls) == 3


def test_summary_can_be_left_out() -> None:
    service, _, _, summariser, _ = _service()
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", include=Include(summary=False))
    )
    assert brief.summary is None and summariser.calls == []


def test_reader_language_reaches_the_summariser() -> None:
    service, _, _, summariser, _ = _service()
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", language="de-CH")
    )
    assert summariser.calls == ["de"]
    assert brief.summary is not None and brief.summary.notice == "not_translated"


def test_html_over_the_cap_is_too_large() -> None:
    service, _, extractor, _, _ = _service()
    with pytest.raises(TooLarge):
        service.brief(BriefRequest(url="https://news.example/a", html="x" * (MAX_HTML_BYTES + 1)))
    # multi-byte characters count in bytes, not characters
    with pytest.raises(TooLarge):
        service.brief(
            BriefRequest(url="https://news.example/a", html="é" * (MAX_HTML_BYTES // 2 + 1))
        )
    assert extractor.calls == []


def test_binary_html_is_unsupported_media() -> None:
    service, _, _, _, _ = _service()
    with pytest.raises(UnsupportedMedia):
        service.brief(BriefRequest(url="https://news.example/a", html="\x89PNG\r\n\x1a\n\x00\x00"))


def test_errors_from_ports_propagate_and_nothing_is_cached() -> None:
    service, _, _, _, cache = _service(fetcher=FakeFetcher(error=BlockedUrl("private address")))
    with pytest.raises(BlockedUrl):
        service.brief(BriefRequest(url="https://news.example/a"))
    service2, _, _, _, cache2 = _service(extractor=FakeExtractor(error=NotAnArticle()))
    with pytest.raises(NotAnArticle):
        service2.brief(BriefRequest(url="https://news.example/home", html="<p>x</p>"))
    assert cache.entries == {} and cache2.entries == {}


def _with_related(
    related: FakeRelated, outlet_lookup: object = None
) -> tuple[BriefService, MemoryCache]:
    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=3600,
        related=related,
        outlet_lookup=outlet_lookup,  # type: ignore[arg-type]
    )
    return service, cache


def test_related_coverage_is_found_for_the_reader() -> None:
    # Given a related finder, When a Brief is made for a German reader without other languages
    related = FakeRelated()
    service, _ = _with_related(related)
    brief = service.brief(
        BriefRequest(
            url="https://news.example/a",
            html="<p>x</p>",
            language="de",
            include=Include(other_languages=False),
            max_related=7,
        )
    )
    # Then the finder was asked with those choices and its list is in the Brief
    assert related.calls == [("de", False, 7)]
    assert [i.url for i in brief.related.items] == ["https://other.example/story"]
    assert brief.related.sources_queried == ["index", "gdelt"]
    assert "related" in brief.timings_ms


def test_related_is_skipped_when_not_wanted() -> None:
    related = FakeRelated()
    service, _ = _with_related(related)
    url = "https://news.example/a"
    service.brief(BriefRequest(url=url, html="<p>x</p>", include=Include(related=False)))
    service.brief(BriefRequest(url=url, html="<p>x</p>", max_related=0))
    assert related.calls == []


def test_a_partial_result_is_cached_only_briefly() -> None:
    service, _ = _with_related(FakeRelated(partial=True))
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    assert brief.related.partial is True and brief.related.failed_sources == ["gdelt"]
    assert brief.cache.ttl_s == PARTIAL_TTL_S


def test_the_outlet_is_labelled_from_the_catalogue() -> None:
    known = Outlet(id="example-news", name="Example News", domain="news.example", type="private")
    service, _ = _with_related(
        FakeRelated(), outlet_lookup=lambda d: known if "news.example" in d else None
    )
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    assert brief.article.outlet == known
