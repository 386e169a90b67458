"""The corroboration service's page cache is bounded by memory, not only by entries: 256 reports
at the bounds of an article were about 800 MB on a 1 GB function."""

from __future__ import annotations

from parallax.domain.brief_bounds import bounded_article
from parallax.domain.corroboration_service import (
    CorroborationService,
    _Lru,
    article_bytes,
)
from parallax.domain.extraction import extract_article, warm_up
from tests.fakes import MemoryCache
from tests.unit.test_corroboration_service import (
    AGREES,
    DIFFERS,
    _brief,
    _fetcher,
    _request,
)


def _weights(values: dict[str, int]) -> _Lru:
    return _Lru(10, 60.0, lambda: 0.0, max_weight=10, weigh=lambda v: values[str(v)])


def test_the_oldest_entries_go_once_the_weight_is_over_the_bound() -> None:
    sizes = {"a": 4, "b": 4, "c": 4, "big": 11}
    cache = _weights(sizes)
    cache.put("a", "a")
    cache.put("b", "b")
    assert cache.get("a") == "a"  # used: "b" is now the oldest
    cache.put("c", "c")
    assert (cache.get("b"), cache.get("a"), cache.get("c")) == (None, "a", "c")
    assert (len(cache), cache.weight) == (2, 8)
    # One entry over the bound on its own is not kept, and evicts nothing
    cache.put("big", "big")
    assert (cache.get("big"), len(cache), cache.weight) == (None, 2, 8)
    # Putting a key again replaces its weight, not adds to it
    cache.put("a", "a")
    assert (len(cache), cache.weight) == (2, 8)


def test_expired_entries_give_their_weight_back() -> None:
    now = [0.0]
    cache = _Lru(10, 5.0, lambda: now[0], max_weight=10, weigh=lambda _v: 6)
    cache.put("a", "a")
    now[0] = 6.0
    assert cache.get("a") is None
    assert cache.weight == 0
    cache.put("b", "b")
    assert cache.get("b") == "b"


def test_the_service_keeps_reports_up_to_its_byte_bound() -> None:
    fetcher = _fetcher()
    pages = {url: fetcher.pages[url] for url in (AGREES, DIFFERS)}
    sizes = [
        article_bytes(bounded_article(extract_article(page, url)))
        for url, page in pages.items()
        if isinstance(page, str)
    ]
    assert len(sizes) == 2
    cache = MemoryCache()
    cache.entries["brief-key"] = _brief()
    # Given room for one of the two reports only
    service = CorroborationService(
        fetcher=fetcher,
        extractor=extract_article,
        brief_cache=cache,
        make_brief=lambda _request: _brief(),
        max_sources=5,
        budget_s=5.0,
        warm_up=warm_up,
        page_cache_bytes=max(sizes) + min(sizes) // 2,
    )
    # When each is read for a reader, then both for a third
    service.corroborate(_request(AGREES))
    service.corroborate(_request(DIFFERS))
    service.corroborate(_request(AGREES, DIFFERS))
    # Then the older report was let go and read again; the newer one came from the cache
    assert fetcher.calls == [AGREES, DIFFERS, AGREES]
