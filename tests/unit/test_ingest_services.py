"""The ingest services over their ports alone (domain/ingest_ports.py): in-memory fakes stand in
for SQLite, DynamoDB, S3, SQS and the network, so each service runs here without any adapter."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from parallax.adapters.feed_index import FeedIndex
from parallax.domain.errors import ItemsRejected
from parallax.domain.ingest_ports import (
    FanOutReport,
    FeedJob,
    FeedState,
    FetchedResponse,
    IndexItem,
    MediaRule,
)
from parallax.domain.ports import StoryQuery
from parallax.domain.timestamps import iso_utc
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry
from parallax.ingest.feed_worker import FeedWorker
from parallax.ingest.index_publisher import IndexPublisher
from parallax.ingest.scheduler import FeedScheduler

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z
FEED = "https://news.example/feed.xml"
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Kestrel Bay votes for a tidal barrier</title><link>https://news.example/1</link>
<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item>
<item><title>A link into the reader's machine</title><link>http://127.0.0.1/admin</link>
<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item></channel></rss>"""

CATALOGUE = Catalogue(
    outlets=(
        OutletEntry(
            id="news-example", name="News Example", domains=("news.example",), country="GB",
            languages=("en",), type="private",
            feeds=(FeedSpec(url=FEED), FeedSpec(url="https://news.example/other.xml")),
        ),
    )
)  # fmt: skip


class MemorySink:
    def __init__(self) -> None:
        self.items: dict[str, IndexItem] = {}

    def ensure(self) -> None:
        pass

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        fresh = [item for item in items if item.url not in self.items]
        self.items.update((item.url, item) for item in fresh)
        return len(fresh), 0

    def purge_older_than(self, days: float) -> int:
        return 0


class MemoryState:
    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}

    def get_many(self, urls: Iterable[str]) -> dict[str, FeedState]:
        return {url: self.states[url] for url in urls if url in self.states}

    def put(self, state: FeedState) -> None:
        self.states[state.url] = state


class FeedFetcher:
    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, str]]] = []

    def fetch_bytes(
        self, url: str, media: MediaRule = ..., extra_headers: Mapping[str, str] | None = None
    ) -> FetchedResponse:
        self.asked.append((url, dict(extra_headers or {})))
        headers = {"content-type": "application/rss+xml", "etag": '"v1"'}
        return FetchedResponse(url=url, status=200, headers=headers, body=RSS)


def test_the_feed_worker_polls_one_feed_into_any_item_sink() -> None:
    # Given a worker whose items and state are kept in memory
    sink, state, fetcher = MemorySink(), MemoryState(), FeedFetcher()
    worker = FeedWorker(
        catalogue=CATALOGUE, items=sink, state=state, fetcher=fetcher,
        retention_days=14, max_feed_bytes=1_000_000, clock=lambda: NOW,
    )  # fmt: skip
    # When it is handed the job of one feed
    report = worker.process(FeedJob(outlet_id="news-example", feed_url=FEED))
    # Then that feed alone was fetched, its public item stored and its validators kept
    assert [url for url, _ in fetcher.asked] == [FEED]
    assert list(sink.items) == ["https://news.example/1"]
    assert report.feeds_ok == 1 and report.items_inserted == 1 and report.items_skipped == 1
    assert state.states[FEED].etag == '"v1"'


def test_the_items_name_their_feed_and_whether_their_outlet_owns_the_url() -> None:
    # Given a worker polling a feed whose item is on its outlet's catalogue domain
    sink = MemorySink()
    worker = FeedWorker(
        catalogue=CATALOGUE, items=sink, state=MemoryState(), fetcher=FeedFetcher(),
        retention_days=14, max_feed_bytes=1_000_000, clock=lambda: NOW,
    )  # fmt: skip
    worker.process(FeedJob(outlet_id="news-example", feed_url=FEED))
    # Then the sink is told which feed listed it (two feeds of one outlet, two titles: the one
    # that wrote it keeps it) and that the outlet owns it (an aggregator listing it first does
    # not keep it)
    (item,) = sink.items.values()
    assert (item.feed_url, item.owns_url) == (FEED, True)


class RefusingSink(MemorySink):
    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        raise ItemsRejected("index rejected items (UNIQUE constraint failed: items.url)")


def test_a_batch_the_item_sink_refuses_fails_that_feed_only() -> None:
    # Given a worker whose item sink refuses the batch with the domain error
    state = MemoryState()
    worker = FeedWorker(
        catalogue=CATALOGUE, items=RefusingSink(), state=state, fetcher=FeedFetcher(),
        retention_days=14, max_feed_bytes=1_000_000, clock=lambda: NOW,
    )  # fmt: skip
    # When it polls the feed
    report = worker.process(FeedJob(outlet_id="news-example", feed_url=FEED))
    # Then the feed is recorded as failed with the error's code, to be retried after a backoff
    assert report.feeds_failed == 1 and report.feeds_ok == 0
    assert report.failures[0].error.startswith("internal: index rejected items")
    assert state.states[FEED].consecutive_failures == 1
    assert state.states[FEED].next_attempt_at is not None


def test_a_job_for_a_feed_the_catalogue_does_not_have_is_dropped_without_a_fetch() -> None:
    # Given a worker / When a job names a feed of another catalogue version
    fetcher = FeedFetcher()
    worker = FeedWorker(
        catalogue=CATALOGUE, items=MemorySink(), state=MemoryState(), fetcher=fetcher,
        retention_days=14, max_feed_bytes=1_000_000,
    )  # fmt: skip
    report = worker.process(FeedJob(outlet_id="news-example", feed_url="https://gone.example/x"))
    # Then nothing is fetched and nothing fails (the job is not retried)
    assert fetcher.asked == [] and report.feeds_total == 0 and report.feeds_failed == 0


class MemoryQueue:
    def __init__(self) -> None:
        self.sent: list[FeedJob] = []

    def send(self, jobs: Sequence[FeedJob]) -> FanOutReport:
        self.sent.extend(jobs)
        return FanOutReport(feeds=len(jobs), sent=len(jobs))


def test_the_scheduler_queues_one_job_per_catalogue_feed() -> None:
    # Given a scheduler over an in-memory queue / When it runs
    queue = MemoryQueue()
    report = FeedScheduler(CATALOGUE, queue).schedule(scheduled_at="2024-05-06T12:45:00Z")
    # Then every feed of the catalogue is one job, stamped with the schedule's time
    assert report == FanOutReport(feeds=2, sent=2)
    assert [job.feed_url for job in queue.sent] == [FEED, "https://news.example/other.xml"]
    assert {job.scheduled_at for job in queue.sent} == {"2024-05-06T12:45:00Z"}


class MemorySource:
    def iter_recent(self, segments: int = 4) -> Iterator[list[IndexItem]]:
        yield [IndexItem(url="https://news.example/1", outlet_id="news-example", title="One")]
        yield [IndexItem(url="https://news.example/2", outlet_id="news-example", title="Two")]


class MemoryTarget:
    location = "memory://snapshot"

    def __init__(self) -> None:
        self.uploads: list[tuple[bytes, dict[str, str]]] = []

    def upload(self, source: Path, metadata: Mapping[str, str]) -> str:
        self.uploads.append((source.read_bytes(), dict(metadata)))
        return '"etag-1"'


class SightedSource:
    """The items table's undated item last listed nine days ago, and one of today."""

    def iter_recent(self, segments: int = 4) -> Iterator[list[IndexItem]]:
        yield [
            IndexItem(url="https://news.example/old", outlet_id="news-example",
                      title="Harbour barrier plans unveiled", seen_at=iso_utc(NOW - 9 * 86400)),
            IndexItem(url="https://news.example/new", outlet_id="news-example",
                      title="Harbour barrier vote passes", published=iso_utc(NOW - 3600)),
        ]  # fmt: skip


def test_the_snapshot_dates_an_undated_item_by_its_last_sighting_not_by_its_build(
    tmp_path: Path,
) -> None:
    # Given the items table's undated item last listed nine days ago
    target = MemoryTarget()
    publisher = IndexPublisher(
        SightedSource(), target, tmp_path / "work", new_index=FeedIndex, clock=lambda: NOW
    )
    # When the publisher builds the snapshot and a Brief of today searches it
    publisher.publish()
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(target.uploads[0][0])
    index = FeedIndex(copy)
    today = StoryQuery(title="Harbour barrier", lead="", language="en", terms=(),
                       published=iso_utc(NOW), languages=(),
                       source_url="https://source.example/a")  # fmt: skip
    found = {c.url: c.background for c in index.search(today, 10, background_limit=5)}
    index.close()
    # Then it is beyond the 4-day window, as the local index has it: on the topic at most
    # (before: "seen" when the snapshot was built, inside every window of the day, where it
    # could be taken for today's same story)
    assert found == {"https://news.example/new": False, "https://news.example/old": True}


class SkewedSource:
    """Undated items whose recorded sighting is in the future or unreadable."""

    def iter_recent(self, segments: int = 4) -> Iterator[list[IndexItem]]:
        yield [
            IndexItem(url="https://news.example/ahead", outlet_id="news-example",
                      title="Harbour barrier opens", seen_at=iso_utc(NOW + 30 * 86400)),
            IndexItem(url="https://news.example/garbled", outlet_id="news-example",
                      title="Harbour barrier closes", seen_at="last Tuesday"),
        ]  # fmt: skip


def test_a_sighting_in_the_future_or_unreadable_dates_an_undated_item_now(tmp_path: Path) -> None:
    # Given the items table's undated items, one "last listed" a month from now, one at a date
    # no one can read
    now = [NOW]
    index = FeedIndex(tmp_path / "index.sqlite3", clock=lambda: now[0])
    for batch in SkewedSource().iter_recent():
        index.upsert_items(batch)
    # When a Brief of today searches the index
    today = StoryQuery(title="Harbour barrier", lead="", language="en", terms=(),
                       published=iso_utc(NOW), languages=(),
                       source_url="https://source.example/a")  # fmt: skip
    found = {c.url: c.background for c in index.search(today, 10, background_limit=5)}
    # Then both were seen now, as an item with no recorded sighting is: inside today's window
    # (before: the future one was beyond every window of today, and outlived every retention
    # cutoff; the garbled one was stored as written, after every date as text)
    assert found == {"https://news.example/ahead": False, "https://news.example/garbled": False}
    now[0] = NOW + 15 * 86400
    assert index.purge_older_than(14) == 2
    index.close()


def test_the_publisher_builds_a_snapshot_from_any_item_source_and_hands_it_to_any_target(
    tmp_path: Path,
) -> None:
    # Given items in memory and a target that keeps what it is given
    target = MemoryTarget()
    publisher = IndexPublisher(
        MemorySource(), target, tmp_path / "work", new_index=FeedIndex, clock=lambda: NOW
    )
    # When it publishes
    report = publisher.publish()
    # Then one self-contained FTS5 file with both items went to the target, with its metadata
    assert report.items_scanned == 2 and report.items_indexed == 2
    assert report.location == "memory://snapshot" and report.etag == '"etag-1"'
    body, metadata = target.uploads[0]
    assert body.startswith(b"SQLite format 3") and len(body) == report.bytes
    assert metadata == {"items": "2", "built-at": "2024-05-06T12:53:20Z", "schema-version": "3"}
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(body)
    index = FeedIndex(copy)
    assert index.count() == 2
    index.close()
    # and its work files are gone (a warm Lambda keeps /tmp)
    assert list((tmp_path / "work").iterdir()) == []
