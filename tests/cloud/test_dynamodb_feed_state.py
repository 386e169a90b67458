"""DynamoDB feed state against moto's server: the same FeedStateStore contract as the SQLite one,
plus the conditional write that keeps the outcome of the latest poll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from parallax.adapters.aws import dynamodb_feed_state
from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore
from parallax.adapters.feed_state import FeedState
from tests.cloud.template import properties
from tests.cloud.throttle_proxy import ThrottleProxy


def test_the_adapter_uses_the_key_of_the_template() -> None:
    props = properties("FeedStateTable")
    assert props["KeySchema"] == [
        {"AttributeName": dynamodb_feed_state.KEY_ATTRIBUTE, "KeyType": "HASH"}
    ]
    assert props["BillingMode"] == "PAY_PER_REQUEST"


def test_states_round_trip_with_absent_fields(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    store = DynamoFeedStateStore(dynamodb, make_table("FeedStateTable"))
    full = FeedState(
        url="https://a.example/feed",
        outlet_id="a",
        etag='"v1"',
        last_modified="Mon, 06 May 2024 09:00:00 GMT",
        last_status=200,
        last_error=None,
        consecutive_failures=0,
        next_attempt_at=None,
        last_attempt_at="2024-05-06T09:00:00Z",
        last_success_at="2024-05-06T09:00:00Z",
    )
    failing = FeedState(
        url="https://b.example/rss",
        outlet_id="b",
        last_status=503,
        last_error="fetch_failed: HTTP status 503",
        consecutive_failures=3,
        next_attempt_at="2024-05-06T11:00:00Z",
        last_attempt_at="2024-05-06T09:00:00Z",
    )
    store.put(full)
    store.put(failing)
    got = store.get_many([full.url, failing.url, "https://unknown.example/feed"])
    assert got == {full.url: full, failing.url: failing}
    assert store.list_all() == [full, failing]


def test_a_state_of_an_earlier_poll_does_not_overwrite_a_later_one(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    # Given two workers polling the same feed (SQS delivered the job twice)
    store = DynamoFeedStateStore(dynamodb, make_table("FeedStateTable"))
    url = "https://a.example/feed"
    later = FeedState(url=url, etag='"v2"', last_attempt_at="2024-05-06T09:00:05Z")
    earlier = FeedState(url=url, etag='"v1"', last_attempt_at="2024-05-06T09:00:01Z")
    # When the later poll's state is written first
    store.put(later)
    store.put(earlier)
    # Then the later one stays; a state of the same or a later attempt replaces it
    assert store.get_many([url])[url].etag == '"v2"'
    store.put(FeedState(url=url, etag='"v3"', last_attempt_at="2024-05-06T09:15:00Z"))
    assert store.get_many([url])[url].etag == '"v3"'


def test_many_feeds_are_read_in_batches_of_one_hundred(
    dynamodb: Any, make_table: Callable[[str], str]
) -> None:
    store = DynamoFeedStateStore(dynamodb, make_table("FeedStateTable"))
    urls = [f"https://feeds.example/{n}.xml" for n in range(230)]
    for n, url in enumerate(urls):
        store.put(FeedState(url=url, consecutive_failures=n % 3))
    got = store.get_many([*urls, *urls[:5]])
    assert len(got) == 230 and got[urls[7]].consecutive_failures == 1


def test_a_write_throttled_past_the_retries_raises_so_the_job_is_retried(
    proxied_dynamodb: Any, throttle_proxy: ThrottleProxy, make_table: Callable[[str], str]
) -> None:
    from botocore.exceptions import ClientError

    store = DynamoFeedStateStore(proxied_dynamodb, make_table("FeedStateTable"))
    with throttle_proxy.throttling("PutItem"), pytest.raises(ClientError) as caught:
        store.put(FeedState(url="https://a.example/feed", last_attempt_at="2024-05-06T09:00:00Z"))
    assert caught.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
