"""The index's state in the AWS deployment, against moto: feed workers write the feed-state and
items tables, the index publisher (as wiring builds it) puts the snapshot and the feeds' tally in
S3, and the API's ``index`` provider (as wiring builds it) tells the related step "filling",
"filled" or "failing" with the catalogue's feed count, the feeds done and those failing.

Regression: the API's ``related.index`` said ``feeds_total: 0`` and ``feeds_done: 0`` in every
cloud Brief, and never "filling" or "failing" while a snapshot was loaded."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.aws.clients import aws_client
from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore
from parallax.adapters.aws.s3_snapshot_store import S3SnapshotStore
from parallax.adapters.aws.snapshot_index_provider import FILL_STALE_S, SnapshotIndexProvider
from parallax.config import Settings
from parallax.domain.ingest_ports import FeedState, IndexItem
from parallax.domain.timestamps import iso_utc
from parallax.wiring import _build_index_provider, _item_store, build_index_publisher

from .conftest import REGION

FEEDS = 4


def _catalogue(path: Path) -> Path:
    feeds = [f"https://news.example/feed{n}.xml" for n in range(FEEDS)]
    outlet = {
        "id": "news-example", "name": "News Example", "domains": ["news.example"],
        "country": "GB", "languages": ["en"], "type": "private", "feeds": feeds,
    }  # fmt: skip
    path.write_text(json.dumps({"version": 1, "outlets": [outlet]}), encoding="utf-8")
    return path


@pytest.fixture
def cloud(
    tmp_path: Path, make_table: Callable[[str], str], make_bucket: Callable[[], str]
) -> Settings:
    """The settings the ingest and API functions get from template.yaml."""
    return Settings(
        home=tmp_path / "home",
        aws_region=REGION,
        aws_read_timeout_s=5.0,
        catalogue_path=_catalogue(tmp_path / "catalogue.json"),
        feed_state_backend="dynamodb",
        feed_state_table=make_table("FeedStateTable"),
        feed_items_table=make_table("FeedItemsTable"),
        index_backend="s3",
        index_bucket=make_bucket(),
    )


def _states(settings: Settings) -> DynamoFeedStateStore:
    assert settings.feed_state_table is not None
    return DynamoFeedStateStore(aws_client("dynamodb", settings), settings.feed_state_table)


def _tried(settings: Settings, feeds: range, *, failed: bool = False, ago_s: float = 60) -> None:
    """What a feed worker records for each of ``feeds``: read, or failed (never read)."""
    when = iso_utc(time.time() - ago_s)
    for n in feeds:
        _states(settings).put(
            FeedState(
                url=f"https://news.example/feed{n}.xml",
                outlet_id="news-example",
                last_status=503 if failed else 200,
                last_error="fetch_failed: HTTP status 503" if failed else None,
                consecutive_failures=1 if failed else 0,
                last_attempt_at=when,
                last_success_at=None if failed else when,
            )
        )


def _items(settings: Settings, count: int) -> None:
    published = iso_utc(time.time() - 3600)
    _item_store(settings).upsert_items(
        IndexItem(
            url=f"https://news.example/{n}", outlet_id="news-example",
            title=f"Harbour barrier vote {n}", guid=f"g{n}", language="en",
            published=published, outlet_name="News Example", outlet_domain="news.example",
        )
        for n in range(count)
    )  # fmt: skip


def _api_state(settings: Settings) -> Any:
    """A cold API function's provider: the snapshot is loaded at its first search."""
    provider = _build_index_provider(settings)
    assert isinstance(provider, SnapshotIndexProvider)
    provider.search(_query(), 5, 5.0)
    return provider.index_state()


def _query() -> Any:
    from parallax.domain.ports import StoryQuery

    return StoryQuery(
        title="Harbour barrier vote", lead="", language="en", terms=("harbour", "barrier"),
        published=None, source_url="https://source.example/a", languages=("en",),
    )  # fmt: skip


def test_a_filled_cloud_index_carries_the_catalogue_s_feed_count_and_the_feeds_failing(
    cloud: Settings,
) -> None:
    # Given the workers read 3 feeds of 4 (5 items) and the fourth answered 503
    _tried(cloud, range(3))
    _tried(cloud, range(3, 4), failed=True)
    _items(cloud, 5)
    # When the publisher runs and the API's provider loads the snapshot
    report = build_index_publisher(cloud).publish()
    assert (report.feeds_seen, report.feeds_failing) == (4, 1)
    state = _api_state(cloud)
    # Then the state is filled, 4 of 4 feeds done (the catalogue's 4), 1 failing
    assert (state.status, state.items) == ("filled", 5)
    assert (state.feeds_total, state.feeds_done, state.feeds_failing) == (FEEDS, FEEDS, 1)


def test_the_first_fan_out_in_progress_is_filling_n_of_m(cloud: Settings) -> None:
    # Given the first fan-out: 2 feeds of 4 tried a minute ago, nothing in the snapshot yet
    _tried(cloud, range(2))
    build_index_publisher(cloud).publish()
    # When the API is asked
    state = _api_state(cloud)
    # Then the index is filling, 2 of 4 feeds done
    assert (state.status, state.feeds_done, state.feeds_total, state.items) == (
        "filling",
        2,
        FEEDS,
        0,
    )


def test_every_feed_failing_is_failing_in_the_cloud_too(cloud: Settings) -> None:
    # Given every feed was tried and failed (the workers have no network)
    _tried(cloud, range(FEEDS), failed=True)
    build_index_publisher(cloud).publish()
    # Then the API says failing, 4 of 4 tried, 4 failing: never "no coverage" as a fact
    state = _api_state(cloud)
    assert (state.status, state.feeds_done, state.feeds_failing) == ("failing", FEEDS, FEEDS)


def test_a_first_fan_out_that_stopped_moving_is_not_filling_forever(cloud: Settings) -> None:
    # Given 2 of 4 feeds tried, both failed, and nothing tried for over an hour
    _tried(cloud, range(2), failed=True, ago_s=FILL_STALE_S + 60)
    build_index_publisher(cloud).publish()
    # Then the API says failing (what was tried failed), not filling
    state = _api_state(cloud)
    assert (state.status, state.feeds_done, state.feeds_failing) == ("failing", 2, 2)


def test_the_tally_is_read_again_when_only_the_feeds_changed(cloud: Settings) -> None:
    # Given an API function that loaded a snapshot while every feed was fine
    _tried(cloud, range(FEEDS))
    _items(cloud, 2)
    publisher = build_index_publisher(cloud)
    publisher.publish()
    provider = _build_index_provider(cloud)
    assert isinstance(provider, SnapshotIndexProvider)
    provider.search(_query(), 5, 5.0)
    assert provider.index_state().feeds_failing == 0
    # When three feeds start failing, the items stay the same, and the publisher runs again
    _tried(cloud, range(3), failed=True)
    publisher.publish()
    provider._next_check = float("-inf")  # the refresh period has passed
    provider.search(_query(), 5, 5.0)
    # Then the API says 3 feeds failing, items unchanged
    state = provider.index_state()
    assert (state.status, state.items, state.feeds_failing) == ("filled", 2, 3)


def test_a_snapshot_published_without_a_tally_still_has_the_feed_count(
    cloud: Settings, s3: Any
) -> None:
    # Given a snapshot from a publisher of before this change (no feed-state table)
    _items(cloud, 1)
    old = cloud.model_copy(update={"feed_state_backend": "sqlite"})
    report = build_index_publisher(old).publish()
    assert report.feeds_seen is None
    assert cloud.index_bucket is not None
    head = S3SnapshotStore(s3, cloud.index_bucket, cloud.index_key).head()
    assert head is not None and "feeds-seen" not in head.metadata
    # Then the API says filled, with the catalogue's feed count
    state = _api_state(cloud)
    assert (state.status, state.items, state.feeds_total) == ("filled", 1, FEEDS)


def test_an_unreadable_feed_state_table_does_not_stop_the_publisher(cloud: Settings) -> None:
    # Given a feed-state table that does not exist (deleted, or a wrong name)
    broken = cloud.model_copy(update={"feed_state_table": "no-such-table"})
    _items(cloud, 1)
    # When the publisher runs, then the snapshot is published without the tally
    report = build_index_publisher(broken).publish()
    assert report.items_indexed == 1 and report.feeds_seen is None


def test_feeds_no_longer_in_the_catalogue_are_not_counted(cloud: Settings) -> None:
    # Given the 4 catalogue feeds were read, and 3 feeds since removed from the catalogue still
    # have their rows in the feed-state table, failing (nothing polls them any more)
    _tried(cloud, range(FEEDS))
    _tried(cloud, range(FEEDS, FEEDS + 3), failed=True)
    _items(cloud, 2)
    # When the publisher runs
    report = build_index_publisher(cloud).publish()
    # Then its tally counts only the catalogue's feeds: 4 tried, none failing
    assert (report.feeds_seen, report.feeds_failing) == (FEEDS, 0)
    # And the API says filled, 4 of 4 feeds done, none failing (it said 3 failing)
    state = _api_state(cloud)
    assert (state.status, state.feeds_done, state.feeds_failing) == ("filled", FEEDS, 0)
