"""The feed index's state in every Brief that asks the index: not filled, filling, filled,
failing; ``partial`` unless it is filled; a short cache life while it is not. Files only, no
sockets: the feeds of the "offline ingest" case fail in a fake fetcher."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from parallax.adapters.feed_index import FeedIndex, IndexItem, IndexProvider
from parallax.adapters.feed_state import FeedState, SqliteFeedStateStore
from parallax.adapters.fetcher import FetchedResponse, MediaRule
from parallax.adapters.index_status import FeedCounts, IngestProgress, PollProgress, index_state
from parallax.domain.errors import FetchFailed
from parallax.domain.models import BriefRequest, IndexState, Related
from parallax.domain.pipeline import PARTIAL_TTL_S, UNFILLED_INDEX_TTL_S, BriefService
from parallax.domain.ports import Candidate, IndexStateSource, StoryQuery
from parallax.domain.related_fanout import RelatedService
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry
from parallax.ingest.runner import IngestRunner
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache, make_article

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z


def _item(n: int, title: str, published: str | None = "2024-05-06T10:00:00Z") -> IndexItem:
    return IndexItem(
        url=f"https://news.example/{n}",
        outlet_id="news-example",
        title=title,
        guid=f"g{n}",
        language="en",
        published=published,
        outlet_name="News Example",
        outlet_domain="news.example",
    )


def _query(*terms: str) -> StoryQuery:
    return StoryQuery(
        title=" ".join(terms),
        lead="",
        language="en",
        terms=terms,
        published=None,
        source_url="https://source.example/a",
        languages=("en",),
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "index.sqlite3"


@pytest.fixture
def writer(path: Path) -> Iterator[FeedIndex]:
    index = FeedIndex(path, clock=lambda: NOW)
    yield index
    index.close()


def _provider(path: Path, progress: IngestProgress | None = None) -> IndexProvider:
    return IndexProvider(
        FeedIndex(path, clock=lambda: NOW),
        feeds_total=4,
        progress=progress,
        clock=lambda: NOW,
        state_ttl_s=0,
    )


# --- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "feeds", "poll", "expected"),
    [
        (0, FeedCounts(), None, "not_filled"),
        (0, FeedCounts(), PollProgress(running=True, started_unfilled=True), "filling"),
        (5, FeedCounts(1, 0, 1), PollProgress(running=True, started_unfilled=True), "filling"),
        (5, FeedCounts(4, 0, 4), PollProgress(running=True, started_unfilled=False), "filled"),
        (5, FeedCounts(4, 4, 4), None, "filled"),  # stale but searchable: the age says how old
        (0, FeedCounts(4, 4, 0), None, "failing"),  # `ingest --once` with no network
        (0, FeedCounts(4, 3, 4), None, "failing"),  # most feeds failing, nothing kept
        (0, FeedCounts(4, 1, 3), None, "filled"),  # the feeds answered and held nothing recent
        (0, FeedCounts(4, 4, 0), PollProgress(running=True, started_unfilled=True), "filling"),
    ],
)
def test_the_status_follows_the_items_the_feeds_and_the_poll(
    items: int, feeds: FeedCounts, poll: PollProgress | None, expected: str
) -> None:
    state = index_state(items=items, newest_item_age_s=None, feeds_total=4, feeds=feeds, poll=poll)
    assert state.status == expected


def test_progress_counts_feeds_of_the_running_poll_and_forgets_them_when_it_ends() -> None:
    # Given a poll that starts on an empty index, with 1 of 4 feeds backing off
    progress = IngestProgress()
    progress.start(unfilled=True)
    progress.planned(4, feeds_skipped=1)
    # When two feeds are done, one of them failed
    progress.feed_done(failed=False)
    progress.feed_done(failed=True)
    # Then the index is filling, 3 of 4 done, 1 failing
    state = index_state(
        items=3, newest_item_age_s=60, feeds_total=4, feeds=FeedCounts(), poll=progress.snapshot()
    )
    assert (state.status, state.feeds_total, state.feeds_done, state.feeds_failing) == (
        "filling",
        4,
        3,
        1,
    )
    # And once the poll ends it is filled, and the poll is counted
    progress.finish()
    assert not progress.snapshot().running and progress.snapshot().polls_completed == 1


# --- the local index provider -------------------------------------------------------------------


def test_no_index_file_is_not_filled_and_finds_nothing_without_failing(path: Path) -> None:
    provider = _provider(path)
    assert provider.search(_query("volcano"), 5, 1.0) == []
    state = provider.index_state()
    assert (state.status, state.feeds_total, state.items, state.newest_item_age_s) == (
        "not_filled",
        4,
        0,
        None,
    )


def test_an_index_with_items_is_filled_with_their_count_and_the_newest_age(
    path: Path, writer: FeedIndex
) -> None:
    # Given three items, the newest published 2h53m20s ago and one dated in the future (a feed's
    # wrong clock must not make the index look fresh)
    writer.upsert_items(
        [
            _item(1, "Volcano erupts", "2024-05-06T10:00:00Z"),
            _item(2, "Budget passes", "2024-05-05T10:00:00Z"),
            _item(3, "From the future", "2024-05-09T10:00:00Z"),
        ]
    )
    state = _provider(path).index_state()
    assert (state.status, state.items, state.newest_item_age_s) == ("filled", 3, 10_400)


def test_an_index_whose_feeds_all_failed_is_failing(path: Path, writer: FeedIndex) -> None:
    writer.ensure()
    store = SqliteFeedStateStore(path)
    for n in range(4):
        store.put(FeedState(url=f"https://feeds.example/{n}", last_error="fetch_failed: DNS",
                            consecutive_failures=1))  # fmt: skip
    state = _provider(path).index_state()
    assert (state.status, state.feeds_failing, state.feeds_done, state.items) == (
        "failing",
        4,
        4,
        0,
    )
    store.close()


def test_feeds_removed_from_the_catalogue_do_not_make_the_index_failing(
    path: Path, writer: FeedIndex
) -> None:
    # Given three feeds removed from the catalogue, still failing in feed_state, and the two
    # feeds of the current catalogue, one read and one failing
    writer.ensure()
    store = SqliteFeedStateStore(path)
    for n in range(3):
        store.put(FeedState(url=f"https://gone.example/{n}", last_error="fetch_failed: 404",
                            consecutive_failures=5))  # fmt: skip
    store.put(FeedState(url="https://feeds.example/a", last_success_at="2024-05-06T09:00:00Z"))
    store.put(FeedState(url="https://feeds.example/b", last_error="fetch_failed: DNS",
                        consecutive_failures=1))  # fmt: skip
    store.close()
    catalogue = ["https://feeds.example/a", "https://feeds.example/b"]
    # When the provider is told the catalogue's feeds
    state = IndexProvider(
        FeedIndex(path, clock=lambda: NOW), feeds_total=2, feed_urls=catalogue, clock=lambda: NOW
    ).index_state()
    # Then only those count: 2 of 2 done, 1 failing, and not "failing" (most were read)
    assert (state.status, state.feeds_total, state.feeds_done, state.feeds_failing) == (
        "filled",
        2,
        2,
        1,
    )
    # (without the list the removed feeds count: 5 seen, 4 failing, so "failing")
    unfiltered = IndexProvider(
        FeedIndex(path, clock=lambda: NOW), feeds_total=2, clock=lambda: NOW
    ).index_state()
    assert (unfiltered.status, unfiltered.feeds_failing) == ("failing", 4)


def test_an_unreadable_index_is_failing(path: Path) -> None:
    path.write_bytes(b"not a database" * 200)
    assert _provider(path).index_state().status == "failing"


def test_the_counts_are_reused_for_a_moment_between_briefs(path: Path, writer: FeedIndex) -> None:
    writer.upsert_items([_item(1, "Volcano erupts")])
    provider = IndexProvider(FeedIndex(path), state_ttl_s=60)
    assert provider.index_state().items == 1
    writer.upsert_items([_item(2, "Budget passes")])
    assert provider.index_state().items == 1  # within the TTL: no second count
    fresh = IndexProvider(FeedIndex(path), state_ttl_s=0)
    assert fresh.index_state().items == 2


def test_a_write_in_progress_does_not_delay_search_or_state(path: Path, writer: FeedIndex) -> None:
    # Given an index with an item, and a writer (the background poll) holding a write
    # transaction open on it, as while a large feed is being stored
    writer.upsert_items([_item(1, "Volcano erupts near Reykjavik")])
    held = sqlite3.connect(path, isolation_level=None, timeout=0)
    held.execute("BEGIN IMMEDIATE")
    held.execute(
        "INSERT INTO items (url, outlet_id, title, fetched_at, seen_at) "
        "VALUES ('https://x.example/2', 'x', 'Volcano again', '2024', '2024')"
    )
    provider = _provider(path)
    try:
        # When a Brief's related step searches the index and asks its state
        started = time.perf_counter()
        found = provider.search(_query("Volcano", "Reykjavik"), 5, 1.0)
        state = provider.index_state()
        elapsed = time.perf_counter() - started
    finally:
        held.execute("ROLLBACK")
        held.close()
    # Then both answer from the last committed state at once (WAL: readers never wait for the
    # writer; the readers' busy timeout is 1 s, so waiting would show as >= 1 s)
    assert [c.title for c in found] == ["Volcano erupts near Reykjavik"]
    assert (state.status, state.items) == ("filled", 1)
    assert elapsed < 0.5


def test_the_index_provider_is_an_index_state_source(path: Path) -> None:
    assert isinstance(_provider(path), IndexStateSource)


# --- regression: an offline `parallax ingest --once` made "no coverage" a fact -------------------


@dataclass
class OfflineFetcher:
    """Every feed fails as it does with no network."""

    asked: list[str] = field(default_factory=list)

    def fetch_bytes(
        self, url: str, media: MediaRule = ..., extra_headers: Mapping[str, str] | None = None
    ) -> FetchedResponse:
        self.asked.append(url)
        raise FetchFailed("could not resolve the host")


def test_after_an_offline_ingest_the_brief_says_the_index_is_failing_not_that_nothing_exists(
    path: Path,
) -> None:
    # Given `parallax ingest --once` run with no network: every feed failed
    catalogue = Catalogue(
        outlets=(
            OutletEntry(
                id="news-example", name="News Example", domains=("news.example",), country="GB",
                languages=("en",), type="private",
                feeds=tuple(FeedSpec(url=f"https://news.example/feed{n}.xml") for n in range(4)),
            ),
        )
    )  # fmt: skip
    fetcher = OfflineFetcher()
    runner = IngestRunner(
        catalogue=catalogue,
        index=FeedIndex(path, clock=lambda: NOW),
        state=SqliteFeedStateStore(path),
        fetcher=fetcher,
        retention_days=14,
        clock=lambda: NOW,
    )
    report = runner.run_once()
    assert report.feeds_failed == 4 and len(fetcher.asked) == 4
    # When a Brief's related step asks the index
    service = RelatedService([_provider(path)], 1.0)
    related = service.find(make_article(), "en", False, 5)
    # Then it says the index is failing and the list is partial: it could not look
    assert related.index is not None
    assert (related.index.status, related.index.feeds_failing) == ("failing", 4)
    assert related.partial is True and related.items == []
    # And the index is not named as a source that failed this request: it answered, empty
    assert related.failed_sources == []


# --- the related step and the Brief --------------------------------------------------------------


@dataclass
class StatedProvider:
    """A provider that is an index in a given state."""

    state: IndexState
    name: str = "index"

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        return []

    def index_state(self) -> IndexState:
        return self.state


@pytest.mark.parametrize(
    ("state", "partial"),
    [
        (IndexState(status="not_filled", feeds_total=300), True),
        (IndexState(status="filling", feeds_total=300, feeds_done=12, items=40), True),
        (IndexState(status="failing", feeds_total=300, feeds_done=300, feeds_failing=300), True),
        (IndexState(status="filled", feeds_total=300, items=9000, newest_item_age_s=60), False),
    ],
    ids=["not_filled", "filling", "failing", "filled-with-nothing-found"],
)
def test_every_status_is_reported_and_only_a_filled_index_makes_a_complete_list(
    state: IndexState, partial: bool
) -> None:
    # Given the index in this state, and nothing found in it
    service = RelatedService([StatedProvider(state)], 1.0)
    # When the related step runs
    related = service.find(make_article(), "en", False, 5)
    # Then the Brief carries the state, and says partial unless the index was filled
    assert related.index == state
    assert related.partial is partial
    assert related.failed_sources == []


def test_without_the_index_among_the_providers_there_is_no_index_state() -> None:
    @dataclass
    class Search:
        name: str = "google_news"

        def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
            return []

    related = RelatedService([Search()], 1.0).find(make_article(), "en", False, 5)
    assert related.index is None and related.partial is False


def test_a_crashing_index_state_is_failing_not_an_error() -> None:
    class Broken(StatedProvider):
        def index_state(self) -> IndexState:
            raise RuntimeError("boom")

    related = RelatedService([Broken(IndexState(status="filled"))], 1.0).find(
        make_article(), "en", False, 5
    )
    assert related.index == IndexState(status="failing") and related.partial is True


@dataclass
class FixedRelated:
    related: Related

    def find(self, *args: object) -> Related:
        return self.related


@pytest.mark.parametrize(
    ("related", "ttl_s"),
    [
        (Related(index=IndexState(status="not_filled")), UNFILLED_INDEX_TTL_S),
        (Related(partial=True, index=IndexState(status="filling")), UNFILLED_INDEX_TTL_S),
        (Related(partial=True, index=IndexState(status="failing")), UNFILLED_INDEX_TTL_S),
        (Related(partial=True, failed_sources=["gdelt"]), PARTIAL_TTL_S),
        (Related(index=IndexState(status="filled", items=5)), 21_600),
    ],
    ids=["not_filled", "filling", "failing", "partial", "filled"],
)
def test_a_brief_made_before_the_index_was_filled_is_cached_briefly(
    related: Related, ttl_s: int
) -> None:
    # Given the related step reports the index in this state
    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=21_600,
        related=FixedRelated(related),
    )
    # When a Brief is made
    brief = service.brief(BriefRequest(url="https://news.example/a", language="en"))
    # Then it is cached only as long as its index state deserves
    assert brief.cache.ttl_s == ttl_s


def test_progress_is_safe_to_share_between_threads() -> None:
    progress = IngestProgress()
    progress.start(unfilled=True)
    progress.planned(400)

    def work() -> None:
        for _ in range(100):
            progress.feed_done(failed=False)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert progress.snapshot().feeds_done == 400


@pytest.mark.parametrize("kind", ["schema-not-yet-written", "zero-byte-file"])
def test_an_index_file_being_created_is_not_filled_not_failed(path: Path, kind: str) -> None:
    # Given the index file as ingest leaves it for a moment while creating it: a database
    # without the schema yet (or an empty file)
    if kind == "zero-byte-file":
        path.write_bytes(b"")
    else:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
    provider = _provider(path)
    # When a Brief's related step searches it and asks its state
    service = RelatedService([provider], 1.0)
    related = service.find(make_article(), "en", False, 5)
    # Then the index is "not filled" and not named as a failed source
    assert related.index is not None and related.index.status == "not_filled"
    assert related.failed_sources == [] and related.partial is True
