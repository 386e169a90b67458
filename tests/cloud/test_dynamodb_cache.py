"""The DynamoDB Brief cache against moto's server over HTTP: round trip, TTL, conditional writes,
and what throttling and outages turn into (a miss, a skipped write, a counted event — never an
exception)."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from typing import Any

from parallax.adapters.aws import dynamodb_cache
from parallax.adapters.aws.clients import aws_client
from parallax.adapters.aws.dynamodb_cache import DynamoBriefCache
from parallax.config import Settings
from parallax.domain.models import Article, Brief, BriefRequest, CacheInfo, Related, Sentence
from parallax.domain.pipeline import BriefService
from tests.cloud.conftest import REGION
from tests.cloud.template import properties
from tests.cloud.throttle_proxy import ThrottleProxy
from tests.fakes import FakeFetcher, FakeSummariser, make_article


def _brief(title: str = "Parliament passes the budget") -> Brief:
    article = make_article().model_copy(update={"title": title})
    return Brief(
        article=article,
        summary=None,
        related=Related(),
        cache=CacheInfo(hit=False, key="k", ttl_s=60),
        timings_ms={"total": 1.0},
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_adapter_uses_the_key_and_ttl_attributes_of_the_template() -> None:
    props = properties("BriefCacheTable")
    assert props["KeySchema"] == [
        {"AttributeName": dynamodb_cache.KEY_ATTRIBUTE, "KeyType": "HASH"}
    ]
    assert props["TimeToLiveSpecification"] == {
        "AttributeName": dynamodb_cache.TTL_ATTRIBUTE,
        "Enabled": True,
    }
    assert props["BillingMode"] == "PAY_PER_REQUEST"


def test_put_then_get_round_trips_until_the_ttl_expires(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    # Given a cache on a table made from the template, with a controllable clock
    table, clock = make_table("BriefCacheTable"), Clock()
    cache = DynamoBriefCache(dynamodb, table, clock=clock)
    # When a Brief is stored for 60 s
    stored_at = cache.put("k", _brief(), 60)
    # Then it comes back with its stored-at time, compressed at rest, with the TTL attribute set
    hit = cache.get("k")
    assert hit is not None and hit[0] == _brief() and hit[1] == stored_at == "2027-01-15T08:00:00Z"
    item = dynamodb.get_item(TableName=table, Key={"key": {"S": "k"}})["Item"]
    assert int(item["expires_at"]["N"]) == int(clock.now) + 60
    assert Brief.model_validate_json(zlib.decompress(item["body"]["B"])) == _brief()
    # And an entry past its TTL that DynamoDB has not swept yet is a miss
    clock.now += 61
    assert cache.get("k") is None
    assert cache.get("other") is None


def test_a_later_brief_replaces_an_entry_but_an_older_computation_does_not(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("BriefCacheTable"), Clock()
    events: list[str] = []
    cache = DynamoBriefCache(dynamodb, table, clock=clock, on_event=events.append)
    cache.put("k", _brief("first"), 600)
    clock.now += 10
    cache.put("k", _brief("second"), 600)
    # When an instance that started earlier finishes now (its clock reads earlier)
    clock.now -= 5
    cache.put("k", _brief("stale"), 600)
    # Then the conditional write kept the newest Brief
    clock.now += 5
    hit = cache.get("k")
    assert hit is not None and hit[0].article.title == "second"
    assert events == ["CacheWriteSuperseded"]


def test_damaged_or_foreign_items_are_misses(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    table, clock = make_table("BriefCacheTable"), Clock()
    cache = DynamoBriefCache(dynamodb, table, clock=clock)
    future = str(int(clock.now) + 600)
    for key, body in [("not-zlib", b"{}"), ("old-shape", zlib.compress(b'{"x": 1}'))]:
        dynamodb.put_item(
            TableName=table,
            Item={
                "key": {"S": key},
                "body": {"B": body},
                "stored_at": {"N": "1"},
                "expires_at": {"N": future},
            },
        )
    dynamodb.put_item(TableName=table, Item={"key": {"S": "bare"}})
    assert cache.get("not-zlib") is None
    assert cache.get("old-shape") is None
    assert cache.get("bare") is None


def test_a_brief_over_the_item_limit_is_served_uncached_and_counted(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    # Given a Brief at brief_bounds' limits whose text does not compress (a hostile page of
    # random letters in four scripts: 200,000 characters, and again as sentences)
    rng = random.Random(15)
    # Latin, Greek, Cyrillic and CJK letters, by code point
    spans = ((0x61, 0x7B), (0x3B1, 0x3CA), (0x430, 0x450), (0x4E00, 0x4E40))
    letters = "".join(chr(code) for first, end in spans for code in range(first, end))
    sentences = ["".join(rng.choice(letters) for _ in range(99)) + "." for _ in range(2_000)]
    article = make_article().model_copy(
        update={
            "text": " ".join(sentences),
            "sentences": [Sentence(id=n, text=t) for n, t in enumerate(sentences)],
        }
    )
    big = _brief().model_copy(update={"article": article})
    table, events = make_table("BriefCacheTable"), []
    cache = DynamoBriefCache(dynamodb, table, clock=Clock(), on_event=events.append)
    # When it is stored
    cache.put("big", big, 600)
    # Then nothing is written (DynamoDB refuses items over 400 KB: the write would fail on every
    # request for this page), the skip is counted for the alarm, and a read is a miss
    assert events == ["CacheItemTooLarge"]
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"key": {"S": "big"}})
    assert cache.get("big") is None


def test_a_zero_ttl_is_not_written(dynamodb: Any, make_table: Callable[[str], str]) -> None:
    table = make_table("BriefCacheTable")
    cache = DynamoBriefCache(dynamodb, table, clock=Clock())
    cache.put("k", _brief(), 0)
    assert dynamodb.scan(TableName=table)["Count"] == 0


def test_a_throttled_read_is_retried_by_botocore_then_succeeds(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    # Given a stored Brief, and DynamoDB throttling the next read once
    table = make_table("BriefCacheTable")
    events: list[str] = []
    cache = DynamoBriefCache(proxied_dynamodb, table, clock=Clock(), on_event=events.append)
    cache.put("k", _brief(), 600)
    with throttle_proxy.throttling("GetItem", times=1):
        hit = cache.get("k")
    # Then botocore's retry got it on the second attempt
    assert hit is not None
    assert throttle_proxy.requests["GetItem"] == 2 and throttle_proxy.throttled["GetItem"] == 1
    assert events == []


def test_a_read_throttled_past_the_retries_is_a_miss_and_a_metric(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    table = make_table("BriefCacheTable")
    events: list[str] = []
    cache = DynamoBriefCache(proxied_dynamodb, table, clock=Clock(), on_event=events.append)
    cache.put("k", _brief(), 600)
    with throttle_proxy.throttling("GetItem"):
        assert cache.get("k") is None
    # Two attempts (the client's max_attempts), then a miss counted as a throttle
    assert throttle_proxy.throttled["GetItem"] == 2
    assert events == ["CacheReadThrottled"]


def test_a_write_throttled_past_the_retries_is_skipped_and_counted(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    table = make_table("BriefCacheTable")
    events: list[str] = []
    cache = DynamoBriefCache(proxied_dynamodb, table, clock=Clock(), on_event=events.append)
    with throttle_proxy.throttling("PutItem"):
        stored_at = cache.put("k", _brief(), 600)
    assert stored_at == "2027-01-15T08:00:00Z"
    assert events == ["CacheWriteThrottled"]
    assert cache.get("k") is None


def test_an_unreachable_dynamodb_is_a_miss_not_an_error(
    monkeypatch: Any, tmp_path: Any, unused_port: int
) -> None:
    # Given a client pointed at a closed loopback port, with short timeouts
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", f"http://127.0.0.1:{unused_port}")
    client = aws_client(
        "dynamodb",
        Settings(home=tmp_path, aws_region=REGION, aws_max_attempts=1, aws_connect_timeout_s=0.5),
    )
    events: list[str] = []
    cache = DynamoBriefCache(client, "parallax-cache", on_event=events.append)
    # When the pipeline reads and writes
    assert cache.get("k") is None
    cache.put("k", _brief(), 600)
    # Then neither raised, and both were counted
    assert events == ["CacheReadFailed", "CacheWriteFailed"]


def test_a_brief_of_a_clients_page_is_not_served_from_dynamodb_to_another_reader(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    # Given the pipeline on the DynamoDB cache (in the cloud one request would poison every
    # instance's readers: issue 15, item 1), and an attacker's made-up page for a real URL
    cache = DynamoBriefCache(dynamodb, make_table("BriefCacheTable"))

    def page_extractor(html: str, url: str) -> Article:
        return make_article(url).model_copy(update={"title": html})

    service = BriefService(
        fetcher=FakeFetcher(html="The council approved the budget"),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=page_extractor,
        cache_ttl_s=600,
    )
    url = "https://news.example/a"
    forged = service.brief(BriefRequest(url=url, html="Minister admits election was rigged"))
    # When a reader with the real page and one with the URL only ask
    reader = service.brief(BriefRequest(url=url, html="The council approved the budget"))
    url_only = service.brief(BriefRequest(url=url))
    # Then both are made from what they (or the server) read, under keys of their own
    assert reader.cache.hit is False and reader.article.title == "The council approved the budget"
    assert url_only.cache.hit is False
    assert url_only.article.title == "The council approved the budget"
    assert len({forged.cache.key, reader.cache.key, url_only.cache.key}) == 3
    # And each is shared with its own kind only
    assert service.brief(BriefRequest(url=url)).cache.hit is True
    again = service.brief(BriefRequest(url=url, html="Minister admits election was rigged"))
    assert again.cache.hit is True and again.cache.key == forged.cache.key
