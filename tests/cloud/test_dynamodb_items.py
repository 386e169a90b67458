"""The feed items table against moto's server: idempotent upserts that write only what changed,
TTL from the publication date, outlet identity kept, and the publisher's parallel scan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from parallax.adapters.aws import dynamodb_items
from parallax.adapters.aws.dynamodb_items import DynamoItemStore
from parallax.adapters.feed_index import IndexItem
from parallax.domain.timestamps import iso_utc
from tests.cloud.template import properties
from tests.cloud.throttle_proxy import ThrottleProxy

NOW = 1_715_000_000.0  # 2024-05-06T12:53:20Z
DAY = 86_400


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def _item(n: int, **changes: Any) -> IndexItem:
    values: dict[str, Any] = {
        "url": f"https://news.example/story-{n}",
        "outlet_id": "news-example",
        "title": f"Story number {n} about the budget",
        "summary": "Lawmakers voted.",
        "guid": f"guid-{n}",
        "language": "en",
        "published": "2024-05-06T09:00:00Z",
        "outlet_name": "News Example",
        "outlet_domain": "news.example",
    }
    values.update(changes)
    return IndexItem(**values)


def test_the_table_in_the_template_has_ttl_and_point_in_time_recovery(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    props = properties("FeedItemsTable")
    assert props["KeySchema"] == [
        {"AttributeName": dynamodb_items.KEY_ATTRIBUTE, "KeyType": "HASH"}
    ]
    assert props["TimeToLiveSpecification"]["AttributeName"] == dynamodb_items.TTL_ATTRIBUTE
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    # And moto's table made from it says so too
    table = make_table("FeedItemsTable")
    backups = dynamodb.describe_continuous_backups(TableName=table)
    pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    ttl = dynamodb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    assert ttl == {"AttributeName": "expires_at", "TimeToLiveStatus": "ENABLED"}


def test_upserts_insert_update_and_skip_unchanged_items(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("FeedItemsTable"), Clock()
    store = DynamoItemStore(proxied_dynamodb, table, retention_days=14, clock=clock)
    # When a feed's items are written, then the same feed is polled again
    assert store.upsert_items([_item(1), _item(2), _item(1)]) == (2, 0)
    writes = throttle_proxy.requests["UpdateItem"]
    assert store.upsert_items([_item(1), _item(2)]) == (0, 0)
    # Then the unchanged items cost a batch read and no write
    assert throttle_proxy.requests["UpdateItem"] == writes
    # And a changed title is one update
    changed = _item(2, title="Story two, corrected")
    assert store.upsert_items([changed]) == (0, 1)
    stored = proxied_dynamodb.get_item(TableName=table, Key={"url": {"S": changed.url}})["Item"]
    assert stored["title"]["S"] == "Story two, corrected"
    # And another outlet's feed listing the URL under its own title changes nothing and costs no
    # write: the first outlet keeps the item and its headline (before: the last-polled title won)
    writes = throttle_proxy.requests["UpdateItem"]
    other = _item(2, title="LIVE: story two", outlet_id="other", outlet_name="Other")
    assert store.upsert_items([other]) == (0, 0)
    assert throttle_proxy.requests["UpdateItem"] == writes
    stored = proxied_dynamodb.get_item(TableName=table, Key={"url": {"S": changed.url}})["Item"]
    assert stored["title"]["S"] == "Story two, corrected"
    assert stored["outlet_id"]["S"] == "news-example"
    assert stored["outlet_name"]["S"] == "News Example"


def test_the_ttl_follows_the_publication_date_or_the_last_sighting(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("FeedItemsTable"), Clock()
    store = DynamoItemStore(dynamodb, table, retention_days=14, clock=clock)
    store.upsert_items([_item(1), _item(2, published=None)])

    def expires(n: int) -> int:
        key = {"url": {"S": f"https://news.example/story-{n}"}}
        return int(dynamodb.get_item(TableName=table, Key=key)["Item"]["expires_at"]["N"])

    # 2024-05-06T09:00:00Z + 14 days, and now + 14 days for the undated one
    assert expires(1) == 1_714_986_000 + 14 * DAY
    assert expires(2) == int(NOW) + 14 * DAY
    # An undated item still listed a day later is refreshed once (its TTL moves on)
    clock.now += DAY + 60
    assert store.upsert_items([_item(1), _item(2, published=None)]) == (0, 1)
    assert expires(2) == int(clock.now) + 14 * DAY
    assert store.upsert_items([_item(1), _item(2, published=None)]) == (0, 0)


def test_nulls_and_long_urls(dynamodb: Any, make_table: Callable[[str], str]) -> None:
    table = make_table("FeedItemsTable")
    store = DynamoItemStore(dynamodb, table, retention_days=14, clock=Clock())
    bare = _item(3, guid=None, language=None, published=None, outlet_name=None, summary="")
    too_long = _item(4, url="https://news.example/" + "x" * 2100)
    assert store.upsert_items([bare, too_long]) == (1, 0)
    # The publisher reads each item as written, with when it was last listed: its snapshot
    # dates an undated item by that (before: by when the snapshot was built)
    assert list(store.iter_recent(segments=1)) == [[replace(bare, seen_at=iso_utc(NOW))]]


def test_iter_recent_scans_in_parallel_and_leaves_out_expired_items(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("FeedItemsTable"), Clock()
    store = DynamoItemStore(dynamodb, table, retention_days=14, clock=clock)
    fresh = [_item(n, summary="x" * 3000) for n in range(120)]
    old = [_item(1000 + n, published="2024-04-01T00:00:00Z") for n in range(5)]
    store.upsert_items(fresh + old)
    # When the publisher scans with 4 segments, the table big enough for several pages
    pages = list(store.iter_recent(segments=4))
    seen = [item for page in pages for item in page]
    # Then every unexpired item comes back once (expired ones are not yet swept by the TTL)
    assert sorted(item.url for item in seen) == sorted(item.url for item in fresh)
    assert {item.outlet_name for item in seen} == {"News Example"}


def test_a_failing_scan_fails_the_whole_read(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    import pytest
    from botocore.exceptions import ClientError

    table = make_table("FeedItemsTable")
    store = DynamoItemStore(proxied_dynamodb, table, retention_days=14, clock=Clock())
    store.upsert_items([_item(1)])
    with throttle_proxy.throttling("Scan"), pytest.raises(ClientError):
        list(store.iter_recent(segments=3))


def test_the_outlet_owning_a_urls_domain_takes_it_from_an_aggregator(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    table = make_table("FeedItemsTable")
    store = DynamoItemStore(dynamodb, table, retention_days=14, clock=Clock())
    # Given an aggregator's feed listing the outlet's article first, under its own headline
    aggregator = _item(
        1, title="LIVE: story one", outlet_id="aggregator", outlet_name="Aggregator",
        outlet_domain="aggregator.example", guid=None,
    )  # fmt: skip
    owner = _item(1, owns_url=True)
    assert store.upsert_items([aggregator]) == (1, 0)
    # When the outlet whose catalogue domain the URL is on lists it
    assert store.upsert_items([owner]) == (0, 1)
    # Then the item is the owner's, name and headline (before: the aggregator kept it)
    stored = dynamodb.get_item(TableName=table, Key={"url": {"S": owner.url}})["Item"]
    assert (stored["outlet_id"]["S"], stored["outlet_name"]["S"], stored["title"]["S"]) == (
        "news-example", "News Example", owner.title,
    )  # fmt: skip
    # And neither feed flips it back, in either order
    assert store.upsert_items([aggregator]) == (0, 0)
    assert store.upsert_items([owner]) == (0, 0)
    stored = dynamodb.get_item(TableName=table, Key={"url": {"S": owner.url}})["Item"]
    assert (stored["outlet_id"]["S"], stored["title"]["S"]) == ("news-example", owner.title)


def test_two_feeds_of_one_outlet_listing_a_url_under_two_titles_keep_one(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    table = make_table("FeedItemsTable")
    store = DynamoItemStore(proxied_dynamodb, table, retention_days=14, clock=Clock())
    # Given one outlet's two feeds listing one URL under two titles
    front = _item(1, feed_url="https://news.example/front.xml")
    world = _item(1, title="World: story one", feed_url="https://news.example/world.xml")
    assert store.upsert_items([front]) == (1, 0)
    writes = throttle_proxy.requests["UpdateItem"]
    # When both are polled, run after run
    results = [store.upsert_items([world]), store.upsert_items([front])]
    # Then the first feed's title stays and no write is spent (before: a flip on every poll)
    assert results == [(0, 0), (0, 0)]
    assert throttle_proxy.requests["UpdateItem"] == writes
    stored = proxied_dynamodb.get_item(TableName=table, Key={"url": {"S": front.url}})["Item"]
    assert stored["title"]["S"] == front.title
    # And the feed that wrote it still corrects it
    corrected = _item(1, title="Story one, corrected", feed_url="https://news.example/front.xml")
    assert store.upsert_items([corrected, world]) == (0, 1)
    stored = proxied_dynamodb.get_item(TableName=table, Key={"url": {"S": front.url}})["Item"]
    assert stored["title"]["S"] == "Story one, corrected"


def test_another_feed_of_the_outlet_keeps_an_undated_item_alive_as_locally(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("FeedItemsTable"), Clock()
    store = DynamoItemStore(proxied_dynamodb, table, retention_days=14, clock=clock)
    # Given an undated item its front-page feed wrote, and a dated one
    front = _item(1, published=None, feed_url="https://news.example/front.xml")
    world = _item(
        1, title="World: story one", published=None, feed_url="https://news.example/world.xml"
    )
    dated = _item(2, feed_url="https://news.example/front.xml")
    dated_elsewhere = _item(2, title="World: two", feed_url="https://news.example/world.xml")
    assert store.upsert_items([front, dated]) == (2, 0)

    def stored(item: IndexItem) -> dict[str, Any]:
        key = {"url": {"S": item.url}}
        found: dict[str, Any] = proxied_dynamodb.get_item(TableName=table, Key=key)["Item"]
        return found

    dated_before = stored(dated)
    # When, a day later, only the outlet's other feed lists them
    clock.now += DAY + 60
    assert store.upsert_items([world, dated_elsewhere]) == (0, 0)
    # Then the undated item was seen: its TTL moves on, as the local index refreshes seen_at
    # (before: it expired 14 days after its first feed stopped listing it, though still listed)
    item = stored(front)
    assert int(item["expires_at"]["N"]) == int(clock.now) + 14 * DAY
    assert item["title"]["S"] == front.title  # the text stays the first feed's
    # And the dated one is left alone: its TTL follows its date
    assert stored(dated) == dated_before
    # And within the day the other feed costs no further write, as the item's own feed does
    writes = throttle_proxy.requests["UpdateItem"]
    clock.now += 3600
    assert store.upsert_items([world]) == (0, 0)
    assert throttle_proxy.requests["UpdateItem"] == writes
