"""The index snapshot round trip against moto's S3: the publisher builds it from the items table,
the API's provider loads it into a local directory, checks the ETag at most every N seconds,
swaps in a new one, tells the related step the index's state (not filled, filled, failing), and
degrades to "index unavailable" (a partial Brief), never an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.aws.dynamodb_items import DynamoItemStore
from parallax.adapters.aws.s3_snapshot_store import S3SnapshotStore
from parallax.adapters.aws.snapshot_index_provider import SnapshotIndexProvider
from parallax.adapters.feed_index import FeedIndex, IndexItem, IndexUnavailable
from parallax.domain.ports import StoryQuery
from parallax.ingest.index_publisher import IndexPublisher

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z
KEY = "index/feed-index.sqlite3"


class Tick:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _query(*terms: str) -> StoryQuery:
    return StoryQuery(
        title=" ".join(terms),
        lead="",
        language="en",
        terms=terms,
        published="2024-05-06T10:00:00Z",
        source_url="https://source.example/a",
        languages=("en",),
    )


def _item(n: int, title: str) -> IndexItem:
    return IndexItem(
        url=f"https://news.example/{n}",
        outlet_id="news-example",
        title=title,
        summary="",
        guid=f"g{n}",
        language="en",
        published="2024-05-06T09:00:00Z",
        outlet_name="News Example",
        outlet_domain="news.example",
    )


@pytest.fixture
def world(
    dynamodb: Any, s3: Any, make_table: Callable[[str], str], make_bucket: Callable[[], str],
    tmp_path: Path,
) -> tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher]:  # fmt: skip
    items = DynamoItemStore(
        dynamodb, make_table("FeedItemsTable"), retention_days=14, clock=lambda: NOW
    )
    store = S3SnapshotStore(s3, make_bucket(), KEY)
    publisher = IndexPublisher(
        items, store, tmp_path / "publish", new_index=FeedIndex, segments=2, clock=lambda: NOW
    )
    return items, store, publisher


def test_publish_then_search_through_the_snapshot(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher], tmp_path: Path
) -> None:
    items, store, publisher = world
    # Given items the workers wrote, one of them twice under another URL (same GUID)
    items.upsert_items([_item(1, "Volcano erupts near Reykjavik"), _item(2, "Budget passes")])
    dup = IndexItem(
        url="https://news.example/1?moved",
        outlet_id="news-example",
        title="Volcano erupts near Reykjavik",
        guid="g1",
        language="en",
        published="2024-05-06T09:00:00Z",
    )
    items.upsert_items([dup])
    # When the publisher runs
    report = publisher.publish()
    # Then the snapshot is in S3 with its metadata, the GUID duplicate collapsed into one row
    assert report.items_scanned == 3 and report.items_indexed == 2
    info = store.head()
    assert info is not None and info.etag == report.etag and info.size == report.bytes
    assert info.metadata["items"] == "2" and info.metadata["built-at"] == "2024-05-06T12:53:20Z"
    assert not list((tmp_path / "publish").glob("*.sqlite3*"))  # /tmp is left clean
    # And the API's provider finds the story in it
    provider = SnapshotIndexProvider(
        store, tmp_path / "api", refresh_s=300, clock=Tick(), wall_clock=lambda: NOW
    )
    found = provider.search(_query("Volcano", "Reykjavik"), 10, 2.0)
    assert [c.title for c in found] == ["Volcano erupts near Reykjavik"]
    assert provider.etag == report.etag
    # And says the index is filled: two items, the newest published 3 h 53 min 20 s before now
    state = provider.index_state()
    assert (state.status, state.items, state.newest_item_age_s) == ("filled", 2, 14_000)


def test_no_snapshot_yet_is_an_index_not_filled_until_one_is_published(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher], tmp_path: Path
) -> None:
    items, store, publisher = world
    tick = Tick()
    provider = SnapshotIndexProvider(store, tmp_path / "api", refresh_s=300, clock=tick)
    # Given no snapshot published yet, the provider has not been asked: not filled
    assert provider.index_state().status == "not_filled"
    # When it is searched, it finds nothing without failing, and says the index is not filled
    assert provider.search(_query("Volcano"), 10, 2.0) == []
    assert provider.index_state().status == "not_filled"
    # Within the refresh period S3 is not asked again
    assert provider.search(_query("Volcano"), 10, 2.0) == []
    assert provider.checks == 1
    items.upsert_items([_item(1, "Volcano erupts near Reykjavik")])
    publisher.publish()
    tick.now += 301
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1
    assert provider.checks == 2
    assert (provider.index_state().status, provider.index_state().items) == ("filled", 1)


def test_a_snapshot_with_no_items_is_an_index_not_filled(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher], tmp_path: Path
) -> None:
    # Given the publisher ran before any feed worker wrote an item
    _, store, publisher = world
    assert publisher.publish().items_indexed == 0
    provider = SnapshotIndexProvider(store, tmp_path / "api", refresh_s=300, clock=Tick())
    # When the provider loads it and is searched
    assert provider.search(_query("Volcano"), 10, 2.0) == []
    # Then the index is not filled yet (nothing to look in), not "filled, nothing found"
    state = provider.index_state()
    assert (state.status, state.items, state.newest_item_age_s) == ("not_filled", 0, None)


def test_a_new_etag_is_downloaded_and_swapped_in_an_unchanged_one_is_not(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher], tmp_path: Path
) -> None:
    items, store, publisher = world
    items.upsert_items([_item(1, "Volcano erupts near Reykjavik")])
    first = publisher.publish().etag
    tick = Tick()
    provider = SnapshotIndexProvider(store, tmp_path / "api", refresh_s=60, clock=tick)
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1
    # The same snapshot again: a HEAD, no download
    tick.now += 61
    provider.search(_query("Volcano"), 10, 2.0)
    assert provider.etag == first and provider.checks == 2
    assert len(list((tmp_path / "api").glob("*.sqlite3"))) == 1
    # A new snapshot: picked up after the refresh period, not before
    items.upsert_items([_item(2, "Second volcano erupts")])
    second = publisher.publish().etag
    assert second != first
    assert len(provider.search(_query("volcano"), 10, 2.0)) == 1
    tick.now += 61
    assert len(provider.search(_query("volcano"), 10, 2.0)) == 2
    assert provider.etag == second
    # Old copies are cleaned up: at most the current and the previous one stay
    items.upsert_items([_item(3, "Third volcano")])
    publisher.publish()
    tick.now += 61
    assert len(provider.search(_query("volcano"), 10, 2.0)) == 3
    assert len(list((tmp_path / "api").glob("*.sqlite3"))) == 2
    provider.close()


def test_an_unreachable_s3_keeps_the_copy_in_hand(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher], tmp_path: Path
) -> None:
    items, store, publisher = world
    items.upsert_items([_item(1, "Volcano erupts near Reykjavik")])
    publisher.publish()

    class Flaky:
        def __init__(self) -> None:
            self.down = False

        def head(self) -> Any:
            if self.down:
                from botocore.exceptions import EndpointConnectionError

                raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
            return store.head()

        def download(self, destination: Path, etag: str) -> None:
            store.download(destination, etag)

    flaky, tick = Flaky(), Tick()
    provider = SnapshotIndexProvider(flaky, tmp_path / "api", refresh_s=60, clock=tick)
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1
    flaky.down = True
    tick.now += 61
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1  # still the copy in /tmp
    assert provider.index_state().status == "filled"
    # And with no copy at all, the index is unavailable (a partial Brief) and failing
    cold = SnapshotIndexProvider(flaky, tmp_path / "cold", refresh_s=60, clock=tick)
    with pytest.raises(IndexUnavailable, match="cannot be reached"):
        cold.search(_query("Volcano"), 10, 2.0)
    assert cold.index_state().status == "failing"


def test_a_damaged_snapshot_is_refused_and_the_previous_copy_stays(
    world: tuple[DynamoItemStore, S3SnapshotStore, IndexPublisher],
    s3: Any,
    tmp_path: Path,
) -> None:
    items, store, publisher = world
    items.upsert_items([_item(1, "Volcano erupts near Reykjavik")])
    good = publisher.publish().etag
    tick = Tick()
    provider = SnapshotIndexProvider(store, tmp_path / "api", refresh_s=60, clock=tick)
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1
    bucket = store.location.split("/")[2]
    s3.put_object(Bucket=bucket, Key=KEY, Body=b"not a database at all" * 100)
    tick.now += 61
    assert len(provider.search(_query("Volcano"), 10, 2.0)) == 1
    assert provider.etag == good
    assert list((tmp_path / "api").glob("*.part")) == []
